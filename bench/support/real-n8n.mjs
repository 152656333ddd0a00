/**
 * A real n8n for the benchmark: the packed package installed as a community package, the
 * credentials and workflows imported with n8n's CLI, and each workflow run by `n8n execute`
 * under a time cap while the process's peak memory is sampled. Built on the end-to-end
 * helpers in scripts/e2e.
 */

import { readFile } from 'node:fs/promises';

import { ensureN8n } from '../../scripts/n8n/install.mjs';
import { N8nHome } from '../../scripts/e2e/n8n-home.mjs';
import { findFreePort, startService, stopService } from '../../scripts/e2e/processes.mjs';
import { sandboxCredential } from '../../scripts/e2e/workflows.mjs';
import { N8N_VERSION } from '../settings.mjs';

/** @typedef {import('../../scripts/e2e/n8n-home.mjs').WorkflowFile} WorkflowFile */

/** The id of the credential that n8n's built-in Okta node uses. */
const BUILTIN_CREDENTIAL_ID = 'benchBuiltinOkta1';

/** How often the n8n process's peak memory is read while it runs. */
const SAMPLE_INTERVAL_MS = 250;

/**
 * @typedef {{
 *   finished: boolean,
 *   exitCode: number|null,
 *   wallMs: number,
 *   peakRssMb: number|undefined,
 *   runData: Record<string, any>|undefined,
 *   error: string|undefined,
 * }} CappedExecution
 */

/**
 * Installs n8n (or reuses the cached install) and a fresh n8n home with the package.
 * @param {string} tarball
 * @param {(message: string) => void} log
 */
export async function prepareRealN8n(tarball, log) {
	const install = await ensureN8n(N8N_VERSION);
	const home = await N8nHome.create(install, tarball, { log });
	return home;
}

/**
 * Imports the credentials of both Okta nodes for a sandbox org.
 * @param {N8nHome} home
 * @param {{ url: string, token: string }} sandbox
 */
export async function importCredentials(home, sandbox) {
	await home.importCredentials([
		sandboxCredential(sandbox),
		{ id: BUILTIN_CREDENTIAL_ID, name: 'Okta (built-in node)', type: 'oktaApi', data: { url: sandbox.url, accessToken: sandbox.token } },
	]);
}

/**
 * Builds a workflow of a Manual Trigger followed by a chain of nodes.
 * @param {string} id 16 characters, as n8n's workflow ids are
 * @param {string} name
 * @param {Array<Record<string, unknown>>} chain the nodes after the trigger, in order, without id and position
 * @returns {WorkflowFile}
 */
export function manualWorkflow(id, name, chain) {
	/** @type {Array<Record<string, any>>} */
	const nodes = [{ id: `${id}-start`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }];
	/** @type {Record<string, unknown>} */
	const connections = {};
	chain.forEach((node, index) => {
		connections[nodes[index].name] = { main: [[{ node: String(node.name), type: 'main', index: 0 }]] };
		nodes.push({ id: `${id}-${index + 1}`, position: [220 * (index + 1), 0], ...node });
	});
	return { id, name, active: false, nodes, connections, settings: {} };
}

/**
 * Two nodes that report a node's output to the sandbox org's sink: a Code node that turns all
 * items into one digest, and an HTTP Request node that posts it. `n8n execute` prints the whole
 * run data through its logger and exits without waiting for it, so a large output arrives cut
 * short on standard output. The sink receives the digest whole.
 * @param {string} sandboxUrl
 * @param {string} digestSource a function expression's source that takes the items' JSON and returns the digest
 */
export function reportToSink(sandboxUrl, digestSource) {
	return [
		{
			name: 'Digest',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			parameters: { mode: 'runOnceForAllItems', language: 'javaScript', jsCode: `return [{ json: (${digestSource})($input.all().map((item) => item.json)) }];` },
		},
		{
			name: 'Report',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: { method: 'POST', url: `${sandboxUrl}/__sandbox/sink`, sendBody: true, specifyBody: 'json', jsonBody: '={{ JSON.stringify($json) }}', options: {} },
		},
	];
}

/**
 * Builds the package's action node with the credential that sandboxCredential imports.
 * @param {string} name
 * @param {Record<string, unknown>} parameters
 */
export function packageNode(name, parameters) {
	const credential = sandboxCredential({ url: '', token: '' });
	return {
		name,
		type: 'n8n-nodes-okta-lifecycle.oktaLifecycle',
		typeVersion: 1,
		parameters,
		credentials: { oktaLifecycleApi: { id: credential.id, name: credential.name } },
	};
}

/**
 * Builds n8n's built-in Okta node (n8n-nodes-base.okta).
 * @param {string} name
 * @param {Record<string, unknown>} parameters
 */
export function builtinOktaNode(name, parameters) {
	return {
		name,
		type: 'n8n-nodes-base.okta',
		typeVersion: 1,
		parameters,
		credentials: { oktaApi: { id: BUILTIN_CREDENTIAL_ID, name: 'Okta (built-in node)' } },
	};
}

/**
 * Reads the peak resident memory (VmHWM) of a Linux process, in MB; undefined once it is gone.
 * @param {number} pid
 */
async function readPeakRssMb(pid) {
	try {
		const status = await readFile(`/proc/${pid}/status`, 'utf8');
		const match = /^VmHWM:\s+(\d+) kB$/m.exec(status);
		return match ? Number(match[1]) / 1024 : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Runs `n8n execute` for a workflow and stops it after `capMs`. Returns the run data when n8n
 * finished and printed it, and the process's peak memory as last sampled.
 * @param {N8nHome} home
 * @param {string} workflowId
 * @param {{ capMs: number }} options
 * @returns {Promise<CappedExecution>}
 */
export async function executeCapped(home, workflowId, options) {
	const env = home.env({ N8N_RUNNERS_BROKER_PORT: String(await findFreePort()) });
	const started = performance.now();
	const service = startService(home.install.nodeBin, [home.install.n8nBin, 'execute', `--id=${workflowId}`, '--rawOutput'], { env });
	const pid = service.child.pid;
	// The run data is read from standard output alone, so log lines on standard error cannot split it.
	let stdout = '';
	service.child.stdout?.on('data', (/** @type {Buffer} */ chunk) => (stdout += chunk.toString('utf8')));

	/** @type {number|undefined} */
	let peakRssMb;
	const sampler = setInterval(async () => {
		if (pid === undefined) return;
		const sample = await readPeakRssMb(pid);
		if (sample !== undefined) peakRssMb = Math.max(peakRssMb ?? 0, sample);
	}, SAMPLE_INTERVAL_MS);

	// 'close' comes after the output streams end, so the printed run data is complete.
	const exited = new Promise((resolve) => service.child.once('close', resolve));
	/** @type {NodeJS.Timeout|undefined} */
	let capTimer;
	const capReached = new Promise((resolve) => {
		capTimer = setTimeout(() => resolve(true), options.capMs);
	});
	const capped = await Promise.race([exited.then(() => false), capReached]);
	clearTimeout(capTimer);
	if (capped) await stopService(service, 5_000);
	clearInterval(sampler);
	const wallMs = performance.now() - started;

	const exitCode = service.child.exitCode;
	if (capped) return { finished: false, exitCode, wallMs, peakRssMb, runData: undefined, error: undefined };

	// A failed run prints a short execution with its error; a long output may arrive cut short (see reportToSink).
	const jsonStart = stdout.search(/^\{/m);
	/** @type {any} */
	let execution;
	try {
		execution = jsonStart < 0 ? undefined : JSON.parse(stdout.slice(jsonStart));
	} catch {
		execution = undefined;
	}
	const failure = execution?.data?.resultData?.error;
	let error;
	if (failure) error = `${failure.message}${failure.description ? ` (${failure.description})` : ''}`;
	else if (exitCode !== 0) error = `n8n execute exited with ${exitCode}: ${service.tail(5)}`;
	return { finished: true, exitCode, wallMs, peakRssMb, runData: execution?.data?.resultData?.runData, error };
}
