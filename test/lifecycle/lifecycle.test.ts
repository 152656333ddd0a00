import type { INodeParameters } from 'n8n-workflow';

import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../sandbox/server';
import { runNode } from '../support/harness';

let sandbox: Sandbox;

beforeEach(async () => {
	sandbox = await startSandbox({ empty: true });
});

afterEach(async () => {
	expect(sandbox.requestsTo('DELETE', /^\/api\/v1\/users\/[^/]+$/)).toHaveLength(0);
	await sandbox.close();
});

function addUser(login: string, status: string) {
	return sandbox.org.addUser({ profile: { login, email: login, firstName: 'Test', lastName: 'User' }, status });
}

function byLogin(login: string) {
	return { __rl: true, mode: 'login', value: login };
}

async function run(operation: string, user: INodeParameters[string], extra: INodeParameters = {}, continueOnFail = false) {
	return await runNode({
		credentials: { url: sandbox.url, apiToken: sandbox.token },
		parameters: { resource: 'user', operation, user, ...extra },
		continueOnFail,
	});
}

function mutations() {
	return sandbox.requests.filter((request) => request.method !== 'GET');
}

describe('suspend', () => {
	test('suspends an active user', async () => {
		const jane = addUser('jane.roe@example.com', 'ACTIVE');

		const result = await run('suspend', byLogin('jane.roe@example.com'));

		expect(result.error).toBeUndefined();
		expect(result.json).toEqual([
			{
				id: jane.id,
				login: 'jane.roe@example.com',
				operation: 'suspend',
				previousStatus: 'ACTIVE',
				status: 'SUSPENDED',
				transitioningToStatus: null,
				alreadyInState: false,
				inProgress: false,
			},
		]);
		expect(sandbox.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
			'GET /api/v1/users/jane.roe%40example.com',
			`POST /api/v1/users/${jane.id}/lifecycle/suspend`,
			`GET /api/v1/users/${jane.id}`,
		]);
	});

	test('a second run sends no change', async () => {
		addUser('jane.roe@example.com', 'SUSPENDED');

		const result = await run('suspend', byLogin('jane.roe@example.com'));

		expect(result.json[0].alreadyInState).toBe(true);
		expect(mutations()).toHaveLength(0);
	});

	test('a never-activated user is refused without a request', async () => {
		const sam = addUser('sam+qa@example.com', 'PROVISIONED');

		const result = await run('suspend', byLogin('sam+qa@example.com'));

		expect(result.error?.message).toBe('Cannot suspend user sam+qa@example.com: the user\'s status is PROVISIONED');
		expect(result.error?.description).toContain('use Deactivate instead');
		expect(mutations()).toHaveLength(0);
		expect(sandbox.org.users.get(sam.id)?.status).toBe('PROVISIONED');
	});

	test('bulk run continues past one failure', async () => {
		const first = addUser('first@example.com', 'ACTIVE');
		addUser('sam+qa@example.com', 'PROVISIONED');
		const third = addUser('third@example.com', 'ACTIVE');

		const result = await runNode({
			credentials: { url: sandbox.url, apiToken: sandbox.token },
			parameters: { resource: 'user', operation: 'suspend', user: { __rl: true, mode: 'login', value: '={{ $json.login }}' } },
			input: [{ login: 'first@example.com' }, { login: 'sam+qa@example.com' }, { login: 'third@example.com' }],
			continueOnFail: true,
		});

		expect(result.json.map((item) => item.error ?? item.status)).toEqual([
			'SUSPENDED',
			"Cannot suspend user sam+qa@example.com: the user's status is PROVISIONED",
			'SUSPENDED',
		]);
		expect(result.json[1]).toMatchObject({ userId: expect.any(String), status: 'PROVISIONED', operation: 'suspend', user: 'sam+qa@example.com' });
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(sandbox.org.users.get(first.id)?.status).toBe('SUSPENDED');
		expect(sandbox.org.users.get(third.id)?.status).toBe('SUSPENDED');
		expect(mutations()).toHaveLength(2);
	});

	test('a deactivated user cannot be suspended', async () => {
		addUser('kim.diaz@example.com', 'DEPROVISIONED');

		const result = await run('suspend', byLogin('kim.diaz@example.com'));

		expect(result.error?.message).toBe("Cannot suspend user kim.diaz@example.com: the user's status is DEPROVISIONED");
		expect(result.error?.description).toContain('use Activate');
		expect(mutations()).toHaveLength(0);
	});
});

describe('unsuspend', () => {
	test('unsuspends a suspended user', async () => {
		addUser('jane.roe@example.com', 'SUSPENDED');

		const result = await run('unsuspend', byLogin('jane.roe@example.com'));

		expect(result.json[0]).toMatchObject({ previousStatus: 'SUSPENDED', status: 'ACTIVE', alreadyInState: false });
	});

	test('an active user is already unsuspended', async () => {
		addUser('jane.roe@example.com', 'ACTIVE');

		const result = await run('unsuspend', byLogin('jane.roe@example.com'));

		expect(result.json[0]).toMatchObject({ status: 'ACTIVE', alreadyInState: true });
		expect(mutations()).toHaveLength(0);
	});
});

describe('deactivate', () => {
	test('deactivates through the lifecycle endpoint', async () => {
		const jane = addUser('jane.roe@example.com', 'ACTIVE');

		const result = await run('deactivate', byLogin('jane.roe@example.com'));

		expect(result.json[0]).toMatchObject({ previousStatus: 'ACTIVE', status: 'DEPROVISIONED', alreadyInState: false, inProgress: false });
		expect(mutations().map((request) => `${request.method} ${request.path}?${request.rawQuery}`)).toEqual([
			`POST /api/v1/users/${jane.id}/lifecycle/deactivate?sendEmail=false`,
		]);
	});

	test('a deactivated user is already deactivated', async () => {
		addUser('kim.diaz@example.com', 'DEPROVISIONED');

		const result = await run('deactivate', byLogin('kim.diaz@example.com'));

		expect(result.json[0]).toMatchObject({ status: 'DEPROVISIONED', alreadyInState: true });
		expect(mutations()).toHaveLength(0);
	});

	test('running twice deactivates once', async () => {
		addUser('jane.roe@example.com', 'ACTIVE');

		await run('deactivate', byLogin('jane.roe@example.com'));
		const second = await run('deactivate', byLogin('jane.roe@example.com'));

		expect(second.json[0].alreadyInState).toBe(true);
		expect(mutations()).toHaveLength(1);
	});

	test('a 404 from a finished deactivation is success', async () => {
		const kim = addUser('kim.diaz@example.com', 'DEPROVISIONED');
		// The first read still shows the user active, as if another admin deactivated the user just now.
		const staleView = { ...sandbox.org.userView(kim, sandbox.url), status: 'ACTIVE' };
		sandbox.script({ method: 'GET', path: '/api/v1/users/kim.diaz%40example.com', status: 200, body: staleView });

		const result = await run('deactivate', byLogin('kim.diaz@example.com'));

		expect(result.error).toBeUndefined();
		expect(result.json[0]).toMatchObject({ status: 'DEPROVISIONED', alreadyInState: true });
		expect(sandbox.requests.map((request) => `${request.method} ${request.status}`)).toEqual(['GET 200', 'POST 404', 'GET 200']);
	});

	test('waits for an asynchronous deactivation', async () => {
		addUser('jane.roe@example.com', 'ACTIVE');
		sandbox.configure({ behaviour: { deactivateTransitionReads: 2 } });

		const result = await run('deactivate', byLogin('jane.roe@example.com'));

		expect(result.json[0]).toMatchObject({ status: 'DEPROVISIONED', transitioningToStatus: null, inProgress: false });
		expect(sandbox.requestsTo('GET')).toHaveLength(4);
	});

	test('reports an unfinished deactivation as in progress', async () => {
		addUser('jane.roe@example.com', 'ACTIVE');
		sandbox.configure({ behaviour: { deactivateTransitionReads: 5 } });

		const result = await run('deactivate', byLogin('jane.roe@example.com'), { waitSeconds: 0 });

		expect(result.json[0]).toMatchObject({ status: 'ACTIVE', transitioningToStatus: 'DEPROVISIONED', inProgress: true, alreadyInState: false });
	});

	test('a missing user is an error', async () => {
		const result = await run('deactivate', byLogin('nobody@example.com'));

		expect(result.error?.message).toBe('No Okta user has the ID or login "nobody@example.com"');
		expect(mutations()).toHaveLength(0);
	});

	test.each(['.', '..', '   '])('refuses the identifier "%s" before any request', async (value) => {
		const result = await run('deactivate', { __rl: true, mode: 'id', value });

		expect(result.error).toBeDefined();
		expect(sandbox.requests).toHaveLength(0);
	});
});

describe('activate', () => {
	test('re-enables a deactivated user with activate, not reactivate', async () => {
		const kim = addUser('kim.diaz@example.com', 'DEPROVISIONED');

		const result = await run('activate', byLogin('kim.diaz@example.com'), { sendEmail: false });

		expect(result.json[0]).toMatchObject({ previousStatus: 'DEPROVISIONED', status: 'ACTIVE', alreadyInState: false });
		expect(mutations().map((request) => `${request.method} ${request.path}?${request.rawQuery}`)).toEqual([
			`POST /api/v1/users/${kim.id}/lifecycle/activate?sendEmail=false`,
		]);
	});

	test('activates a staged user and sends the email by default', async () => {
		const staged = addUser('new.hire@example.com', 'STAGED');

		const result = await run('activate', byLogin('new.hire@example.com'));

		expect(result.json[0]).toMatchObject({ previousStatus: 'STAGED', status: 'PROVISIONED' });
		expect(mutations()[0].rawQuery).toBe('sendEmail=true');
		expect(sandbox.org.users.get(staged.id)?.status).toBe('PROVISIONED');
	});

	test('an active user is already active', async () => {
		addUser('jane.roe@example.com', 'ACTIVE');

		const result = await run('activate', byLogin('jane.roe@example.com'));

		expect(result.json[0].alreadyInState).toBe(true);
		expect(mutations()).toHaveLength(0);
	});
});

describe('clear sessions', () => {
	test('clears by id and reports what was revoked', async () => {
		const jane = addUser('jane.roe@example.com', 'ACTIVE');

		const result = await run('clearSessions', byLogin('jane.roe@example.com'), { options: { oauthTokens: true } });

		expect(result.json[0]).toMatchObject({
			id: jane.id,
			sessionsCleared: true,
			oauthTokensRevoked: true,
			devicesForgotten: true,
		});
		expect(mutations().map((request) => `${request.method} ${request.path}?${request.rawQuery}`)).toEqual([
			`DELETE /api/v1/users/${jane.id}/sessions?oauthTokens=true&forgetDevices=true`,
		]);
		expect(sandbox.org.sessionClears).toHaveLength(1);
	});

	test('keeps tokens by default', async () => {
		addUser('jane.roe@example.com', 'ACTIVE');

		const result = await run('clearSessions', byLogin('jane.roe@example.com'));

		expect(result.json[0].oauthTokensRevoked).toBe(false);
		expect(mutations()[0].rawQuery).toBe('oauthTokens=false&forgetDevices=true');
	});
});
