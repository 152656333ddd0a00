import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../transport';
import { getGroupByLocator, groupName, listUserGroups, requireOktaGroup } from '../../helpers/groups';
import { requireIdentifier } from '../../helpers/identifiers';
import { toNodeError } from '../../helpers/node-errors';
import { getUser } from '../../helpers/users';
import { describeFailure } from '../router';
import { changesOktaNotice, groupLocator, userLocator } from '../common/parameters';
import type { OperationContext } from '../types';
import { readGroupLocator } from './locator';

type Change = 'add' | 'remove';

/** Builds the parameters of Add User and Remove User: the group and the user. */
export function membershipDescription(operation: string): INodeProperties[] {
	const displayOptions = { show: { resource: ['group'], operation: [operation] } };
	const notice =
		operation === 'addUser'
			? 'This adds the user to the group in Okta, which also gives the user every app the group is assigned.'
			: 'This removes the user from the group in Okta, which also takes away every app the group grants, unless another assignment grants it.';
	return [
		changesOktaNotice(displayOptions, notice),
		groupLocator(displayOptions, { description: 'The Okta group. Only groups of type OKTA_GROUP can have members added or removed.' }),
		userLocator(displayOptions),
	];
}

/**
 * Adds a user to a group or removes one, idempotently. The group is read first and must be an
 * OKTA_GROUP, the user is read by ID or login, and the user's groups are listed, so a change
 * that is already in place is reported (alreadyPresent, alreadyAbsent) and nothing is sent.
 */
export async function changeMembership(
	this: IExecuteFunctions,
	context: OperationContext,
	itemIndex: number,
	change: Change,
): Promise<IDataObject> {
	const group = readGroupLocator(this, itemIndex);
	const userValue = this.getNodeParameter('user', itemIndex, '', { extractValue: true });
	const names: IDataObject = { group: String(group.value ?? ''), user: String(userValue ?? '') };

	try {
		// Both keys are checked before the first request.
		const groupKey = requireIdentifier(this.getNode(), group.value, 'Group', itemIndex);
		const userKey = requireIdentifier(this.getNode(), userValue, 'User', itemIndex);

		const target = await getGroupByLocator(context.client, groupKey, group.mode);
		names.group = groupName(target) ?? target.id;
		requireOktaGroup(this.getNode(), target, change, itemIndex);

		const user = await getUser(context.client, userKey);
		const login = typeof user.profile?.login === 'string' ? user.profile.login : null;
		names.user = login ?? user.id;

		const groups = await listUserGroups(context.client, user.id);
		const isMember = groups.some((candidate) => candidate?.id === target.id);
		const result: IDataObject = { groupId: target.id, groupName: groupName(target), userId: user.id, login };

		const path = apiPath`/api/v1/groups/${target.id}/users/${user.id}`;
		if (change === 'add') {
			if (!isMember) await context.client.request({ method: 'PUT', path });
			return { ...result, added: !isMember, alreadyPresent: isMember };
		}

		if (isMember) await context.client.request({ method: 'DELETE', path });
		return { ...result, removed: isMember, alreadyAbsent: !isMember };
	} catch (error) {
		throw describeFailure(toNodeError(this.getNode(), error, itemIndex), names);
	}
}
