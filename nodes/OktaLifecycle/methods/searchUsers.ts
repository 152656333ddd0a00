import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { createOktaClient } from '../../transport';
import type { OktaClient } from '../../transport';
import type { OktaUser } from '../helpers/okta-types';
import { quote } from '../helpers/search-expression';

const PAGE_SIZE = 50;

/**
 * Lists users for the user picker. The search runs on Okta's side and pages with Okta's cursor,
 * so any user of a large org can be picked; the pagination token is Okta's `next` link.
 */
export async function searchUsers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const client = await createOktaClient(this);
	const text = filter?.trim();
	const query: Record<string, string | number> = text
		? { search: ['login', 'email', 'firstName', 'lastName'].map((field) => `profile.${field} sw ${quote(text)}`).join(' or '), limit: PAGE_SIZE }
		: { limit: PAGE_SIZE };

	return await searchPage<OktaUser>(client, { path: '/api/v1/users', query }, paginationToken, (user) => ({
		name: `${[user.profile.firstName, user.profile.lastName].filter(Boolean).join(' ')} (${user.profile.login})`,
		value: user.id,
	}));
}

/** Reads one page of a picker list: the first from `request`, later ones from Okta's `next` link. */
export async function searchPage<T>(
	client: OktaClient,
	request: { path: string; query: Record<string, string | number> },
	paginationToken: string | undefined,
	toItem: (item: T) => INodeListSearchItems,
): Promise<INodeListSearchResult> {
	const response = paginationToken
		? await client.requestUrl<T[]>(paginationToken, { method: 'GET' })
		: await client.request<T[]>({ path: request.path, query: request.query });

	const items = Array.isArray(response.body) ? response.body : [];
	return { results: items.map(toItem), paginationToken: client.nextUrl(response) };
}
