import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { listAppAssignments, listUserAssignments } from '../../helpers/app-assignments';
import { getUser } from '../../helpers/users';
import { appLocator, returnAllAndLimit, userLocator } from '../common/parameters';
import type { OperationContext } from '../types';
import { readItemLimit } from '../../helpers/list-parameters';
import { lookupApp, readAppKey, readUserKey } from './parameters';

const displayOptions = { show: { resource: ['application'], operation: ['getAssignments'] } };
const forApplication = { show: { ...displayOptions.show, assignmentsOf: ['application'] } };
const forUser = { show: { ...displayOptions.show, assignmentsOf: ['user'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Assignments Of',
		name: 'assignmentsOf',
		type: 'options',
		noDataExpression: true,
		default: 'application',
		options: [
			{ name: 'Application', value: 'application', description: 'Every user assigned to one application' },
			{ name: 'User', value: 'user', description: 'Every application one user has' },
		],
		description:
			'Whose assignments to list. Each item has the scope (USER for an individual assignment, GROUP through a group), status, sync state and, for GROUP scope, the granting groups.',
		displayOptions,
	},
	appLocator(forApplication),
	userLocator(forUser),
	...returnAllAndLimit(displayOptions),
];

export async function execute(this: IExecuteFunctions, context: OperationContext, itemIndex: number): Promise<IDataObject[]> {
	const assignmentsOf = this.getNodeParameter('assignmentsOf', itemIndex) as 'application' | 'user';
	const maxItems = readItemLimit(this, itemIndex);

	if (assignmentsOf === 'user') {
		const user = await getUser(context.client, readUserKey(this, itemIndex));
		return await listUserAssignments(context.client, user, { maxItems });
	}

	const { key, kind } = readAppKey(this, itemIndex);
	const app = await lookupApp(context, key, kind);
	return await listAppAssignments(context.client, app, { maxItems });
}
