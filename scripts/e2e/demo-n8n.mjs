/**
 * The n8n that `npm start` and `npm run demo` run: a real n8n with this package freshly packed and
 * installed, the sandbox credential and the example workflows imported, and the failed sign-in
 * alert active.
 */

import { existsSync } from 'node:fs';
import path from 'node:path';

import { cacheRoot, ensureN8n } from '../n8n/install.mjs';
import { ACTIVE_LOGIN, recordFailedSignIn } from './demo-org.mjs';
import { N8nHome } from './n8n-home.mjs';
import { buildAndPack } from './package-tarball.mjs';
import { makeTemporaryFolder, secondsSince } from './processes.mjs';
import { EXAMPLES_FOLDER, loadWorkflowFolder, sandboxCredential } from './workflows.mjs';

/** The n8n version `npm start` and `npm run demo` run, unless OKTA_SANDBOX_N8N_VERSION names another. */
export const DEMO_N8N_VERSION = process.env.OKTA_SANDBOX_N8N_VERSION || '2.40.7';

export const LEAVER_WORKFLOW_ID = 'exampleLeaver001';
export const REPORT_WORKFLOW_ID = 'exampleReport001';
export const ALERT_WORKFLOW_ID = 'exampleAlert0001';

/** The owner account `npm start` creates; it exists only in the temporary n8n of one run. */
export const DEMO_OWNER = { email: 'demo@example.com', firstName: 'Demo', lastName: 'Owner', password: 'Okta-Sandbox-1' };

/**
 * Installs n8n on first use, packs this package, and prepares a fresh n8n user folder with the
 * credential and the example workflows. The alert workflow is marked active and a failed sign-in
 * is recorded, so the alert's first poll (which looks 15 minutes back) finds it.
 * @param {import('../../sandbox/server.js').Sandbox} sandbox
 * @param {(message: string) => void} log
 */
export async function prepareDemoN8n(sandbox, log) {
	let started = performance.now();
	const cached = existsSync(path.join(cacheRoot(), `n8n-${DEMO_N8N_VERSION}`, '.install-complete.json'));
	if (!cached) {
		log(`First run: installing n8n ${DEMO_N8N_VERSION} and Node 24 from the npm registry into ${cacheRoot()}.`);
		log('This takes about 5 to 8 minutes once; later runs reuse it.');
	}
	const install = await ensureN8n(DEMO_N8N_VERSION);
	if (!cached) log(`n8n ${DEMO_N8N_VERSION} installed in ${secondsSince(started)} s`);

	started = performance.now();
	log('Building and packing this package...');
	const tarball = await buildAndPack(await makeTemporaryFolder('okta-lifecycle-pack-'));
	log(`Packed ${path.basename(tarball)} in ${secondsSince(started)} s`);

	started = performance.now();
	log('Installing it into a fresh n8n user folder and importing the credential and example workflows...');
	const home = await N8nHome.create(install, tarball);
	await home.importCredentials([sandboxCredential(sandbox)]);
	await home.importWorkflows(await loadWorkflowFolder(EXAMPLES_FOLDER, sandbox.url));
	await home.activateWorkflow(ALERT_WORKFLOW_ID);
	recordFailedSignIn(sandbox, ACTIVE_LOGIN);
	log(`n8n user folder ready in ${secondsSince(started)} s`);
	return home;
}
