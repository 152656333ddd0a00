import { runContract } from './contract-run';

const result = runContract();

if (result.skipped !== undefined) {
	test.skip(`contract check skipped: ${result.skipped}`, () => {});
} else {
	test('every recorded exchange was checked', () => {
		expect(result.exchanges).toBeGreaterThan(0);
		expect(result.requestsChecked).toBeGreaterThan(0);
	});

	test('no request of the nodes deletes a user', () => {
		expect(result.userDeletes).toEqual([]);
	});

	describe.each(Object.entries(result.operations))('%s', (_operation, entry) => {
		test('conforms to the OpenAPI document', () => {
			expect(entry.problems).toEqual([]);
		});
	});
}
