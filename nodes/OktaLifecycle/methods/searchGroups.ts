import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { createOktaClient } from '../../transport';
import type { OktaGroup } from '../helpers/okta-types';
import { quote } from '../helpers/search-expression';
import { searchPage } from './searchUsers';

/** Okta advises pages of 200 groups or fewer. */
const PAGE_SIZE = 200;

/**
 * Lists groups for the group picker. A typed filter becomes a server-side name-prefix search
 * (never `q`, which Okta does not page), and the list pages with Okta's cursor: the pagination
 * token is Okta's `next` link.
 */
export async function searchGroups(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const client = await createOktaClient(this);
	const text = filter?.trim();
	const query: Record<string, string | number> = text ? { search: `profile.name sw ${quote(text)}`, limit: PAGE_SIZE } : { limit: PAGE_SIZE };

	return await searchPage<OktaGroup>(client, { path: '/api/v1/groups', query }, paginationToken, (group) => {
		const name = typeof group.profile?.name === 'string' ? group.profile.name : group.id;
		// Mark the types whose membership cannot be changed, so the list shows it before a run fails.
		return { name: group.type === 'OKTA_GROUP' || group.type === undefined ? name : `${name} (${group.type})`, value: group.id };
	});
}
