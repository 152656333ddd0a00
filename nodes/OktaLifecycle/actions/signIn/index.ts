import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../types';
import * as getLastSignIn from './getLastSignIn.operation';

export const operations: ResourceOperations = { getLastSignIn };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['signIn'] } },
		options: [
			{
				name: 'Get Last Sign-In',
				value: 'getLastSignIn',
				description: 'Get the last successful sign-in to Okta and to each app, from the System Log',
				action: 'Get when users last signed in',
			},
		],
		default: 'getLastSignIn',
	},
	...getLastSignIn.description,
];
