/**
 * Child processes, ports and temporary folders for the end-to-end runs. Every service started
 * here runs in its own process group and is killed with that group when this process exits,
 * also after a failure or Ctrl+C, and every temporary folder made here is removed then.
 */

import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { get } from 'node:http';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** @typedef {import('node:child_process').ChildProcess} ChildProcess */

/** @type {Set<Service>} services still running, stopped by the exit hook */
const runningServices = new Set();

/** Temporary folders still present, removed by the exit hook. */
const temporaryFolders = new Set();

let exitHookInstalled = false;
let stopping = false;

/** Kills what is still running and removes the temporary folders. An 'exit' handler can only do synchronous work. */
function cleanUpSynchronously() {
	for (const service of runningServices) killGroup(service.child, 'SIGKILL');
	runningServices.clear();
	for (const folder of temporaryFolders) rmSync(folder, { recursive: true, force: true });
	temporaryFolders.clear();
}

/**
 * Stops every service with SIGTERM, as a user stopping n8n would, removes the temporary folders
 * and exits. A second signal while this runs kills everything at once.
 * @param {NodeJS.Signals} signal
 */
async function stopEverythingAndExit(signal) {
	const exitCode = 128 + (os.constants.signals[signal] ?? 0);
	if (stopping) {
		cleanUpSynchronously();
		process.exit(exitCode);
	}
	stopping = true;
	await Promise.all([...runningServices].map((service) => stopService(service, 10_000)));
	cleanUpSynchronously();
	process.exit(exitCode);
}

function installExitHook() {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.on('exit', cleanUpSynchronously);

	// Without these handlers a signal ends the process without running 'exit' handlers.
	for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
		process.on(signal, () => void stopEverythingAndExit(signal));
	}
}

/**
 * Sends `signal` to the child's whole process group, so helpers it started (n8n's task runner)
 * stop with it.
 * @param {ChildProcess} child
 * @param {NodeJS.Signals} signal
 */
function killGroup(child, signal) {
	if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
	killGroupId(child.pid, signal);
}

/**
 * @param {number} groupId the pid of the process that leads the group
 * @param {NodeJS.Signals} signal
 */
function killGroupId(groupId, signal) {
	try {
		process.kill(-groupId, signal);
	} catch {
		// The group is already gone.
	}
}

/**
 * Makes a temporary folder that is removed when this process exits, unless removed earlier.
 * @param {string} prefix
 */
export async function makeTemporaryFolder(prefix) {
	installExitHook();
	const folder = await mkdtemp(path.join(os.tmpdir(), prefix));
	temporaryFolders.add(folder);
	return folder;
}

/** @param {string} folder */
export async function removeTemporaryFolder(folder) {
	await rm(folder, { recursive: true, force: true });
	temporaryFolders.delete(folder);
}

/**
 * Starts a long-running service in its own process group, with its output collected in `output()`.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env: NodeJS.ProcessEnv, onOutput?: (text: string) => void }} options
 */
export function startService(command, args, options) {
	installExitHook();
	const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });

	let output = '';
	const collect = (/** @type {Buffer} */ chunk) => {
		const text = chunk.toString('utf8');
		output += text;
		options.onOutput?.(text);
	};
	child.stdout?.on('data', collect);
	child.stderr?.on('data', collect);

	const service = {
		child,
		output: () => output,
		/** The last `lineCount` lines of output, for error messages. */
		tail: (lineCount = 30) => output.trimEnd().split('\n').slice(-lineCount).join('\n'),
		exited: () => child.exitCode !== null || child.signalCode !== null,
	};
	runningServices.add(service);
	child.once('exit', () => runningServices.delete(service));
	return service;
}

/**
 * @typedef {{ child: ChildProcess, output: () => string, tail: (lineCount?: number) => string, exited: () => boolean }} Service
 */

/**
 * Stops a service with SIGTERM to its process group, then SIGKILL after `timeoutMs`.
 * @param {Service} service
 * @param {number} [timeoutMs]
 */
export async function stopService(service, timeoutMs = 20_000) {
	const { child } = service;
	if (service.exited()) return;

	const exited = new Promise((resolve) => child.once('exit', resolve));
	killGroup(child, 'SIGTERM');
	const timer = setTimeout(() => killGroup(child, 'SIGKILL'), timeoutMs);
	await exited;
	clearTimeout(timer);
	// The group may still hold helpers that outlived the main process.
	if (child.pid !== undefined) killGroupId(child.pid, 'SIGKILL');
}

/**
 * Runs a command to completion and returns its exit code and output.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env: NodeJS.ProcessEnv, timeoutMs?: number }} options
 * @returns {Promise<{ code: number|null, signal: NodeJS.Signals|null, stdout: string, stderr: string, seconds: number }>}
 */
export async function runCommand(command, args, options) {
	const started = performance.now();
	const service = startService(command, args, { cwd: options.cwd, env: options.env });
	let stdout = '';
	let stderr = '';
	service.child.stdout?.on('data', (/** @type {Buffer} */ chunk) => (stdout += chunk.toString('utf8')));
	service.child.stderr?.on('data', (/** @type {Buffer} */ chunk) => (stderr += chunk.toString('utf8')));

	const timeoutMs = options.timeoutMs ?? 300_000;
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		killGroup(service.child, 'SIGKILL');
	}, timeoutMs);

	/** @type {[number|null, NodeJS.Signals|null]} */
	const [code, signal] = await new Promise((resolve, reject) => {
		service.child.once('error', reject);
		service.child.once('close', (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
	});
	clearTimeout(timer);

	if (timedOut) {
		throw new Error(`\`${command} ${args.join(' ')}\` timed out after ${timeoutMs / 1000} s. Last output:\n${service.tail()}`);
	}
	return { code, signal, stdout, stderr, seconds: (performance.now() - started) / 1000 };
}

/** Returns a TCP port on 127.0.0.1 that was free a moment ago. */
export async function findFreePort() {
	const server = createServer();
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve(undefined));
	});
	const address = /** @type {import('node:net').AddressInfo} */ (server.address());
	await new Promise((resolve) => server.close(() => resolve(undefined)));
	return address.port;
}

/**
 * Returns the HTTP status of a GET, or undefined when the connection fails.
 * @param {string} url
 * @returns {Promise<number|undefined>}
 */
export function httpStatus(url) {
	return new Promise((resolve) => {
		const request = get(url, { timeout: 2_000 }, (response) => {
			response.resume();
			resolve(response.statusCode);
		});
		request.on('timeout', () => request.destroy());
		request.on('error', () => resolve(undefined));
	});
}

/**
 * Calls `check` every `intervalMs` until it returns a value other than undefined or false, and
 * returns that value. Throws after `timeoutMs` with `what` and `describe()` in the message.
 * @template T
 * @param {() => Promise<T|undefined|false> | T | undefined | false} check
 * @param {{ timeoutMs: number, intervalMs?: number, what: string, describe?: () => string }} options
 * @returns {Promise<T>}
 */
export async function waitFor(check, options) {
	const deadline = performance.now() + options.timeoutMs;
	for (;;) {
		const value = await check();
		if (value !== undefined && value !== false) return value;
		if (performance.now() > deadline) {
			const detail = options.describe ? `\n${options.describe()}` : '';
			throw new Error(`Timed out after ${options.timeoutMs / 1000} s waiting for ${options.what}.${detail}`);
		}
		await sleep(options.intervalMs ?? 500);
	}
}

/** @param {number} ms */
export function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Returns the seconds since `started` (a performance.now() value), rounded to 0.1 s.
 * @param {number} started
 */
export function secondsSince(started) {
	return Math.round((performance.now() - started) / 100) / 10;
}
