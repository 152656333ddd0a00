import type { INodeParameterResourceLocator } from 'n8n-workflow';

import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../sandbox/server';
import { runNode } from '../support/harness';
import { addPerson, credentialsOf, userKey } from './fixtures';

let sandbox: Sandbox;

beforeEach(async () => {
	sandbox = await startSandbox({ seed: 3, empty: true });
});

afterEach(async () => {
	await sandbox.close();
});

function getUser(user: INodeParameterResourceLocator, extra: Record<string, unknown> = {}, continueOnFail = false) {
	return runNode({
		credentials: credentialsOf(sandbox),
		parameters: { resource: 'user', operation: 'get', user, ...extra },
		continueOnFail,
	});
}

describe('user get', () => {
	test('gets a user by ID', async () => {
		const jane = addPerson(sandbox, 'jane.roe@example.com', { firstName: 'Jane', lastName: 'Roe', department: 'Sales', title: 'Analyst' });

		const result = await getUser(userKey('id', jane.id));

		expect(result.error).toBeUndefined();
		expect(sandbox.requests.map((request) => `${request.method} ${request.path}`)).toEqual([`GET /api/v1/users/${jane.id}`]);
		expect(result.json).toEqual([
			{
				id: jane.id,
				status: 'ACTIVE',
				transitioningToStatus: null,
				login: 'jane.roe@example.com',
				email: 'jane.roe@example.com',
				firstName: 'Jane',
				lastName: 'Roe',
				title: 'Analyst',
				userType: null,
				employeeNumber: null,
				costCenter: null,
				department: 'Sales',
				manager: null,
				managerId: null,
				created: jane.created,
				activated: jane.activated,
				statusChanged: jane.statusChanged,
				lastLogin: null,
				lastUpdated: jane.lastUpdated,
				passwordChanged: jane.passwordChanged,
			},
		]);
	});

	test('gets a user picked from the list', async () => {
		const jane = addPerson(sandbox, 'jane.roe@example.com');

		const result = await getUser(userKey('list', jane.id));

		expect(result.json[0].id).toBe(jane.id);
		expect(sandbox.requests).toHaveLength(1);
	});

	test('gets a deactivated user by ID', async () => {
		const kim = addPerson(sandbox, 'kim.diaz@example.com', { firstName: 'Kim', lastName: 'Diaz' }, { status: 'DEPROVISIONED' });

		const result = await getUser(userKey('id', kim.id));

		expect(result.error).toBeUndefined();
		expect(result.json[0].id).toBe(kim.id);
		expect(result.json[0].status).toBe('DEPROVISIONED');
	});

	test.each([
		['sam+qa@example.com', '/api/v1/users/sam%2Bqa%40example.com'],
		['pat#ops@example.com', '/api/v1/users/pat%23ops%40example.com'],
		['100%sure@example.com', '/api/v1/users/100%25sure%40example.com'],
		['r&d@example.com', '/api/v1/users/r%26d%40example.com'],
		["o'neil@example.com", "/api/v1/users/o'neil%40example.com"],
		['"quoted"@example.com', '/api/v1/users/%22quoted%22%40example.com'],
		['zoë@example.com', '/api/v1/users/zo%C3%AB%40example.com'],
		['łukasz.żak@example.com', '/api/v1/users/%C5%82ukasz.%C5%BCak%40example.com'],
	])('gets login %s by its encoded path', async (login, path) => {
		const user = addPerson(sandbox, login);
		// A decoy whose login is the text before the first special character, which a cut-off path would reach.
		addPerson(sandbox, `${login.split(/[+#%&'"]/)[0] || 'decoy'}@decoy.example.com`);

		const result = await getUser(userKey('login', login));

		expect(result.error).toBeUndefined();
		expect(sandbox.requests.map((request) => request.path)).toEqual([path]);
		expect(result.json[0].id).toBe(user.id);
		expect(result.json[0].login).toBe(login);
	});

	test('finds a login with a slash by exact search', async () => {
		const devops = addPerson(sandbox, 'dev/ops@example.com');
		addPerson(sandbox, 'dev@example.com');

		const result = await getUser(userKey('login', 'dev/ops@example.com'));

		expect(result.error).toBeUndefined();
		expect(result.json[0].id).toBe(devops.id);
		expect(sandbox.requests).toHaveLength(1);
		expect(sandbox.requests[0].path).toBe('/api/v1/users');
		expect(sandbox.requests[0].rawQuery).toBe('search=profile.login%20eq%20%22dev%2Fops%40example.com%22&limit=200');
	});

	test.each([['.'], ['..'], [''], ['   ']])('rejects identifier "%s" before any request', async (value) => {
		// Through an expression, since n8n itself stops a run whose required field is typed empty.
		const result = await runNode({
			credentials: credentialsOf(sandbox),
			parameters: { resource: 'user', operation: 'get', user: userKey('login', '={{ $json.key }}') },
			input: [{ key: value }],
		});

		expect(result.error?.message).toMatch(/^User (is empty|"\.{1,2}" is not a valid identifier)$/);
		expect(sandbox.requests).toHaveLength(0);
	});

	test('rejects a trailing slash without guessing a user', async () => {
		addPerson(sandbox, 'jane.roe@example.com');

		const result = await getUser(userKey('login', 'jane.roe@example.com/'));

		expect(result.error?.message).toBe('No Okta user has the login "jane.roe@example.com/"');
		expect(sandbox.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /api/v1/users']);
	});

	test('fails when a single read returns a list', async () => {
		const jane = addPerson(sandbox, 'jane.roe@example.com');
		sandbox.script({ method: 'GET', path: `/api/v1/users/${jane.id}`, body: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] });

		const result = await getUser(userKey('id', jane.id));

		expect(result.error?.message).toBe(`Okta returned a list instead of the user "${jane.id}"; nothing was changed`);
		expect(result.json).toEqual([]);
	});

	test('reports a missing user by its key', async () => {
		const result = await getUser(userKey('login', 'nobody@example.com'), {}, true);

		expect(result.json).toHaveLength(1);
		expect(result.json[0].error).toBe('No Okta user has the ID or login "nobody@example.com"');
		expect(result.json[0].user).toBe('nobody@example.com');
		expect(result.json[0].httpCode).toBe(404);
		expect(result.json[0].errorCode).toBe('E0000007');
	});

	test('gives null for fields Okta left out', async () => {
		const id = '00usparse0000000000a';
		sandbox.script({
			method: 'GET',
			path: `/api/v1/users/${id}`,
			body: { id, status: 'ACTIVE', profile: { login: 'sparse@example.com', email: null, department: null } },
		});

		const result = await getUser(userKey('id', id), { options: { customAttributes: 'startDate' } });

		expect(result.error).toBeUndefined();
		expect(result.json[0].login).toBe('sparse@example.com');
		expect(result.json[0].email).toBeNull();
		expect(result.json[0].firstName).toBeNull();
		expect(result.json[0].department).toBeNull();
		expect(result.json[0].managerId).toBeNull();
		expect(result.json[0].created).toBeNull();
		expect(result.json[0].lastLogin).toBeNull();
		expect(result.json[0].transitioningToStatus).toBeNull();
		expect(result.json[0].startDate).toBeNull();
	});

	test('gives null for a user without a profile', async () => {
		const id = '00usparse0000000000b';
		sandbox.script(
			{ method: 'GET', path: `/api/v1/users/${id}`, body: { id } },
			{ method: 'GET', path: `/api/v1/users/${id}/groups`, body: [{ id: '00gnoprofile00000000' }, { type: 'OKTA_GROUP' }] },
		);

		const result = await getUser(userKey('id', id), { options: { includeGroups: true, resolveManagerEmail: true } });

		expect(result.error).toBeUndefined();
		expect(result.json[0].status).toBeNull();
		expect(result.json[0].login).toBeNull();
		expect(result.json[0].groups).toEqual([{ id: '00gnoprofile00000000', name: null, type: null }]);
		expect(result.json[0].managerEmail).toBeNull();
	});

	test('links each output to its input item', async () => {
		const jane = addPerson(sandbox, 'jane.roe@example.com');
		const sam = addPerson(sandbox, 'sam+qa@example.com');

		const result = await runNode({
			credentials: credentialsOf(sandbox),
			parameters: { resource: 'user', operation: 'get', user: userKey('login', '={{ $json.login }}') },
			input: [{ login: 'sam+qa@example.com' }, { login: 'missing@example.com' }, { login: 'jane.roe@example.com' }],
			continueOnFail: true,
		});

		expect(result.json.map((json) => json.id ?? json.user)).toEqual([sam.id, 'missing@example.com', jane.id]);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});
});

describe('user get options', () => {
	test('adds custom attributes and null for missing ones', async () => {
		const jane = addPerson(sandbox, 'jane.roe@example.com', { startDate: '2024-02-01', badgeId: 42 });

		const result = await getUser(userKey('id', jane.id), { options: { customAttributes: 'startDate, profile.badgeId,costCentre2' } });

		expect(result.json[0].startDate).toBe('2024-02-01');
		expect(result.json[0].badgeId).toBe(42);
		expect(result.json[0].costCentre2).toBeNull();
	});

	test('rejects a custom attribute named like an output field', async () => {
		const jane = addPerson(sandbox, 'jane.roe@example.com');

		const result = await getUser(userKey('id', jane.id), { options: { customAttributes: 'startDate, status' } });

		expect(result.error?.message).toBe('Custom Attributes cannot include "status"');
		expect(sandbox.requests).toHaveLength(0);
	});

	test('rejects Max Pages below one', async () => {
		const jane = addPerson(sandbox, 'jane.roe@example.com');

		const result = await getUser(userKey('id', jane.id), { options: { maxPages: 0 } });

		expect(result.error?.message).toBe('Max Pages must be a whole number of 1 or more, not 0');
		expect(sandbox.requests).toHaveLength(0);
	});

	test('includes every page of groups', async () => {
		const jane = addPerson(sandbox, 'jane.roe@example.com');
		const groups = Array.from({ length: 237 }, (_, index) => sandbox.org.addGroup({ name: `Team ${String(index).padStart(3, '0')}` }));
		for (const group of groups) sandbox.org.addMember(group.id, jane.id, { silent: true });
		sandbox.configure({ faults: { pageUnpagedLists: 200 } });

		const result = await getUser(userKey('id', jane.id), { options: { includeGroups: true } });

		expect(result.error).toBeUndefined();
		expect(result.json[0].groups).toHaveLength(237);
		expect(new Set((result.json[0].groups as Array<{ id: string }>).map((group) => group.id)).size).toBe(237);
		expect((result.json[0].groups as unknown[])[236]).toEqual({ id: groups[236].id, name: 'Team 236', type: 'OKTA_GROUP' });
		expect(sandbox.requestsTo('GET', `/api/v1/users/${jane.id}/groups`)).toHaveLength(2);
		expect(sandbox.requestsTo('GET', '/api/v1/groups')).toHaveLength(0);
	});

	test('resolves a manager by Okta ID', async () => {
		const boss = addPerson(sandbox, 'boss@example.com');
		const jane = addPerson(sandbox, 'jane.roe@example.com', { manager: 'Bo Ss', managerId: boss.id });

		const result = await getUser(userKey('id', jane.id), { options: { resolveManagerEmail: true } });

		expect(result.json[0].managerEmail).toBe('boss@example.com');
		expect(sandbox.requestsTo('GET', `/api/v1/users/${boss.id}`)).toHaveLength(1);
		expect(sandbox.requests).toHaveLength(2);
	});

	test('resolves a manager by employee number', async () => {
		addPerson(sandbox, 'boss@example.com', { employeeNumber: 'E-7"1' });
		const jane = addPerson(sandbox, 'jane.roe@example.com', { managerId: 'E-7"1' });

		const result = await getUser(userKey('id', jane.id), { options: { resolveManagerEmail: true } });

		expect(result.json[0].managerEmail).toBe('boss@example.com');
		expect(sandbox.requests[1].path).toBe('/api/v1/users');
		expect(sandbox.requests[1].query.search).toBe('profile.employeeNumber eq "E-7\\"1"');
	});

	test.each([
		['an unknown Okta ID', '00uunknown0000000000'],
		['an unknown employee number', 'E-404'],
	])('gives null for %s', async (_case, managerId) => {
		const jane = addPerson(sandbox, 'jane.roe@example.com', { managerId });

		const result = await getUser(userKey('id', jane.id), { options: { resolveManagerEmail: true } });

		expect(result.error).toBeUndefined();
		expect(result.json[0].managerEmail).toBeNull();
	});

	test('gives null when no manager is set', async () => {
		const jane = addPerson(sandbox, 'jane.roe@example.com');

		const result = await getUser(userKey('id', jane.id), { options: { resolveManagerEmail: true } });

		expect(result.json[0].managerEmail).toBeNull();
		expect(sandbox.requests).toHaveLength(1);
	});

	test('looks each manager up once per run', async () => {
		const boss = addPerson(sandbox, 'boss@example.com', { employeeNumber: 'E100' });
		const jane = addPerson(sandbox, 'jane.roe@example.com', { managerId: boss.id });
		const sam = addPerson(sandbox, 'sam+qa@example.com', { managerId: boss.id });
		const pat = addPerson(sandbox, 'pat#ops@example.com', { managerId: 'E100' });

		const result = await runNode({
			credentials: credentialsOf(sandbox),
			parameters: { resource: 'user', operation: 'get', user: userKey('id', '={{ $json.id }}'), options: { resolveManagerEmail: true } },
			input: [{ id: jane.id }, { id: sam.id }, { id: pat.id }, { id: jane.id }],
		});

		expect(result.json.map((json) => json.managerEmail)).toEqual(['boss@example.com', 'boss@example.com', 'boss@example.com', 'boss@example.com']);
		expect(sandbox.requestsTo('GET', `/api/v1/users/${boss.id}`)).toHaveLength(1);
		expect(sandbox.requestsTo('GET', '/api/v1/users')).toHaveLength(1);
	});

	test('returns the full object with added fields', async () => {
		const boss = addPerson(sandbox, 'boss@example.com');
		const jane = addPerson(sandbox, 'jane.roe@example.com', { managerId: boss.id, startDate: '2024-02-01' });
		const engineering = sandbox.org.addGroup({ name: 'Engineering' });
		sandbox.org.addMember(engineering.id, jane.id, { silent: true });

		const result = await getUser(userKey('id', jane.id), {
			simplify: false,
			options: { includeGroups: true, resolveManagerEmail: true },
		});

		const json = result.json[0];
		expect(json.id).toBe(jane.id);
		expect((json.profile as Record<string, unknown>).startDate).toBe('2024-02-01');
		expect(json._links).toBeDefined();
		expect(json.login).toBeUndefined();
		expect(json.groups).toEqual([{ id: engineering.id, name: 'Engineering', type: 'OKTA_GROUP' }]);
		expect(json.managerEmail).toBe('boss@example.com');
	});
});
