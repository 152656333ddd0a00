import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requireIdentifier } from '../../helpers/identifiers';
import { getUser, simplifyUser } from '../../helpers/users';
import { simplifyParameter, userLocator } from '../common/parameters';
import type { OperationContext } from '../types';

const displayOptions = { show: { resource: ['user'], operation: ['get'] } };

export const description: INodeProperties[] = [
	userLocator(displayOptions),
	simplifyParameter(displayOptions),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions,
		options: [
			{
				displayName: 'Custom Attributes',
				name: 'customAttributes',
				type: 'string',
				default: '',
				placeholder: 'startDate, badgeId',
				description: 'Comma-separated custom profile attributes to add to the simplified output; a missing one is null',
			},
		],
	},
];

export async function execute(this: IExecuteFunctions, context: OperationContext, itemIndex: number): Promise<IDataObject> {
	const key = requireIdentifier(this.getNode(), this.getNodeParameter('user', itemIndex, '', { extractValue: true }), 'User', itemIndex);
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	const options = this.getNodeParameter('options', itemIndex, {}) as { customAttributes?: string };

	const user = await getUser(context.client, key);
	if (!simplify) return user;

	return simplifyUser(user, { customAttributes: splitList(options.customAttributes) });
}

function splitList(value: string | undefined): string[] {
	return (value ?? '')
		.split(',')
		.map((part) => part.trim())
		.filter(Boolean);
}
