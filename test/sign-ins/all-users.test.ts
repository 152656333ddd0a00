import type { IDataObject } from 'n8n-workflow';

import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../sandbox/server';
import { runNode } from '../support/harness';
import { addPerson, DAY_MS, GENEROUS_RATE_LIMITS, HOUR_MS, OKTA_TIME, storeAppSignIn, storeSignIn } from './fixtures';

const OKTA_SIGN_IN = 'user.session.start';
const APP_SIGN_IN = 'user.authentication.sso';
const BOTH_FILTER = `(eventType eq "${OKTA_SIGN_IN}" or eventType eq "${APP_SIGN_IN}") and (outcome.result eq "SUCCESS")`;

let sandbox: Sandbox;

beforeAll(async () => {
	// Strict timestamps: Okta's query times must be UTC with milliseconds. Two sign-ins a week
	// give about 5,800 sign-in events, six log pages, and keep the file fast.
	sandbox = await startSandbox({
		seed: 7,
		size: { signInsPerUserWeek: 2 },
		rateLimits: GENEROUS_RATE_LIMITS,
		faults: { strictLogTimestamps: true },
	});
});

afterAll(async () => {
	await sandbox.close();
});

beforeEach(() => {
	sandbox.clearRequests();
});

const credentials = () => ({ url: sandbox.url, apiToken: sandbox.token });

function parameters(extra: IDataObject = {}) {
	return { resource: 'signIn', operation: 'getLastSignIn', scope: 'allUsers', ...extra };
}

type LogEvent = Sandbox['org']['events'][number]['event'];

type Exchange = Sandbox['requests'][number];

/** Reads the window the node sent from its first log request. */
function sentWindow(requests: Exchange[] = sandbox.requests) {
	const query = requests.find((request) => request.path === '/api/v1/logs')!.query;
	return { since: Date.parse(query.since), until: Date.parse(query.until) };
}

/** Lists the sandbox's events that a bounded query for the sent window and these event types returns. */
function eventsInWindow(types: string[], appId?: string, requests: Exchange[] = sandbox.requests, successOnly = false): LogEvent[] {
	const { since, until } = sentWindow(requests);
	return sandbox.org.events
		.map((stored) => stored.event)
		.filter((event) => {
			const published = Date.parse(event.published);
			if (published < since || published >= until || !types.includes(event.eventType)) return false;
			if (successOnly && event.outcome.result !== 'SUCCESS') return false;
			return appId === undefined || event.target.some((target: { id: string }) => target.id === appId);
		});
}

/** Computes the expected sign-ins straight from the sandbox's events. */
function expectedSignIns(events: LogEvent[], outcome = 'SUCCESS') {
	const okta = new Map<string, string>();
	const apps = new Map<string, Map<string, string>>();
	const newer = (current: string | undefined, candidate: string) =>
		current === undefined || Date.parse(candidate) > Date.parse(current) ? candidate : current;

	for (const event of events) {
		if (event.outcome.result !== outcome) continue;
		const userId = event.actor.id as string;
		if (event.eventType === OKTA_SIGN_IN) {
			okta.set(userId, newer(okta.get(userId), event.published));
			continue;
		}
		const app = event.target.find((target: { type: string }) => target.type === 'AppInstance');
		if (!app) continue;
		const perApp = apps.get(userId) ?? new Map<string, string>();
		perApp.set(app.id, newer(perApp.get(app.id), event.published));
		apps.set(userId, perApp);
	}
	return { okta, apps };
}

function usersWithStatus(predicate: (status: string) => boolean) {
	return [...sandbox.org.users.values()].filter((user) => predicate(user.status));
}

function appPairs(item: IDataObject): Array<[string, string | null]> {
	return (item.apps as IDataObject[]).map((app) => [String(app.appId), (app.lastSignIn as string | null) ?? null]);
}

describe('all users', () => {
	// One default run serves the tests that only read its output and requests.
	let defaultRun: Awaited<ReturnType<typeof runNode>>;
	let defaultRequests: Exchange[];

	beforeAll(async () => {
		sandbox.clearRequests();
		defaultRun = await runNode({ credentials: credentials(), parameters: parameters() });
		defaultRequests = [...sandbox.requests];
	});

	const requestsTo = (path: string) => defaultRequests.filter((request) => request.method === 'GET' && request.path === path);

	test('reads the log once for everyone', () => {
		expect(defaultRun.error).toBeUndefined();
		const matching = eventsInWindow([OKTA_SIGN_IN, APP_SIGN_IN], undefined, defaultRequests, true);
		const listed = usersWithStatus((status) => status !== 'DEPROVISIONED');
		const logPages = requestsTo('/api/v1/logs');
		const userPages = requestsTo('/api/v1/users');

		expect(matching.length).toBeGreaterThan(5000);
		expect(logPages).toHaveLength(Math.ceil(matching.length / 1000));
		expect(userPages).toHaveLength(Math.ceil(listed.length / 200));
		expect(defaultRequests).toHaveLength(logPages.length + userPages.length);
		expect(logPages.every((page) => page.query.filter === BOTH_FILTER)).toBe(true);
		expect(logPages.every((page) => page.query.limit === '1000')).toBe(true);
		expect(userPages[0].rawQuery).toBe('limit=200');
	});

	test('matches the sign-ins in the log', () => {
		const expected = expectedSignIns(eventsInWindow([OKTA_SIGN_IN, APP_SIGN_IN], undefined, defaultRequests));
		const listed = usersWithStatus((status) => status !== 'DEPROVISIONED');
		expect(defaultRun.json.map((item) => item.userId).sort()).toEqual(listed.map((user) => user.id).sort());

		for (const item of defaultRun.json) {
			const userId = String(item.userId);
			expect([userId, item.lastOktaSignIn]).toEqual([userId, expected.okta.get(userId) ?? null]);
			const apps = [...(expected.apps.get(userId) ?? new Map<string, string>())].sort(
				(left, right) => Date.parse(right[1]) - Date.parse(left[1]) || (left[0] < right[0] ? -1 : 1),
			);
			expect([userId, appPairs(item)]).toEqual([userId, apps]);
		}
	});

	test('reports users without a sign-in', () => {
		const staged = defaultRun.json.filter((item) => item.status === 'STAGED');
		const window = staged[0].window as IDataObject;
		expect(staged.length).toBeGreaterThan(0);
		expect(staged.every((item) => item.lastOktaSignIn === null)).toBe(true);
		expect(staged.every((item) => item.noSignInSince === window.since)).toBe(true);
		expect(staged.every((item) => (item.apps as unknown[]).length === 0)).toBe(true);
		expect(window.since).toMatch(OKTA_TIME);
		expect(window.until).toMatch(OKTA_TIME);
		expect(window.days).toBe(90);
	});

	test('leaves deactivated users out by default', () => {
		expect(defaultRun.json.some((item) => item.status === 'DEPROVISIONED')).toBe(false);
	});

	test('includes deactivated users with all statuses', async () => {
		const result = await runNode({ credentials: credentials(), parameters: parameters({ status: 'all' }) });

		expect(result.error).toBeUndefined();
		const everyone = usersWithStatus(() => true);
		const userPages = sandbox.requestsTo('GET', '/api/v1/users');
		expect(result.json).toHaveLength(everyone.length);
		expect(userPages).toHaveLength(Math.ceil(everyone.length / 200));
		expect(userPages[0].query.search).toBe(
			'status eq "STAGED" or status eq "PROVISIONED" or status eq "ACTIVE" or status eq "RECOVERY" or status eq "LOCKED_OUT" or status eq "PASSWORD_EXPIRED" or status eq "SUSPENDED" or status eq "DEPROVISIONED"',
		);

		const expected = expectedSignIns(eventsInWindow([OKTA_SIGN_IN, APP_SIGN_IN]));
		const deactivated = result.json.filter((item) => item.status === 'DEPROVISIONED');
		expect(deactivated).toHaveLength(usersWithStatus((status) => status === 'DEPROVISIONED').length);
		expect(deactivated.some((item) => item.lastOktaSignIn !== null)).toBe(true);
		for (const item of deactivated) expect(item.lastOktaSignIn).toBe(expected.okta.get(String(item.userId)) ?? null);
	});

	test('reports one status', async () => {
		const result = await runNode({ credentials: credentials(), parameters: parameters({ status: 'SUSPENDED', options: { windowDays: 7 } }) });

		expect(result.error).toBeUndefined();
		expect(sandbox.requestsTo('GET', '/api/v1/users')[0].query.search).toBe('status eq "SUSPENDED"');
		expect(result.json).toHaveLength(usersWithStatus((status) => status === 'SUSPENDED').length);
	});
});

describe('all users, one app', () => {
	const wikiOf = () => [...sandbox.org.apps.values()].find((app) => app.label === 'Wiki')!;

	test('reads only the app sign-ins', async () => {
		const wiki = wikiOf();
		const result = await runNode({
			credentials: credentials(),
			parameters: parameters({ application: { __rl: true, mode: 'id', value: wiki.id } }),
		});

		expect(result.error).toBeUndefined();
		const matching = eventsInWindow([APP_SIGN_IN], wiki.id, sandbox.requests, true);
		const logPages = sandbox.requestsTo('GET', '/api/v1/logs');
		expect(logPages).toHaveLength(Math.max(1, Math.ceil(matching.length / 1000)));
		expect(logPages[0].query.filter).toBe(`(eventType eq "${APP_SIGN_IN}") and (target.id eq "${wiki.id}") and (outcome.result eq "SUCCESS")`);
		expect(sandbox.requestsTo('GET', `/api/v1/apps/${wiki.id}`)).toHaveLength(1);
		expect(sandbox.requests).toHaveLength(logPages.length + 2);
	});

	test('reports the app for every user', async () => {
		const wiki = wikiOf();
		const result = await runNode({
			credentials: credentials(),
			parameters: parameters({ application: { __rl: true, mode: 'id', value: wiki.id } }),
		});

		expect(result.error).toBeUndefined();
		const expected = expectedSignIns(eventsInWindow([APP_SIGN_IN], wiki.id));
		expect(result.json).toHaveLength(usersWithStatus((status) => status !== 'DEPROVISIONED').length);
		for (const item of result.json) {
			const lastSignIn = expected.apps.get(String(item.userId))?.get(wiki.id) ?? null;
			expect(item).not.toHaveProperty('lastOktaSignIn');
			expect(item.apps).toEqual([{ appId: wiki.id, appLabel: 'Wiki', lastSignIn }]);
			expect(item.noSignInSince).toBe(lastSignIn === null ? (item.window as IDataObject).since : null);
		}
	});

	test('finds the app by label', async () => {
		const chat = [...sandbox.org.apps.values()].find((app) => app.label === 'Chat')!;
		const result = await runNode({
			credentials: credentials(),
			parameters: parameters({ application: { __rl: true, mode: 'label', value: 'chat' } }),
		});

		expect(result.error).toBeUndefined();
		expect(sandbox.requestsTo('GET', '/api/v1/apps')[0].query.q).toBe('chat');
		expect(sandbox.requestsTo('GET', '/api/v1/logs')[0].query.filter).toContain(`target.id eq "${chat.id}"`);
		expect((result.json[0].apps as IDataObject[])[0].appId).toBe(chat.id);
	});

	test('stops on an unknown app', async () => {
		const result = await runNode({
			credentials: credentials(),
			parameters: parameters({ application: { __rl: true, mode: 'id', value: '0oaMissing' } }),
		});

		expect(result.error?.message).toBe('No Okta app has the ID "0oaMissing"');
		expect(sandbox.requestsTo('GET', '/api/v1/logs')).toHaveLength(0);
		expect(sandbox.requestsTo('GET', '/api/v1/users')).toHaveLength(0);
	});
});

describe('all users, one group', () => {
	const groupNamed = (name: string) => [...sandbox.org.groups.values()].find((group) => group.profile.name === name)!;

	test('reports the group members', async () => {
		const sales = groupNamed('Sales');
		const result = await runNode({
			credentials: credentials(),
			parameters: parameters({ group: { __rl: true, mode: 'name', value: 'Sales' }, options: { windowDays: 7 } }),
		});

		expect(result.error).toBeUndefined();
		const members = [...sandbox.org.memberMap(sales.id).keys()].filter((id) => sandbox.org.users.get(id)?.status !== 'DEPROVISIONED');
		expect(result.json.map((item) => item.userId).sort()).toEqual(members.sort());
		expect(sandbox.requestsTo('GET', '/api/v1/groups')[0].query.search).toBe('profile.name eq "Sales"');
		expect(sandbox.requestsTo('GET', `/api/v1/groups/${sales.id}/users`)[0].rawQuery).toBe('limit=1000');
		expect(sandbox.requestsTo('GET', '/api/v1/users')).toHaveLength(0);
	});

	test('applies the status to members', async () => {
		const everyone = groupNamed('Everyone');
		const result = await runNode({
			credentials: credentials(),
			parameters: parameters({ group: { __rl: true, mode: 'id', value: everyone.id }, status: 'DEPROVISIONED', options: { windowDays: 7 } }),
		});

		expect(result.error).toBeUndefined();
		expect(result.json.length).toBe(usersWithStatus((status) => status === 'DEPROVISIONED').length);
		expect(result.json.every((item) => item.status === 'DEPROVISIONED')).toBe(true);
	});

	test('stops on an unknown group before the log', async () => {
		const result = await runNode({
			credentials: credentials(),
			parameters: parameters({ group: { __rl: true, mode: 'id', value: '00gMissing' } }),
		});

		expect(result.error?.message).toBe('No Okta group has the ID "00gMissing"');
		expect(sandbox.requestsTo('GET', '/api/v1/logs')).toHaveLength(0);
	});
});

describe('all users, options', () => {
	test('outputs one item per user and app', async () => {
		const result = await runNode({ credentials: credentials(), parameters: parameters({ output: 'perUserAndApp' }) });

		expect(result.error).toBeUndefined();
		const expected = expectedSignIns(eventsInWindow([OKTA_SIGN_IN, APP_SIGN_IN]));
		const listed = usersWithStatus((status) => status !== 'DEPROVISIONED');
		const pairCount = listed.reduce((sum, user) => sum + Math.max(1, expected.apps.get(user.id)?.size ?? 0), 0);
		expect(result.json).toHaveLength(pairCount);

		const withoutApps = result.json.filter((item) => item.appId === null);
		expect(withoutApps.length).toBe(listed.filter((user) => !expected.apps.has(user.id)).length);
		expect(withoutApps.every((item) => item.lastSignIn === null && item.noSignInSince !== null)).toBe(true);

		const pair = result.json.find((item) => item.appId !== null)!;
		expect(pair.lastSignIn).toBe(expected.apps.get(String(pair.userId))?.get(String(pair.appId)));
		expect(pair.lastOktaSignIn).toBe(expected.okta.get(String(pair.userId)) ?? null);
	});

	test('outputs only inactive users', async () => {
		const result = await runNode({ credentials: credentials(), parameters: parameters({ options: { inactiveDays: 30 } }) });

		expect(result.error).toBeUndefined();
		const expected = expectedSignIns(eventsInWindow([OKTA_SIGN_IN, APP_SIGN_IN]));
		const cutoff = sentWindow().until - 30 * DAY_MS;
		const inactive = usersWithStatus((status) => status !== 'DEPROVISIONED').filter((user) => {
			const last = expected.okta.get(user.id);
			return last === undefined || Date.parse(last) < cutoff;
		});
		expect(inactive.length).toBeGreaterThan(0);
		expect(inactive.length).toBeLessThan(usersWithStatus((status) => status !== 'DEPROVISIONED').length);
		expect(result.json.map((item) => item.userId).sort()).toEqual(inactive.map((user) => user.id).sort());
	});

	test('adds failed sign-ins as separate fields', async () => {
		const result = await runNode({ credentials: credentials(), parameters: parameters({ options: { includeFailed: true } }) });

		expect(result.error).toBeUndefined();
		const events = eventsInWindow([OKTA_SIGN_IN, APP_SIGN_IN]);
		const succeeded = expectedSignIns(events);
		const failed = expectedSignIns(events, 'FAILURE');
		expect(failed.okta.size).toBeGreaterThan(0);
		for (const item of result.json) {
			const userId = String(item.userId);
			expect([userId, item.lastOktaSignIn, item.lastFailedOktaSignIn]).toEqual([
				userId,
				succeeded.okta.get(userId) ?? null,
				failed.okta.get(userId) ?? null,
			]);
			for (const app of item.apps as IDataObject[]) {
				expect(app.lastFailedSignIn).toBe(failed.apps.get(userId)?.get(String(app.appId)) ?? null);
			}
		}
	});

	test('reads failures only when asked', async () => {
		sandbox.clearRequests();
		await runNode({ credentials: credentials(), parameters: parameters({ options: { includeFailed: true } }) });

		const filters = new Set(sandbox.requestsTo('GET', '/api/v1/logs').map((request) => request.query.filter));
		expect([...filters]).toEqual([`eventType eq "${OKTA_SIGN_IN}" or eventType eq "${APP_SIGN_IN}"`]);
	});

	test('reads only app sign-ins without Okta sign-ins', async () => {
		sandbox.clearRequests();
		const result = await runNode({ credentials: credentials(), parameters: parameters({ options: { includeOktaSignIns: false } }) });

		expect(result.error).toBeUndefined();
		const logPages = sandbox.requestsTo('GET', '/api/v1/logs');
		expect(logPages[0].query.filter).toBe(`(eventType eq "${APP_SIGN_IN}") and (outcome.result eq "SUCCESS")`);
		expect(logPages).toHaveLength(Math.max(1, Math.ceil(eventsInWindow([APP_SIGN_IN], undefined, sandbox.requests, true).length / 1000)));
		expect(result.json.every((item) => !('lastOktaSignIn' in item))).toBe(true);
		const expected = expectedSignIns(eventsInWindow([APP_SIGN_IN]));
		for (const item of result.json) {
			const apps = item.apps as Array<{ appId: string; lastSignIn: string | null }>;
			for (const app of apps) expect(app.lastSignIn).toBe(expected.apps.get(String(item.userId))?.get(app.appId) ?? null);
		}
	});

	test('shares one log read across items', async () => {
		const result = await runNode({ credentials: credentials(), parameters: parameters(), input: [{ run: 1 }, { run: 2 }] });

		expect(result.error).toBeUndefined();
		const listed = usersWithStatus((status) => status !== 'DEPROVISIONED');
		expect(result.json).toHaveLength(2 * listed.length);
		expect(sandbox.requestsTo('GET', '/api/v1/logs')).toHaveLength(Math.ceil(eventsInWindow([OKTA_SIGN_IN, APP_SIGN_IN], undefined, sandbox.requests, true).length / 1000));
		expect(result.items[listed.length].pairedItem).toEqual({ item: 1 });
	});
});

describe('all users, input checks', () => {
	test('rejects a window over 90 days', async () => {
		const result = await runNode({ credentials: credentials(), parameters: parameters({ options: { windowDays: 91 } }) });

		expect(result.error?.message).toBe('Window (Days) is 91, but it must be a whole number from 1 to 90');
		expect(sandbox.requests).toHaveLength(0);
	});

	test('rejects inactive days beyond the window', async () => {
		const result = await runNode({ credentials: credentials(), parameters: parameters({ options: { inactiveDays: 91 } }) });

		expect(result.error?.message).toBe('Inactive For (Days) is 91, but it must be a whole number from 1 to Window (Days), 90');
		expect(sandbox.requests).toHaveLength(0);
	});

	test('rejects a dot as the app', async () => {
		const result = await runNode({
			credentials: credentials(),
			parameters: parameters({ application: { __rl: true, mode: 'id', value: '..' } }),
		});

		expect(result.error?.message).toBe('Application ".." is not a valid identifier');
		expect(sandbox.requests).toHaveLength(0);
	});
});

describe('all users, mixed targets', () => {
	let fixture: Sandbox;
	const times: Record<string, string> = {};
	let ids: Record<string, string> = {};

	beforeAll(async () => {
		fixture = await startSandbox({ seed: 62, empty: true, rateLimits: GENEROUS_RATE_LIMITS });
		const jane = addPerson(fixture, 'Jane');
		const wiki = fixture.org.addApp({ label: 'Wiki', name: 'wiki_bookmark' });
		const crm = fixture.org.addApp({ label: 'CRM', name: 'crm_bookmark' });
		ids = { jane: jane.id, wiki: wiki.id, crm: crm.id, admin: fixture.org.adminId };

		// The AppInstance target first, then last, then a failure, then no AppInstance at all.
		times.wiki = storeAppSignIn(fixture, jane, wiki, 4 * HOUR_MS);
		times.crm = storeAppSignIn(fixture, jane, crm, 3 * HOUR_MS, { appInstanceLast: true });
		storeAppSignIn(fixture, jane, wiki, 2 * HOUR_MS, { outcome: 'FAILURE' });
		storeSignIn(fixture, {
			type: APP_SIGN_IN,
			user: jane,
			ago: HOUR_MS,
			targets: [{ id: '0uaOnlyAppUser', type: 'AppUser', alternateId: 'jane@example.com', displayName: 'Jane' }],
		});
	});

	afterAll(async () => {
		await fixture.close();
	});

	test('attributes sign-ins by AppInstance target', async () => {
		const result = await runNode({ credentials: { url: fixture.url, apiToken: fixture.token }, parameters: parameters() });

		expect(result.error).toBeUndefined();
		expect(result.json).toHaveLength(2);
		const jane = result.json.find((item) => item.userId === ids.jane)!;
		expect(jane.apps).toEqual([
			{ appId: ids.crm, appLabel: 'CRM', lastSignIn: times.crm },
			{ appId: ids.wiki, appLabel: 'Wiki', lastSignIn: times.wiki },
		]);
		expect(jane.lastOktaSignIn).toBeNull();
		expect(fixture.requestsTo('GET', '/api/v1/logs')).toHaveLength(1);
		expect(fixture.requests).toHaveLength(2);
	});

	test('outputs a pair for a user with no sign-in', async () => {
		const result = await runNode({
			credentials: { url: fixture.url, apiToken: fixture.token },
			parameters: parameters({ output: 'perUserAndApp' }),
		});

		expect(result.error).toBeUndefined();
		const admin = result.json.filter((item) => item.userId === ids.admin);
		expect(admin).toHaveLength(1);
		expect(admin[0].appId).toBeNull();
		expect(admin[0].appLabel).toBeNull();
		expect(admin[0].lastSignIn).toBeNull();
		expect(admin[0].noSignInSince).toBe((admin[0].window as IDataObject).since);
	});
});
