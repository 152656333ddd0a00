/**
 * Runs this package's real node classes through n8n-core's real execution engine, with n8n's
 * real HTTP helper sending real HTTP to a sandbox org on 127.0.0.1. Nothing that sends a request
 * is mocked.
 */
import { ExecutionLifecycleHooks, LoadOptionsContext, PollContext, WorkflowExecute } from 'n8n-core';
import {
	createRunExecutionData,
	ICredentialsHelper,
	isExpression,
	NodeHelpers,
	Workflow,
} from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeListSearchResult,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	NodeExecutionHint,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { OktaLifecycleApi } from '../../credentials/OktaLifecycleApi.credentials';
import { OktaLifecycle } from '../../nodes/OktaLifecycle/OktaLifecycle.node';

const credentialType = new OktaLifecycleApi();

export interface OktaCredentialData {
	url: string;
	apiToken: string;
}

/** Applies a credential type's `authenticate` the way n8n does in production, including the generic form. */
class SandboxCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly data: OktaCredentialData) {
		super();
	}

	async getDecrypted(): Promise<ICredentialDataDecryptedObject> {
		return { ...this.data };
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const options = requestOptions as IHttpRequestOptions;
		const authenticate = credentialType.authenticate;
		if (authenticate.type !== 'generic') return options;

		const sections = authenticate.properties as Record<string, Record<string, string>>;
		for (const [section, values] of Object.entries(sections)) {
			const target = ((options as unknown as Record<string, Record<string, unknown> | undefined>)[section] ??= {});
			for (const [key, value] of Object.entries(values)) {
				target[key] =
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

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('getCredentials is not used on this path');
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties(): INodeProperties[] {
		return credentialType.properties;
	}
}

class PackageNodeTypes implements INodeTypes {
	constructor(private readonly types: Record<string, INodeType>) {}

	getByName(name: string) {
		return this.types[name];
	}

	getByNameAndVersion(name: string, version?: number) {
		return NodeHelpers.getVersionedNodeType(this.types[name], version);
	}

	getKnownTypes() {
		return {};
	}
}

const nodeTypes = new PackageNodeTypes({
	'n8n-nodes-okta-lifecycle.oktaLifecycle': new OktaLifecycle(),
});

/** Registers another node type (the trigger) with the harness. */
export function registerNodeType(name: string, type: INodeType): void {
	(nodeTypes as unknown as { types: Record<string, INodeType> }).types[name] = type;
}

function additionalData(credentials: OktaCredentialData): IWorkflowExecuteAdditionalData {
	const base = 'http://localhost:5678';
	return {
		credentialsHelper: new SandboxCredentialsHelper(credentials),
		executionId: 'test-execution',
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
	} as unknown as IWorkflowExecuteAdditionalData;
}

function buildNode(type: string, parameters: INodeParameters, continueOnFail: boolean): INode {
	return {
		id: 'node-under-test',
		name: 'Okta',
		type,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { oktaLifecycleApi: { id: '1', name: 'Okta sandbox' } },
		...(continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
}

export interface RunResult {
	/** The JSON of each output item. */
	json: IDataObject[];
	/** The whole output items, with their paired items. */
	items: INodeExecutionData[];
	/** The node's error, when it failed. */
	error?: Error & { httpCode?: string | null; description?: string | null; context?: IDataObject };
	/** The execution hints the node added, which n8n shows above its output. */
	hints: NodeExecutionHint[];
}

export interface RunOptions {
	credentials: OktaCredentialData;
	parameters: INodeParameters;
	/** Input items; one empty item by default. */
	input?: IDataObject[];
	continueOnFail?: boolean;
	nodeType?: string;
}

/** Runs the action node once through n8n-core's WorkflowExecute, in manual mode. */
export async function runNode(options: RunOptions): Promise<RunResult> {
	const type = options.nodeType ?? 'n8n-nodes-okta-lifecycle.oktaLifecycle';
	const node = buildNode(type, options.parameters, options.continueOnFail ?? false);
	const trigger: INode = {
		id: 'input',
		name: 'Input',
		type: 'n8n-nodes-okta-lifecycle.testInput',
		typeVersion: 1,
		position: [-200, 0],
		parameters: {},
	};
	registerNodeType(trigger.type, inputNode(options.input ?? [{}]));

	const connections = { Input: { main: [[{ node: node.name, type: 'main' as const, index: 0 }]] } };
	const workflow = new Workflow({ id: 'test-workflow', nodes: [trigger, node], connections, active: false, nodeTypes });
	const data = additionalData(options.credentials);
	const mode: WorkflowExecuteMode = 'manual';
	data.hooks = new ExecutionLifecycleHooks(mode, 'test-execution', {
		id: 'test-workflow',
		name: 'Test',
		nodes: [trigger, node],
		connections,
		active: false,
		settings: {},
	} as never);

	const run = await new WorkflowExecute(data, mode).run({ workflow, startNode: trigger });
	const error = run.data.resultData.error as RunResult['error'];
	const items = run.data.resultData.runData[node.name]?.[0]?.data?.main?.[0] ?? [];
	const hints = run.data.resultData.runData[node.name]?.[0]?.hints ?? [];
	return { json: items.map((item) => item.json), items, error, hints };
}

/** A node that outputs the test's input items, so the node under test sees real paired items. */
function inputNode(input: IDataObject[]): INodeType {
	return {
		description: {
			displayName: 'Test Input',
			name: 'testInput',
			group: ['trigger'],
			version: 1,
			description: 'Emits the test input',
			defaults: { name: 'Input' },
			inputs: [],
			outputs: ['main'],
			properties: [],
		},
		async execute() {
			return [input.map((json) => ({ json }))];
		},
	} as unknown as INodeType;
}

export interface PollOptions {
	credentials: OktaCredentialData;
	parameters: INodeParameters;
	/** The workflow's static data as n8n stored it after the previous poll. */
	staticData?: IDataObject;
	mode?: 'trigger' | 'manual';
	nodeType?: string;
}

export interface PollResult {
	output: INodeExecutionData[][] | null;
	/** The static data n8n would store: a JSON copy taken after the poll, even when it threw. */
	staticData: IDataObject;
	error?: Error;
}

/** Calls a polling trigger's `poll` through n8n-core's PollContext. */
export async function runPoll(nodeClass: INodeType, options: PollOptions): Promise<PollResult> {
	const type = options.nodeType ?? 'n8n-nodes-okta-lifecycle.oktaLifecycleTrigger';
	registerNodeType(type, nodeClass);
	const node = buildNode(type, options.parameters, false);
	const workflow = new Workflow({
		id: 'test-workflow',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes,
		staticData: JSON.parse(JSON.stringify(options.staticData ?? {})),
	});
	const mode = options.mode ?? 'trigger';
	const context = new PollContext(workflow, node, additionalData(options.credentials), mode, mode === 'manual' ? 'manual' : 'activate');

	let output: PollResult['output'] = null;
	let error: Error | undefined;
	try {
		output = (await nodeClass.poll?.call(context)) ?? null;
	} catch (caught) {
		error = caught as Error;
	}
	return { output, staticData: JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject, error };
}

export interface ListSearchOptions {
	credentials: OktaCredentialData;
	/** The listSearch method, such as searchUsers. */
	method: string;
	filter?: string;
	paginationToken?: string;
	nodeType?: string;
}

/** Calls one of a node's listSearch methods (a resource locator's From List) through n8n-core's LoadOptionsContext. */
export async function runListSearch(options: ListSearchOptions): Promise<INodeListSearchResult> {
	const type = options.nodeType ?? 'n8n-nodes-okta-lifecycle.oktaLifecycle';
	const search = nodeTypes.getByName(type).methods?.listSearch?.[options.method];
	if (!search) throw new Error(`${type} has no listSearch method ${options.method}`);

	const node = buildNode(type, {}, false);
	const workflow = new Workflow({ id: 'test-workflow', nodes: [node], connections: {}, active: false, nodeTypes });
	const context = new LoadOptionsContext(workflow, node, additionalData(options.credentials), 'parameters');
	return await search.call(context, options.filter, options.paginationToken);
}

export { createRunExecutionData };
