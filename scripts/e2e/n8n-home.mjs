/**
 * One n8n user folder with this package installed as a community package, and the n8n CLI
 * commands the end-to-end runs need: import credentials and workflows, activate a workflow,
 * execute one, and start the server.
 */

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { findFreePort, makeTemporaryFolder, removeTemporaryFolder, runCommand, secondsSince } from './processes.mjs';
import { N8nServer } from './n8n-server.mjs';

/** @typedef {import('../n8n/install.mjs').N8nInstall} N8nInstall */

/**
 * Settings that keep n8n on this machine: no telemetry, version checks, templates, banners,
 * licence renewal, verified-package list or AI features, and no personalization survey. The
 * last one makes n8n restrict its settings file to its owner instead of warning about it.
 */
export const OFFLINE_ENV = {
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
	N8N_TEMPLATES_ENABLED: 'false',
	N8N_PERSONALIZATION_ENABLED: 'false',
	N8N_DYNAMIC_BANNERS_ENABLED: 'false',
	N8N_HIRING_BANNER_ENABLED: 'false',
	N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
	N8N_VERIFIED_PACKAGES_ENABLED: 'false',
	N8N_AI_ENABLED: 'false',
	N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
};

/**
 * @typedef {{ id: string, name: string, type: string, data: Record<string, unknown> }} CredentialFile
 * @typedef {{ id: string, name: string, nodes: Array<Record<string, any>>, connections: Record<string, unknown>, [key: string]: unknown }} WorkflowFile
 * @typedef {{ json: Record<string, any>, pairedItem?: unknown }} ExecutionItem
 */

export class N8nHome {
	/**
	 * @param {N8nInstall} install
	 * @param {string} folder the N8N_USER_FOLDER; n8n keeps its data in `<folder>/.n8n`
	 * @param {(message: string) => void} log
	 */
	constructor(install, folder, log) {
		this.install = install;
		this.folder = folder;
		this.log = log;
		this.isVersion1 = install.version.startsWith('1.');
	}

	/**
	 * Makes a fresh user folder and installs the packed package into `.n8n/nodes`, as n8n's
	 * community-package installer does.
	 * @param {N8nInstall} install
	 * @param {string} tarball
	 * @param {{ log?: (message: string) => void, folder?: string }} [options] folder: use this folder instead of a temporary one
	 */
	static async create(install, tarball, options = {}) {
		const log = options.log ?? (() => {});
		const folder = options.folder ?? (await makeTemporaryFolder(`okta-lifecycle-n8n-${install.version}-`));
		const home = new N8nHome(install, folder, log);
		await home.installPackage(tarball);
		return home;
	}

	/** @param {string} tarball */
	async installPackage(tarball) {
		const started = performance.now();
		const nodesFolder = path.join(this.folder, '.n8n', 'nodes');
		await mkdir(nodesFolder, { recursive: true });

		// install.env has no npm_config_* variables, so an outer `npm run` cannot change these installs.
		for (const args of [['init', '-y'], ['install', '--legacy-peer-deps', '--no-audit', '--no-fund', tarball]]) {
			const result = await runCommand('npm', args, { cwd: nodesFolder, env: this.install.env, timeoutMs: 180_000 });
			if (result.code !== 0) {
				throw new Error(`npm ${args.join(' ')} failed in ${nodesFolder} with exit code ${result.code}:\n${result.stderr.trim()}`);
			}
		}
		this.log(`installed ${path.basename(tarball)} into ${nodesFolder} in ${secondsSince(started)} s`);
	}

	/**
	 * Builds the environment for an n8n process of this home.
	 * @param {Record<string, string>} [extra]
	 * @returns {NodeJS.ProcessEnv}
	 */
	env(extra = {}) {
		return {
			...this.install.env,
			...OFFLINE_ENV,
			// n8n 2.x refreshes a registry of MCP servers from api.n8n.io; n8n 1.x has no such module and rejects the name.
			...(this.isVersion1 ? {} : { N8N_DISABLED_MODULES: 'mcp-registry' }),
			N8N_USER_FOLDER: this.folder,
			N8N_LOG_LEVEL: 'info',
			...extra,
		};
	}

	/**
	 * Runs `n8n <args>` and returns its output; throws with the output's end when it fails.
	 * @param {string[]} args
	 * @param {{ timeoutMs?: number }} [options]
	 */
	async cli(args, options = {}) {
		// Every n8n process starts a task broker, on port 5679 by default, so parallel runs need a port each.
		const env = this.env({ N8N_RUNNERS_BROKER_PORT: String(await findFreePort()) });
		const result = await runCommand(this.install.nodeBin, [this.install.n8nBin, ...args], { env, timeoutMs: options.timeoutMs ?? 300_000 });
		this.log(`n8n ${this.install.version} ${args[0]} took ${result.seconds.toFixed(1)} s`);
		if (result.code !== 0) {
			const output = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-40).join('\n');
			throw new Error(`n8n ${args.join(' ')} (n8n ${this.install.version}) failed with exit code ${result.code}:\n${output}`);
		}
		return result;
	}

	/** @param {CredentialFile[]} credentials */
	async importCredentials(credentials) {
		const file = path.join(this.folder, 'credentials-to-import.json');
		await writeFile(file, JSON.stringify(credentials, null, 2));
		await this.cli(['import:credentials', `--input=${file}`]);
	}

	/** @param {WorkflowFile[]} workflows */
	async importWorkflows(workflows) {
		const file = path.join(this.folder, 'workflows-to-import.json');
		await writeFile(file, JSON.stringify(workflows, null, 2));
		await this.cli(['import:workflow', `--input=${file}`]);
	}

	/**
	 * Marks a workflow active, so `n8n start` activates it; n8n must not be running.
	 * n8n 2.x publishes the current version; 1.x sets the active flag.
	 * @param {string} workflowId
	 */
	async activateWorkflow(workflowId) {
		const args = this.isVersion1 ? ['update:workflow', `--id=${workflowId}`, '--active=true'] : ['publish:workflow', `--id=${workflowId}`];
		await this.cli(args);
	}

	/**
	 * Runs a workflow that starts with a Manual Trigger through `n8n execute` and returns n8n's
	 * run data. Throws with the failing node's error when the execution fails.
	 * @param {string} workflowId
	 */
	async execute(workflowId) {
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], { timeoutMs: 600_000 }).catch((error) => {
			throw new Error(`Workflow ${workflowId} failed in n8n ${this.install.version}: ${error.message}`);
		});
		return new ExecutionResult(parseExecutionOutput(result.stdout, workflowId), workflowId);
	}

	/**
	 * Starts `n8n start` on 127.0.0.1 and waits until its REST API is ready.
	 * @param {{ port?: number, extraEnv?: Record<string, string>, onOutput?: (text: string) => void }} [options]
	 */
	async start(options = {}) {
		return await N8nServer.start(this, options);
	}

	async remove() {
		await removeTemporaryFolder(this.folder);
	}
}

/**
 * Parses the JSON document that `n8n execute --rawOutput` prints after its log lines. The document
 * is indented, so it runs from a line that starts with "{" to the next line that is only "}".
 * n8n can print more log lines after it.
 * @param {string} stdout
 * @param {string} workflowId
 */
function parseExecutionOutput(stdout, workflowId) {
	const lines = stdout.split('\n');
	const first = lines.findIndex((line) => line.startsWith('{'));
	const last = lines.findIndex((line, index) => index > first && line.trimEnd() === '}');
	if (first < 0 || last < 0) throw new Error(`n8n execute --id=${workflowId} printed no result. Output:\n${stdout.slice(-3000)}`);
	return JSON.parse(lines.slice(first, last + 1).join('\n'));
}

/** A finished execution's run data, read by node name. */
export class ExecutionResult {
	/**
	 * @param {any} execution the object `n8n execute --rawOutput` prints
	 * @param {string} workflowId
	 */
	constructor(execution, workflowId) {
		this.execution = execution;
		this.workflowId = workflowId;
		/** @type {Record<string, any[]>} */
		this.runData = execution?.data?.resultData?.runData ?? {};

		const error = execution?.data?.resultData?.error;
		if (error) {
			const node = error.node?.name ? ` in node "${error.node.name}"` : '';
			throw new Error(`Workflow ${workflowId} failed${node}: ${error.message}${error.description ? ` (${error.description})` : ''}`);
		}
	}

	/** Lists the names of the nodes that ran, in the order n8n ran them. */
	nodesRun() {
		return Object.entries(this.runData)
			.sort(([, left], [, right]) => (left[0]?.executionIndex ?? 0) - (right[0]?.executionIndex ?? 0))
			.map(([name]) => name);
	}

	/**
	 * Returns the items a node output on its first run, from output `outputIndex`.
	 * @param {string} nodeName
	 * @param {number} [outputIndex]
	 * @returns {ExecutionItem[]}
	 */
	items(nodeName, outputIndex = 0) {
		const runs = this.runData[nodeName];
		if (!runs) throw new Error(`Node "${nodeName}" did not run in workflow ${this.workflowId}. Nodes that ran: ${this.nodesRun().join(', ')}`);
		const run = runs[0];
		if (run.error) throw new Error(`Node "${nodeName}" failed in workflow ${this.workflowId}: ${run.error.message}`);
		return run.data?.main?.[outputIndex] ?? [];
	}

	/**
	 * Returns the JSON of the items a node output.
	 * @param {string} nodeName
	 * @param {number} [outputIndex]
	 */
	json(nodeName, outputIndex = 0) {
		return this.items(nodeName, outputIndex).map((item) => item.json);
	}
}
