/**
 * The credential and workflow files that the end-to-end tests, `npm start` and `npm run demo`
 * import into n8n.
 *
 * Workflow files in the repository are written against the sandbox org at its default address,
 * SANDBOX_DEFAULT_URL, and a credential with the id CREDENTIAL_ID. Loading one replaces that
 * address with the running sandbox's, so the same files work on any port.
 */

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import { REPOSITORY_ROOT } from './package-tarball.mjs';

/** The sandbox address that workflow files in the repository use. */
export const SANDBOX_DEFAULT_URL = 'http://127.0.0.1:4010';

/** The id and name that workflow files use for the Okta Lifecycle API credential. */
export const CREDENTIAL_ID = 'oktaSandboxCred1';
export const CREDENTIAL_NAME = 'Okta sandbox org';

export const EXAMPLES_FOLDER = path.join(REPOSITORY_ROOT, 'examples', 'workflows');
export const E2E_WORKFLOWS_FOLDER = path.join(REPOSITORY_ROOT, 'test', 'e2e', 'workflows');

/** @typedef {import('./n8n-home.mjs').WorkflowFile} WorkflowFile */
/** @typedef {import('./n8n-home.mjs').CredentialFile} CredentialFile */

/**
 * Builds the credential for a sandbox org, in the form `n8n import:credentials` reads.
 * @param {{ url: string, token: string }} sandbox
 * @param {{ id?: string, name?: string, apiToken?: string }} [overrides]
 * @returns {CredentialFile}
 */
export function sandboxCredential(sandbox, overrides = {}) {
	return {
		id: overrides.id ?? CREDENTIAL_ID,
		name: overrides.name ?? CREDENTIAL_NAME,
		type: 'oktaLifecycleApi',
		data: { url: sandbox.url, apiToken: overrides.apiToken ?? sandbox.token },
	};
}

/**
 * Reads a workflow file and points it at the running sandbox.
 * @param {string} file
 * @param {string} sandboxUrl
 * @returns {Promise<WorkflowFile>}
 */
export async function loadWorkflow(file, sandboxUrl) {
	const text = await readFile(file, 'utf8');
	const workflow = JSON.parse(text.replaceAll(SANDBOX_DEFAULT_URL, sandboxUrl));
	if (typeof workflow.id !== 'string' || !Array.isArray(workflow.nodes)) {
		throw new Error(`${file} is not a workflow file with an id and nodes`);
	}
	return workflow;
}

/**
 * Reads every workflow file of a folder, sorted by file name.
 * @param {string} folder
 * @param {string} sandboxUrl
 */
export async function loadWorkflowFolder(folder, sandboxUrl) {
	const files = (await readdir(folder)).filter((name) => name.endsWith('.json')).sort();
	return await Promise.all(files.map((name) => loadWorkflow(path.join(folder, name), sandboxUrl)));
}
