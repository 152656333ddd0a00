#!/usr/bin/env node
/**
 * Runs the end-to-end tests. It installs the n8n versions under test (cached after the first run)
 * and builds and packs this package once. Then it runs every test/e2e/*.test.mjs file side by
 * side, each in its own process, and prints the wall time of each phase.
 *
 * Usage: node scripts/e2e/run.mjs [TEST_FILE ...]
 * OKTA_E2E_N8N_VERSIONS selects the n8n versions (comma-separated, default 2.40.7,1.123.81).
 */

import { readdir } from 'node:fs/promises';
import path from 'node:path';

import { ensureN8n } from '../n8n/install.mjs';
import { e2eVersions } from './context.mjs';
import { buildAndPack, REPOSITORY_ROOT } from './package-tarball.mjs';
import { makeTemporaryFolder, secondsSince, startService } from './processes.mjs';

const TEST_FOLDER = path.join(REPOSITORY_ROOT, 'test', 'e2e');

/** @param {string} message */
function log(message) {
	process.stdout.write(`[e2e] ${message}\n`);
}

/**
 * @param {string[]} args
 * @returns {Promise<string[]>}
 */
async function testFiles(args) {
	if (args.length > 0) return args.map((file) => path.resolve(file));
	const names = (await readdir(TEST_FOLDER)).filter((name) => name.endsWith('.test.mjs')).sort();
	return names.map((name) => path.join(TEST_FOLDER, name));
}

/**
 * Runs one test file in its own Node process with the spec reporter, its lines prefixed with the
 * file's name, and resolves with its exit code and wall time.
 * @param {string} file
 * @param {NodeJS.ProcessEnv} env
 */
async function runTestFile(file, env) {
	const started = performance.now();
	const label = path.basename(file, '.test.mjs');
	let pending = '';
	const print = (/** @type {string} */ text) => {
		pending += text;
		const lines = pending.split('\n');
		pending = lines.pop() ?? '';
		for (const line of lines) process.stdout.write(`${label} | ${line}\n`);
	};

	const service = startService(process.execPath, ['--test-reporter=spec', file], { cwd: REPOSITORY_ROOT, env, onOutput: print });
	/** @type {number|null} */
	const code = await new Promise((resolve) => service.child.once('close', (exitCode) => resolve(exitCode)));
	if (pending) process.stdout.write(`${label} | ${pending}\n`);
	return { label, code, seconds: secondsSince(started) };
}

async function main() {
	const runStarted = performance.now();
	const versions = e2eVersions();
	/** @type {Array<[string, number]>} */
	const phases = [];

	log(`n8n versions: ${versions.join(', ')}`);
	let started = performance.now();
	for (const version of versions) {
		log(`making sure n8n ${version} is installed (a first install takes several minutes; later runs reuse the cache)`);
		await ensureN8n(version);
	}
	phases.push(['install or reuse n8n', secondsSince(started)]);

	started = performance.now();
	log('building and packing the package');
	const tarball = await buildAndPack(await makeTemporaryFolder('okta-lifecycle-pack-'));
	phases.push(['build and pack', secondsSince(started)]);
	log(`packed ${path.basename(tarball)}`);

	const files = await testFiles(process.argv.slice(2));
	const env = { ...process.env, OKTA_E2E_TARBALL: tarball, OKTA_E2E_N8N_VERSIONS: versions.join(',') };
	started = performance.now();
	const results = await Promise.all(files.map((file) => runTestFile(file, env)));
	phases.push(['test files (side by side)', secondsSince(started)]);

	log('wall times:');
	for (const [phase, seconds] of phases) log(`  ${phase}: ${seconds} s`);
	for (const result of results) log(`  ${result.label}: ${result.seconds} s, ${result.code === 0 ? 'passed' : `failed (exit code ${result.code})`}`);
	log(`  total: ${secondsSince(runStarted)} s`);

	const failed = results.filter((result) => result.code !== 0);
	if (failed.length > 0) {
		log(`FAILED: ${failed.map((result) => result.label).join(', ')}`);
		process.exitCode = 1;
	}
}

main().catch((error) => {
	process.stderr.write(`[e2e] ${error instanceof Error ? error.stack : String(error)}\n`);
	process.exitCode = 1;
});
