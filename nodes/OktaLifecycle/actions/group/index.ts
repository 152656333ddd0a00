import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../types';
import * as addUser from './addUser.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as getMembers from './getMembers.operation';
import * as removeUser from './removeUser.operation';

export const operations: ResourceOperations = { addUser, get, getMany, getMembers, removeUser };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['group'] } },
		options: [
			{ name: 'Add User', value: 'addUser', description: 'Add a user to an Okta group', action: 'Add a user to a group' },
			{ name: 'Get', value: 'get', description: 'Get a group by ID or name', action: 'Get a group' },
			{ name: 'Get Many', value: 'getMany', description: 'List groups, filtered by name prefix or type', action: 'Get many groups' },
			{ name: 'Get Members', value: 'getMembers', description: 'List the users in a group', action: 'Get members of a group' },
			{ name: 'Remove User', value: 'removeUser', description: 'Remove a user from an Okta group', action: 'Remove a user from a group' },
		],
		default: 'get',
	},
	...addUser.description,
	...get.description,
	...getMany.description,
	...getMembers.description,
	...removeUser.description,
];
