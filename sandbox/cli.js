#!/usr/bin/env node
'use strict';
/**
 * Runs the sandbox org on its own: `node sandbox/cli.js [--port 4010] [--host 127.0.0.1] [--seed 1]
 * [--users 200] [--token TOKEN] [--latency-ms 0]`. Prints one JSON line with the URL and token
 * when it is ready, then serves until stopped.
 */
const { parseArgs } = require('node:util');
const { startSandbox } = require('./server');

async function main() {
	const { values } = parseArgs({
		options: {
			port: { type: 'string', default: process.env.OKTA_SANDBOX_PORT ?? '4010' },
			host: { type: 'string', default: '127.0.0.1' },
			seed: { type: 'string', default: '1' },
			users: { type: 'string' },
			token: { type: 'string' },
			'latency-ms': { type: 'string', default: '0' },
		},
	});

	const sandbox = await startSandbox({
		host: values.host,
		port: Number(values.port),
		seed: Number(values.seed),
		token: values.token,
		size: values.users ? { users: Number(values.users) } : undefined,
		latencyMs: Number(values['latency-ms']),
	});
	process.stdout.write(`${JSON.stringify({ url: sandbox.url, token: sandbox.token, users: sandbox.org.users.size })}\n`);

	const stop = async () => {
		await sandbox.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error) => {
	process.stderr.write(`The sandbox org failed to start: ${error.message}\n`);
	process.exit(1);
});
