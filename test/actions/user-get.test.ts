import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../sandbox/server';
import { runNode } from '../support/harness';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox({ seed: 7 });
});

afterAll(async () => {
	await sandbox.close();
});

test('gets a user by login', async () => {
	const jane = sandbox.org.addUser({ profile: { login: 'jane.roe@example.com', email: 'jane.roe@example.com', firstName: 'Jane', lastName: 'Roe' } });

	const result = await runNode({
		credentials: { url: sandbox.url, apiToken: sandbox.token },
		parameters: { resource: 'user', operation: 'get', user: { __rl: true, mode: 'login', value: 'jane.roe@example.com' } },
	});

	expect(result.error).toBeUndefined();
	expect(result.json).toHaveLength(1);
	expect(result.json[0].id).toBe(jane.id);
	expect(result.json[0].department).toBeNull();
});
