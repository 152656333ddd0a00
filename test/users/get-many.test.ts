import type { INode } from 'n8n-workflow';

import { buildUserSearch } from '../../nodes/OktaLifecycle/helpers/user-search';
import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../sandbox/server';
import { runNode } from '../support/harness';
import { addPerson, credentialsOf, usedQ } from './fixtures';

let sandbox: Sandbox;

beforeEach(async () => {
	sandbox = await startSandbox({ seed: 5, empty: true });
});

afterEach(async () => {
	await sandbox.close();
});

const SEVEN_STATUSES =
	'status eq "STAGED" or status eq "PROVISIONED" or status eq "ACTIVE" or status eq "RECOVERY" or status eq "LOCKED_OUT" or status eq "PASSWORD_EXPIRED" or status eq "SUSPENDED"';
const ALL_STATUSES = `${SEVEN_STATUSES} or status eq "DEPROVISIONED"`;

function getMany(parameters: Record<string, unknown>, continueOnFail = false) {
	return runNode({
		credentials: credentialsOf(sandbox),
		parameters: { resource: 'user', operation: 'getMany', returnAll: true, ...parameters },
		continueOnFail,
	});
}

/** Jane (ACTIVE, Sales), Sam (SUSPENDED, Sales) and Kim (DEPROVISIONED, Sales). */
function addStaff() {
	return {
		jane: addPerson(sandbox, 'jane.roe@example.com', { firstName: 'Jane', lastName: 'Roe', department: 'Sales' }),
		sam: addPerson(sandbox, 'sam+qa@example.com', { firstName: 'Sam', lastName: 'Lee', department: 'Sales' }, { status: 'SUSPENDED' }),
		kim: addPerson(sandbox, 'kim.diaz@example.com', { firstName: 'Kim', lastName: 'Diaz', department: 'Sales' }, { status: 'DEPROVISIONED' }),
	};
}

function ids(json: Array<Record<string, unknown>>): unknown[] {
	return json.map((user) => user.id);
}

describe('user get many filters', () => {
	test('uses the plain listing without filters', async () => {
		const { jane, sam } = addStaff();

		const result = await getMany({});

		expect(result.error).toBeUndefined();
		expect(sandbox.requests).toHaveLength(1);
		expect(sandbox.requests[0].path).toBe('/api/v1/users');
		expect(sandbox.requests[0].rawQuery).toBe('limit=200');
		expect(ids(result.json)).toEqual([sandbox.org.adminId, jane.id, sam.id]);
	});

	test('all statuses include deactivated users', async () => {
		const { jane, sam, kim } = addStaff();

		const result = await getMany({ filters: { status: 'all' } });

		expect(sandbox.requests[0].query.search).toBe(ALL_STATUSES);
		expect(ids(result.json)).toEqual([sandbox.org.adminId, jane.id, sam.id, kim.id]);
	});

	test('default status excludes deactivated users under filters', async () => {
		const { jane, sam } = addStaff();

		const result = await getMany({ filters: { matchField: 'department', matchValue: 'Sales' } });

		expect(sandbox.requests[0].query.search).toBe(`(${SEVEN_STATUSES}) and (profile.department eq "Sales")`);
		expect(ids(result.json)).toEqual([jane.id, sam.id]);
	});

	test('filters by one status', async () => {
		const { sam } = addStaff();

		const result = await getMany({ filters: { status: 'SUSPENDED' } });

		expect(sandbox.requests[0].query.search).toBe('status eq "SUSPENDED"');
		expect(ids(result.json)).toEqual([sam.id]);
	});

	test('finds deactivated users by status', async () => {
		const { kim } = addStaff();

		const result = await getMany({ filters: { status: 'DEPROVISIONED', matchField: 'email', matchType: 'sw', matchValue: 'kim' } });

		expect(sandbox.requests[0].query.search).toBe('(status eq "DEPROVISIONED") and (profile.email sw "kim")');
		expect(ids(result.json)).toEqual([kim.id]);
	});

	test.each([
		['sam+qa@example.com', 'sam%2Bqa%40example.com'],
		['r&d=ops@example.com', 'r%26d%3Dops%40example.com'],
		['100%sure@example.com', '100%25sure%40example.com'],
		// n8n's HTTP layer percent-encodes the apostrophe in the query, as WHATWG URLs do.
		["o'neil@example.com", 'o%27neil%40example.com'],
		['say"hi"@example.com', 'say%5C%22hi%5C%22%40example.com'],
		['zoë@example.com', 'zo%C3%AB%40example.com'],
	])('matches login %s through search', async (login, encoded) => {
		const user = addPerson(sandbox, login);
		addPerson(sandbox, login.replace(/[+&=%'"ë]/g, '-'));

		const result = await getMany({ filters: { status: 'all', matchField: 'login', matchValue: login } });

		expect(result.error).toBeUndefined();
		expect(ids(result.json)).toEqual([user.id]);
		expect(sandbox.requests[0].rawQuery).toContain(`%20eq%20%22${encoded}%22`);
		expect(sandbox.requests[0].rawQuery).not.toContain('+');
	});

	test('sends Last Updated Since in UTC', async () => {
		const old = addPerson(sandbox, 'old@example.com', {}, { lastUpdated: '2025-03-03T09:59:59.999Z' });
		const recent = addPerson(sandbox, 'recent@example.com', {}, { lastUpdated: '2025-03-03T10:00:00.000Z' });

		const result = await getMany({ filters: { lastUpdatedSince: '2025-03-03T11:00:00+01:00' } });

		expect(sandbox.requests[0].query.search).toBe(`(${SEVEN_STATUSES}) and (lastUpdated ge "2025-03-03T10:00:00.000Z")`);
		// The sandbox's admin was created now, so it is updated after the cut-off too.
		expect(ids(result.json)).toEqual([sandbox.org.adminId, recent.id]);
		expect(ids(result.json)).not.toContain(old.id);
	});

	test('rejects an invalid Last Updated Since', async () => {
		const result = await getMany({ filters: { lastUpdatedSince: 'yesterday' } });

		expect(result.error?.message).toBe('Last Updated Since is not a valid date: "yesterday"');
		expect(sandbox.requests).toHaveLength(0);
	});

	test('sends a raw search expression encoded once', async () => {
		const { jane } = addStaff();

		const result = await getMany({ filters: { status: 'ACTIVE', searchExpression: ' profile.lastName eq "Roe" ' } });

		const expression = '(status eq "ACTIVE") and (profile.lastName eq "Roe")';
		expect(sandbox.requests[0].rawQuery).toBe(`search=${encodeURIComponent(expression)}&limit=200`);
		expect(sandbox.requests[0].rawQuery).not.toContain('%25');
		expect(ids(result.json)).toEqual([jane.id]);
	});

	test.each([
		['joined with plus signs', 'profile.lastName+eq+"Roe"', 'Search Expression uses + between terms'],
		['already URL-encoded', 'status%20eq%20%22ACTIVE%22', 'Search Expression looks URL-encoded'],
	])('rejects a search expression %s', async (_case, expression, message) => {
		const result = await getMany({ filters: { searchExpression: expression } });

		expect(result.error?.message).toBe(message);
		expect(sandbox.requests).toHaveLength(0);
	});

	test.each([
		['Match Value', { matchField: 'email', matchValue: '  ' }],
		['Match Value', { matchType: 'sw' }],
		['Search Expression', { searchExpression: '' }],
	])('rejects an empty %s', async (field, filters) => {
		const result = await getMany({ filters });

		expect(result.error?.message).toBe(`${field} is empty`);
		expect(sandbox.requests).toHaveLength(0);
	});

	test('rejects a Limit below one', async () => {
		const result = await getMany({ returnAll: false, limit: 0 });

		expect(result.error?.message).toBe('Limit must be a whole number of 1 or more, not 0');
		expect(sandbox.requests).toHaveLength(0);
	});

	test('reports an Okta search error with the expression', async () => {
		const result = await getMany({ filters: { searchExpression: 'profile.department ne "Sales"' } }, true);

		expect(result.json).toHaveLength(1);
		expect(result.json[0].errorCode).toBe('E0000031');
		expect(result.json[0].search).toBe(`(${SEVEN_STATUSES}) and (profile.department ne "Sales")`);
	});
});

describe('user get many paging', () => {
	beforeEach(() => {
		for (let index = 0; index < 449; index++) addPerson(sandbox, `user${String(index).padStart(3, '0')}@example.com`);
	});

	test('reads every page with Return All', async () => {
		const result = await getMany({});

		expect(result.json).toHaveLength(450);
		expect(new Set(ids(result.json)).size).toBe(450);
		expect(sandbox.requests).toHaveLength(3);
		expect(sandbox.requests.every((request) => request.query.limit === '200')).toBe(true);
		expect(usedQ(sandbox)).toBe(false);
	});

	test('stops reading at Limit', async () => {
		const result = await getMany({ returnAll: false, limit: 201 });

		expect(result.json).toHaveLength(201);
		expect(sandbox.requests).toHaveLength(2);
	});

	test('reads one page for a small Limit', async () => {
		const result = await getMany({ returnAll: false, limit: 5 });

		expect(result.json).toHaveLength(5);
		expect(sandbox.requests).toHaveLength(1);
	});

	test('pages a search to its end', async () => {
		const result = await getMany({ filters: { matchField: 'login', matchType: 'sw', matchValue: 'user' } });

		expect(result.json).toHaveLength(449);
		expect(sandbox.requests).toHaveLength(3);
		expect(sandbox.requests.every((request) => request.query.search === sandbox.requests[0].query.search)).toBe(true);
		expect(usedQ(sandbox)).toBe(false);
	});

	test('fails rather than return a cut list at Max Pages', async () => {
		const result = await getMany({ options: { maxPages: 2 } });

		expect(result.error?.message).toMatch(/^Stopped after 2 pages \(400 items\) of GET \/api\/v1\/users/);
		expect(result.json).toEqual([]);
	});
});

describe('user get many data shape', () => {
	test('gives null for fields Okta left out', async () => {
		sandbox.script({
			method: 'GET',
			path: '/api/v1/users',
			body: [
				{ id: '00usparse0000000000a', status: 'ACTIVE', profile: { login: 'a@example.com', department: null } },
				{ id: '00usparse0000000000b', profile: {} },
				{ id: '00usparse0000000000c' },
			],
		});

		const result = await getMany({ options: { customAttributes: 'startDate', resolveManagerEmail: true } });

		expect(result.error).toBeUndefined();
		expect(result.json.map((user) => user.login)).toEqual(['a@example.com', null, null]);
		expect(result.json.map((user) => user.status)).toEqual(['ACTIVE', null, null]);
		expect(result.json.map((user) => user.department)).toEqual([null, null, null]);
		expect(result.json.map((user) => user.startDate)).toEqual([null, null, null]);
		expect(result.json.map((user) => user.managerEmail)).toEqual([null, null, null]);
	});
});

describe('user search dates', () => {
	const node = { name: 'Okta', type: 'n8n-nodes-okta-lifecycle.oktaLifecycle' } as INode;

	test.each([
		['2025-03-03T04:00:00', 'America/Chicago'],
		['2025-03-03T15:30:00', 'Asia/Kolkata'],
		['2025-03-03T10:00:00Z', 'Asia/Kolkata'],
		['2025-03-03 11:00:00', 'Europe/Berlin'],
	])('reads %s in %s as the same instant', (value, timezone) => {
		const search = buildUserSearch({ status: 'all', lastUpdatedSince: value }, { node, itemIndex: 0, timezone });

		expect(search).toMatch(/\(lastUpdated ge "2025-03-03T10:00:00\.000Z"\)$/);
	});

	test('accepts a JavaScript date', () => {
		const search = buildUserSearch({ lastUpdatedSince: new Date(Date.UTC(2025, 2, 3, 10)) }, { node, itemIndex: 0, timezone: 'UTC' });

		expect(search).toMatch(/\(lastUpdated ge "2025-03-03T10:00:00\.000Z"\)$/);
	});
});
