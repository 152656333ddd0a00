import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../transport';
import { requireIdentifier } from '../../helpers/identifiers';
import { toNodeError } from '../../helpers/node-errors';
import { getUser } from '../../helpers/users';
import { userLocator } from '../common/parameters';
import { describeFailure } from '../router';
import type { OperationContext } from '../types';

const displayOptions = { show: { resource: ['user'], operation: ['clearSessions'] } };

/** The limits of clearing sessions, repeated in the output so a workflow's report is honest. */
export const APP_SESSIONS_NOTE =
	'Okta sessions are ended. Apps the user already signed into keep their own sessions until those expire; revoking OAuth tokens stops apps that use Okta-issued tokens from refreshing them.';

/** The Forget Devices option, shared by Clear Sessions and Offboard. */
export const forgetDevicesOption: INodeProperties = {
	displayName: 'Forget Devices',
	name: 'forgetDevices',
	type: 'boolean',
	default: true,
	description: 'Whether Okta also forgets the devices the user marked as trusted, so the next sign-in asks for every factor',
};

export const description: INodeProperties[] = [
	{
		displayName: 'This ends the user\'s Okta sessions. Apps the user already signed into keep their own sessions until they expire.',
		name: 'clearSessionsNotice',
		type: 'notice',
		default: '',
		displayOptions,
	},
	userLocator(displayOptions),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions,
		options: [
			forgetDevicesOption,
			{
				displayName: 'Revoke OAuth Tokens',
				name: 'oauthTokens',
				type: 'boolean',
				default: false,
				description: 'Whether to also revoke the OAuth and OpenID Connect tokens Okta issued to the user',
			},
		],
	},
];

export async function execute(this: IExecuteFunctions, context: OperationContext, itemIndex: number): Promise<IDataObject> {
	const key = requireIdentifier(this.getNode(), this.getNodeParameter('user', itemIndex, '', { extractValue: true }), 'User', itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as { forgetDevices?: boolean; oauthTokens?: boolean };

	try {
		return await clearSessions(context, key, { oauthTokens: options.oauthTokens ?? false, forgetDevices: options.forgetDevices ?? true });
	} catch (error) {
		throw describeFailure(toNodeError(this.getNode(), error, itemIndex), { user: key });
	}
}

/** Ends a user's Okta sessions; the path takes the user's id, so a login is looked up first. */
export async function clearSessions(
	context: OperationContext,
	key: string,
	options: { oauthTokens: boolean; forgetDevices: boolean },
): Promise<IDataObject> {
	const user = await getUser(context.client, key);

	await context.client.request({
		method: 'DELETE',
		path: apiPath`/api/v1/users/${user.id}/sessions`,
		query: { oauthTokens: options.oauthTokens, forgetDevices: options.forgetDevices },
	});

	return {
		id: user.id,
		login: user.profile.login,
		sessionsCleared: true,
		oauthTokensRevoked: options.oauthTokens,
		devicesForgotten: options.forgetDevices,
		note: APP_SESSIONS_NOTE,
	};
}
