import { choosePlan } from '../../nodes/OktaLifecycle/helpers/include-groups';
import type { OktaGroup } from '../../nodes/OktaLifecycle/helpers/okta-types';
import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../sandbox/server';
import { runNode } from '../support/harness';
import { addPerson, credentialsOf } from './fixtures';

let sandbox: Sandbox;

beforeEach(async () => {
	sandbox = await startSandbox({ seed: 11, empty: true });
});

afterEach(async () => {
	await sandbox.close();
});

const USER_GROUPS = /^\/api\/v1\/users\/[^/]+\/groups$/;
const GROUP_MEMBERS = /^\/api\/v1\/groups\/[^/]+\/users$/;

function listWithGroups(parameters: Record<string, unknown> = {}) {
	return runNode({
		credentials: credentialsOf(sandbox),
		parameters: { resource: 'user', operation: 'getMany', returnAll: true, options: { includeGroups: true }, ...parameters },
	});
}

/** Returns a user's groups as the org records them, in the org's group order. */
function expectedGroups(userId: string) {
	return sandbox.org.groupsOfUser(userId).map((group) => ({ id: group.id, name: group.profile.name, type: group.type }));
}

function group(id: string, usersCount?: number): OktaGroup {
	const embedded = usersCount === undefined ? {} : { _embedded: { stats: { usersCount } } };
	return { id, type: 'OKTA_GROUP', profile: { name: id }, ...embedded };
}

describe('include groups plan choice', () => {
	test('estimates member pages from stats', () => {
		const choice = choosePlan(10, [group('a', 25000), group('b', 0), group('c', 10000)]);

		expect(choice).toEqual({ plan: 'groupSide', perUserRequests: 10, groupSideRequests: 5 });
	});

	test('assumes one page without stats', () => {
		const choice = choosePlan(3, [group('a'), group('b'), group('c')]);

		expect(choice).toEqual({ plan: 'perUser', perUserRequests: 3, groupSideRequests: 3 });
	});

	test('chooses the group side when cheaper', () => {
		expect(choosePlan(4, [group('a'), group('b'), group('c')]).plan).toBe('groupSide');
	});
});

describe('include groups against the org', () => {
	test('reads group members for many users and few groups', async () => {
		const everyone = sandbox.org.addGroup({ name: 'Everyone', type: 'BUILT_IN' });
		const engineering = sandbox.org.addGroup({ name: 'Engineering' });
		const sales = sandbox.org.addGroup({ name: 'Sales' });
		for (let index = 0; index < 1200; index++) {
			const user = addPerson(sandbox, `user${String(index).padStart(4, '0')}@example.com`, {}, { status: index % 50 === 0 ? 'DEPROVISIONED' : 'ACTIVE' });
			sandbox.org.addMember(index % 2 === 0 ? engineering.id : sales.id, user.id, { silent: true });
		}

		const result = await listWithGroups({ filters: { status: 'all' } });

		expect(result.error).toBeUndefined();
		expect(result.json).toHaveLength(1201);
		for (const user of result.json) expect(user.groups).toEqual(expectedGroups(String(user.id)));
		expect(result.json[1].groups).toEqual([
			{ id: everyone.id, name: 'Everyone', type: 'BUILT_IN' },
			{ id: engineering.id, name: 'Engineering', type: 'OKTA_GROUP' },
		]);

		// 7 pages of users, the group list, then 1 page of members for each of the 3 groups.
		expect(sandbox.requestsTo('GET', '/api/v1/users')).toHaveLength(7);
		expect(sandbox.requestsTo('GET', '/api/v1/groups')).toHaveLength(1);
		expect(sandbox.requestsTo('GET', '/api/v1/groups')[0].rawQuery).toBe('limit=10000&expand=stats');
		expect(sandbox.requestsTo('GET', GROUP_MEMBERS)).toHaveLength(3);
		expect(sandbox.requestsTo('GET', `/api/v1/groups/${everyone.id}/users`)).toHaveLength(1);
		expect(sandbox.requestsTo('GET', GROUP_MEMBERS).map((request) => request.rawQuery)).toEqual(['limit=10000', 'limit=10000', 'limit=10000']);
		expect(sandbox.requestsTo('GET', USER_GROUPS)).toHaveLength(0);
		expect(sandbox.requests).toHaveLength(11);
	});

	test('falls back to smaller member pages when Okta rejects large ones', async () => {
		const everyone = sandbox.org.addGroup({ name: 'Everyone', type: 'BUILT_IN' });
		for (let index = 0; index < 1200; index++) addPerson(sandbox, `user${String(index).padStart(4, '0')}@example.com`);
		sandbox.script({ method: 'GET', path: /\/users\?limit=10000$/, status: 400, body: { errorCode: 'E0000001', errorSummary: 'Api validation failed: limit', errorCauses: [] } });

		const result = await listWithGroups({});

		expect(result.error).toBeUndefined();
		expect(result.json).toHaveLength(1201);
		for (const user of result.json) expect(user.groups).toEqual(expectedGroups(String(user.id)));
		const memberPages = sandbox.requestsTo('GET', `/api/v1/groups/${everyone.id}/users`);
		expect(memberPages.map((request) => `${request.status} limit=${request.query.limit}`)).toEqual(['400 limit=10000', '200 limit=1000', '200 limit=1000']);
	});

	test('reads per user for few users and many groups', async () => {
		const groups = Array.from({ length: 60 }, (_, index) => sandbox.org.addGroup({ name: `Project ${index}` }));
		const users = Array.from({ length: 30 }, (_, index) => addPerson(sandbox, `member${index}@example.com`));
		users.forEach((user, index) => {
			for (const candidate of groups.slice(index, index + 5)) sandbox.org.addMember(candidate.id, user.id, { silent: true });
		});

		const result = await listWithGroups({ filters: { matchField: 'login', matchType: 'sw', matchValue: 'member' } });

		expect(result.error).toBeUndefined();
		expect(result.json).toHaveLength(30);
		for (const user of result.json) expect(user.groups).toEqual(expectedGroups(String(user.id)));
		expect((result.json[0].groups as unknown[]).length).toBe(5);

		// 1 page of users, the group list, then 1 request per user.
		expect(sandbox.requestsTo('GET', '/api/v1/users')).toHaveLength(1);
		expect(sandbox.requestsTo('GET', '/api/v1/groups')).toHaveLength(1);
		expect(sandbox.requestsTo('GET', USER_GROUPS)).toHaveLength(30);
		expect(sandbox.requestsTo('GET', GROUP_MEMBERS)).toHaveLength(0);
		expect(sandbox.requests).toHaveLength(32);
		expect(Math.max(...sandbox.requests.map((request) => request.inFlight))).toBeLessThanOrEqual(4);
	});

	test('gives users in no group an empty list', async () => {
		sandbox.org.addGroup({ name: 'Engineering' });
		for (let index = 0; index < 5; index++) addPerson(sandbox, `loner${index}@example.com`);

		const result = await listWithGroups();

		expect(result.json).toHaveLength(6);
		expect(result.json.map((user) => user.groups)).toEqual([[], [], [], [], [], []]);
		expect(sandbox.requestsTo('GET', GROUP_MEMBERS)).toHaveLength(1);
	});

	test('reads every page of a paged user group list', async () => {
		const groups = Array.from({ length: 237 }, (_, index) => sandbox.org.addGroup({ name: `Team ${index}` }));
		const jane = addPerson(sandbox, 'jane.roe@example.com');
		const sam = addPerson(sandbox, 'sam+qa@example.com');
		for (const candidate of groups) sandbox.org.addMember(candidate.id, jane.id, { silent: true });
		sandbox.org.addMember(groups[0].id, sam.id, { silent: true });
		sandbox.configure({ faults: { pageUnpagedLists: 200 } });

		const result = await listWithGroups({ filters: { matchField: 'email', matchValue: 'jane.roe@example.com' } });

		expect(result.json).toHaveLength(1);
		expect(result.json[0].groups).toHaveLength(237);
		expect(sandbox.requestsTo('GET', `/api/v1/users/${jane.id}/groups`)).toHaveLength(2);
	});
});

describe('manager email in lists', () => {
	test('batches employee number searches and ID reads', async () => {
		const managers = Array.from({ length: 45 }, (_, index) => addPerson(sandbox, `lead${index}@example.com`, { employeeNumber: `E${index}` }));
		const directors = Array.from({ length: 3 }, (_, index) => addPerson(sandbox, `director${index}@example.com`));
		managers.forEach((_, index) => addPerson(sandbox, `report${index}@example.com`, { managerId: `E${index}` }));
		directors.forEach((director, index) => addPerson(sandbox, `report-d${index}@example.com`, { managerId: director.id }));
		addPerson(sandbox, 'report-x@example.com', { managerId: 'E-UNKNOWN' });

		const result = await listWithGroups({
			options: { resolveManagerEmail: true },
			filters: { matchField: 'login', matchType: 'sw', matchValue: 'report' },
		});

		expect(result.error).toBeUndefined();
		expect(result.json).toHaveLength(49);
		expect(result.json.slice(0, 45).map((user) => user.managerEmail)).toEqual(managers.map((manager) => manager.profile.email));
		expect(result.json.slice(45, 48).map((user) => user.managerEmail)).toEqual(directors.map((director) => director.profile.email));
		expect(result.json[48].managerEmail).toBeNull();

		// 46 employee numbers in 3 searches of at most 20, and one read per manager ID.
		const searches = sandbox.requestsTo('GET', '/api/v1/users').slice(1);
		expect(searches).toHaveLength(3);
		expect(searches.map((request) => request.query.search.split(' or ').length)).toEqual([20, 20, 6]);
		expect(sandbox.requestsTo('GET', /^\/api\/v1\/users\/00u[^/]+$/)).toHaveLength(3);
		expect(sandbox.requests).toHaveLength(7);
	});

	test('reads no listed manager again', async () => {
		const boss = addPerson(sandbox, 'team.boss@example.com');
		addPerson(sandbox, 'team.jane@example.com', { managerId: boss.id });

		const result = await listWithGroups({
			options: { resolveManagerEmail: true },
			filters: { matchField: 'login', matchType: 'sw', matchValue: 'team.' },
		});

		expect(result.json.map((user) => user.managerEmail)).toEqual([null, 'team.boss@example.com']);
		expect(sandbox.requests).toHaveLength(1);
	});

	test('gives null for an employee number two users share', async () => {
		addPerson(sandbox, 'lead.a@example.com', { employeeNumber: 'E1' });
		addPerson(sandbox, 'lead.b@example.com', { employeeNumber: 'E1' });
		addPerson(sandbox, 'report@example.com', { managerId: 'E1' });

		const result = await listWithGroups({
			options: { resolveManagerEmail: true },
			filters: { matchField: 'login', matchValue: 'report@example.com' },
		});

		expect(result.json[0].managerEmail).toBeNull();
	});
});
