import { Workflow } from 'n8n-workflow';
import type { INodeTypes } from 'n8n-workflow';

import { CREDENTIAL_TEST_BASE_URL } from '../../credentials/OktaLifecycleApi.credentials';
import { normalizeOrgUrl } from '../../nodes/transport/org-url';
import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../sandbox/server';
import { runNode } from '../support/harness';

let sandbox: Sandbox;
let jane: { id: string };

const getJane = { resource: 'user', operation: 'get', user: { __rl: true, mode: 'login', value: 'jane.roe@example.com' } };

beforeEach(async () => {
	sandbox = await startSandbox({ empty: true });
	jane = sandbox.org.addUser({ profile: { login: 'jane.roe@example.com', email: 'jane.roe@example.com', firstName: 'Jane', lastName: 'Roe' } });
});

afterEach(async () => {
	await sandbox.close();
});

describe('requests through n8n', () => {
	test('send the token as SSWS and read the user', async () => {
		const result = await runNode({ credentials: { url: sandbox.url, apiToken: sandbox.token }, parameters: getJane });

		expect(result.error).toBeUndefined();
		expect(result.json[0].id).toBe(jane.id);
		expect(sandbox.requests[0].path).toBe('/api/v1/users/jane.roe%40example.com');
		expect(sandbox.requests[0].headers['user-agent']).toMatch(/^n8n-nodes-okta-lifecycle\/\d+\.\d+\.\d+$/);
	});

	test('a wrong token gives the invalid token hint once', async () => {
		const wrongCredential = ['wrong', 'credential', 'ZmFrZQ'].join('-');

		const result = await runNode({ credentials: { url: sandbox.url, apiToken: wrongCredential }, parameters: getJane });

		expect(result.error?.message).toBe('Okta returned 401 E0000011: Invalid token provided for GET /api/v1/users/jane.roe%40example.com');
		expect(result.error?.description).toContain('The API token is invalid, revoked or expired');
		expect(result.error?.httpCode).toBe('401');
		expect(sandbox.requests).toHaveLength(1);
		expect(JSON.stringify(result.error)).not.toContain(wrongCredential);
		expect(String(result.error?.stack)).not.toContain(wrongCredential);
	});

	test('an invalid org URL fails before any request', async () => {
		const result = await runNode({ credentials: { url: `${sandbox.url}/app/UserHome`, apiToken: sandbox.token }, parameters: getJane });

		expect(result.error?.message).toBe(`The org URL "${sandbox.url}/app/UserHome" has a path (/app/UserHome). Enter only the org's address: ${sandbox.url}`);
		expect(sandbox.requests).toHaveLength(0);
	});

	test('the Admin Console URL fails with the org URL', async () => {
		const result = await runNode({ credentials: { url: 'https://acme-admin.okta.com', apiToken: sandbox.token }, parameters: getJane });

		expect(result.error?.message).toContain('enter https://acme.okta.com');
	});

	test('an HTML page names the host', async () => {
		sandbox.script({ method: 'GET', path: /users/, status: 200, html: true });

		const result = await runNode({ credentials: { url: sandbox.url, apiToken: sandbox.token }, parameters: getJane });

		expect(result.error?.message).toContain(`${new URL(sandbox.url).host} answered GET /api/v1/users/jane.roe%40example.com with status 200 and a HTML page instead of JSON`);
	});

	test('a reset connection is retried for a read', async () => {
		sandbox.script({ method: 'GET', path: /users/, drop: true });

		const result = await runNode({ credentials: { url: sandbox.url, apiToken: sandbox.token }, parameters: getJane });

		expect(result.error).toBeUndefined();
		expect(sandbox.requests).toHaveLength(2);
	});

	test('a connection that keeps failing leaks no token', async () => {
		const token = sandbox.token;
		sandbox.script({ method: 'GET', path: /users/, drop: true, times: 10 });

		const result = await runNode({ credentials: { url: sandbox.url, apiToken: token }, parameters: getJane });

		expect(result.error?.message).toMatch(/Could not reach .* \(ECONNRESET\) after 5 attempts/);
		expect(sandbox.requests).toHaveLength(5);
		expect(JSON.stringify(result.error)).not.toContain(token);
		expect(JSON.stringify(result.error?.context ?? {})).not.toContain(token);
		expect(String(result.error?.stack)).not.toContain(token);
	}, 40_000);
});

describe('credential test URL', () => {
	const workflow = new Workflow({ nodes: [], connections: {}, active: false, nodeTypes: {} as INodeTypes });

	function evaluate(url: string): unknown {
		return workflow.expression.getSimpleParameterValue(
			{ id: 'n', name: 'n', type: 'n', typeVersion: 1, position: [0, 0], parameters: {} },
			CREDENTIAL_TEST_BASE_URL,
			'internal',
			{ $credentials: { url, apiToken: 'x' } },
		);
	}

	test.each([
		'https://acme.okta.com',
		'  https://acme.okta-emea.com/ ',
		'https://acme.oktapreview.com/api/v1/',
		'https://login.example.com',
		'http://127.0.0.1:4010/api/v1',
	])('matches the node for %s', (url) => {
		expect(evaluate(url)).toBe(normalizeOrgUrl(url).origin);
	});

	test.each([
		'https://acme-admin.okta.com',
		'https://acme-admin.oktapreview.com/',
		'acme',
		'http://acme.okta.com',
		'http://127.0.0.1.example.com',
		'https://acme.okta.com/app/UserHome',
	])('sends nothing to %s, which the node rejects', (url) => {
		expect(normalizeOrgUrl(url).error).toBeDefined();
		expect(evaluate(url)).toBe('https://invalid-org-url.invalid');
	});
});
