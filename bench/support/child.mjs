/**
 * Runs a contender in a child Node.js process, so its peak memory (maxRSS) is its own and not
 * the sandbox org's, which runs in the benchmark's process. The child receives its task as
 * JSON in BENCH_TASK and answers with one IPC message.
 */

import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Time a child may take beyond its own time cap before it is killed. */
const KILL_GRACE_MS = 60_000;

/**
 * Environment that n8n-core needs in a library process: a throwaway user folder (its first
 * node context writes a settings file there), a silent logger and no proxy for loopback.
 * @param {string} userFolder
 */
function childEnvironment(userFolder) {
	const env = { ...process.env };
	for (const name of Object.keys(env)) {
		if (name.toLowerCase().startsWith('npm_config_') || name.startsWith('OKTA_')) delete env[name];
	}
	env.N8N_USER_FOLDER = userFolder;
	env.N8N_LOG_LEVEL = 'silent';
	env.N8N_DIAGNOSTICS_ENABLED = 'false';
	delete env.N8N_SSRF_PROTECTION_ENABLED;
	env.NO_PROXY = ['127.0.0.1', 'localhost', process.env.NO_PROXY].filter(Boolean).join(',');
	env.no_proxy = env.NO_PROXY;
	return env;
}

/**
 * Runs `modulePath` with `task` and returns the message it sends back.
 * @template T
 * @param {string} modulePath
 * @param {unknown} task
 * @param {{ timeoutMs: number }} options
 * @returns {Promise<T>}
 */
export async function runChild(modulePath, task, options) {
	const userFolder = mkdtempSync(path.join(os.tmpdir(), 'okta-lifecycle-bench-'));
	const env = { ...childEnvironment(userFolder), BENCH_TASK: JSON.stringify(task) };
	const child = fork(modulePath, [], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });

	try {
		return await new Promise((resolve, reject) => {
			/** @type {T|undefined} */
			let answer;
			const timer = setTimeout(() => {
				child.kill('SIGKILL');
				reject(new Error(`${path.basename(modulePath)} did not finish within ${Math.round(options.timeoutMs / 1000)} s and was killed.`));
			}, options.timeoutMs + KILL_GRACE_MS);

			child.on('message', (message) => {
				answer = /** @type {T} */ (message);
			});
			child.on('error', reject);
			child.on('exit', (code, signal) => {
				clearTimeout(timer);
				if (answer !== undefined) resolve(answer);
				else reject(new Error(`${path.basename(modulePath)} exited with ${signal ?? `code ${code}`} before sending its result.`));
			});
		});
	} finally {
		rmSync(userFolder, { recursive: true, force: true });
	}
}

/**
 * Reads the task that runChild passed to this process.
 * @template T
 * @returns {T}
 */
export function readTask() {
	const text = process.env.BENCH_TASK;
	if (!text) throw new Error('This module is started by bench/run.mjs; BENCH_TASK is not set.');
	return JSON.parse(text);
}

/**
 * Sends the result to the parent with this process's peak memory, then exits.
 * @param {Record<string, unknown>} result
 */
export function sendResult(result) {
	const peakRssMb = process.resourceUsage().maxRSS / 1024;
	const send = process.send?.bind(process);
	if (!send) throw new Error('No IPC channel to the benchmark process.');
	send({ ...result, peakRssMb }, () => process.exit(0));
}
