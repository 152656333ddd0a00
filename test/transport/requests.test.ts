import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../sandbox/server';
import { isOktaError, oktaErrorDetails } from '../../nodes/transport/errors';
import { apiPath, encodeQuery } from '../../nodes/transport/url';
import { createTestClient, FakeClock, recordingLogger, TOKEN_FOR_TESTS } from '../support/transport';

let sandbox: Sandbox;
let clock: FakeClock;

beforeEach(async () => {
	clock = new FakeClock(Date.parse('2025-03-03T10:00:00.000Z'));
	sandbox = await startSandbox({ empty: true, now: clock.now });
	TOKEN_FOR_TESTS.value = sandbox.token;
});

afterEach(async () => {
	await sandbox.close();
});

function client() {
	return createTestClient({ origin: sandbox.url, now: clock.now, sleep: clock.sleep });
}

function addJane() {
	return sandbox.org.addUser({ profile: { login: 'jane.roe@example.com', email: 'jane.roe@example.com', firstName: 'Jane', lastName: 'Roe' } });
}

describe('request encoding', () => {
	test('encodes each path value as one segment', () => {
		expect(apiPath`/api/v1/users/${'pat#ops@example.com'}/groups`).toBe('/api/v1/users/pat%23ops%40example.com/groups');
		expect(apiPath`/api/v1/users/${'dev/ops@example.com'}`).toBe('/api/v1/users/dev%2Fops%40example.com');
	});

	test.each(['', '   ', '.', '..'])('refuses the path value "%s"', (value) => {
		expect(() => apiPath`/api/v1/users/${value}`).toThrow('Refusing to build an Okta path');
	});

	test('encodes query values exactly once', () => {
		expect(encodeQuery({ search: 'profile.login eq "sam+qa@example.com"', limit: 200, skip: undefined })).toBe(
			'?search=profile.login%20eq%20%22sam%2Bqa%40example.com%22&limit=200',
		);
	});

	test('sends a plus sign that Okta reads back', async () => {
		sandbox.org.addUser({ profile: { login: 'sam+qa@example.com', email: 'sam+qa@example.com', firstName: 'Sam', lastName: 'Lee' } });

		const users = await client().collect<{ profile: { login: string } }>({
			path: '/api/v1/users',
			query: { search: 'profile.login eq "sam+qa@example.com"' },
		});

		expect(users.map((user) => user.profile.login)).toEqual(['sam+qa@example.com']);
		expect(sandbox.requests[0].rawQuery).toBe('search=profile.login%20eq%20%22sam%2Bqa%40example.com%22');
	});
});

describe('responses', () => {
	test('an empty 200 body is success', async () => {
		const jane = addJane();

		const response = await client().request({ method: 'POST', path: apiPath`/api/v1/users/${jane.id}/lifecycle/suspend` });

		expect(response.status).toBe(200);
		expect(response.body).toBeUndefined();
		expect(sandbox.org.users.get(jane.id)?.status).toBe('SUSPENDED');
	});

	test('a 204 is success', async () => {
		const jane = addJane();

		const response = await client().request({ method: 'DELETE', path: apiPath`/api/v1/users/${jane.id}/sessions`, query: { oauthTokens: true } });

		expect(response.status).toBe(204);
		expect(response.body).toBeUndefined();
	});

	test('an empty object is success', async () => {
		sandbox.script({ method: 'POST', path: '/api/v1/apps/0oaWIKI/lifecycle/deactivate', status: 200, body: {} });

		const response = await client().request({ method: 'POST', path: '/api/v1/apps/0oaWIKI/lifecycle/deactivate' });

		expect(response.body).toEqual({});
	});

	test('a body-less POST sends Content-Length 0', async () => {
		const jane = addJane();

		await client().request({ method: 'POST', path: apiPath`/api/v1/users/${jane.id}/lifecycle/suspend` });

		expect(sandbox.requests[0].headers['content-length']).toBe('0');
		expect(sandbox.requests[0].headers['transfer-encoding']).toBeUndefined();
	});

	test('sends a User-Agent naming the package', async () => {
		await client().request({ path: '/api/v1/users/me' });

		expect(sandbox.requests[0].headers['user-agent']).toBe('n8n-nodes-okta-lifecycle/test');
	});

	test('an HTML page names the host and status', async () => {
		sandbox.script({ method: 'GET', path: '/api/v1/users', status: 200, html: true });

		await expect(client().collect({ path: '/api/v1/users' })).rejects.toThrow(
			`${new URL(sandbox.url).host} answered GET /api/v1/users with status 200 and a HTML page instead of JSON. Check the org URL in the credential`,
		);
	});

	test('a redirect is not followed', async () => {
		sandbox.script({ method: 'GET', path: '/api/v1/users', status: 302, headers: { location: 'https://login.example.net/' } });

		await expect(client().collect({ path: '/api/v1/users' })).rejects.toThrow(/redirected GET \/api\/v1\/users to https:\/\/login.example.net\//);
		expect(sandbox.requests).toHaveLength(1);
	});
});

describe('errors', () => {
	test('keep Okta code, summary, causes and id', async () => {
		sandbox.script({
			method: 'POST',
			path: '/api/v1/users',
			status: 400,
			body: {
				errorCode: 'E0000001',
				errorSummary: 'Fixture validation failed',
				errorLink: 'E0000001',
				errorId: 'oaeFixture400',
				errorCauses: [{ errorSummary: 'login: already taken in the fixture' }],
			},
		});

		const error = await client()
			.request({ method: 'POST', path: '/api/v1/users', body: { profile: {} } })
			.catch((caught: Error) => caught);

		expect(isOktaError(error, 400, ['E0000001'])).toBe(true);
		expect(oktaErrorDetails(error)).toMatchObject({
			status: 400,
			method: 'POST',
			path: '/api/v1/users',
			errorCode: 'E0000001',
			errorSummary: 'Fixture validation failed',
			errorCauses: ['login: already taken in the fixture'],
			errorId: 'oaeFixture400',
		});
		expect((error as Error).message).toBe('Okta returned 400 E0000001: Fixture validation failed for POST /api/v1/users');
		expect((error as { httpCode?: string }).httpCode).toBe('400');
		expect((error as { description?: string }).description).toContain('Causes: login: already taken in the fixture');
	});

	test('a 404 carries the not-found hint', async () => {
		const error = await client()
			.request({ path: '/api/v1/users/00uMISSING' })
			.catch((caught: Error) => caught);

		expect(isOktaError(error, 404, ['E0000007'])).toBe(true);
		expect((error as { description?: string }).description).toContain('Okta has no such object');
	});

	test('a 403 carries the permission hint', async () => {
		sandbox.script({ method: 'GET', path: '/api/v1/users', status: 403, body: { errorCode: 'E0000006', errorSummary: 'Denied in the fixture', errorCauses: [] } });

		const error = await client().collect({ path: '/api/v1/users' }).catch((caught: Error) => caught);

		expect((error as { description?: string }).description).toContain("lacks a permission");
	});

	test('400 is not retried', async () => {
		sandbox.script({ method: 'GET', path: '/api/v1/users', status: 400, body: { errorCode: 'E0000031', errorSummary: 'Bad search', errorCauses: [] } });

		await expect(client().collect({ path: '/api/v1/users' })).rejects.toThrow(/400 E0000031/);
		expect(sandbox.requests).toHaveLength(1);
	});

	test('GET retries a server error', async () => {
		sandbox.script({ method: 'GET', path: '/api/v1/users', status: 503, body: { errorCode: 'E0000009', errorSummary: 'Busy', errorCauses: [] } });

		const users = await client().collect({ path: '/api/v1/users' });

		expect(users).toHaveLength(1);
		expect(sandbox.requests.map((request) => request.status)).toEqual([503, 200]);
		expect(sandbox.requests[1].headers['x-okta-retry-count']).toBe('1');
	});

	test('POST does not retry a server error', async () => {
		sandbox.script({ method: 'POST', path: '/api/v1/users', status: 500, body: { errorCode: 'E0000009', errorSummary: 'Busy', errorCauses: [] } });

		await expect(client().request({ method: 'POST', path: '/api/v1/users', body: { profile: {} } })).rejects.toThrow(/500 E0000009/);
		expect(sandbox.requests).toHaveLength(1);
	});

	test('GET retries a reset connection', async () => {
		sandbox.script({ method: 'GET', path: '/api/v1/users', drop: true });

		const users = await client().collect({ path: '/api/v1/users' });

		expect(users).toHaveLength(1);
		expect(sandbox.requests).toHaveLength(2);
	});

	test('DELETE does not retry a reset connection', async () => {
		const jane = addJane();
		sandbox.script({ method: 'DELETE', path: /sessions/, drop: true });

		await expect(client().request({ method: 'DELETE', path: apiPath`/api/v1/users/${jane.id}/sessions` })).rejects.toThrow(
			/Could not reach .* for DELETE .*sessions \(ECONNRESET\) after 1 attempt\./,
		);
		expect(sandbox.requests).toHaveLength(1);
	});

	test('refuses a URL outside the org', async () => {
		await expect(client().requestUrl('https://evil.example.net/api/v1/users', { method: 'GET' })).rejects.toThrow(
			/Refusing to send a request outside the org's origin/,
		);
		expect(sandbox.requests).toHaveLength(0);
	});

	test('retries are logged without secrets', async () => {
		const lines: string[] = [];
		sandbox.script({ method: 'GET', path: '/api/v1/users', status: 503, body: {} });
		const logged = createTestClient({ origin: sandbox.url, now: clock.now, sleep: clock.sleep, logger: recordingLogger(lines) });

		await logged.collect({ path: '/api/v1/users' });

		expect(lines).toEqual(['debug Okta GET /api/v1/users: server error 503; retrying in 1000 ms (attempt 2) ']);
		expect(lines.join('\n')).not.toContain(sandbox.token);
	});
});
