import { apiPath, isOktaError } from '../../transport';
import type { OktaClient } from '../../transport';
import { groupReference, listUserGroups } from './groups';
import type { GroupReference } from './groups';
import type { OktaGroup } from './okta-types';

/**
 * Members per page when reading a group's members, and the page size the cost estimate assumes.
 * Okta documents a default of 1,000 and no maximum, so larger pages are asked for first.
 */
const MEMBERS_PAGE_SIZE = 10000;

/** The endpoint's documented default, used if Okta rejects the larger page size. */
const DEFAULT_MEMBERS_PAGE_SIZE = 1000;

/** The most groups one page of the group list returns; Okta's documented maximum. */
const GROUPS_PAGE_SIZE = 10000;

export type GroupPlan = 'perUser' | 'groupSide';

export interface PlanChoice {
	plan: GroupPlan;
	/** Requests the per-user plan needs: one per user, more if Okta pages a user's groups. */
	perUserRequests: number;
	/** Estimated requests the group-side plan needs after the group list: each group's member pages. */
	groupSideRequests: number;
}

export interface UserGroups {
	/** Each user id's groups, in the order Okta lists them. */
	groupsByUser: Map<string, GroupReference[]>;
	choice: PlanChoice;
}

/**
 * Chooses the cheaper way to learn the groups of `userCount` users, given the org's groups.
 * The group side reads each group's members, `ceil(members / 10000)` pages per group, estimated
 * from `_embedded.stats.usersCount` when Okta sent it and one page per group otherwise. A tie
 * goes to the per-user plan, whose count is exact.
 */
export function choosePlan(userCount: number, groups: readonly OktaGroup[]): PlanChoice {
	const groupSideRequests = groups.reduce((total, group) => total + estimatedMemberPages(group), 0);
	const plan: GroupPlan = groupSideRequests < userCount ? 'groupSide' : 'perUser';
	return { plan, perUserRequests: userCount, groupSideRequests };
}

/**
 * Finds the groups of each user, by whichever plan costs fewer requests: one request per user
 * (`GET /api/v1/users/{id}/groups`), or the group side (list every group, then page through each
 * group's members and keep the users asked about). Every list is read to its end.
 */
export async function findGroupsOfUsers(
	client: OktaClient,
	userIds: readonly string[],
	options: { maxPages?: number } = {},
): Promise<UserGroups> {
	const ids = [...new Set(userIds)];

	// Learning the group count costs one request, so with one user the per-user plan cannot lose,
	// and the group side is not estimated.
	if (ids.length <= 1) {
		const groupsByUser = await readPerUser(client, ids, options.maxPages);
		return { groupsByUser, choice: { plan: 'perUser', perUserRequests: ids.length, groupSideRequests: 0 } };
	}

	const listed = await client.collect<OktaGroup>(
		{ path: '/api/v1/groups', query: { limit: GROUPS_PAGE_SIZE, expand: 'stats' } },
		{ maxPages: options.maxPages },
	);
	const groups = listed.filter(hasId);
	const choice = choosePlan(ids.length, groups);

	if (choice.plan === 'groupSide') {
		return { groupsByUser: await readGroupSide(client, ids, groups, options.maxPages), choice };
	}
	return { groupsByUser: await readPerUser(client, ids, options.maxPages), choice };
}

async function readPerUser(client: OktaClient, ids: string[], maxPages: number | undefined): Promise<Map<string, GroupReference[]>> {
	const lists = await client.mapConcurrent(ids, async (id) => await listUserGroups(client, id, maxPages));
	return new Map(ids.map((id, index) => [id, lists[index].filter(hasId).map(groupReference)]));
}

async function readGroupSide(
	client: OktaClient,
	ids: string[],
	groups: OktaGroup[],
	maxPages: number | undefined,
): Promise<Map<string, GroupReference[]>> {
	const requested = new Set(ids);

	// NOTE: Okta's docs do not say whether a group's member list includes DEPROVISIONED users; the sandbox includes them.
	const memberLists = await client.mapConcurrent(groups, async (group) => {
		// NOTE: no Okta document gives this list's largest page; should an org reject 10,000, the
		// documented default still works, at the cost of more requests.
		return await readMembers(client, group.id, MEMBERS_PAGE_SIZE, requested, maxPages).catch(async (error: unknown) =>
			isOktaError(error, 400)
				? await readMembers(client, group.id, DEFAULT_MEMBERS_PAGE_SIZE, requested, maxPages)
				: await Promise.reject(error),
		);
	});

	const groupsByUser = new Map<string, GroupReference[]>(ids.map((id) => [id, []]));
	groups.forEach((group, index) => {
		for (const userId of memberLists[index]) groupsByUser.get(userId)?.push(groupReference(group));
	});
	return groupsByUser;
}

/** Reads one group's members to the end and keeps the ids asked about. */
async function readMembers(
	client: OktaClient,
	groupId: string,
	pageSize: number,
	requested: Set<string>,
	maxPages: number | undefined,
): Promise<Set<string>> {
	const members = new Set<string>();
	const request = { path: apiPath`/api/v1/groups/${groupId}/users`, query: { limit: pageSize } };
	for await (const page of client.pages<{ id?: unknown }>(request, { maxPages })) {
		for (const member of page.body) {
			if (typeof member?.id === 'string' && requested.has(member.id)) members.add(member.id);
		}
	}
	return members;
}

function hasId(group: OktaGroup | null | undefined): group is OktaGroup {
	return typeof group?.id === 'string' && group.id !== '';
}

function estimatedMemberPages(group: OktaGroup): number {
	const embedded = group._embedded as { stats?: { usersCount?: unknown } } | undefined;
	const count = embedded?.stats?.usersCount;
	if (typeof count !== 'number' || !Number.isFinite(count) || count <= 0) return 1;
	return Math.ceil(count / MEMBERS_PAGE_SIZE);
}
