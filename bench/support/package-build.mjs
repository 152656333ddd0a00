/**
 * Builds and packs this package once per benchmark run, and unpacks the tarball, so every
 * contender runs the files a user installs, unaffected by later rebuilds of `dist/`.
 */

import { execFile } from 'node:child_process';
import { mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

import { buildAndPack } from '../../scripts/e2e/package-tarball.mjs';
import { makeTemporaryFolder } from '../../scripts/e2e/processes.mjs';
import { REPOSITORY_ROOT } from '../settings.mjs';

/**
 * Returns the tarball and the unpacked package's `dist` folder. The unpacked package resolves
 * its imports (n8n-workflow, luxon) from this repository's node_modules, through a link, so it
 * shares one n8n-workflow with the n8n-core that loads it.
 */
export async function buildPackage() {
	const folder = await makeTemporaryFolder('okta-lifecycle-bench-');
	const tarball = await buildAndPack(folder);

	const unpacked = path.join(folder, 'unpacked');
	await mkdir(unpacked);
	await promisify(execFile)('tar', ['-xzf', tarball, '-C', unpacked]);
	const packageDir = path.join(unpacked, 'package');
	await symlink(path.join(REPOSITORY_ROOT, 'node_modules'), path.join(packageDir, 'node_modules'), 'dir');

	return { tarball, distDir: path.join(packageDir, 'dist') };
}
