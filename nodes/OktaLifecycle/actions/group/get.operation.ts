import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getGroupByLocator, simplifyGroup } from '../../helpers/groups';
import { requireIdentifier } from '../../helpers/identifiers';
import { toNodeError } from '../../helpers/node-errors';
import { describeFailure } from '../router';
import { groupLocator, simplifyParameter } from '../common/parameters';
import type { OperationContext } from '../types';
import { readGroupLocator } from './locator';

const displayOptions = { show: { resource: ['group'], operation: ['get'] } };

export const description: INodeProperties[] = [
	groupLocator(displayOptions),
	{
		...simplifyParameter(displayOptions),
		description:
			"Whether to return a flat object (id, name, description, type, created, lastUpdated, lastMembershipUpdated) instead of Okta's full object",
	},
];

export async function execute(this: IExecuteFunctions, context: OperationContext, itemIndex: number): Promise<IDataObject> {
	const { value, mode } = readGroupLocator(this, itemIndex);

	try {
		const key = requireIdentifier(this.getNode(), value, 'Group', itemIndex);
		const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;

		const group = await getGroupByLocator(context.client, key, mode);
		return simplify ? simplifyGroup(group) : group;
	} catch (error) {
		throw describeFailure(toNodeError(this.getNode(), error, itemIndex), { group: String(value ?? '') });
	}
}
