import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../sandbox/server';
import { oktaErrorDetails } from '../../nodes/transport/errors';
import { createTestClient, FakeClock, TOKEN_FOR_TESTS } from '../support/transport';

const NOW = Date.parse('2025-03-03T10:00:00.000Z');
const epochSeconds = (ms: number) => String(Math.floor(ms / 1000));

let sandbox: Sandbox;
let clock: FakeClock;

function rateLimited(resetAt: number, limit = '600') {
	return {
		method: 'GET',
		path: '/api/v1/users',
		status: 429,
		body: {
			errorCode: 'E0000047',
			errorSummary: 'Too many requests in the fixture.',
			errorLink: 'E0000047',
			errorId: 'oaeFixture429',
			errorCauses: [],
		},
		headers: { 'x-rate-limit-limit': limit, 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': epochSeconds(resetAt) },
	};
}

beforeEach(async () => {
	clock = new FakeClock(NOW);
	sandbox = await startSandbox({ empty: true, now: clock.now });
	TOKEN_FOR_TESTS.value = sandbox.token;
});

afterEach(async () => {
	await sandbox.close();
});

describe('429 responses', () => {
	test('retries once at the announced reset', async () => {
		sandbox.script(rateLimited(NOW + 30_000));
		const client = createTestClient({ origin: sandbox.url, now: clock.now, sleep: clock.sleep });

		const users = await client.collect({ path: '/api/v1/users' });

		expect(users).toHaveLength(1);
		expect(sandbox.requests).toHaveLength(2);
		expect(sandbox.requests[1].at).toBeGreaterThanOrEqual(NOW + 30_000);
		expect(sandbox.requests[1].at).toBeLessThanOrEqual(NOW + 33_000);
		expect(clock.sleeps).toEqual([31_000]);
	});

	test('honours each new reset', async () => {
		sandbox.script(rateLimited(NOW + 10_000), { ...rateLimited(NOW + 71_000) });
		const client = createTestClient({ origin: sandbox.url, now: clock.now, sleep: clock.sleep });

		await client.collect({ path: '/api/v1/users' });

		expect(sandbox.requests.map((request) => request.status)).toEqual([429, 429, 200]);
		expect(clock.sleeps).toEqual([11_000, 61_000]);
	});

	test('gives up with the endpoint, reset and error id', async () => {
		sandbox.script({ ...rateLimited(NOW + 20_000), times: 10 });
		const client = createTestClient({ origin: sandbox.url, now: clock.now, sleep: clock.sleep });

		const error = await client.collect({ path: '/api/v1/users' }).catch((caught: Error) => caught);

		expect(sandbox.requests).toHaveLength(5);
		expect(error).toBeInstanceOf(Error);
		expect((error as Error).message).toBe(
			'Okta returned 429 E0000047: Too many requests in the fixture. for GET /api/v1/users',
		);
		expect((error as { description?: string }).description).toContain('The rate limit resets at 2025-03-03T10:');
		expect((error as { description?: string }).description).toContain('oaeFixture429');
		expect(oktaErrorDetails(error)?.attempts).toBe(5);
	});

	test('a concurrency 429 retries after a short wait', async () => {
		sandbox.script({ ...rateLimited(NOW + 45_000, '0') });
		const client = createTestClient({ origin: sandbox.url, now: clock.now, sleep: clock.sleep });

		await client.collect({ path: '/api/v1/users' });

		expect(clock.sleeps).toEqual([2_000]);
		expect(sandbox.requests).toHaveLength(2);
	});

	test('missing rate-limit headers back off without NaN', async () => {
		sandbox.script({ ...rateLimited(NOW), headers: {} });
		sandbox.configure({ faults: { rateLimitHeaders: 'missing' } });
		const client = createTestClient({ origin: sandbox.url, now: clock.now, sleep: clock.sleep });

		await client.collect({ path: '/api/v1/users' });

		expect(clock.sleeps).toEqual([1_000]);
	});

	test('malformed rate-limit headers back off without NaN', async () => {
		sandbox.configure({ faults: { rateLimitHeaders: 'malformed' } });
		sandbox.script({ ...rateLimited(NOW), headers: {} });
		const client = createTestClient({ origin: sandbox.url, now: clock.now, sleep: clock.sleep });

		await client.collect({ path: '/api/v1/users' });

		expect(clock.sleeps).toEqual([1_000]);
		expect(clock.sleeps.every(Number.isFinite)).toBe(true);
	});
});

describe('threshold', () => {
	test('sends nothing while the budget is under the threshold', async () => {
		for (let index = 0; index < 1999; index++) {
			sandbox.org.addUser({ profile: { login: `u${index}@example.com`, email: `u${index}@example.com`, firstName: 'U', lastName: 'X' } });
		}
		sandbox.configure({ rateLimits: { limits: { users: 600 }, tokenShare: 1 } });
		// The window starts with 535 of its 600 requests spent by other clients of the org.
		sandbox.rateLimiter.windows.set('users', { windowStart: NOW, used: 535 });
		const client = createTestClient({ origin: sandbox.url, now: clock.now, sleep: clock.sleep });

		const users = await client.collect({ path: '/api/v1/users', query: { limit: 200 } });

		expect(users).toHaveLength(2000);
		expect(sandbox.requests).toHaveLength(10);
		for (let index = 1; index < sandbox.requests.length; index++) {
			const previous = sandbox.requests[index - 1].responseHeaders;
			const remaining = Number(previous['x-rate-limit-remaining']);
			const resetAt = Number(previous['x-rate-limit-reset']) * 1000;
			expect(remaining >= 60 || sandbox.requests[index].at >= resetAt).toBe(true);
		}
		expect(sandbox.requests.filter((request) => request.status === 429)).toHaveLength(0);
		expect(clock.sleeps).toHaveLength(1);
	});

	test('duplicated headers keep the threshold working', async () => {
		for (let index = 0; index < 399; index++) {
			sandbox.org.addUser({ profile: { login: `u${index}@example.com`, email: `u${index}@example.com`, firstName: 'U', lastName: 'X' } });
		}
		sandbox.configure({ faults: { rateLimitHeaders: 'duplicated' }, rateLimits: { limits: { users: 600 }, tokenShare: 1 } });
		sandbox.rateLimiter.windows.set('users', { windowStart: NOW, used: 545 });
		const client = createTestClient({ origin: sandbox.url, now: clock.now, sleep: clock.sleep });

		await client.collect({ path: '/api/v1/users', query: { limit: 200 } });

		expect(clock.sleeps).toEqual([61_000]);
	});
});

describe('concurrency', () => {
	test('bounded parallel work finishes under a concurrency limit', async () => {
		const ids: string[] = [];
		for (let index = 0; index < 300; index++) {
			ids.push(sandbox.org.addUser({ profile: { login: `u${index}@example.com`, email: `u${index}@example.com`, firstName: 'U', lastName: 'X' } }).id);
		}
		sandbox.configure({ latencyMs: 5, rateLimits: { concurrency: 3, limits: { other: 100_000 } } });
		// Real time: the concurrency limit depends on requests really overlapping.
		const client = createTestClient({ origin: sandbox.url, maxConcurrency: 5 });

		const groups = await client.mapConcurrent(ids, async (id) => await client.collect({ path: `/api/v1/users/${id}/groups` }));

		expect(groups).toHaveLength(300);
		expect(Math.max(...sandbox.requests.map((request) => request.inFlight))).toBeLessThanOrEqual(5);
		const concurrency429s = sandbox.requests.filter((request) => request.status === 429);
		expect(concurrency429s.length).toBeGreaterThan(0);
		expect(concurrency429s.every((request) => request.responseHeaders['x-rate-limit-limit'] === '0')).toBe(true);
	});

	test('default concurrency is small', async () => {
		const ids: string[] = [];
		for (let index = 0; index < 40; index++) {
			ids.push(sandbox.org.addUser({ profile: { login: `u${index}@example.com`, email: `u${index}@example.com`, firstName: 'U', lastName: 'X' } }).id);
		}
		sandbox.configure({ latencyMs: 5 });
		const client = createTestClient({ origin: sandbox.url });

		await client.mapConcurrent(ids, async (id) => await client.collect({ path: `/api/v1/users/${id}/groups` }));

		expect(Math.max(...sandbox.requests.map((request) => request.inFlight))).toBe(4);
	});
});
