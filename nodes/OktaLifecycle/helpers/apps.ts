import type { IDataObject } from 'n8n-workflow';

import { apiPath } from '../../transport';
import type { OktaClient } from '../../transport';
import type { OktaApp } from './okta-types';

/** The largest page `GET /api/v1/apps` returns. */
export const APP_PAGE_SIZE = 200;

/** The ways `getApp` reads its key: as an app ID, as an exact label, or as an ID first and a label second. */
export type AppKeyKind = 'id' | 'label' | 'auto';

/**
 * Reads one app by ID or exact label. A missing ID is an error; `auto` tries the key as an ID
 * and, when Okta returns 404, as a label.
 */
export async function getApp(client: OktaClient, key: string, kind: AppKeyKind = 'auto'): Promise<OktaApp> {
	if (kind === 'label') return await findAppByExactLabel(client, key);

	const path = apiPath`/api/v1/apps/${key}`;
	const response = await client.request<OktaApp>({ path, acceptStatuses: [404] });
	if (response.status === 404) {
		if (kind === 'auto') return await findAppByExactLabel(client, key);
		throw client.errorFor(response, `No Okta app has the ID "${key}"`);
	}
	if (Array.isArray(response.body) || typeof response.body !== 'object' || response.body === null) {
		throw client.failure('GET', path, `Okta returned a list instead of the app "${key}"; nothing was changed`);
	}

	return response.body;
}

/**
 * Finds the one app whose label is exactly `label`. Okta's `q` is a prefix match on name or
 * label, so the results are narrowed to equal labels: a same-case match first, then any case.
 */
export async function findAppByExactLabel(client: OktaClient, label: string): Promise<OktaApp> {
	const apps = await client.collect<OktaApp>({ path: '/api/v1/apps', query: { q: label, limit: APP_PAGE_SIZE } });

	let matches = apps.filter((app) => app.label === label);
	if (matches.length === 0) matches = apps.filter((app) => String(app.label).toLowerCase() === label.toLowerCase());

	if (matches.length === 1) return matches[0];
	if (matches.length === 0) {
		throw client.failure('GET', '/api/v1/apps', `No Okta app has the label "${label}"`);
	}
	throw client.failure(
		'GET',
		'/api/v1/apps',
		`${matches.length} Okta apps have the label "${label}" (${matches.map((app) => app.id).join(', ')}); use the app's ID`,
	);
}

/** Flattens an app to the fields workflows use most; unset fields are null. */
export function simplifyApp(app: OktaApp): IDataObject {
	return {
		id: app.id,
		name: app.name,
		label: app.label,
		status: app.status,
		signOnMode: app.signOnMode ?? null,
		created: app.created ?? null,
		lastUpdated: app.lastUpdated ?? null,
	};
}
