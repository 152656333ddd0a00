/**
 * What every end-to-end test file needs before it starts: the n8n versions to run, their
 * installs, and the packed package. scripts/e2e/run.mjs prepares these once and passes them
 * on in the environment; a test file run on its own prepares them itself.
 *
 * OKTA_E2E_N8N_VERSIONS  comma-separated exact n8n versions (default: DEFAULT_N8N_VERSIONS)
 * OKTA_E2E_TARBALL       the packed package; unset, the test file builds and packs it
 */

import { DEFAULT_N8N_VERSIONS, ensureN8n } from '../n8n/install.mjs';
import { buildAndPack } from './package-tarball.mjs';
import { makeTemporaryFolder } from './processes.mjs';

const STARTED = performance.now();

/** Returns the n8n versions to test, in the order given. */
export function e2eVersions() {
	const listed = (process.env.OKTA_E2E_N8N_VERSIONS ?? '')
		.split(',')
		.map((version) => version.trim())
		.filter(Boolean);
	return listed.length > 0 ? listed : DEFAULT_N8N_VERSIONS;
}

/** @type {Promise<string>|undefined} */
let tarballPromise;

/** Returns the packed package from OKTA_E2E_TARBALL, or builds and packs it once per process. */
export function packedTarball() {
	const fromRunner = process.env.OKTA_E2E_TARBALL;
	if (fromRunner) return Promise.resolve(fromRunner);
	tarballPromise ??= makeTemporaryFolder('okta-lifecycle-pack-').then((folder) => buildAndPack(folder));
	return tarballPromise;
}

/**
 * Returns the n8n install of `version`, installing it on first use (minutes, with progress lines).
 * @param {string} version
 */
export async function n8nInstall(version) {
	return await ensureN8n(version);
}

/**
 * Returns a function that prints progress lines with the minutes and seconds since this process started.
 * @param {string} label
 */
export function createLog(label) {
	return (/** @type {string} */ message) => {
		const seconds = Math.round((performance.now() - STARTED) / 1000);
		const clock = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
		process.stdout.write(`[${label} ${clock}] ${message}\n`);
	};
}
