import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requireIdentifier } from '../../helpers/identifiers';
import { toNodeError } from '../../helpers/node-errors';
import { buildUserOutputs } from '../../helpers/user-output';
import { getUser } from '../../helpers/users';
import { describeFailure } from '../router';
import { userLocator } from '../common/parameters';
import type { OperationContext } from '../types';
import { readUserOutputOptions, simplifyUserParameter, userOutputOptions } from './output-options';

const displayOptions = { show: { resource: ['user'], operation: ['get'] } };

export const description: INodeProperties[] = [
	userLocator(displayOptions),
	simplifyUserParameter(displayOptions),
	userOutputOptions(displayOptions),
];

export async function execute(this: IExecuteFunctions, context: OperationContext, itemIndex: number): Promise<IDataObject> {
	const value = this.getNodeParameter('user', itemIndex, '', { extractValue: true });

	try {
		const key = requireIdentifier(this.getNode(), value, 'User', itemIndex);
		const output = readUserOutputOptions.call(this, itemIndex);

		const user = await getUser(context.client, key);
		const { items } = await buildUserOutputs(context.client, context.cache, [user], output);
		return items[0];
	} catch (error) {
		throw describeFailure(toNodeError(this.getNode(), error, itemIndex), { user: String(value ?? '') });
	}
}
