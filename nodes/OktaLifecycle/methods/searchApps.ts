import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { createOktaClient } from '../../transport';
import { APP_PAGE_SIZE } from '../helpers/apps';
import type { OktaApp } from '../helpers/okta-types';
import { searchPage } from './searchUsers';

/**
 * Lists applications for the application picker. Okta's `q` matches the start of the app's
 * name or label; the pagination token is Okta's `next` link.
 */
export async function searchApps(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const client = await createOktaClient(this);
	const text = filter?.trim();
	const query: Record<string, string | number> = text ? { q: text, limit: APP_PAGE_SIZE } : { limit: APP_PAGE_SIZE };

	return await searchPage<OktaApp>(client, { path: '/api/v1/apps', query }, paginationToken, (app) => ({
		name: `${app.label} (${app.name})`,
		value: app.id,
	}));
}
