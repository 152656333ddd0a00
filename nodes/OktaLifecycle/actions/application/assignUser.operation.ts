import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { apiPath, isOktaError } from '../../../transport';
import { findGrantingGroups, readAssignment } from '../../helpers/app-assignments';
import type { GroupReference } from '../../helpers/groups';
import type { OktaApp, OktaAppUser, OktaUser } from '../../helpers/okta-types';
import { getUser } from '../../helpers/users';
import { appLocator, changesOktaNotice, userLocator } from '../common/parameters';
import type { OperationContext } from '../types';
import { lookupApp, readAppKey, readUserKey } from './parameters';

const displayOptions = { show: { resource: ['application'], operation: ['assignUser'] } };

export const description: INodeProperties[] = [
	changesOktaNotice(
		displayOptions,
		'This operation changes Okta: it gives the user the app through an individual (USER-scope) assignment, which can provision an account in the app.',
	),
	appLocator(displayOptions),
	userLocator(displayOptions),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions,
		options: [
			{
				displayName: 'App Profile',
				name: 'appProfile',
				type: 'json',
				default: '{}',
				description:
					'App profile attributes as a JSON object, such as {"department": "Sales"}. Send only attributes that no profile mapping fills, or Okta rejects the assignment.',
			},
			{
				displayName: 'App Username',
				name: 'appUserName',
				type: 'string',
				default: '',
				placeholder: 'jane.roe',
				description: "The user's username in the app; empty uses the app's username format",
			},
		],
	},
];

interface AssignmentRequest extends IDataObject {
	id: string;
	scope: 'USER';
	credentials?: { userName: string };
	profile?: IDataObject;
}

export async function execute(this: IExecuteFunctions, context: OperationContext, itemIndex: number): Promise<IDataObject> {
	const { key: appKey, kind } = readAppKey(this, itemIndex);
	const userKey = readUserKey(this, itemIndex);
	const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as { appProfile?: unknown; appUserName?: string };
	const profile = readAppProfile(this, fields.appProfile, itemIndex);
	const appUserName = fields.appUserName?.trim() || undefined;

	const { client } = context;
	const app = await lookupApp(context, appKey, kind);
	const user = await getUser(client, userKey);

	const current = await readAssignment(client, app.id, user.id);
	if (current?.scope === 'USER') {
		const output = assignmentOutput(app, user, current, { alreadyAssigned: true });
		if (appUserName && current.credentials?.userName !== appUserName) {
			output.warnings = [
				`The existing assignment keeps the app username ${String(current.credentials?.userName ?? null)}; App Username was not applied, because this operation never sends a second assignment.`,
			];
		}
		return output;
	}

	// A group grant stays in force beside the new individual assignment, so the output names the groups.
	const grantedByGroups: GroupReference[] = current?.scope === 'GROUP' ? await findGrantingGroups(client, app.id, user.id) : [];

	const body: AssignmentRequest = { id: user.id, scope: 'USER' };
	if (appUserName) body.credentials = { userName: appUserName };
	if (profile) body.profile = profile;

	const response = await client
		.request<OktaAppUser>({ method: 'POST', path: apiPath`/api/v1/apps/${app.id}/users`, body })
		.catch(async (error: unknown) => (isOktaError(error, 409, ['E0000062']) ? undefined : await Promise.reject(error)));

	// A 409 E0000062 means another run assigned the user between the read and the POST.
	const alreadyAssigned = response === undefined;
	const assigned = response?.body?.scope ? response.body : await readAssignment(client, app.id, user.id);
	if (!assigned) {
		throw new NodeOperationError(this.getNode(), `Okta accepted the assignment of ${user.profile.login} to ${app.label}, but it cannot be read back`, {
			itemIndex,
			description: 'Check the assignment in the Admin Console under Applications > Assignments before running again.',
		});
	}
	return assignmentOutput(app, user, assigned, { alreadyAssigned, grantedByGroups, previousScope: current?.scope ?? null });
}

/** Reads App Profile: a JSON object, or undefined when empty. Checked before any request. */
function readAppProfile(context: IExecuteFunctions, value: unknown, itemIndex: number): IDataObject | undefined {
	let profile: unknown = value;
	if (typeof value === 'string') {
		if (value.trim() === '') return undefined;
		try {
			profile = JSON.parse(value);
		} catch {
			throw new NodeOperationError(context.getNode(), 'App Profile is not valid JSON', {
				itemIndex,
				description: 'Enter the app profile as a JSON object, for example {"department": "Sales"}.',
			});
		}
	}

	if (profile === undefined || profile === null) return undefined;
	if (typeof profile !== 'object' || Array.isArray(profile)) {
		throw new NodeOperationError(context.getNode(), 'App Profile must be a JSON object', {
			itemIndex,
			description: 'Enter the app profile as a JSON object of attribute names and values, for example {"department": "Sales"}.',
		});
	}
	return Object.keys(profile).length > 0 ? (profile as IDataObject) : undefined;
}

function assignmentOutput(
	app: OktaApp,
	user: OktaUser,
	assignment: OktaAppUser,
	extra: { alreadyAssigned: boolean; grantedByGroups?: GroupReference[]; previousScope?: string | null },
): IDataObject {
	const output: IDataObject = {
		appId: app.id,
		appLabel: app.label,
		userId: user.id,
		login: user.profile.login,
		assigned: true,
		alreadyAssigned: extra.alreadyAssigned,
		scope: assignment.scope,
		status: assignment.status,
		syncState: assignment.syncState ?? null,
		appUserName: assignment.credentials?.userName ?? null,
	};
	if (extra.previousScope !== undefined) output.previousScope = extra.previousScope;
	if (extra.grantedByGroups && extra.grantedByGroups.length > 0) output.grantedByGroups = extra.grantedByGroups;
	return output;
}
