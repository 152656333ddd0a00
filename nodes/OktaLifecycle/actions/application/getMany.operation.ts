import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { APP_PAGE_SIZE, simplifyApp } from '../../helpers/apps';
import type { OktaApp } from '../../helpers/okta-types';
import { quote } from '../../helpers/search-expression';
import { returnAllAndLimit, simplifyParameter } from '../common/parameters';
import type { OperationContext } from '../types';
import { readItemLimit } from '../../helpers/list-parameters';

const displayOptions = { show: { resource: ['application'], operation: ['getMany'] } };

export const description: INodeProperties[] = [
	...returnAllAndLimit(displayOptions),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions,
		options: [
			{
				displayName: 'Name or Label Starts With',
				name: 'prefix',
				type: 'string',
				default: '',
				placeholder: 'Wiki',
				description: "Only apps whose name (such as salesforce) or label (such as Salesforce EU) starts with this text",
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				default: 'ACTIVE',
				options: [
					{ name: 'Active', value: 'ACTIVE' },
					{ name: 'Inactive', value: 'INACTIVE' },
				],
				description: 'Only apps with this status',
			},
		],
	},
	simplifyParameter(displayOptions),
];

export async function execute(this: IExecuteFunctions, context: OperationContext, itemIndex: number): Promise<IDataObject[]> {
	const maxItems = readItemLimit(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as { prefix?: string; status?: string };
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;

	const prefix = filters.prefix?.trim();
	const query = {
		q: prefix ? prefix : undefined,
		filter: filters.status ? `status eq ${quote(filters.status)}` : undefined,
		limit: Math.min(maxItems ?? APP_PAGE_SIZE, APP_PAGE_SIZE),
	};

	const apps = await context.client.collect<OktaApp>({ path: '/api/v1/apps', query }, { maxItems });
	return simplify ? apps.map(simplifyApp) : apps;
}
