import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../sandbox/server';
import { createTestClient, FakeClock, TOKEN_FOR_TESTS } from '../support/transport';

const NOW = Date.parse('2025-03-03T10:00:00.000Z');

let sandbox: Sandbox;
let clock: FakeClock;

function addUsers(count: number) {
	for (let index = 0; index < count; index++) {
		sandbox.org.addUser({ profile: { login: `user${index}@example.com`, email: `user${index}@example.com`, firstName: 'U', lastName: String(index) } });
	}
}

function client(options: { maxPages?: number } = {}) {
	return createTestClient({ origin: sandbox.url, now: clock.now, sleep: clock.sleep, ...options });
}

beforeEach(async () => {
	clock = new FakeClock(NOW);
	sandbox = await startSandbox({ empty: true, now: clock.now });
	TOKEN_FOR_TESTS.value = sandbox.token;
});

afterEach(async () => {
	await sandbox.close();
});

describe('paging', () => {
	test('reads 339 users in exactly two requests', async () => {
		addUsers(338);

		const users = await client().collect<{ id: string }>({ path: '/api/v1/users', query: { limit: 200 } });

		expect(users).toHaveLength(339);
		expect(new Set(users.map((user) => user.id)).size).toBe(339);
		expect(sandbox.requests).toHaveLength(2);
		expect(sandbox.requests[1].rawQuery).toBe(`after=${users[199].id}&limit=200`);
	});

	test('follows next when it is listed before self', async () => {
		addUsers(338);
		sandbox.configure({ faults: { linkStyle: 'nextFirst' } });

		const users = await client().collect({ path: '/api/v1/users', query: { limit: 200 } });

		expect(users).toHaveLength(339);
		expect(sandbox.requests).toHaveLength(2);
	});

	test('follows next in one combined header line', async () => {
		addUsers(338);
		sandbox.configure({ faults: { linkStyle: 'combined' } });

		const users = await client().collect({ path: '/api/v1/users', query: { limit: 200 } });

		expect(users).toHaveLength(339);
		expect(sandbox.requests).toHaveLength(2);
	});

	test('stops after an empty last page', async () => {
		addUsers(338);
		const ids = [...sandbox.org.users.keys()];
		const page2Url = `${sandbox.url}/api/v1/users?after=${ids[199]}&limit=200`;
		const page3Url = `${sandbox.url}/api/v1/users?after=${ids[338]}&limit=200`;
		// Page 2 is the last one with users, but still carries a next link to an empty page.
		sandbox.script({
			method: 'GET',
			path: new RegExp(`after=${ids[199]}`),
			status: 200,
			body: ids.slice(200).map((id) => ({ id })),
			headers: { link: [`<${page2Url}>; rel="self"`, `<${page3Url}>; rel="next"`] },
		});

		const pages: number[] = [];
		for await (const page of client().pages({ path: '/api/v1/users', query: { limit: 200 } })) pages.push(page.body.length);

		expect(pages).toEqual([200, 139, 0]);
		expect(sandbox.requests).toHaveLength(3);
	});

	test('keeps the items of the last page', async () => {
		addUsers(400);

		const users = await client().collect({ path: '/api/v1/users', query: { limit: 200 } });

		expect(users).toHaveLength(401);
		expect(sandbox.requests).toHaveLength(3);
	});

	test('reads a single short page', async () => {
		addUsers(4);

		const users = await client().collect({ path: '/api/v1/users', query: { limit: 200 } });

		expect(users).toHaveLength(5);
		expect(sandbox.requests).toHaveLength(1);
	});

	test('stops early at the item limit', async () => {
		addUsers(600);

		const users = await client().collect({ path: '/api/v1/users', query: { limit: 200 } }, { maxItems: 250 });

		expect(users).toHaveLength(250);
		expect(sandbox.requests).toHaveLength(2);
	});

	test('fails when a next link repeats a page', async () => {
		addUsers(250);
		const selfUrl = `${sandbox.url}/api/v1/users?limit=200`;
		sandbox.script({ method: 'GET', path: '/api/v1/users', status: 200, body: [{ id: 'a' }], headers: { link: [`<${selfUrl}>; rel="self"`, `<${selfUrl}>; rel="next"`] } });

		await expect(client().collect({ path: '/api/v1/users', query: { limit: 200 } })).rejects.toThrow(/repeats a page already read/);
		expect(sandbox.requests).toHaveLength(1);
	});

	test('fails at the page cap with the count read', async () => {
		addUsers(599);

		await expect(client({ maxPages: 2 }).collect({ path: '/api/v1/users', query: { limit: 200 } })).rejects.toThrow(
			'Stopped after 2 pages (400 items) of GET /api/v1/users: the page cap was reached and the list is incomplete. Raise Max Pages in the node\'s options to read more.',
		);
		expect(sandbox.requests).toHaveLength(2);
	});

	test('follows next on a list documented as unpaged', async () => {
		const user = sandbox.org.addUser({ profile: { login: 'jane.roe@example.com', email: 'jane.roe@example.com', firstName: 'Jane', lastName: 'Roe' } });
		for (let index = 0; index < 237; index++) {
			const group = sandbox.org.addGroup({ name: `Group ${index}` });
			sandbox.org.addMember(group.id, user.id);
		}
		sandbox.configure({ faults: { pageUnpagedLists: 200 } });

		const groups = await client().collect({ path: `/api/v1/users/${user.id}/groups` });

		expect(groups).toHaveLength(237);
		expect(sandbox.requests).toHaveLength(2);
	});

	test('fails on a list where one object was expected', async () => {
		addUsers(3);

		await expect(client().getObject('/api/v1/users/')).rejects.toThrow(/a list where one object was expected/);
	});
});

describe('next links to another origin', () => {
	let other: Sandbox;

	beforeEach(async () => {
		other = await startSandbox({ empty: true, host: '127.0.0.2', now: clock.now });
		addUsers(250);
	});

	afterEach(async () => {
		await other.close();
	});

	test.each([
		['another host', () => other.url],
		['another port', () => `http://127.0.0.1:${Number(new URL(other.url).port)}`],
		['another scheme', () => sandbox.url.replace('http:', 'https:')],
	])('refuses a next link to %s', async (_name, origin) => {
		sandbox.configure({ faults: { nextLinkOrigin: origin() } });

		await expect(client().collect({ path: '/api/v1/users', query: { limit: 200 } })).rejects.toThrow(
			/next link to .* which is not the org's origin .* sent nothing there/,
		);
		expect(sandbox.requests).toHaveLength(1);
		expect(other.requests).toHaveLength(0);
	});
});
