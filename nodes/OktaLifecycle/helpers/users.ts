import type { IDataObject } from 'n8n-workflow';

import { apiPath } from '../../transport';
import type { OktaClient } from '../../transport';
import type { OktaUser } from './okta-types';
import { quote } from './search-expression';

/** The directory fields every simplified user carries, null when unset. */
export const DIRECTORY_FIELDS = ['title', 'userType', 'employeeNumber', 'costCenter', 'department', 'manager', 'managerId'];

/**
 * Reads one user by id or login. Okta reads a login directly, except one containing `/`
 * (it returns 405), which is found by an exact search instead. A direct read comes first
 * because Okta's search index lags behind a user created a moment ago.
 */
export async function getUser(client: OktaClient, key: string): Promise<OktaUser> {
	if (key.includes('/')) return await findUserByExactLogin(client, key);

	const response = await client.request<OktaUser>({ path: apiPath`/api/v1/users/${key}`, acceptStatuses: [404, 405] });
	if (response.status === 405) return await findUserByExactLogin(client, key);
	if (response.status === 404) {
		throw client.errorFor(response, `No Okta user has the ID or login "${key}"`);
	}
	if (Array.isArray(response.body) || typeof response.body !== 'object' || response.body === null) {
		throw client.failure('GET', apiPath`/api/v1/users/${key}`, `Okta returned a list instead of the user "${key}"; nothing was changed`);
	}

	return response.body;
}

/** Finds the one user whose login is exactly `login`, through search. */
export async function findUserByExactLogin(client: OktaClient, login: string): Promise<OktaUser> {
	const search = `profile.login eq ${quote(login)}`;
	const users = await client.collect<OktaUser>({ path: '/api/v1/users', query: { search, limit: 200 } });
	const exact = users.filter((user) => typeof user?.profile?.login === 'string' && user.profile.login.toLowerCase() === login.toLowerCase());

	if (exact.length === 1) return exact[0];
	if (exact.length === 0) {
		throw client.failure('GET', '/api/v1/users', `No Okta user has the login "${login}"`);
	}
	throw client.failure(
		'GET',
		'/api/v1/users',
		`${exact.length} Okta users match the login "${login}" (${exact.map((user) => user.id).join(', ')}); use the user's ID`,
	);
}

export interface SimplifyOptions {
	/** Custom profile attributes to copy; a missing one is null. */
	customAttributes?: string[];
}

/** The user object's own fields (outside the profile) that a simplified user carries. */
export const USER_DATE_FIELDS = ['created', 'activated', 'statusChanged', 'lastLogin', 'lastUpdated', 'passwordChanged'];

/**
 * Output fields a custom attribute must not replace: they come from outside the profile, or
 * are added by the Include Groups and Resolve Manager Email options.
 */
export const RESERVED_OUTPUT_FIELDS = ['id', 'status', 'transitioningToStatus', ...USER_DATE_FIELDS, 'groups', 'managerEmail'];

/**
 * Returns a flat view of a user with the fields ops workflows use most, with null for unset fields.
 * Shape: id, status, transitioningToStatus, login, email, firstName, lastName, the
 * DIRECTORY_FIELDS, the USER_DATE_FIELDS, then each custom attribute asked for. A custom
 * attribute never replaces a field from outside the profile.
 */
export function simplifyUser(user: OktaUser, options: SimplifyOptions = {}): IDataObject {
	const profile: IDataObject = user.profile ?? {};
	const simple: IDataObject = {
		id: user.id ?? null,
		status: user.status ?? null,
		transitioningToStatus: user.transitioningToStatus ?? null,
		login: profile.login ?? null,
		email: profile.email ?? null,
		firstName: profile.firstName ?? null,
		lastName: profile.lastName ?? null,
	};

	for (const field of DIRECTORY_FIELDS) simple[field] = profile[field] ?? null;
	for (const field of USER_DATE_FIELDS) simple[field] = user[field] ?? null;
	for (const attribute of options.customAttributes ?? []) {
		if (!RESERVED_OUTPUT_FIELDS.includes(attribute)) simple[attribute] = profile[attribute] ?? null;
	}

	return simple;
}
