import { OpenApiContract } from './openapi';
import { specPath } from './spec-env';

const describeWithSpec = specPath ? describe : describe.skip;

describeWithSpec('contract checker', () => {
	let contract: OpenApiContract;

	beforeAll(() => {
		contract = new OpenApiContract(specPath ?? '');
	});

	const user = {
		id: '00u1abcdefghijklmnop',
		status: 'ACTIVE',
		created: '2025-03-03T10:00:00.000Z',
		lastUpdated: '2025-03-03T10:00:00.000Z',
		profile: { login: 'jane.roe@example.com', email: 'jane.roe@example.com', firstName: 'Jane', lastName: 'Roe' },
	};
	const exchange = {
		method: 'GET',
		path: '/api/v1/users/00u1abcdefghijklmnop',
		rawQuery: '',
		headers: {},
		body: undefined,
		status: 200,
		responseBody: user,
		fault: false,
	};

	test('accepts a conforming user', () => {
		expect(contract.check(exchange, { checkRequest: true })).toEqual({ operation: 'GET /api/v1/users/{id}', problems: [] });
	});

	test('reports a wrongly typed field', () => {
		const result = contract.check({ ...exchange, responseBody: { ...user, status: 42 } }, { checkRequest: true });

		expect(result.problems.map((problem) => problem.where)).toContain('response 200 /status');
	});

	test('reports an unknown query parameter', () => {
		const result = contract.check({ ...exchange, rawQuery: 'colour=blue' }, { checkRequest: true });

		expect(result.problems).toEqual([{ where: 'query colour', message: 'is not a parameter of this operation' }]);
	});

	test('reports an undeclared status', () => {
		const result = contract.check({ ...exchange, status: 418, responseBody: {} }, { checkRequest: true });

		expect(result.problems[0].message).toBe('status is not declared for this operation');
	});

	test('reports a path the document lacks', () => {
		expect(contract.check({ ...exchange, path: '/api/v1/nothing' }, { checkRequest: true }).problems).toHaveLength(1);
	});
});
