import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readItemLimit } from '../../helpers/list-parameters';
import { toNodeError } from '../../helpers/node-errors';
import type { OktaUser } from '../../helpers/okta-types';
import { buildUserOutputs } from '../../helpers/user-output';
import { buildUserSearch, STATUS_OKTA_DEFAULT, STATUS_OPTIONS } from '../../helpers/user-search';
import type { UserFilterValues } from '../../helpers/user-search';
import { describeFailure } from '../router';
import { returnAllAndLimit } from '../common/parameters';
import type { OperationContext } from '../types';
import { readUserOutputOptions, simplifyUserParameter, userOutputOptions } from './output-options';

const displayOptions = { show: { resource: ['user'], operation: ['getMany'] } };

/** Okta's maximum page size for users; fewer, larger pages spend less of the rate limit. */
const PAGE_SIZE = 200;

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
				displayName: 'Last Updated Since',
				name: 'lastUpdatedSince',
				type: 'dateTime',
				default: '',
				description: 'Only users whose Okta record changed at or after this time. A time without an offset is read in the workflow time zone.',
			},
			{
				displayName: 'Match Field',
				name: 'matchField',
				type: 'options',
				default: 'login',
				options: [
					{ name: 'Department', value: 'department' },
					{ name: 'Email', value: 'email' },
					{ name: 'Login', value: 'login' },
				],
				description: 'The profile field that Match Value is compared with',
			},
			{
				displayName: 'Match Type',
				name: 'matchType',
				type: 'options',
				default: 'eq',
				options: [
					{ name: 'Equals', value: 'eq' },
					{ name: 'Starts With', value: 'sw' },
				],
				description: 'How Match Value is compared; Okta ignores case in both',
			},
			{
				displayName: 'Match Value',
				name: 'matchValue',
				type: 'string',
				default: '',
				placeholder: 'jane.roe@example.com',
				description: 'The value Match Field must equal or start with',
			},
			{
				displayName: 'Search Expression',
				name: 'searchExpression',
				type: 'string',
				default: '',
				placeholder: 'profile.costCenter eq "CC-100" and profile.title sw "Senior"',
				description:
					'An Okta search expression, as plain text with spaces (not URL-encoded). It is combined with the other filters using and; Status still applies, so choose All Statuses to search deactivated users.',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				default: STATUS_OKTA_DEFAULT,
				options: STATUS_OPTIONS,
				description:
					'Which statuses to list. Okta leaves deactivated (DEPROVISIONED) users out unless asked, so choose All Statuses to include them.',
			},
		],
	},
	simplifyUserParameter(displayOptions),
	userOutputOptions(displayOptions),
];

export async function execute(this: IExecuteFunctions, context: OperationContext, itemIndex: number): Promise<IDataObject[]> {
	let search: string | undefined;

	try {
		const limit = readItemLimit(this, itemIndex);
		const filters = this.getNodeParameter('filters', itemIndex, {}) as UserFilterValues;
		const output = readUserOutputOptions.call(this, itemIndex);
		search = buildUserSearch(filters, { node: this.getNode(), itemIndex, timezone: this.getTimezone() });

		// Never `q`: Okta does not page it, so a full first page would hide the rest.
		const query = search === undefined ? { limit: PAGE_SIZE } : { search, limit: PAGE_SIZE };
		const users = await context.client.collect<OktaUser>({ path: '/api/v1/users', query }, { maxItems: limit, maxPages: output.maxPages });

		const { items, groupPlan } = await buildUserOutputs(context.client, context.cache, users, output);
		if (groupPlan) {
			this.logger.debug(
				`Include Groups: ${groupPlan.plan} plan for ${users.length} users (per user: ${groupPlan.perUserRequests} requests, group side: about ${groupPlan.groupSideRequests})`,
			);
		}
		return items;
	} catch (error) {
		throw describeFailure(toNodeError(this.getNode(), error, itemIndex), { search: search ?? null });
	}
}
