import type { INodeParameterResourceLocator } from 'n8n-workflow';

import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../sandbox/server';
import { runNode } from '../support/harness';
import { addPerson, credentialsOf, groupKey, userKey } from '../users/fixtures';

let sandbox: Sandbox;
let everyone: { id: string };
let engineering: { id: string };
let adSales: { id: string };
let jane: { id: string };

beforeEach(async () => {
	sandbox = await startSandbox({ seed: 29, empty: true });
	everyone = sandbox.org.addGroup({ name: 'Everyone', type: 'BUILT_IN' });
	engineering = sandbox.org.addGroup({ name: 'Engineering' });
	adSales = sandbox.org.addGroup({ name: 'AD-Sales', type: 'APP_GROUP' });
	jane = addPerson(sandbox, 'jane.roe@example.com');
});

afterEach(async () => {
	await sandbox.close();
});

function change(operation: 'addUser' | 'removeUser', group: INodeParameterResourceLocator, user: INodeParameterResourceLocator, continueOnFail = false) {
	return runNode({
		credentials: credentialsOf(sandbox),
		parameters: { resource: 'group', operation, group, user },
		continueOnFail,
	});
}

function writes() {
	return sandbox.requests.filter((request) => request.method !== 'GET');
}

describe('group add user', () => {
	test('adds a user to a group', async () => {
		const result = await change('addUser', groupKey('id', engineering.id), userKey('login', 'jane.roe@example.com'));

		expect(result.error).toBeUndefined();
		expect(result.json).toEqual([
			{ groupId: engineering.id, groupName: 'Engineering', userId: jane.id, login: 'jane.roe@example.com', added: true, alreadyPresent: false },
		]);
		expect(sandbox.org.memberMap(engineering.id).has(jane.id)).toBe(true);
		expect(writes().map((request) => `${request.method} ${request.path}`)).toEqual([`PUT /api/v1/groups/${engineering.id}/users/${jane.id}`]);
	});

	test('reports a present member without a request', async () => {
		sandbox.org.addMember(engineering.id, jane.id);

		const result = await change('addUser', groupKey('name', 'Engineering'), userKey('id', jane.id));

		expect(result.json[0].added).toBe(false);
		expect(result.json[0].alreadyPresent).toBe(true);
		expect(writes()).toHaveLength(0);
	});

	test('runs twice with one change', async () => {
		await change('addUser', groupKey('id', engineering.id), userKey('id', jane.id));
		const second = await change('addUser', groupKey('id', engineering.id), userKey('id', jane.id));

		expect(second.json[0].alreadyPresent).toBe(true);
		expect(writes()).toHaveLength(1);
	});

	test('finds membership on a later page', async () => {
		for (let index = 0; index < 250; index++) sandbox.org.addMember(sandbox.org.addGroup({ name: `Team ${index}` }).id, jane.id);
		const late = sandbox.org.addGroup({ name: 'Late Team' });
		sandbox.org.addMember(late.id, jane.id);
		sandbox.configure({ faults: { pageUnpagedLists: 200 } });

		const result = await change('addUser', groupKey('id', late.id), userKey('id', jane.id));

		expect(result.json[0].alreadyPresent).toBe(true);
		expect(sandbox.requestsTo('GET', `/api/v1/users/${jane.id}/groups`)).toHaveLength(2);
		expect(writes()).toHaveLength(0);
	});

	test('adds a login with a hash sign', async () => {
		const pat = addPerson(sandbox, 'pat#ops@example.com');

		const result = await change('addUser', groupKey('id', engineering.id), userKey('login', 'pat#ops@example.com'));

		expect(result.json[0].userId).toBe(pat.id);
		expect(sandbox.requests.map((request) => request.path)).toContain('/api/v1/users/pat%23ops%40example.com');
		expect(sandbox.org.memberMap(engineering.id).has(pat.id)).toBe(true);
	});

	test.each([
		['BUILT_IN', () => everyone.id, 'Everyone'],
		['APP_GROUP', () => adSales.id, 'AD-Sales'],
	])('refuses a %s group before any change', async (type, groupId, name) => {
		const result = await change('addUser', groupKey('id', groupId()), userKey('id', jane.id), true);

		expect(result.json[0].error).toBe(`Cannot add users to the group "${name}" (${groupId()}): its type is ${type}`);
		expect(result.json[0].description).toMatch(/^Okta allows membership changes only on OKTA_GROUP groups; .+ Nothing was changed\.$/);
		expect(result.json[0].group).toBe(name);
		expect(result.json[0].user).toBe(jane.id);
		expect(sandbox.requests.map((request) => `${request.method} ${request.path}`)).toEqual([`GET /api/v1/groups/${groupId()}`]);
	});

	test('names the user and group of a missing user', async () => {
		const result = await change('addUser', groupKey('id', engineering.id), userKey('login', 'nobody@example.com'), true);

		expect(result.json[0].error).toBe('No Okta user has the ID or login "nobody@example.com"');
		expect(result.json[0].user).toBe('nobody@example.com');
		expect(result.json[0].group).toBe('Engineering');
		expect(writes()).toHaveLength(0);
	});

	// ENGINEERING stands for the Engineering group's ID, which exists only once the sandbox has started.
	test.each([
		['group', '.', 'jane.roe@example.com'],
		['user', 'ENGINEERING', '..'],
		['user', 'ENGINEERING', ' '],
	])('rejects an invalid %s key before any request', async (_field, groupValue, userValue) => {
		const result = await runNode({
			credentials: credentialsOf(sandbox),
			parameters: { resource: 'group', operation: 'addUser', group: groupKey('id', '={{ $json.group }}'), user: userKey('login', '={{ $json.user }}') },
			input: [{ group: groupValue === 'ENGINEERING' ? engineering.id : groupValue, user: userValue }],
			continueOnFail: true,
		});

		expect(result.json[0].error).toMatch(/^(Group|User) (is empty|"\.{1,2}" is not a valid identifier)$/);
		expect(sandbox.requests).toHaveLength(0);
	});
});

describe('group remove user', () => {
	test('removes a user from a group', async () => {
		sandbox.org.addMember(engineering.id, jane.id);

		const result = await change('removeUser', groupKey('id', engineering.id), userKey('login', 'jane.roe@example.com'));

		expect(result.json).toEqual([
			{ groupId: engineering.id, groupName: 'Engineering', userId: jane.id, login: 'jane.roe@example.com', removed: true, alreadyAbsent: false },
		]);
		expect(sandbox.org.memberMap(engineering.id).has(jane.id)).toBe(false);
		expect(writes().map((request) => `${request.method} ${request.path}`)).toEqual([`DELETE /api/v1/groups/${engineering.id}/users/${jane.id}`]);
	});

	test('reports an absent member without a request', async () => {
		const result = await change('removeUser', groupKey('id', engineering.id), userKey('id', jane.id));

		expect(result.json[0].removed).toBe(false);
		expect(result.json[0].alreadyAbsent).toBe(true);
		expect(writes()).toHaveLength(0);
	});

	test('runs twice with one change', async () => {
		sandbox.org.addMember(engineering.id, jane.id);

		await change('removeUser', groupKey('id', engineering.id), userKey('id', jane.id));
		const second = await change('removeUser', groupKey('id', engineering.id), userKey('id', jane.id));

		expect(second.json[0].alreadyAbsent).toBe(true);
		expect(writes()).toHaveLength(1);
	});

	test('never removes a guessed user', async () => {
		sandbox.org.addMember(engineering.id, jane.id);
		sandbox.script({ method: 'GET', path: '/api/v1/users/jane', body: [{ id: jane.id }, { id: '00uother0000000000000' }] });

		const trailingSlash = await change('removeUser', groupKey('id', engineering.id), userKey('login', 'jane.roe@example.com/'), true);
		const listAnswer = await change('removeUser', groupKey('id', engineering.id), userKey('login', 'jane'), true);

		expect(trailingSlash.json[0].error).toBe('No Okta user has the login "jane.roe@example.com/"');
		expect(listAnswer.json[0].error).toBe('Okta returned a list instead of the user "jane"; nothing was changed');
		expect(writes()).toHaveLength(0);
		expect(sandbox.org.memberMap(engineering.id).has(jane.id)).toBe(true);
	});

	test('refuses the Everyone group', async () => {
		const result = await change('removeUser', groupKey('id', everyone.id), userKey('id', jane.id));

		expect(result.error?.message).toBe(`Cannot remove users from the group "Everyone" (${everyone.id}): its type is BUILT_IN`);
		expect(writes()).toHaveLength(0);
		expect(sandbox.org.memberMap(everyone.id).has(jane.id)).toBe(true);
	});

	test('links each result to its input item', async () => {
		const sam = addPerson(sandbox, 'sam+qa@example.com');
		sandbox.org.addMember(engineering.id, sam.id);

		const result = await runNode({
			credentials: credentialsOf(sandbox),
			parameters: { resource: 'group', operation: 'removeUser', group: groupKey('id', engineering.id), user: userKey('login', '={{ $json.login }}') },
			input: [{ login: 'sam+qa@example.com' }, { login: 'ghost@example.com' }, { login: 'jane.roe@example.com' }],
			continueOnFail: true,
		});

		expect(result.json.map((json) => json.removed ?? json.error)).toEqual([true, 'No Okta user has the ID or login "ghost@example.com"', false]);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});
});
