import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../types';
import * as search from './search.operation';

export const operations: ResourceOperations = { search };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['systemLog'] } },
		options: [
			{
				name: 'Search',
				value: 'search',
				description: 'Search System Log events within a period',
				action: 'Search system log events',
			},
		],
		default: 'search',
	},
	...search.description,
];
