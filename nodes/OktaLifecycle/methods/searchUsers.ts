import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { createOktaClient } from '../../transport';
import type { OktaClient } from '../../transport';
import type { OktaUser } from '../helpers/okta-types';
import { quote } from '../helpers/search-expression';

/** Okta's maximum page size for users, so scrolling through a large org takes fewer requests. */
const PAGE_SIZE = 200;

/**
 * Lists users for the user picker. The search runs on Okta's side and pages with Okta's cursor,
 * so any user of a large org can be picked. The pagination token is Okta's `next` link.
 * A typed filter matches the start of the login, email, first or last name, or of "first last".
 */
export async function searchUsers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const client = await createOktaClient(this);
	const text = filter?.trim();
	// NOTE: without a filter this is Okta's plain listing, which leaves out DEPROVISIONED users; a typed search includes them.
	const query: Record<string, string | number> = text ? { search: userSearch(text), limit: PAGE_SIZE } : { limit: PAGE_SIZE };

	return await searchPage<OktaUser>(client, { path: '/api/v1/users', query }, paginationToken, (user) => ({
		name: pickerName(user),
		value: user.id,
	}));
}

function userSearch(text: string): string {
	const fields = ['login', 'email', 'firstName', 'lastName'].map((field) => `profile.${field} sw ${quote(text)}`);

	const space = text.indexOf(' ');
	if (space > 0) {
		const first = text.slice(0, space).trim();
		const last = text.slice(space + 1).trim();
		if (last !== '') fields.push(`(profile.firstName eq ${quote(first)} and profile.lastName sw ${quote(last)})`);
	}
	return fields.join(' or ');
}

/** Builds the list label, such as "Jane Roe (jane.roe@example.com)", with the status when the user is not active. */
function pickerName(user: OktaUser): string {
	const profile = user.profile ?? {};
	const fullName = [profile.firstName, profile.lastName].filter((part) => typeof part === 'string' && part !== '').join(' ');
	const login = typeof profile.login === 'string' ? profile.login : user.id;
	const label = fullName === '' ? login : `${fullName} (${login})`;
	return user.status === 'ACTIVE' || typeof user.status !== 'string' ? label : `${label} - ${user.status}`;
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
