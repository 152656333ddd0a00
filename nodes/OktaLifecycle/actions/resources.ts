import type { INodeProperties } from 'n8n-workflow';

import * as application from './application';
import * as group from './group';
import * as signIn from './signIn';
import * as systemLog from './systemLog';
import type { ResourceOperations } from './types';
import * as user from './user';

/** Every resource's operations, keyed as the Resource and Operation parameters name them. */
export const operationsByResource: Record<string, ResourceOperations> = {
	application: application.operations,
	group: group.operations,
	signIn: signIn.operations,
	systemLog: systemLog.operations,
	user: user.operations,
};

export const resourceParameter: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Application', value: 'application' },
		{ name: 'Group', value: 'group' },
		{ name: 'Sign-In', value: 'signIn' },
		{ name: 'System Log', value: 'systemLog' },
		{ name: 'User', value: 'user' },
	],
	default: 'user',
};

export const properties: INodeProperties[] = [
	resourceParameter,
	...user.description,
	...group.description,
	...application.description,
	...signIn.description,
	...systemLog.description,
];
