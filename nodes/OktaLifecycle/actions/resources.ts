import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from './types';
import * as user from './user';

/** Every resource's operations, keyed as the Resource and Operation parameters name them. */
export const operationsByResource: Record<string, ResourceOperations> = {
	user: user.operations,
};

export const resourceParameter: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [{ name: 'User', value: 'user' }],
	default: 'user',
};

export const properties: INodeProperties[] = [resourceParameter, ...user.description];
