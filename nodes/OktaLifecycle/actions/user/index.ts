import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../types';
import * as activate from './activate.operation';
import * as clearSessions from './clearSessions.operation';
import * as create from './create.operation';
import * as deactivate from './deactivate.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as offboard from './offboard.operation';
import * as suspend from './suspend.operation';
import * as unsuspend from './unsuspend.operation';

export const operations: ResourceOperations = { activate, clearSessions, create, deactivate, get, getMany, offboard, suspend, unsuspend };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['user'] } },
		options: [
			{ name: 'Activate', value: 'activate', description: 'Activate a staged user or re-enable a deactivated one', action: 'Activate a user' },
			{ name: 'Clear Sessions', value: 'clearSessions', description: "End the user's Okta sessions and optionally revoke tokens", action: 'Clear sessions of a user' },
			{ name: 'Create', value: 'create', description: 'Create a user', action: 'Create a user' },
			{ name: 'Deactivate', value: 'deactivate', description: 'Deactivate a user (never deletes)', action: 'Deactivate a user' },
			{ name: 'Get', value: 'get', description: 'Get a user by ID or login', action: 'Get a user' },
			{ name: 'Get Many', value: 'getMany', description: 'List users, filtered by status, profile fields or a search', action: 'Get many users' },
			{
				name: 'Offboard',
				value: 'offboard',
				description: 'Run the leaver steps in a safe order: profile, apps, groups, sessions, then suspend or deactivate',
				action: 'Offboard a user',
			},
			{ name: 'Suspend', value: 'suspend', description: 'Suspend an active user', action: 'Suspend a user' },
			{ name: 'Unsuspend', value: 'unsuspend', description: 'Unsuspend a suspended user', action: 'Unsuspend a user' },
		],
		default: 'get',
	},
	...activate.description,
	...clearSessions.description,
	...create.description,
	...deactivate.description,
	...get.description,
	...getMany.description,
	...offboard.description,
	...suspend.description,
	...unsuspend.description,
];
