import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { simplifyGroup } from '../../helpers/groups';
import { readItemLimit, readMaxPages } from '../../helpers/list-parameters';
import { toNodeError } from '../../helpers/node-errors';
import type { OktaGroup } from '../../helpers/okta-types';
import { and, quote } from '../../helpers/search-expression';
import { describeFailure } from '../router';
import { maxPagesOption, returnAllAndLimit, simplifyParameter } from '../common/parameters';
import type { OperationContext } from '../types';

const displayOptions = { show: { resource: ['group'], operation: ['getMany'] } };

/** Okta allows up to 10,000 groups a page but advises 200 or fewer. */
const PAGE_SIZE = 200;

const GROUP_TYPES = ['APP_GROUP', 'BUILT_IN', 'OKTA_GROUP'];

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
				displayName: 'Name Starts With',
				name: 'nameStartsWith',
				type: 'string',
				default: '',
				placeholder: 'Eng',
				description: 'Only groups whose name starts with this text; Okta ignores case',
			},
			{
				displayName: 'Type',
				name: 'type',
				type: 'options',
				default: 'OKTA_GROUP',
				options: [
					{ name: 'App Group (Imported)', value: 'APP_GROUP' },
					{ name: 'Built-In (Everyone)', value: 'BUILT_IN' },
					{ name: 'Okta Group', value: 'OKTA_GROUP' },
				],
				description: 'Only groups of this type. Only Okta groups can have members added or removed.',
			},
		],
	},
	{
		...simplifyParameter(displayOptions),
		description:
			"Whether to return flat objects (id, name, description, type, created, lastUpdated, lastMembershipUpdated) instead of Okta's full objects",
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions,
		options: [maxPagesOption],
	},
];

export async function execute(this: IExecuteFunctions, context: OperationContext, itemIndex: number): Promise<IDataObject[]> {
	let search: string | undefined;

	try {
		const limit = readItemLimit(this, itemIndex);
		const filters = this.getNodeParameter('filters', itemIndex, {}) as { nameStartsWith?: unknown; type?: string };
		const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
		const options = this.getNodeParameter('options', itemIndex, {}) as { maxPages?: number };
		const maxPages = readMaxPages(this, options.maxPages, itemIndex);
		search = groupSearch(this, filters, itemIndex);

		// Never `q`: Okta does not page it, so a full first page would hide the rest.
		const query = search === undefined ? { limit: PAGE_SIZE } : { search, limit: PAGE_SIZE };
		const groups = await context.client.collect<OktaGroup>({ path: '/api/v1/groups', query }, { maxItems: limit, maxPages });

		return simplify ? groups.map(simplifyGroup) : groups;
	} catch (error) {
		throw describeFailure(toNodeError(this.getNode(), error, itemIndex), { search: search ?? null });
	}
}

/** Builds the search expression for the filters, or undefined for the plain listing. An added filter that is empty is an error, never a wider list. */
function groupSearch(context: IExecuteFunctions, filters: { nameStartsWith?: unknown; type?: string }, itemIndex: number): string | undefined {
	let namePart: string | undefined;
	if (filters.nameStartsWith !== undefined) {
		const prefix = typeof filters.nameStartsWith === 'string' ? filters.nameStartsWith.trim() : '';
		if (prefix === '') {
			throw new NodeOperationError(context.getNode(), 'Name Starts With is empty', {
				itemIndex,
				description: 'Enter the start of the group name, or remove the filter to list every group.',
			});
		}
		namePart = `profile.name sw ${quote(prefix)}`;
	}

	let typePart: string | undefined;
	if (filters.type !== undefined) {
		if (!GROUP_TYPES.includes(filters.type)) {
			throw new NodeOperationError(context.getNode(), `Type "${filters.type}" is not an Okta group type`, {
				itemIndex,
				description: `Choose one of: ${GROUP_TYPES.join(', ')}.`,
			});
		}
		typePart = `type eq ${quote(filters.type)}`;
	}

	return and(namePart, typePart);
}
