import type { Sandbox } from '../../sandbox/server';
import { runListSearch } from '../support/harness';
import { appKey, CHAT, requestLines, runApplication, startFixtureOrg, WIKI } from './fixtures';

let sandbox: Sandbox;

beforeEach(async () => {
	sandbox = await startFixtureOrg();
});

afterEach(async () => {
	await sandbox.close();
});

function addApps(count: number, label: (index: number) => string): string[] {
	return Array.from({ length: count }, (_, index) => sandbox.org.addApp({ label: label(index), name: `tool${index}_bookmark` }).id);
}

describe('get', () => {
	test('gets an app by ID', async () => {
		const result = await runApplication(sandbox, { operation: 'get', application: appKey(WIKI) });

		expect(result.error).toBeUndefined();
		expect(result.json).toEqual([
			{
				id: WIKI,
				name: 'wiki_bookmark',
				label: 'Wiki',
				status: 'ACTIVE',
				signOnMode: 'BOOKMARK',
				created: sandbox.org.apps.get(WIKI)?.created,
				lastUpdated: sandbox.org.apps.get(WIKI)?.lastUpdated,
			},
		]);
		expect(requestLines(sandbox)).toEqual([`GET /api/v1/apps/${WIKI}`]);
	});

	test("returns Okta's whole app", async () => {
		const result = await runApplication(sandbox, { operation: 'get', application: appKey(WIKI), simplify: false });

		expect(result.json[0].id).toBe(WIKI);
		expect(result.json[0]._links).toBeDefined();
		expect(result.json[0].settings).toBeDefined();
	});

	test('gets an app by exact label', async () => {
		addApps(1, () => 'Wiki Admin');

		const result = await runApplication(sandbox, { operation: 'get', application: appKey('Wiki', 'label') });

		expect(result.json.map((app) => app.id)).toEqual([WIKI]);
		expect(requestLines(sandbox)).toEqual(['GET /api/v1/apps?q=Wiki&limit=200']);
	});

	test('rejects an ambiguous label', async () => {
		const [copy] = addApps(1, () => 'Wiki');

		const result = await runApplication(sandbox, { operation: 'get', application: appKey('Wiki', 'label') }, { continueOnFail: true });

		expect(result.json[0].error).toBe(`2 Okta apps have the label "Wiki" (${WIKI}, ${copy}); use the app's ID`);
	});

	test('reports an unknown label', async () => {
		const result = await runApplication(sandbox, { operation: 'get', application: appKey('Wik', 'label') }, { continueOnFail: true });

		expect(result.json[0].error).toBe('No Okta app has the label "Wik"');
	});

	test('reports an unknown ID', async () => {
		const result = await runApplication(sandbox, { operation: 'get', application: appKey('0oaMISSING0000000000') }, { continueOnFail: true });

		expect(result.json[0].error).toBe('No Okta app has the ID "0oaMISSING0000000000"');
		expect(result.json[0].httpCode).toBe(404);
		expect(result.json[0].errorCode).toBe('E0000007');
	});

	test('rejects a dot as ID before any request', async () => {
		const result = await runApplication(sandbox, { operation: 'get', application: appKey('..') }, { continueOnFail: true });

		expect(result.json[0].error).toBe('Application ".." is not a valid identifier');
		expect(sandbox.requests).toHaveLength(0);
	});
});

describe('get many', () => {
	test('filters by prefix and status', async () => {
		sandbox.org.apps.get(CHAT)!.status = 'INACTIVE';
		addApps(1, () => 'Chat Archive');

		const result = await runApplication(sandbox, {
			operation: 'getMany',
			returnAll: true,
			filters: { prefix: 'chat', status: 'ACTIVE' },
		});

		expect(result.json.map((app) => app.label)).toEqual(['Chat Archive']);
		expect(sandbox.requests[0].rawQuery).toBe('q=chat&filter=status%20eq%20%22ACTIVE%22&limit=200');
	});

	test('follows next links for all apps', async () => {
		const added = addApps(250, (index) => `Tool ${index}`);

		const result = await runApplication(sandbox, { operation: 'getMany', returnAll: true });

		expect(result.json).toHaveLength(255);
		expect(result.json[254].id).toBe(added[249]);
		expect(sandbox.requests).toHaveLength(2);
		expect(sandbox.requests[1].query.after).toBeDefined();
	});

	test('stops at the limit', async () => {
		const result = await runApplication(sandbox, { operation: 'getMany', returnAll: false, limit: 3 });

		expect(result.json.map((app) => app.label)).toEqual(['Wiki', 'CRM', 'Chat']);
		expect(sandbox.requests[0].rawQuery).toBe('limit=3');
	});

	test('rejects a limit of zero', async () => {
		const result = await runApplication(sandbox, { operation: 'getMany', returnAll: false, limit: 0 }, { continueOnFail: true });

		expect(result.json[0].error).toBe('Limit must be a whole number of 1 or more, not 0');
		expect(sandbox.requests).toHaveLength(0);
	});
});

describe('app picker', () => {
	function searchApps(filter?: string, paginationToken?: string) {
		return runListSearch({ credentials: { url: sandbox.url, apiToken: sandbox.token }, method: 'searchApps', filter, paginationToken });
	}

	test('searches by prefix on the server', async () => {
		const page = await searchApps('wi');

		expect(page.results).toEqual([{ name: 'Wiki (wiki_bookmark)', value: WIKI }]);
		expect(sandbox.requests[0].rawQuery).toBe('q=wi&limit=200');
	});

	test('pages to the last app', async () => {
		const added = addApps(250, (index) => `Tool ${index}`);

		const values: unknown[] = [];
		let token: string | undefined;
		do {
			const page = await searchApps(undefined, token);
			values.push(...page.results.map((item) => item.value));
			token = page.paginationToken as string | undefined;
		} while (token !== undefined);

		expect(values).toHaveLength(255);
		expect(values[254]).toBe(added[249]);
		expect(sandbox.requests).toHaveLength(2);
	});
});
