import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { apiPath, isOktaError } from '../../../transport';
import { getGroupByLocator } from '../../helpers/groups';
import { requireIdentifier } from '../../helpers/identifiers';
import { readItemLimit, readMaxPages } from '../../helpers/list-parameters';
import { toNodeError } from '../../helpers/node-errors';
import type { OktaUser } from '../../helpers/okta-types';
import { simplifyUser } from '../../helpers/users';
import { describeFailure } from '../router';
import { groupLocator, maxPagesOption, returnAllAndLimit } from '../common/parameters';
import type { OperationContext } from '../types';
import { customAttributesOption, readCustomAttributes, simplifyUserParameter } from '../user/output-options';
import { readGroupLocator } from './locator';

const displayOptions = { show: { resource: ['group'], operation: ['getMembers'] } };

/** The endpoint's default page size; large pages keep big groups to few requests. */
const PAGE_SIZE = 1000;

export const description: INodeProperties[] = [
	groupLocator(displayOptions),
	...returnAllAndLimit(displayOptions),
	simplifyUserParameter(displayOptions),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions,
		options: [customAttributesOption, maxPagesOption],
	},
];

export async function execute(this: IExecuteFunctions, context: OperationContext, itemIndex: number): Promise<IDataObject[]> {
	const { value, mode } = readGroupLocator(this, itemIndex);

	try {
		const key = requireIdentifier(this.getNode(), value, 'Group', itemIndex);
		const limit = readItemLimit(this, itemIndex);
		const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
		const options = this.getNodeParameter('options', itemIndex, {}) as { customAttributes?: string; maxPages?: number };
		const maxPages = readMaxPages(this, options.maxPages, itemIndex);
		const customAttributes = readCustomAttributes(this, options.customAttributes, itemIndex);

		// A name needs a search to find the id; an id is used as it is, and a 404 below names it.
		const groupId = mode === 'name' ? (await getGroupByLocator(context.client, key, mode)).id : key;
		const members = await readMembers.call(this, context, { groupId, limit, maxPages, itemIndex });

		return simplify ? members.map((user) => simplifyUser(user, { customAttributes })) : members;
	} catch (error) {
		throw describeFailure(toNodeError(this.getNode(), error, itemIndex), { group: String(value ?? '') });
	}
}

async function readMembers(
	this: IExecuteFunctions,
	context: OperationContext,
	request: { groupId: string; limit?: number; maxPages?: number; itemIndex: number },
): Promise<OktaUser[]> {
	const path = apiPath`/api/v1/groups/${request.groupId}/users`;
	try {
		return await context.client.collect<OktaUser>({ path, query: { limit: PAGE_SIZE } }, { maxItems: request.limit, maxPages: request.maxPages });
	} catch (error) {
		const failure = toNodeError(this.getNode(), error, request.itemIndex);
		// Keep Okta's status and error code, with a headline that names the group.
		if (isOktaError(failure, 404)) failure.message = `No Okta group has the ID "${request.groupId}"`;
		throw failure;
	}
}
