// `npm start`: the sandbox Okta org and a real n8n with this package, the credential and the
// example workflows, so the nodes can be tried without an Okta org. Ctrl+C stops both.
//
// OKTA_SANDBOX_PORT (default 4010) and OKTA_SANDBOX_N8N_PORT (default 5678) choose the ports;
// OKTA_SANDBOX_N8N_VERSION the n8n version (default 2.40.7).

import { DEMO_N8N_VERSION, DEMO_OWNER, prepareDemoN8n } from './e2e/demo-n8n.mjs';
import { startDemoSandbox } from './e2e/demo-org.mjs';

const sandboxPort = Number(process.env.OKTA_SANDBOX_PORT ?? 4010);
const n8nPort = Number(process.env.OKTA_SANDBOX_N8N_PORT ?? 5678);

const log = (/** @type {string} */ message) => process.stdout.write(`${message}\n`);

async function main() {
	log(`Starting the sandbox Okta org on port ${sandboxPort} and n8n ${DEMO_N8N_VERSION} on port ${n8nPort}.`);
	const sandbox = await startDemoSandbox({ port: sandboxPort }).catch((error) => {
		throw new Error(`The sandbox org could not listen on 127.0.0.1:${sandboxPort} (${error.message}). Set OKTA_SANDBOX_PORT to a free port.`);
	});

	const home = await prepareDemoN8n(sandbox, log);
	log('Starting n8n...');
	const server = await home.start({ port: n8nPort }).catch((error) => {
		throw new Error(`${error.message}\nIf port ${n8nPort} is taken, set OKTA_SANDBOX_N8N_PORT to a free port.`);
	});
	await server.setUpOwner(DEMO_OWNER);

	// Ctrl+C stops n8n gracefully (scripts/e2e/processes.mjs handles the signal); any other exit is a failure.
	let stopping = false;
	for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
		process.once(signal, () => {
			stopping = true;
			log('\nStopping n8n and the sandbox org...');
		});
	}
	server.service.child.once('exit', (code, signal) => {
		if (stopping) return;
		log(`n8n stopped unexpectedly (${signal ?? `exit code ${code}`}). Last output:\n${server.service.tail()}`);
		process.exit(1);
	});

	log(
		[
			'',
			'Ready.',
			`  n8n:          ${server.url}`,
			`                sign in as ${DEMO_OWNER.email} with password ${DEMO_OWNER.password}`,
			`  Sandbox org:  ${sandbox.url} (API token ${sandbox.token}, ${sandbox.org.users.size} users, ${sandbox.org.groups.size} groups, ${sandbox.org.apps.size} apps)`,
			'  Workflows:    "Okta: offboard a leaver" and "Okta: users inactive in an app for 30 days":',
			'                open one and click Execute Workflow.',
			'                "Okta: alert on failed sign-ins" is active and polls every minute;',
			`                its alerts are at ${sandbox.url}/__sandbox/sink`,
			'  n8n keeps its data in a temporary folder that is removed on stop; export workflows you want to keep.',
			'',
			'Press Ctrl+C to stop both.',
		].join('\n'),
	);
}

main().catch((error) => {
	process.stderr.write(`npm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
