import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../sandbox/server';
import { runListSearch } from '../support/harness';
import { addPerson, credentialsOf, usedQ } from './fixtures';

let sandbox: Sandbox;
let last: { id: string };

beforeAll(async () => {
	sandbox = await startSandbox({ seed: 13, empty: true });
	for (let index = 1; index < 5000; index++) addPerson(sandbox, `person${String(index).padStart(4, '0')}@example.com`);
	last = addPerson(sandbox, 'zara.last@example.com', { firstName: 'Zara', lastName: 'Last' });
});

afterAll(async () => {
	await sandbox.close();
});

beforeEach(() => {
	sandbox.clearRequests();
});

function searchUsers(filter?: string, paginationToken?: string) {
	return runListSearch({ credentials: credentialsOf(sandbox), method: 'searchUsers', filter, paginationToken });
}

describe('user picker', () => {
	test('pages to the 5,000th user', async () => {
		const values: unknown[] = [];
		let token: string | undefined;
		do {
			const page = await searchUsers(undefined, token);
			values.push(...page.results.map((item) => item.value));
			token = page.paginationToken as string | undefined;
		} while (token !== undefined);

		expect(values).toHaveLength(5001);
		expect(new Set(values).size).toBe(5001);
		expect(values[5000]).toBe(last.id);
		expect(sandbox.requests).toHaveLength(26);
		expect(sandbox.requests[0].rawQuery).toBe('limit=200');
		expect(usedQ(sandbox)).toBe(false);
	});

	test('finds the 5,000th user by typed name', async () => {
		const page = await searchUsers('Zara La');

		expect(page.results).toEqual([{ name: 'Zara Last (zara.last@example.com)', value: last.id }]);
		expect(sandbox.requests).toHaveLength(1);
		expect(sandbox.requests[0].query.search).toBe(
			'profile.login sw "Zara La" or profile.email sw "Zara La" or profile.firstName sw "Zara La" or profile.lastName sw "Zara La" or (profile.firstName eq "Zara" and profile.lastName sw "La")',
		);
	});

	test('pages a typed search with its token', async () => {
		const values: unknown[] = [];
		let token: string | undefined;
		do {
			const page = await searchUsers('person1', token);
			values.push(...page.results.map((item) => item.value));
			token = page.paginationToken as string | undefined;
		} while (token !== undefined);

		expect(values).toHaveLength(1000);
		expect(new Set(values).size).toBe(1000);
		expect(sandbox.requests).toHaveLength(5);
		expect(sandbox.requests.every((request) => request.query.search === sandbox.requests[0].query.search)).toBe(true);
		expect(usedQ(sandbox)).toBe(false);
	});

	test('marks users who are not active', async () => {
		const kim = addPerson(sandbox, 'kim.diaz@example.com', { firstName: 'Kim', lastName: 'Diaz' }, { status: 'DEPROVISIONED' });

		const page = await searchUsers('kim.diaz');

		expect(page.results).toEqual([{ name: 'Kim Diaz (kim.diaz@example.com) - DEPROVISIONED', value: kim.id }]);
	});

	test('names a user without a profile by ID', async () => {
		sandbox.script({ method: 'GET', path: '/api/v1/users', body: [{ id: '00usparse0000000000a' }] });

		const page = await searchUsers();

		expect(page.results).toEqual([{ name: '00usparse0000000000a', value: '00usparse0000000000a' }]);
	});
});
