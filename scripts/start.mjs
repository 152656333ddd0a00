// Starts the sandbox org and prints how to reach it, so the package can be tried without an Okta org.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { startSandbox } = require('../sandbox/index.js');

const port = Number(process.env.OKTA_SANDBOX_PORT ?? 4010);
const sandbox = await startSandbox({ port, seed: 1 });

process.stdout.write(
	[
		'Sandbox Okta org is running.',
		`  Org URL:   ${sandbox.url}`,
		`  API token: ${sandbox.token}`,
		`  Users: ${sandbox.org.users.size}, groups: ${sandbox.org.groups.size}, apps: ${sandbox.org.apps.size}, System Log events: ${sandbox.org.events.length}`,
		'Use these in an "Okta Lifecycle API" credential. Press Ctrl+C to stop.',
		'',
	].join('\n'),
);

const stop = async () => {
	await sandbox.close();
	process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
