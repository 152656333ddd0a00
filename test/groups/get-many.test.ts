import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../sandbox/server';
import { runNode } from '../support/harness';
import { credentialsOf, usedQ } from '../users/fixtures';

let sandbox: Sandbox;

beforeEach(async () => {
	sandbox = await startSandbox({ seed: 19, empty: true });
	sandbox.org.addGroup({ name: 'Everyone', type: 'BUILT_IN' });
	sandbox.org.addGroup({ name: 'AD-Engineering', type: 'APP_GROUP' });
	for (let index = 0; index < 250; index++) sandbox.org.addGroup({ name: `Eng ${String(index).padStart(3, '0')}` });
	sandbox.org.addGroup({ name: 'Sales' });
});

afterEach(async () => {
	await sandbox.close();
});

function getMany(parameters: Record<string, unknown>) {
	return runNode({
		credentials: credentialsOf(sandbox),
		parameters: { resource: 'group', operation: 'getMany', returnAll: true, ...parameters },
	});
}

describe('group get many', () => {
	test('pages a name prefix search to its end', async () => {
		const result = await getMany({ filters: { nameStartsWith: 'Eng' } });

		expect(result.json).toHaveLength(250);
		expect(new Set(result.json.map((group) => group.id)).size).toBe(250);
		expect(sandbox.requests).toHaveLength(2);
		expect(sandbox.requests[0].rawQuery).toBe('search=profile.name%20sw%20%22Eng%22&limit=200');
		expect(usedQ(sandbox)).toBe(false);
	});

	test('filters by type', async () => {
		const result = await getMany({ filters: { type: 'APP_GROUP' } });

		expect(result.json.map((group) => group.name)).toEqual(['AD-Engineering']);
		expect(sandbox.requests[0].query.search).toBe('type eq "APP_GROUP"');
	});

	test('combines name prefix and type', async () => {
		const result = await getMany({ filters: { nameStartsWith: 'AD-', type: 'OKTA_GROUP' } });

		expect(result.json).toEqual([]);
		expect(sandbox.requests[0].query.search).toBe('(profile.name sw "AD-") and (type eq "OKTA_GROUP")');
	});

	test('uses the plain listing without filters', async () => {
		const result = await getMany({});

		expect(result.json).toHaveLength(253);
		expect(sandbox.requests.map((request) => request.rawQuery)).toEqual(['limit=200', expect.stringMatching(/^after=00g\w+&limit=200$/)]);
	});

	test('stops reading at Limit', async () => {
		const result = await getMany({ returnAll: false, limit: 3 });

		expect(result.json.map((group) => group.name)).toEqual(['Everyone', 'AD-Engineering', 'Eng 000']);
		expect(sandbox.requests).toHaveLength(1);
	});

	test('rejects an empty name prefix', async () => {
		const result = await getMany({ filters: { nameStartsWith: ' ' } });

		expect(result.error?.message).toBe('Name Starts With is empty');
		expect(sandbox.requests).toHaveLength(0);
	});

	test('returns full objects without Simplify', async () => {
		const result = await getMany({ returnAll: false, limit: 1, simplify: false });

		expect(result.json[0]._links).toBeDefined();
		expect((result.json[0].profile as Record<string, unknown>).name).toBe('Everyone');
	});
});
