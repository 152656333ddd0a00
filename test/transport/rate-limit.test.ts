import { DEFAULT_RETRY_POLICY, decideRetry, MAX_SINGLE_WAIT_MS, readRateLimit } from '../../nodes/transport/rate-limit';
import { RateLimitBudget, rateLimitBucket } from '../../nodes/transport/rate-limit-budget';

const NOW = Date.parse('2025-03-03T10:00:00.000Z');
const dateHeader = new Date(NOW).toUTCString();
const epoch = (ms: number) => String(Math.floor(ms / 1000));

describe('rate-limit headers', () => {
	test('reads limit, remaining and reset', () => {
		const reading = readRateLimit(
			{ 'x-rate-limit-limit': '600', 'x-rate-limit-remaining': '58', 'x-rate-limit-reset': epoch(NOW + 30_000), date: dateHeader },
			NOW,
		);

		expect(reading).toEqual({ limit: 600, remaining: 58, resetInMs: 30_000 });
	});

	test('measures the reset against the server date', () => {
		const serverNow = NOW + 10_000;
		const reading = readRateLimit(
			{ 'x-rate-limit-reset': epoch(NOW + 30_000), date: new Date(serverNow).toUTCString() },
			NOW,
		);

		expect(reading.resetInMs).toBe(20_000);
	});

	test('missing headers give no reading', () => {
		expect(readRateLimit({}, NOW)).toEqual({});
	});

	test('duplicated headers use the most conservative values', () => {
		const reading = readRateLimit(
			{
				'x-rate-limit-limit': '600, 600',
				'x-rate-limit-remaining': ['70', '65'],
				'x-rate-limit-reset': `${epoch(NOW + 10_000)}, ${epoch(NOW + 20_000)}`,
				date: dateHeader,
			},
			NOW,
		);

		expect(reading).toEqual({ limit: 600, remaining: 65, resetInMs: 20_000 });
	});

	test('malformed values are ignored', () => {
		const reading = readRateLimit(
			{ 'x-rate-limit-limit': 'lots', 'x-rate-limit-remaining': '-5', 'x-rate-limit-reset': 'soon', date: 'yesterday' },
			NOW,
		);

		expect(reading).toEqual({});
	});

	test('a reset in the past waits zero', () => {
		expect(readRateLimit({ 'x-rate-limit-reset': epoch(NOW - 90_000), date: dateHeader }, NOW).resetInMs).toBe(0);
	});

	test('a reset far ahead is capped', () => {
		expect(readRateLimit({ 'x-rate-limit-reset': epoch(NOW + 86_400_000), date: dateHeader }, NOW).resetInMs).toBe(MAX_SINGLE_WAIT_MS);
	});
});

describe('retry decisions', () => {
	const base = { attempt: 0, waitedMs: 0, policy: DEFAULT_RETRY_POLICY };

	test('429 waits until the reset plus a margin', () => {
		const decision = decideRetry({ ...base, method: 'GET', status: 429, rateLimit: { limit: 600, remaining: 0, resetInMs: 30_000 } });

		expect(decision).toEqual({ retry: true, waitMs: 31_000, reason: 'rate limit' });
	});

	test('429 retries writes too', () => {
		const decision = decideRetry({ ...base, method: 'POST', status: 429, rateLimit: { limit: 600, remaining: 0, resetInMs: 5_000 } });

		expect(decision.retry).toBe(true);
	});

	test('429 with limit 0 is the concurrency limit and waits briefly', () => {
		const decision = decideRetry({ ...base, method: 'GET', status: 429, rateLimit: { limit: 0, remaining: 0, resetInMs: 60_000 } });

		expect(decision).toEqual({ retry: true, waitMs: 2_000, reason: 'concurrency limit' });
	});

	test('429 without a reset backs off', () => {
		const decision = decideRetry({ ...base, attempt: 2, method: 'GET', status: 429, rateLimit: {} });

		expect(decision).toEqual({ retry: true, waitMs: 4_000, reason: 'rate limit without a reset time' });
	});

	test.each([500, 502, 503, 504])('GET retries %i', (status) => {
		expect(decideRetry({ ...base, method: 'GET', status, rateLimit: {} }).retry).toBe(true);
	});

	test.each(['POST', 'PUT', 'DELETE'])('%s never retries a 5xx', (method) => {
		expect(decideRetry({ ...base, method, status: 503, rateLimit: {} }).retry).toBe(false);
	});

	test('GET retries a lost connection', () => {
		expect(decideRetry({ ...base, method: 'GET', status: undefined, rateLimit: {} })).toEqual({
			retry: true,
			waitMs: 1_000,
			reason: 'connection failed',
		});
	});

	test('DELETE never retries a lost connection', () => {
		expect(decideRetry({ ...base, method: 'DELETE', status: undefined, rateLimit: {} }).retry).toBe(false);
	});

	test.each([400, 401, 403, 404, 405, 409, 411])('never retries %i', (status) => {
		expect(decideRetry({ ...base, method: 'GET', status, rateLimit: {} }).retry).toBe(false);
	});

	test('gives up after the maximum attempts', () => {
		const decision = decideRetry({ ...base, attempt: DEFAULT_RETRY_POLICY.maxRetries, method: 'GET', status: 429, rateLimit: { resetInMs: 1_000 } });

		expect(decision.retry).toBe(false);
	});

	test('gives up when the total wait would be too long', () => {
		const decision = decideRetry({ ...base, waitedMs: 170_000, method: 'GET', status: 429, rateLimit: { limit: 600, resetInMs: 30_000 } });

		expect(decision.retry).toBe(false);
	});
});

describe('rate-limit budget', () => {
	test('holds requests under the threshold until the reset', () => {
		const budget = new RateLimitBudget(0.1);
		budget.record('users', { limit: 600, remaining: 59, resetInMs: 20_000 }, NOW);

		expect(budget.waitBeforeSend('users', NOW)).toBe(20_000);
		expect(budget.waitBeforeSend('users', NOW + 20_000)).toBe(0);
	});

	test('lets requests through above the threshold', () => {
		const budget = new RateLimitBudget(0.1);
		budget.record('users', { limit: 600, remaining: 60, resetInMs: 20_000 }, NOW);

		expect(budget.waitBeforeSend('users', NOW)).toBe(0);
	});

	test('counts requests in flight', () => {
		const budget = new RateLimitBudget(0.1);
		budget.record('users', { limit: 600, remaining: 60, resetInMs: 20_000 }, NOW);

		budget.reserve('users');

		expect(budget.waitBeforeSend('users', NOW)).toBe(20_000);
	});

	test('ignores the concurrency limit reading', () => {
		const budget = new RateLimitBudget(0.1);
		budget.record('users', { limit: 0, remaining: 0, resetInMs: 1_000 }, NOW);

		expect(budget.waitBeforeSend('users', NOW)).toBe(0);
	});

	test('keeps buckets apart', () => {
		const budget = new RateLimitBudget(0.1);
		budget.record('logs', { limit: 60, remaining: 1, resetInMs: 20_000 }, NOW);

		expect(budget.waitBeforeSend('users', NOW)).toBe(0);
	});
});

describe('rate-limit buckets', () => {
	test.each([
		['GET', '/api/v1/users', 'users'],
		['POST', '/api/v1/users', 'users'],
		['GET', '/api/v1/users/00u1', 'users/{id}'],
		['POST', '/api/v1/users/00u1', 'users/{id} write'],
		['GET', '/api/v1/users/00u1/groups', 'other'],
		['GET', '/api/v1/apps', 'apps'],
		['GET', '/api/v1/apps/0oa1', 'apps/{id}'],
		['GET', '/api/v1/apps/0oa1/users', 'apps'],
		['DELETE', '/api/v1/apps/0oa1/users/00u1', 'apps'],
		['GET', '/api/v1/groups', 'groups'],
		['GET', '/api/v1/groups/00g1', 'groups/{id}'],
		['GET', '/api/v1/groups/00g1/users', 'other'],
		['GET', '/api/v1/logs?since=x', 'logs'],
	])('%s %s counts against %s', (method, path, bucket) => {
		expect(rateLimitBucket(method, path)).toBe(bucket);
	});
});
