import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../transport';
import { findGrantingGroups, readAssignment } from '../../helpers/app-assignments';
import type { OktaAppUser } from '../../helpers/okta-types';
import { getUser } from '../../helpers/users';
import { describeFailure } from '../router';
import { appLocator, changesOktaNotice, userLocator } from '../common/parameters';
import type { OperationContext } from '../types';
import { lookupApp, readAppKey, readUserKey } from './parameters';

const displayOptions = { show: { resource: ['application'], operation: ['convertAssignment'] } };

export const description: INodeProperties[] = [
	changesOktaNotice(
		displayOptions,
		"This operation changes Okta: it changes whether the user's app assignment is individual or comes from a group. The user keeps the app either way.",
	),
	appLocator(displayOptions),
	userLocator(displayOptions),
	{
		displayName: 'Convert To',
		name: 'targetScope',
		type: 'options',
		default: 'USER',
		options: [
			{
				name: 'Group Scope',
				value: 'GROUP',
				description: 'The assignment depends on the granting group again. Only possible while a group of the user grants the app.',
			},
			{
				name: 'User Scope (Individual)',
				value: 'USER',
				description: 'The assignment no longer depends on group membership',
			},
		],
		description:
			'The scope the assignment should have. Converting back to Group Scope undoes the first step of Remove User\'s "Convert, Then Remove" strategy.',
		displayOptions,
	},
];

export async function execute(this: IExecuteFunctions, context: OperationContext, itemIndex: number): Promise<IDataObject> {
	const { key: appKey, kind } = readAppKey(this, itemIndex);
	const userKey = readUserKey(this, itemIndex);
	const targetScope = this.getNodeParameter('targetScope', itemIndex, 'USER') as 'USER' | 'GROUP';

	const { client } = context;
	const app = await lookupApp(context, appKey, kind);
	const user = await getUser(client, userKey);
	const login = user.profile.login;
	const output: IDataObject = { appId: app.id, appLabel: app.label, userId: user.id, login };

	const current = await readAssignment(client, app.id, user.id);
	if (!current) {
		throw describeFailure(
			new NodeOperationError(this.getNode(), `${login} has no assignment to ${app.label} to convert`, {
				itemIndex,
				description: 'Assign the app first, or check the user and application.',
			}),
			output,
		);
	}

	const grantingGroups = await findGrantingGroups(client, app.id, user.id);
	if (current.scope === targetScope) {
		return { ...output, scope: current.scope, previousScope: current.scope, alreadyInState: true, grantingGroups };
	}
	if (targetScope === 'GROUP' && grantingGroups.length === 0) {
		throw describeFailure(
			new NodeOperationError(this.getNode(), `No group of ${login} grants ${app.label}, so the assignment cannot become GROUP scope`, {
				itemIndex,
				description:
					"GROUP scope means a group grants the app; without one, Okta would have nothing to keep the assignment on. Add the user to a group assigned to the app first, or keep the individual assignment.",
			}),
			{ ...output, scope: current.scope, grantingGroups },
		);
	}

	const response = await client.request<OktaAppUser>({
		method: 'POST',
		path: apiPath`/api/v1/apps/${app.id}/users/${user.id}`,
		body: { scope: targetScope },
	});
	const converted = response.body?.scope ? response.body : await readAssignment(client, app.id, user.id);

	return {
		...output,
		scope: converted?.scope ?? null,
		previousScope: current.scope,
		alreadyInState: false,
		grantingGroups,
	};
}
