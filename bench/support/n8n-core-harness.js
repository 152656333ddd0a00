'use strict';
/**
 * Runs this package's built node classes through n8n-core's WorkflowExecute and PollContext,
 * with n8n's real HTTP helper, from plain JavaScript. It follows test/support/harness.ts, which
 * the tests load through ts-jest; the benchmarks load the packed `dist/` instead, so they
 * measure the files users install.
 */
const path = require('node:path');

const { ExecutionLifecycleHooks, PollContext, WorkflowExecute } = require('n8n-core');
const { ICredentialsHelper, isExpression, NodeHelpers, Workflow } = require('n8n-workflow');

/** @typedef {import('n8n-workflow').IDataObject} IDataObject */
/** @typedef {import('n8n-workflow').INode} INode */
/** @typedef {import('n8n-workflow').INodeType} INodeType */
/** @typedef {import('n8n-workflow').INodeExecutionData} INodeExecutionData */
/** @typedef {import('n8n-workflow').INodeParameters} INodeParameters */
/** @typedef {import('n8n-workflow').IHttpRequestOptions} IHttpRequestOptions */
/** @typedef {import('n8n-workflow').ICredentialType} ICredentialType */
/** @typedef {import('n8n-workflow').IWorkflowExecuteAdditionalData} IWorkflowExecuteAdditionalData */
/** @typedef {{ url: string, apiToken: string }} OktaCredentialData */

const ACTION_NODE_TYPE = 'n8n-nodes-okta-lifecycle.oktaLifecycle';
const TRIGGER_NODE_TYPE = 'n8n-nodes-okta-lifecycle.oktaLifecycleTrigger';
const INPUT_NODE_TYPE = 'n8n-nodes-okta-lifecycle.benchInput';

/**
 * Loads the package's credential type and node classes from a built `dist` folder.
 * @param {string} distDir
 */
function loadPackage(distDir) {
	const { OktaLifecycleApi } = require(path.join(distDir, 'credentials', 'OktaLifecycleApi.credentials.js'));
	const { OktaLifecycle } = require(path.join(distDir, 'nodes', 'OktaLifecycle', 'OktaLifecycle.node.js'));
	const { OktaLifecycleTrigger } = require(path.join(distDir, 'nodes', 'OktaLifecycleTrigger', 'OktaLifecycleTrigger.node.js'));
	return {
		credentialType: /** @type {ICredentialType} */ (new OktaLifecycleApi()),
		action: /** @type {INodeType} */ (new OktaLifecycle()),
		trigger: /** @type {INodeType} */ (new OktaLifecycleTrigger()),
	};
}

/** Applies the credential type's generic `authenticate` block the way n8n does in production. */
class BenchCredentialsHelper extends ICredentialsHelper {
	/**
	 * @param {OktaCredentialData} data
	 * @param {ICredentialType} credentialType
	 */
	constructor(data, credentialType) {
		super();
		this.data = data;
		this.credentialType = credentialType;
	}

	async getDecrypted() {
		return { ...this.data };
	}

	/**
	 * @param {import('n8n-workflow').ICredentialDataDecryptedObject} credentials
	 * @param {string} _typeName
	 * @param {IHttpRequestOptions | import('n8n-workflow').IRequestOptionsSimplified} requestOptions
	 * @param {import('n8n-workflow').Workflow} [workflow]
	 * @param {INode} [node]
	 * @returns {Promise<IHttpRequestOptions>}
	 */
	async authenticate(credentials, _typeName, requestOptions, workflow, node) {
		const options = /** @type {IHttpRequestOptions} */ (requestOptions);
		const authenticate = this.credentialType.authenticate;
		if (!authenticate || typeof authenticate === 'function' || authenticate.type !== 'generic') return options;

		const target = /** @type {Record<string, Record<string, unknown>>} */ (/** @type {unknown} */ (options));
		const sections = /** @type {Record<string, Record<string, string>>} */ (/** @type {unknown} */ (authenticate.properties));
		for (const [section, values] of Object.entries(sections)) {
			target[section] ??= {};
			for (const [key, value] of Object.entries(values)) {
				target[section][key] =
					isExpression(value) && workflow && node
						? workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '')
						: value;
			}
		}
		return options;
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	/** @returns {string[]} */
	getParentTypes() {
		return [];
	}

	isCredentialUsableByNode() {
		return true;
	}

	/** @returns {Promise<import('n8n-workflow').ICredentials>} */
	async getCredentials() {
		throw new Error('getCredentials is not used on this path');
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties() {
		return this.credentialType.properties;
	}
}

/** @typedef {import('n8n-workflow').INodeTypes} INodeTypes */

/** @implements {INodeTypes} */
class BenchNodeTypes {
	/** @param {Record<string, INodeType>} types */
	constructor(types) {
		this.types = types;
	}

	/** @param {string} name */
	getByName(name) {
		return this.types[name];
	}

	/**
	 * @param {string} name
	 * @param {number} [version]
	 */
	getByNameAndVersion(name, version) {
		return NodeHelpers.getVersionedNodeType(this.types[name], version);
	}

	getKnownTypes() {
		return {};
	}
}

/**
 * @param {OktaCredentialData} credentials
 * @param {ICredentialType} credentialType
 * @returns {IWorkflowExecuteAdditionalData}
 */
function additionalData(credentials, credentialType) {
	const base = 'http://localhost:5678';
	return /** @type {IWorkflowExecuteAdditionalData} */ (
		/** @type {unknown} */ ({
			credentialsHelper: new BenchCredentialsHelper(credentials, credentialType),
			executionId: 'bench-execution',
			currentNodeExecutionIndex: 0,
			variables: {},
			restApiUrl: `${base}/rest`,
			instanceBaseUrl: base,
			formBaseUrl: `${base}/form`,
			formWaitingBaseUrl: `${base}/form-waiting`,
			formTestBaseUrl: `${base}/form-test`,
			webhookBaseUrl: `${base}/webhook`,
			webhookWaitingBaseUrl: `${base}/webhook-waiting`,
			webhookTestBaseUrl: `${base}/webhook-test`,
			mcpBaseUrl: `${base}/mcp`,
			mcpTestBaseUrl: `${base}/mcp-test`,
		})
	);
}

/**
 * @param {string} type
 * @param {INodeParameters} parameters
 * @returns {INode}
 */
function buildNode(type, parameters) {
	return {
		id: 'node-under-test',
		name: 'Okta',
		type,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { oktaLifecycleApi: { id: '1', name: 'Okta sandbox' } },
	};
}

/**
 * Builds a node that outputs the given items, so the node under test receives real paired items.
 * @param {IDataObject[]} input
 * @returns {INodeType}
 */
function inputNode(input) {
	return /** @type {INodeType} */ (
		/** @type {unknown} */ ({
			description: {
				displayName: 'Bench Input',
				name: 'benchInput',
				group: ['trigger'],
				version: 1,
				description: 'Emits the benchmark input',
				defaults: { name: 'Input' },
				inputs: [],
				outputs: ['main'],
				properties: [],
			},
			async execute() {
				return [input.map((json) => ({ json }))];
			},
		})
	);
}

/**
 * Loads the package and n8n-core once, so a process can be measured idle before it works.
 * @param {string} distDir the built package's `dist` folder
 */
function createHarness(distDir) {
	const loaded = loadPackage(distDir);
	const nodeTypes = new BenchNodeTypes({ [ACTION_NODE_TYPE]: loaded.action, [TRIGGER_NODE_TYPE]: loaded.trigger });

	/**
	 * Runs the action node once through WorkflowExecute in manual mode, as `n8n execute` does.
	 * @param {{ credentials: OktaCredentialData, parameters: INodeParameters, input?: IDataObject[] }} options
	 */
	async function runNode(options) {
		const node = buildNode(ACTION_NODE_TYPE, options.parameters);
		/** @type {INode} */
		const trigger = { id: 'input', name: 'Input', type: INPUT_NODE_TYPE, typeVersion: 1, position: [-200, 0], parameters: {} };
		nodeTypes.types[INPUT_NODE_TYPE] = inputNode(options.input ?? [{}]);

		const connections = { Input: { main: [[{ node: node.name, type: /** @type {const} */ ('main'), index: 0 }]] } };
		const workflow = new Workflow({ id: 'bench-workflow', nodes: [trigger, node], connections, active: false, nodeTypes });
		const data = additionalData(options.credentials, loaded.credentialType);
		data.hooks = new ExecutionLifecycleHooks('manual', 'bench-execution', /** @type {never} */ ({
			id: 'bench-workflow',
			name: 'Bench',
			nodes: [trigger, node],
			connections,
			active: false,
			settings: {},
		}));

		const run = await new WorkflowExecute(data, 'manual').run({ workflow, startNode: trigger });
		const error = /** @type {(Error & { httpCode?: string|null, description?: string|null }) | undefined} */ (run.data.resultData.error);
		/** @type {INodeExecutionData[]} */
		const items = run.data.resultData.runData[node.name]?.[0]?.data?.main?.[0] ?? [];
		return { json: items.map((item) => item.json), error };
	}

	/**
	 * Calls the trigger's poll once through PollContext in trigger mode, as an active workflow does.
	 * @param {{ credentials: OktaCredentialData, parameters: INodeParameters, staticData?: IDataObject }} options
	 */
	async function runPoll(options) {
		const node = buildNode(TRIGGER_NODE_TYPE, options.parameters);
		const workflow = new Workflow({
			id: 'bench-workflow',
			nodes: [node],
			connections: {},
			active: true,
			nodeTypes,
			staticData: JSON.parse(JSON.stringify(options.staticData ?? {})),
		});
		const context = new PollContext(workflow, node, additionalData(options.credentials, loaded.credentialType), 'trigger', 'activate');

		/** @type {INodeExecutionData[][] | null} */
		let output = null;
		/** @type {Error | undefined} */
		let error;
		try {
			output = (await loaded.trigger.poll?.call(context)) ?? null;
		} catch (caught) {
			error = /** @type {Error} */ (caught);
		}
		// n8n keeps static data in an observable proxy; a JSON copy is what it would store.
		return { output, staticData: /** @type {IDataObject} */ (JSON.parse(JSON.stringify(workflow.staticData))), error };
	}

	return { runNode, runPoll };
}

module.exports = { createHarness };
