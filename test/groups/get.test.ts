import type { INodeParameterResourceLocator } from 'n8n-workflow';

import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../sandbox/server';
import { runNode } from '../support/harness';
import { credentialsOf, groupKey } from '../users/fixtures';

let sandbox: Sandbox;

beforeEach(async () => {
	sandbox = await startSandbox({ seed: 17, empty: true });
});

afterEach(async () => {
	await sandbox.close();
});

function getGroup(group: INodeParameterResourceLocator, extra: Record<string, unknown> = {}, continueOnFail = false) {
	return runNode({
		credentials: credentialsOf(sandbox),
		parameters: { resource: 'group', operation: 'get', group, ...extra },
		continueOnFail,
	});
}

describe('group get', () => {
	test('gets a group by ID', async () => {
		const engineering = sandbox.org.addGroup({ name: 'Engineering', description: 'Builders' });

		const result = await getGroup(groupKey('id', engineering.id));

		expect(result.error).toBeUndefined();
		expect(sandbox.requests.map((request) => `${request.method} ${request.path}`)).toEqual([`GET /api/v1/groups/${engineering.id}`]);
		expect(result.json).toEqual([
			{
				id: engineering.id,
				name: 'Engineering',
				description: 'Builders',
				type: 'OKTA_GROUP',
				created: engineering.created,
				lastUpdated: engineering.lastUpdated,
				lastMembershipUpdated: engineering.lastMembershipUpdated,
			},
		]);
	});

	test('gets a group picked from the list', async () => {
		const everyone = sandbox.org.addGroup({ name: 'Everyone', type: 'BUILT_IN' });

		const result = await getGroup(groupKey('list', everyone.id));

		expect(result.json[0].type).toBe('BUILT_IN');
	});

	test('gets a group by exact name', async () => {
		sandbox.org.addGroup({ name: 'Engineering Leads' });
		sandbox.org.addGroup({ name: 'engineering' });
		const engineering = sandbox.org.addGroup({ name: 'Engineering' });

		const result = await getGroup(groupKey('name', 'Engineering'));

		expect(result.error).toBeUndefined();
		expect(result.json[0].id).toBe(engineering.id);
		expect(sandbox.requests).toHaveLength(1);
		expect(sandbox.requests[0].rawQuery).toBe('search=profile.name%20eq%20%22Engineering%22&limit=200');
	});

	test('encodes a name with quotes and symbols', async () => {
		const group = sandbox.org.addGroup({ name: 'R&D "Core" + Ops' });

		const result = await getGroup(groupKey('name', 'R&D "Core" + Ops'));

		expect(result.json[0].id).toBe(group.id);
		expect(sandbox.requests[0].rawQuery).toBe('search=profile.name%20eq%20%22R%26D%20%5C%22Core%5C%22%20%2B%20Ops%22&limit=200');
	});

	test('rejects a name two groups share', async () => {
		const first = sandbox.org.addGroup({ name: 'Contractors' });
		const second = sandbox.org.addGroup({ name: 'Contractors' });

		const result = await getGroup(groupKey('name', 'Contractors'), {}, true);

		expect(result.json[0].error).toBe(`2 Okta groups are named "Contractors" (${first.id}, ${second.id}); use the group's ID`);
		expect(result.json[0].group).toBe('Contractors');
	});

	test('reports an unknown name', async () => {
		const result = await getGroup(groupKey('name', 'Nobody'), {}, true);

		expect(result.json[0].error).toMatch(/^No Okta group is named "Nobody"\./);
		expect(result.json[0].group).toBe('Nobody');
	});

	test('reports an unknown ID with Okta details', async () => {
		const result = await getGroup(groupKey('id', '00gmissing0000000000'), {}, true);

		expect(result.json[0].error).toBe('No Okta group has the ID "00gmissing0000000000"');
		expect(result.json[0].httpCode).toBe(404);
		expect(result.json[0].errorCode).toBe('E0000007');
		expect(result.json[0].group).toBe('00gmissing0000000000');
	});

	test('fails when a single read returns a list', async () => {
		sandbox.script({ method: 'GET', path: '/api/v1/groups/00glist0000000000000', body: [{ id: 'a' }, { id: 'b' }] });

		const result = await getGroup(groupKey('id', '00glist0000000000000'));

		expect(result.error?.message).toBe('Okta returned a list instead of the group "00glist0000000000000"; nothing was changed');
	});

	test.each([['.'], ['..'], ['  ']])('rejects identifier "%s" before any request', async (value) => {
		const result = await runNode({
			credentials: credentialsOf(sandbox),
			parameters: { resource: 'group', operation: 'get', group: groupKey('id', '={{ $json.key }}') },
			input: [{ key: value }],
		});

		expect(result.error?.message).toMatch(/^Group (is empty|"\.{1,2}" is not a valid identifier)$/);
		expect(sandbox.requests).toHaveLength(0);
	});

	test('returns the full object without Simplify', async () => {
		const adSales = sandbox.org.addGroup({ name: 'AD-Sales', type: 'APP_GROUP', profile: { samAccountName: 'AD-Sales' } });

		const result = await getGroup(groupKey('id', adSales.id), { simplify: false });

		expect((result.json[0].profile as Record<string, unknown>).samAccountName).toBe('AD-Sales');
		expect(result.json[0].objectClass).toEqual(['okta:windows_security_principal']);
	});

	test('gives null for fields Okta left out', async () => {
		sandbox.script({ method: 'GET', path: '/api/v1/groups/00gsparse00000000000', body: { id: '00gsparse00000000000' } });

		const result = await getGroup(groupKey('id', '00gsparse00000000000'));

		expect(result.json[0]).toEqual({
			id: '00gsparse00000000000',
			name: null,
			description: null,
			type: null,
			created: null,
			lastUpdated: null,
			lastMembershipUpdated: null,
		});
	});
});
