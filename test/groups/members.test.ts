import type { INodeParameterResourceLocator } from 'n8n-workflow';

import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../sandbox/server';
import { runNode } from '../support/harness';
import { addPerson, credentialsOf, groupKey } from '../users/fixtures';

let sandbox: Sandbox;

beforeEach(async () => {
	sandbox = await startSandbox({ seed: 23, empty: true });
});

afterEach(async () => {
	await sandbox.close();
});

function getMembers(group: INodeParameterResourceLocator, extra: Record<string, unknown> = {}, continueOnFail = false) {
	return runNode({
		credentials: credentialsOf(sandbox),
		parameters: { resource: 'group', operation: 'getMembers', group, returnAll: true, ...extra },
		continueOnFail,
	});
}

describe('group get members', () => {
	test('reads every page of members', async () => {
		const engineering = sandbox.org.addGroup({ name: 'Engineering' });
		for (let index = 0; index < 1500; index++) {
			const user = addPerson(sandbox, `eng${String(index).padStart(4, '0')}@example.com`);
			sandbox.org.addMember(engineering.id, user.id, { silent: true });
		}

		const result = await getMembers(groupKey('id', engineering.id));

		expect(result.json).toHaveLength(1500);
		expect(new Set(result.json.map((user) => user.id)).size).toBe(1500);
		expect(result.json[1499].login).toBe('eng1499@example.com');
		expect(sandbox.requests).toHaveLength(2);
		expect(sandbox.requests[0].rawQuery).toBe('limit=1000');
	});

	test('stops reading at Limit', async () => {
		const engineering = sandbox.org.addGroup({ name: 'Engineering' });
		for (let index = 0; index < 5; index++) sandbox.org.addMember(engineering.id, addPerson(sandbox, `eng${index}@example.com`).id, { silent: true });

		const result = await getMembers(groupKey('id', engineering.id), { returnAll: false, limit: 2 });

		expect(result.json.map((user) => user.login)).toEqual(['eng0@example.com', 'eng1@example.com']);
	});

	test('finds the group by name first', async () => {
		const engineering = sandbox.org.addGroup({ name: 'Engineering' });
		const jane = addPerson(sandbox, 'jane.roe@example.com', { department: 'Engineering', startDate: '2024-02-01' });
		sandbox.org.addMember(engineering.id, jane.id, { silent: true });

		const result = await getMembers(groupKey('name', 'Engineering'), { options: { customAttributes: 'startDate' } });

		expect(result.json).toHaveLength(1);
		expect(result.json[0].id).toBe(jane.id);
		expect(result.json[0].department).toBe('Engineering');
		expect(result.json[0].startDate).toBe('2024-02-01');
		expect(sandbox.requests.map((request) => request.path)).toEqual(['/api/v1/groups', `/api/v1/groups/${engineering.id}/users`]);
	});

	test('returns full users without Simplify', async () => {
		const engineering = sandbox.org.addGroup({ name: 'Engineering' });
		sandbox.org.addMember(engineering.id, addPerson(sandbox, 'jane.roe@example.com').id, { silent: true });

		const result = await getMembers(groupKey('id', engineering.id), { simplify: false });

		expect((result.json[0].profile as Record<string, unknown>).login).toBe('jane.roe@example.com');
	});

	test('names an unknown group ID', async () => {
		const result = await getMembers(groupKey('id', '00gmissing0000000000'), {}, true);

		expect(result.json[0].error).toBe('No Okta group has the ID "00gmissing0000000000"');
		expect(result.json[0].httpCode).toBe(404);
		expect(result.json[0].group).toBe('00gmissing0000000000');
	});

	test('gives null for fields Okta left out', async () => {
		sandbox.script({ method: 'GET', path: '/api/v1/groups/00gsparse00000000000/users', body: [{ id: '00usparse0000000000a' }] });

		const result = await getMembers(groupKey('id', '00gsparse00000000000'));

		expect(result.json[0].id).toBe('00usparse0000000000a');
		expect(result.json[0].login).toBeNull();
		expect(result.json[0].department).toBeNull();
	});
});
