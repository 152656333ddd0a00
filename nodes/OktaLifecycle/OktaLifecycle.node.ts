import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { properties } from './actions/resources';
import { route } from './actions/router';
import { searchApps } from './methods/searchApps';
import { searchGroups } from './methods/searchGroups';
import { searchUsers } from './methods/searchUsers';

/**
 * The Okta Lifecycle action node. Programmatic rather than declarative: offboarding and
 * deprovisioning chain dependent requests, and paging and rate limits need one careful transport.
 */
export class OktaLifecycle implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Okta Lifecycle',
		name: 'oktaLifecycle',
		icon: { light: 'file:okta.svg', dark: 'file:okta.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Automate the Okta side of joiners, movers and leavers',
		defaults: { name: 'Okta Lifecycle' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'oktaLifecycleApi', required: true }],
		properties,
	};

	methods = {
		listSearch: { searchApps, searchGroups, searchUsers },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
