/**
 * Builds this package and packs it the way `npm publish` would, so n8n loads exactly the files a
 * user downloads from the registry.
 */

import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { envWithoutNpmConfig } from '../n8n/install.mjs';
import { runCommand } from './processes.mjs';

export const REPOSITORY_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The package name; n8n names its node types `<package name>.<node name>`. */
export const PACKAGE_NAME = 'n8n-nodes-okta-lifecycle';

/**
 * Runs `npm run build`, then `npm pack` into `destination`, checks that the tarball contains every
 * file listed in package.json's `n8n` section, and returns the tarball's absolute path.
 * @param {string} destination
 * @param {{ build?: boolean }} [options] build: false packs the current dist folder as it is
 */
export async function buildAndPack(destination, options = {}) {
	const env = envWithoutNpmConfig();

	if (options.build !== false) {
		const build = await runCommand('npm', ['run', 'build'], { cwd: REPOSITORY_ROOT, env, timeoutMs: 300_000 });
		if (build.code !== 0) {
			throw new Error(`npm run build failed with exit code ${build.code}:\n${(build.stdout + build.stderr).trim().split('\n').slice(-40).join('\n')}`);
		}
	}

	const pack = await runCommand('npm', ['pack', '--json', '--pack-destination', destination], { cwd: REPOSITORY_ROOT, env, timeoutMs: 120_000 });
	if (pack.code !== 0) throw new Error(`npm pack failed with exit code ${pack.code}:\n${pack.stderr.trim()}`);
	const [{ filename }] = /** @type {Array<{ filename: string }>} */ (JSON.parse(pack.stdout));
	const tarball = path.join(destination, filename);

	await checkTarball(tarball);
	return tarball;
}

/**
 * Throws when a file that package.json's `n8n` section names is missing from the tarball, which
 * would make n8n skip the node with only a log line.
 * @param {string} tarball
 */
async function checkTarball(tarball) {
	const manifest = JSON.parse(await readFile(path.join(REPOSITORY_ROOT, 'package.json'), 'utf8'));
	/** @type {string[]} */
	const declared = [...(manifest.n8n?.credentials ?? []), ...(manifest.n8n?.nodes ?? [])];
	const { stdout } = await promisify(execFile)('tar', ['-tzf', tarball], { maxBuffer: 16 * 1024 * 1024 });
	const packed = new Set(stdout.split('\n').map((line) => line.replace(/^package\//, '')));

	const missing = declared.filter((file) => !packed.has(file));
	if (missing.length > 0) {
		throw new Error(
			`The packed package lacks ${missing.join(', ')}, which package.json's n8n section lists. ` +
				'Check that npm run build compiles them (is the source file there?) and that "files" in package.json includes dist.',
		);
	}
}
