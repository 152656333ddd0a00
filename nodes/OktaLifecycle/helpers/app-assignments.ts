import type { IDataObject } from 'n8n-workflow';

import { apiPath, isOktaError } from '../../transport';
import type { OktaClient } from '../../transport';
import { APP_PAGE_SIZE } from './apps';
import type { OktaApp, OktaAppUser, OktaGroup, OktaUser } from './okta-types';
import { groupReference, listUserGroups } from './groups';
import type { GroupReference } from './groups';
import { quote } from './search-expression';

/** The largest pages each listing accepts. */
const APP_USERS_PAGE_SIZE = 500;
const APP_GROUPS_PAGE_SIZE = 200;
const GROUP_MEMBERS_PAGE_SIZE = 1000;
const GROUP_APPS_PAGE_SIZE = 200;

/** The app fields an assignment row carries. */
export interface AppSummary {
	id: string;
	label: string;
	name: string;
}

/** One user's assignment to one app, as Get Assignments outputs it. */
export interface AssignmentRow extends IDataObject {
	appId: string;
	appLabel: string;
	appName: string;
	userId: string;
	login: string | null;
	scope: string;
	status: string;
	syncState: string | null;
	/** For GROUP scope, the app's groups that contain the user; null for USER scope, where it is not read. */
	grantingGroups: GroupReference[] | null;
	appUserName: string | null;
}

/** An entry of `GET /api/v1/apps/{id}/groups`: the group's ID, and the group itself with `expand=group`. */
export interface AppGroupAssignment {
	id: string;
	priority?: number;
	_embedded?: { group?: OktaGroup };
}

/** An entry of `GET /api/v1/users/{id}/appLinks`. */
interface AppLink {
	appInstanceId: string;
	appName: string;
	label: string;
}

/**
 * Reads one user's assignment to an app, or undefined when the user has none. Okta returns
 * 404 both for no assignment and for no app, so callers read the app first.
 */
export async function readAssignment(client: OktaClient, appId: string, userId: string): Promise<OktaAppUser | undefined> {
	const path = apiPath`/api/v1/apps/${appId}/users/${userId}`;
	const response = await client.request<OktaAppUser>({ path, acceptStatuses: [404] });
	if (response.status === 404) return undefined;

	if (Array.isArray(response.body) || typeof response.body !== 'object' || response.body === null) {
		throw client.failure('GET', path, `Okta returned a list instead of the assignment of user ${userId} to app ${appId}`);
	}
	return response.body;
}

/** Lists the groups assigned to an app, in Okta's priority order; `expandGroup` embeds each group's name and type. */
export async function listAppGroups(client: OktaClient, appId: string, options: { expandGroup?: boolean } = {}): Promise<AppGroupAssignment[]> {
	return await client.collect<AppGroupAssignment>({
		path: apiPath`/api/v1/apps/${appId}/groups`,
		query: { limit: APP_GROUPS_PAGE_SIZE, expand: options.expandGroup ? 'group' : undefined },
	});
}

/** Lists the apps assigned to a group. This path is outside Okta's small `/api/v1/apps` rate-limit bucket. */
export async function listGroupApps(client: OktaClient, groupId: string): Promise<OktaApp[]> {
	return await client.collect<OktaApp>({ path: apiPath`/api/v1/groups/${groupId}/apps`, query: { limit: GROUP_APPS_PAGE_SIZE } });
}

/** Finds the app's groups that contain the user, in the app's priority order, with two requests. */
export async function findGrantingGroups(client: OktaClient, appId: string, userId: string): Promise<GroupReference[]> {
	const [appGroups, userGroups] = await Promise.all([listAppGroups(client, appId), listUserGroups(client, userId)]);
	return grantingGroupsAmong(appGroups, userGroups);
}

/** Selects the groups of `userGroups` that are assigned to the app, in the app's priority order. */
export function grantingGroupsAmong(appGroups: AppGroupAssignment[], userGroups: OktaGroup[]): GroupReference[] {
	const userGroupsById = new Map(userGroups.map((group) => [group.id, group]));

	return appGroups
		.map((assignment) => userGroupsById.get(assignment.id))
		.filter((group): group is OktaGroup => group !== undefined)
		.map(groupReference);
}

/**
 * Lists every user assigned to an app with scope, status, sync state and, for GROUP scope, the
 * granting groups. The app's users come with `expand=user`, so logins cost no extra request.
 */
export async function listAppAssignments(client: OktaClient, app: OktaApp, options: { maxItems?: number } = {}): Promise<AssignmentRow[]> {
	const appUsers = await client.collect<OktaAppUser>(
		{
			path: apiPath`/api/v1/apps/${app.id}/users`,
			query: { limit: Math.min(options.maxItems ?? APP_USERS_PAGE_SIZE, APP_USERS_PAGE_SIZE), expand: 'user' },
		},
		{ maxItems: options.maxItems },
	);

	const groupScopedIds = appUsers.filter((appUser) => appUser.scope === 'GROUP').map((appUser) => appUser.id);
	const grants = groupScopedIds.length > 0 ? await findGrantsForUsers(client, app.id, groupScopedIds) : new Map<string, GroupReference[]>();

	return appUsers.map((appUser) => assignmentRow(summarizeApp(app), appUser, embeddedLogin(appUser), grants.get(appUser.id)));
}

/**
 * Finds, for each user, the app's groups that contain them. Reading each user's groups costs
 * one request per user. Paging each group's members costs at least one request per group, and
 * more for groups over 1,000 members. The plan with the smaller known count is taken.
 */
async function findGrantsForUsers(client: OktaClient, appId: string, userIds: string[]): Promise<Map<string, GroupReference[]>> {
	const grants = new Map<string, GroupReference[]>(userIds.map((userId) => [userId, []]));
	const appGroups = await listAppGroups(client, appId, { expandGroup: true });
	if (appGroups.length === 0) return grants;

	if (userIds.length <= appGroups.length) {
		const groupsOfUsers = await client.mapConcurrent(userIds, async (userId) => await listUserGroups(client, userId));
		userIds.forEach((userId, index) => grants.set(userId, grantingGroupsAmong(appGroups, groupsOfUsers[index])));
		return grants;
	}

	const targetUserIds = new Set(userIds);
	const membersOfGroups = await client.mapConcurrent(appGroups, async (assignment) => await listMemberIds(client, assignment.id, targetUserIds));
	appGroups.forEach((assignment, index) => {
		const reference = assignment._embedded?.group ? groupReference(assignment._embedded.group) : { id: assignment.id, name: null, type: null };
		for (const userId of membersOfGroups[index]) grants.get(userId)?.push(reference);
	});
	return grants;
}

/** Pages a group's members and keeps the IDs among `targetUserIds`. */
async function listMemberIds(client: OktaClient, groupId: string, targetUserIds: Set<string>): Promise<string[]> {
	const ids: string[] = [];
	const request = { path: apiPath`/api/v1/groups/${groupId}/users`, query: { limit: GROUP_MEMBERS_PAGE_SIZE } };

	for await (const page of client.pages<OktaUser>(request)) {
		for (const user of page.body) if (targetUserIds.has(user.id)) ids.push(user.id);
	}
	return ids;
}

/**
 * Lists every app a user has, with the same fields as the app view. One listing of
 * `/api/v1/apps` filtered on the user embeds each assignment, scope included. Okta's spec no
 * longer lists the `user.id` filter, so a 400 falls back to the user's app links plus one
 * assignment read per app.
 */
export async function listUserAssignments(client: OktaClient, user: OktaUser, options: { maxItems?: number } = {}): Promise<AssignmentRow[]> {
	const entries =
		(await readAppsOfUserByFilter(client, user.id, options.maxItems)) ?? (await readAppsOfUserByAppLinks(client, user.id, options.maxItems));

	const groupScopedAppIds = entries.filter((entry) => entry.appUser.scope === 'GROUP').map((entry) => entry.app.id);
	const grants = groupScopedAppIds.length > 0 ? await findGrantsForApps(client, user.id, groupScopedAppIds) : new Map<string, GroupReference[]>();

	return entries.map((entry) => assignmentRow(entry.app, entry.appUser, user.profile.login ?? null, grants.get(entry.app.id)));
}

interface UserAppEntry {
	app: AppSummary;
	appUser: OktaAppUser;
}

/** Reads the user's apps with `filter=user.id eq "…"&expand=user/{id}`; undefined when Okta rejects the filter with 400. */
async function readAppsOfUserByFilter(client: OktaClient, userId: string, maxItems: number | undefined): Promise<UserAppEntry[] | undefined> {
	const query = {
		filter: `user.id eq ${quote(userId)}`,
		expand: `user/${userId}`,
		limit: Math.min(maxItems ?? APP_PAGE_SIZE, APP_PAGE_SIZE),
	};
	const apps = await client
		.collect<OktaApp>({ path: '/api/v1/apps', query }, { maxItems })
		.catch(async (error: unknown) => (isOktaError(error, 400) ? undefined : await Promise.reject(error)));
	if (apps === undefined) return undefined;

	const entries = await client.mapConcurrent(apps, async (app) => {
		const embedded = (app._embedded as { user?: OktaAppUser } | undefined)?.user;
		const appUser = embedded ?? (await readAssignment(client, app.id, userId));
		return appUser ? { app: summarizeApp(app), appUser } : undefined;
	});
	return entries.filter((entry): entry is UserAppEntry => entry !== undefined);
}

/** Reads the user's apps from their app links (outside the apps bucket), then each assignment for its scope. */
async function readAppsOfUserByAppLinks(client: OktaClient, userId: string, maxItems: number | undefined): Promise<UserAppEntry[]> {
	const links = await client.collect<AppLink>({ path: apiPath`/api/v1/users/${userId}/appLinks` });

	// Okta can return several links for one app instance.
	const uniqueLinks = [...new Map(links.map((link) => [link.appInstanceId, link])).values()].slice(0, maxItems);

	const entries = await client.mapConcurrent(uniqueLinks, async (link) => {
		const appUser = await readAssignment(client, link.appInstanceId, userId);
		return appUser ? { app: { id: link.appInstanceId, label: link.label, name: link.appName }, appUser } : undefined;
	});
	return entries.filter((entry): entry is UserAppEntry => entry !== undefined);
}

/**
 * Finds, for each app, the user's groups assigned to it. Reading each app's groups costs one
 * request per app, in Okta's small apps bucket. Reading each group's apps costs one request
 * per group of the user, outside that bucket. The smaller count wins, and a tie stays out of the apps bucket.
 */
async function findGrantsForApps(client: OktaClient, userId: string, appIds: string[]): Promise<Map<string, GroupReference[]>> {
	const grants = new Map<string, GroupReference[]>(appIds.map((appId) => [appId, []]));
	const userGroups = await listUserGroups(client, userId);
	if (userGroups.length === 0) return grants;

	if (appIds.length < userGroups.length) {
		const groupsOfApps = await client.mapConcurrent(appIds, async (appId) => await listAppGroups(client, appId));
		appIds.forEach((appId, index) => grants.set(appId, grantingGroupsAmong(groupsOfApps[index], userGroups)));
		return grants;
	}

	const appsOfGroups = await client.mapConcurrent(userGroups, async (group) => await listGroupApps(client, group.id));
	userGroups.forEach((group, index) => {
		for (const app of appsOfGroups[index]) grants.get(app.id)?.push(groupReference(group));
	});
	return grants;
}

export function summarizeApp(app: OktaApp): AppSummary {
	return { id: app.id, label: app.label, name: app.name };
}

function embeddedLogin(appUser: OktaAppUser): string | null {
	const user = (appUser._embedded as { user?: OktaUser } | undefined)?.user;
	return user?.profile?.login ?? null;
}

function assignmentRow(app: AppSummary, appUser: OktaAppUser, login: string | null, grantingGroups: GroupReference[] | undefined): AssignmentRow {
	return {
		appId: app.id,
		appLabel: app.label,
		appName: app.name,
		userId: appUser.id,
		login,
		scope: appUser.scope,
		status: appUser.status,
		syncState: appUser.syncState ?? null,
		grantingGroups: appUser.scope === 'GROUP' ? (grantingGroups ?? []) : null,
		appUserName: appUser.credentials?.userName ?? null,
	};
}
