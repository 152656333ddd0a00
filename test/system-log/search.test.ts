import { DateTime } from 'luxon';
import { getGlobalState, setGlobalState } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../sandbox/server';
import { runNode } from '../support/harness';

const DAY_MS = 24 * 60 * 60 * 1000;
const OKTA_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const RATE_LIMITS = { limits: { logs: 100_000 } };

let sandbox: Sandbox;
let locked: ReturnType<Sandbox['org']['buildEvent']>;

beforeAll(async () => {
	sandbox = await startSandbox({ seed: 11, rateLimits: RATE_LIMITS, faults: { strictLogTimestamps: true } });

	// One event of a type the seeded log never has, with a known shape.
	const org = sandbox.org;
	const admin = org.users.get(org.adminId)!;
	const person = [...org.users.values()].find((user) => user.status === 'ACTIVE' && user.id !== admin.id)!;
	const published = Date.now() - 2 * DAY_MS - 123;
	locked = org.buildEvent('user.account.lock', {
		actor: org.userTarget(person),
		targets: [org.userTarget(person)],
		outcome: 'FAILURE',
		reason: 'LOCKED_OUT',
		message: 'Max sign in attempts exceeded',
		published,
		ipAddress: '203.0.113.7',
	});
	org.storeEvent(locked, published);
});

afterAll(async () => {
	await sandbox.close();
});

beforeEach(() => {
	sandbox.clearRequests();
});

const credentials = () => ({ url: sandbox.url, apiToken: sandbox.token });

function parameters(extra: IDataObject = {}) {
	return { resource: 'systemLog', operation: 'search', ...extra };
}

function logRequests() {
	return sandbox.requestsTo('GET', '/api/v1/logs');
}

/** Lists the sandbox's events published inside a window, optionally only of some types. */
function eventsBetween(since: number, until: number, types?: string[]) {
	return sandbox.org.events
		.map((stored) => stored.event)
		.filter((event) => {
			const published = Date.parse(event.published);
			return published >= since && published < until && (types === undefined || types.includes(event.eventType));
		});
}

describe('search', () => {
	test('searches the last seven days', async () => {
		const result = await runNode({ credentials: credentials(), parameters: parameters() });

		expect(result.error).toBeUndefined();
		expect(logRequests()).toHaveLength(1);
		const query = logRequests()[0].query;
		expect(query.since).toMatch(OKTA_TIME);
		expect(query.until).toMatch(OKTA_TIME);
		expect(Date.parse(query.until) - Date.parse(query.since)).toBe(7 * DAY_MS);
		expect(Math.abs(Date.parse(query.until) - Date.now())).toBeLessThan(60_000);
		expect(query.sortOrder).toBe('DESCENDING');
		expect(query.limit).toBe('50');
		expect(query).not.toHaveProperty('filter');
		expect(query).not.toHaveProperty('q');
		expect(result.json).toHaveLength(50);
	});

	test('returns every page with Return All', async () => {
		const until = Date.now();
		const since = until - 60 * DAY_MS;
		const result = await runNode({
			credentials: credentials(),
			parameters: parameters({
				since: new Date(since).toISOString(),
				until: new Date(until).toISOString(),
				returnAll: true,
				filters: { eventTypes: ['user.session.start'] },
			}),
		});

		expect(result.error).toBeUndefined();
		const matching = eventsBetween(since, until, ['user.session.start']);
		const pages = logRequests();
		expect(matching.length).toBeGreaterThan(2000);
		expect(pages).toHaveLength(Math.ceil(matching.length / 1000));
		expect(pages[0].query.limit).toBe('1000');
		expect(pages.slice(1).every((page) => page.rawQuery.includes('after='))).toBe(true);
		expect(result.json).toHaveLength(matching.length);
		expect(new Set(result.json.map((item) => item.eventId)).size).toBe(matching.length);
	});

	test('stops at the limit across pages', async () => {
		const result = await runNode({
			credentials: credentials(),
			parameters: parameters({ since: new Date(Date.now() - 60 * DAY_MS).toISOString(), limit: 1500 }),
		});

		expect(result.error).toBeUndefined();
		expect(result.json).toHaveLength(1500);
		expect(logRequests()).toHaveLength(2);
		expect(logRequests()[0].query.limit).toBe('1000');
	});

	test('combines event types and filter', async () => {
		const result = await runNode({
			credentials: credentials(),
			parameters: parameters({
				returnAll: true,
				filters: {
					eventTypes: ['user.session.start', ' user.authentication.sso '],
					filter: 'outcome.result eq "FAILURE"',
				},
			}),
		});

		expect(result.error).toBeUndefined();
		expect(logRequests()[0].query.filter).toBe(
			'(eventType eq "user.session.start" or eventType eq "user.authentication.sso") and (outcome.result eq "FAILURE")',
		);
		expect(logRequests()[0].rawQuery).toContain(
			'filter=(eventType%20eq%20%22user.session.start%22%20or%20eventType%20eq%20%22user.authentication.sso%22)%20and%20(outcome.result%20eq%20%22FAILURE%22)',
		);
		expect(result.json.length).toBeGreaterThan(0);
		expect(result.json.every((item) => (item.outcome as { result: string }).result === 'FAILURE')).toBe(true);
		expect(result.json.every((item) => ['user.session.start', 'user.authentication.sso'].includes(String(item.eventType)))).toBe(true);
	});

	test('sends keywords as q', async () => {
		const result = await runNode({ credentials: credentials(), parameters: parameters({ filters: { keyword: ' 203.0.113.7   EXCEEDED ' } }) });

		expect(result.error).toBeUndefined();
		expect(logRequests()[0].query.q).toBe('203.0.113.7 EXCEEDED');
		expect(result.json.map((item) => item.eventId)).toEqual([locked.uuid]);
	});

	test('simplifies events', async () => {
		const result = await runNode({ credentials: credentials(), parameters: parameters({ filters: { eventTypes: ['user.account.lock'] } }) });

		expect(result.error).toBeUndefined();
		const identity = { id: locked.actor.id, type: 'User', alternateId: locked.actor.alternateId, displayName: locked.actor.displayName };
		expect(result.json).toEqual([
			{
				eventId: locked.uuid,
				eventType: 'user.account.lock',
				published: locked.published,
				user: { id: locked.actor.id, login: locked.actor.alternateId, displayName: locked.actor.displayName },
				app: null,
				group: null,
				actor: identity,
				outcome: { result: 'FAILURE', reason: 'LOCKED_OUT' },
				clientIp: '203.0.113.7',
				message: 'Max sign in attempts exceeded',
				targets: [identity],
			},
		]);
	});

	test("returns Okta's event without Simplify", async () => {
		const result = await runNode({
			credentials: credentials(),
			parameters: parameters({ simplify: false, filters: { eventTypes: ['user.account.lock'] } }),
		});

		expect(result.error).toBeUndefined();
		expect(result.json).toEqual([JSON.parse(JSON.stringify(locked))]);
	});

	test('sorts ascending on request', async () => {
		const result = await runNode({ credentials: credentials(), parameters: parameters({ limit: 20, options: { sortOrder: 'ASCENDING' } }) });

		expect(result.error).toBeUndefined();
		expect(logRequests()[0].query.sortOrder).toBe('ASCENDING');
		const times = result.json.map((item) => Date.parse(String(item.published)));
		expect(times).toEqual([...times].sort((left, right) => left - right));
	});
});

describe('search, time zones', () => {
	const original = getGlobalState().defaultTimezone;

	afterEach(() => {
		setGlobalState({ defaultTimezone: original });
	});

	test.each(['America/Chicago', 'Asia/Kolkata'])('reads picker times in %s', async (zone) => {
		setGlobalState({ defaultTimezone: zone });
		const published = Date.parse(locked.published);
		const local = (ms: number) => DateTime.fromMillis(ms, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS");

		const result = await runNode({
			credentials: credentials(),
			parameters: parameters({ since: local(published - 30_000), until: local(published + 30_000), returnAll: true }),
		});

		expect(result.error).toBeUndefined();
		const query = logRequests()[0].query;
		expect(query.since).toBe(new Date(published - 30_000).toISOString());
		expect(query.until).toBe(new Date(published + 30_000).toISOString());
		expect(result.json.find((item) => item.eventId === locked.uuid)?.published).toBe(locked.published);
	});

	test('keeps an explicit offset', async () => {
		setGlobalState({ defaultTimezone: 'America/Chicago' });
		const published = Date.parse(locked.published);
		const since = DateTime.fromMillis(published - 60_000, { zone: 'Asia/Kolkata' }).toISO();

		const result = await runNode({ credentials: credentials(), parameters: parameters({ since, until: locked.published }) });

		expect(result.error).toBeUndefined();
		expect(logRequests()[0].query.since).toBe(new Date(published - 60_000).toISOString());
		expect(logRequests()[0].query.until).toBe(locked.published);
	});
});

describe('search, retention', () => {
	test('starts a search at the retention limit', async () => {
		const before = Date.now();
		const result = await runNode({
			credentials: credentials(),
			parameters: parameters({ since: new Date(before - 120 * DAY_MS).toISOString(), limit: 5 }),
		});
		const after = Date.now();

		expect(result.error).toBeUndefined();
		const since = Date.parse(logRequests()[0].query.since);
		expect(since).toBeGreaterThanOrEqual(before - 90 * DAY_MS);
		expect(since).toBeLessThanOrEqual(after - 90 * DAY_MS);
		expect(result.hints).toHaveLength(1);
		expect(result.hints[0].message).toContain("is before Okta's 90-day System Log retention, so events before");
		expect(result.hints[0].message).toContain(logRequests()[0].query.since);
		expect(result.json).toHaveLength(5);
	});

	test('adds no notice inside retention', async () => {
		const result = await runNode({ credentials: credentials(), parameters: parameters({ limit: 1 }) });

		expect(result.error).toBeUndefined();
		expect(result.hints).toEqual([]);
	});

	test('rejects a since beyond 180 days', async () => {
		const result = await runNode({
			credentials: credentials(),
			parameters: parameters({ since: new Date(Date.now() - 200 * DAY_MS).toISOString() }),
		});

		expect(result.error?.message).toMatch(/^Since \(.+\) is more than 180 days ago, which Okta rejects$/);
		expect(result.error?.description).toContain('Set Since within the last 90 days');
		expect(sandbox.requests).toHaveLength(0);
	});

	test('rejects a period before retention', async () => {
		const result = await runNode({
			credentials: credentials(),
			parameters: parameters({
				since: new Date(Date.now() - 120 * DAY_MS).toISOString(),
				until: new Date(Date.now() - 100 * DAY_MS).toISOString(),
			}),
		});

		expect(result.error?.message).toMatch(/^The whole period ends before .+, so its events are no longer available$/);
		expect(sandbox.requests).toHaveLength(0);
	});
});

describe('search, input checks', () => {
	test.each([
		['since after until', { since: '2026-01-02T00:00:00Z', until: '2026-01-01T00:00:00Z' }, /^Since \(2026-01-02T00:00:00.000Z\) is after Until/],
		['an invalid since', { since: 'yesterday' }, /^Since "yesterday" is not a valid date and time$/],
		['eleven keywords', { filters: { keyword: 'a b c d e f g h i j k' } }, /^Keyword has 11 keywords, but Okta accepts at most 10$/],
		['a long keyword', { filters: { keyword: 'x'.repeat(41) } }, /^Keyword "x{41}" has 41 characters, but Okta accepts at most 40$/],
		['an encoded filter', { filters: { filter: 'outcome.result%20eq%20%22FAILURE%22' } }, /^Filter looks URL-encoded$/],
		['a filter joined with +', { filters: { filter: 'outcome.result+eq+"FAILURE"' } }, /^Filter uses \+ between terms$/],
		['a quoted event type', { filters: { eventTypes: ['user.session.start" or eventType eq "x'] } }, /^Event Types contains ".+", which is not an event type name$/],
		['a zero limit', { limit: 0 }, /^Limit is 0, but it must be a whole number of at least 1$/],
	])('rejects %s before sending', async (_name, extra, message) => {
		const result = await runNode({ credentials: credentials(), parameters: parameters(extra as IDataObject) });

		expect(result.error?.message).toMatch(message);
		expect(sandbox.requests).toHaveLength(0);
	});
});
