import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../types';
import * as assignUser from './assignUser.operation';
import * as convertAssignment from './convertAssignment.operation';
import * as get from './get.operation';
import * as getAssignments from './getAssignments.operation';
import * as getMany from './getMany.operation';
import * as removeUser from './removeUser.operation';

export const operations: ResourceOperations = { assignUser, convertAssignment, get, getAssignments, getMany, removeUser };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['application'] } },
		options: [
			{
				name: 'Assign User',
				value: 'assignUser',
				description: 'Give a user an app through an individual assignment',
				action: 'Assign a user to an application',
			},
			{
				name: 'Convert Assignment',
				value: 'convertAssignment',
				description: "Switch a user's assignment between group scope and user scope",
				action: 'Convert an application assignment',
			},
			{ name: 'Get', value: 'get', description: 'Get an app by ID or label', action: 'Get an application' },
			{
				name: 'Get Assignments',
				value: 'getAssignments',
				description: 'List who has an app, or which apps a user has, and through which groups',
				action: 'Get application assignments',
			},
			{ name: 'Get Many', value: 'getMany', description: 'List apps, filtered by name prefix or status', action: 'Get many applications' },
			{
				name: 'Remove User',
				value: 'removeUser',
				description: 'Take an app away from a user, also when a group grants it',
				action: 'Remove a user from an application',
			},
		],
		default: 'get',
	},
	...assignUser.description,
	...convertAssignment.description,
	...get.description,
	...getAssignments.description,
	...getMany.description,
	...removeUser.description,
];
