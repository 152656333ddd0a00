import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../sandbox/server';
import { runListSearch } from '../support/harness';
import { credentialsOf, usedQ } from '../users/fixtures';

let sandbox: Sandbox;
let lastGroup: { id: string };

beforeAll(async () => {
	sandbox = await startSandbox({ seed: 31, empty: true });
	sandbox.org.addGroup({ name: 'Everyone', type: 'BUILT_IN' });
	sandbox.org.addGroup({ name: 'AD-Sales', type: 'APP_GROUP' });
	for (let index = 0; index < 447; index++) sandbox.org.addGroup({ name: `Project ${String(index).padStart(3, '0')}` });
	lastGroup = sandbox.org.addGroup({ name: 'Zebra Team' });
});

afterAll(async () => {
	await sandbox.close();
});

beforeEach(() => {
	sandbox.clearRequests();
});

function searchGroups(filter?: string, paginationToken?: string) {
	return runListSearch({ credentials: credentialsOf(sandbox), method: 'searchGroups', filter, paginationToken });
}

describe('group picker', () => {
	test('pages to the last group', async () => {
		const values: unknown[] = [];
		let token: string | undefined;
		do {
			const page = await searchGroups(undefined, token);
			values.push(...page.results.map((item) => item.value));
			token = page.paginationToken as string | undefined;
		} while (token !== undefined);

		expect(values).toHaveLength(450);
		expect(new Set(values).size).toBe(450);
		expect(values[449]).toBe(lastGroup.id);
		expect(sandbox.requests).toHaveLength(3);
		expect(sandbox.requests[0].rawQuery).toBe('limit=200');
	});

	test('searches names on the server', async () => {
		const page = await searchGroups('zebra');

		expect(page.results).toEqual([{ name: 'Zebra Team', value: lastGroup.id }]);
		expect(sandbox.requests[0].rawQuery).toBe('search=profile.name%20sw%20%22zebra%22&limit=200');
		expect(usedQ(sandbox)).toBe(false);
	});

	test('pages a name search with its token', async () => {
		const first = await searchGroups('Project');
		const second = await searchGroups('Project', first.paginationToken as string);

		expect(first.results).toHaveLength(200);
		expect(second.results).toHaveLength(200);
		expect(second.paginationToken).toBeDefined();
		expect(sandbox.requests[1].query.search).toBe('profile.name sw "Project"');
		expect(usedQ(sandbox)).toBe(false);
	});

	test('marks groups whose membership cannot change', async () => {
		const page = await searchGroups();

		expect(page.results.slice(0, 3).map((item) => item.name)).toEqual(['Everyone (BUILT_IN)', 'AD-Sales (APP_GROUP)', 'Project 000']);
	});
});
