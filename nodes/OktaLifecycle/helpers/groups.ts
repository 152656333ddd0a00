import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INode } from 'n8n-workflow';

import { apiPath } from '../../transport';
import type { OktaClient } from '../../transport';
import type { OktaGroup } from './okta-types';
import { quote } from './search-expression';

/** Okta group ids are `00g` followed by 17 letters and digits. */
const GROUP_ID = /^00g[0-9A-Za-z]{17}$/;

/** The short form of a group that user outputs carry in `groups`. */
export interface GroupReference extends IDataObject {
	id: string;
	name: string | null;
	type: string | null;
}

/**
 * Reads one group by id or exact name. A key shaped like an Okta group id is read by id;
 * anything else is taken as a name.
 */
export async function getGroup(client: OktaClient, key: string): Promise<OktaGroup> {
	return GROUP_ID.test(key) ? await getGroupById(client, key) : await findGroupByExactName(client, key);
}

/** Reads one group by the group locator's mode: From List and By ID give an id, By Name gives a name. */
export async function getGroupByLocator(client: OktaClient, key: string, mode: string): Promise<OktaGroup> {
	if (mode === 'name') return await findGroupByExactName(client, key);
	if (mode === 'id' || mode === 'list') return await getGroupById(client, key);
	return await getGroup(client, key);
}

/** Reads one group by id; a 404 becomes an error that names the id. */
export async function getGroupById(client: OktaClient, id: string): Promise<OktaGroup> {
	const path = apiPath`/api/v1/groups/${id}`;
	const response = await client.request<OktaGroup>({ path, acceptStatuses: [404] });

	if (response.status === 404) {
		throw client.errorFor(response, `No Okta group has the ID "${id}"`);
	}
	if (Array.isArray(response.body) || typeof response.body !== 'object' || response.body === null) {
		throw client.failure('GET', path, `Okta returned a list instead of the group "${id}"; nothing was changed`);
	}

	return response.body;
}

/**
 * Finds the one group named exactly `name` through search. Okta compares values without regard
 * to case, so an exact-case match wins over others that differ only in case.
 */
export async function findGroupByExactName(client: OktaClient, name: string): Promise<OktaGroup> {
	const search = `profile.name eq ${quote(name)}`;
	const groups = await client.collect<OktaGroup>({ path: '/api/v1/groups', query: { search, limit: 200 } });

	const sameCase = groups.filter((group) => groupName(group) === name);
	const anyCase = groups.filter((group) => groupName(group)?.toLowerCase() === name.toLowerCase());
	const matches = sameCase.length > 0 ? sameCase : anyCase;

	if (matches.length === 1) return matches[0];
	if (matches.length === 0) {
		throw client.failure(
			'GET',
			'/api/v1/groups',
			`No Okta group is named "${name}". Okta's search index can take a few seconds to list a group created moments ago.`,
		);
	}
	throw client.failure(
		'GET',
		'/api/v1/groups',
		`${matches.length} Okta groups are named "${name}" (${matches.map((group) => group.id).join(', ')}); use the group's ID`,
	);
}

/** Lists every group a user belongs to, following Okta's next links if it sends any. */
export async function listUserGroups(client: OktaClient, userId: string, maxPages?: number): Promise<OktaGroup[]> {
	return await client.collect<OktaGroup>({ path: apiPath`/api/v1/users/${userId}/groups` }, { maxPages });
}

/**
 * Rejects a group whose membership Okta does not let the API change: BUILT_IN (Everyone)
 * contains every user, and APP_GROUP membership is imported from an app or directory.
 */
export function requireOktaGroup(node: INode, group: OktaGroup, action: 'add' | 'remove', itemIndex: number): void {
	if (group.type === 'OKTA_GROUP') return;

	const name = groupName(group) ?? group.id;
	const verb = action === 'add' ? 'add users to' : 'remove users from';
	const reason =
		group.type === 'BUILT_IN'
			? 'Okta manages the membership of built-in groups such as Everyone itself'
			: group.type === 'APP_GROUP'
				? 'its membership is imported from an app or directory, so change it there and let Okta import it'
				: 'only OKTA_GROUP groups can be changed through the API';

	throw new NodeOperationError(node, `Cannot ${verb} the group "${name}" (${group.id}): its type is ${String(group.type)}`, {
		itemIndex,
		description: `Okta allows membership changes only on OKTA_GROUP groups; ${reason}. Nothing was changed.`,
	});
}

/** Returns the group's name, or null when Okta sent none. */
export function groupName(group: OktaGroup): string | null {
	const name = group.profile?.name;
	return typeof name === 'string' ? name : null;
}

/** Returns the `{id, name, type}` form of a group. */
export function groupReference(group: OktaGroup): GroupReference {
	return { id: group.id, name: groupName(group), type: typeof group.type === 'string' ? group.type : null };
}

/** Returns a flat view of a group, with null for unset fields. */
export function simplifyGroup(group: OktaGroup): IDataObject {
	const profile = group.profile ?? {};
	return {
		id: group.id ?? null,
		name: groupName(group),
		description: profile.description ?? null,
		type: group.type ?? null,
		created: group.created ?? null,
		lastUpdated: group.lastUpdated ?? null,
		lastMembershipUpdated: group.lastMembershipUpdated ?? null,
	};
}
