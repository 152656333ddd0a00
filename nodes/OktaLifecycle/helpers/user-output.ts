import type { IDataObject } from 'n8n-workflow';

import type { OktaClient } from '../../transport';
import { findGroupsOfUsers } from './include-groups';
import type { PlanChoice } from './include-groups';
import { managerIdOf, resolveManagerEmails } from './manager-email';
import type { OktaUser } from './okta-types';
import { simplifyUser } from './users';

/** Settings that shape each user the user operations return, and the fields they add. */
export interface UserOutputOptions {
	simplify: boolean;
	includeGroups: boolean;
	resolveManagerEmail: boolean;
	customAttributes: string[];
	maxPages?: number;
}

export interface UserOutputs {
	items: IDataObject[];
	/** The Include Groups plan that was used, when groups were asked for. */
	groupPlan?: PlanChoice;
}

/**
 * Builds the output items for users: simplified or Okta's full object, plus `groups`
 * (`[{id, name, type}]`) and `managerEmail` when asked for. Groups and manager emails are
 * fetched for all users at once, so a list costs a few requests rather than a few per user.
 */
export async function buildUserOutputs(
	client: OktaClient,
	cache: Map<string, unknown>,
	users: OktaUser[],
	options: UserOutputOptions,
): Promise<UserOutputs> {
	const userIds = users.map((user) => user.id).filter((id): id is string => typeof id === 'string' && id !== '');
	const groups = options.includeGroups ? await findGroupsOfUsers(client, userIds, { maxPages: options.maxPages }) : undefined;

	const managerIds = users.map(managerIdOf).filter((managerId): managerId is string => managerId !== undefined);
	const managerEmails = options.resolveManagerEmail ? await resolveManagerEmails(client, managerIds, cache, users) : undefined;

	const items = users.map((user) => {
		const item: IDataObject = options.simplify ? simplifyUser(user, { customAttributes: options.customAttributes }) : { ...user };
		if (groups) item.groups = groups.groupsByUser.get(user.id) ?? [];
		if (managerEmails) {
			const managerId = managerIdOf(user);
			item.managerEmail = managerId === undefined ? null : (managerEmails.get(managerId) ?? null);
		}
		return item;
	});

	return { items, groupPlan: groups?.choice };
}
