import { apiPath } from '../../transport';
import type { OktaClient } from '../../transport';
import type { OktaUser } from './okta-types';
import { or, quote } from './search-expression';

/** Okta user ids are `00u` followed by 17 letters and digits; any other managerId is taken as an employee number. */
const OKTA_USER_ID = /^00u[0-9A-Za-z]{17}$/;

/** Employee numbers per search request, which keeps the expression and URL short. */
const SEARCH_BATCH_SIZE = 20;

const CACHE_PREFIX = 'managerEmail:';

/** Returns the user's `profile.managerId`, trimmed, or undefined when it is unset. */
export function managerIdOf(user: OktaUser): string | undefined {
	const value = user.profile?.managerId;
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const text = String(value).trim();
	return text === '' ? undefined : text;
}

/**
 * Resolves managers' emails from `managerId` values. Okta has no manager-email attribute, and
 * `managerId` is free text: an Okta user id (read with `GET /api/v1/users/{id}`, where 404 means
 * unknown), or, as HR imports often fill it, an employee number (found with one search per 20
 * numbers). Unresolvable and ambiguous values map to null. Results are kept in `cache`, which
 * lives for one node run, so each manager costs at most one lookup per run. Managers among
 * `knownUsers` (users the run has already read) cost no request when referenced by Okta id.
 */
export async function resolveManagerEmails(
	client: OktaClient,
	managerIds: Iterable<string>,
	cache: Map<string, unknown>,
	knownUsers: readonly OktaUser[] = [],
): Promise<Map<string, string | null>> {
	const distinct = [...new Set(managerIds)];
	for (const user of knownUsers) {
		if (typeof user?.id === 'string' && OKTA_USER_ID.test(user.id)) cache.set(CACHE_PREFIX + user.id, emailOf(user));
	}
	const missing = distinct.filter((managerId) => !cache.has(CACHE_PREFIX + managerId));

	const userIds = missing.filter((managerId) => OKTA_USER_ID.test(managerId));
	const employeeNumbers = missing.filter((managerId) => !OKTA_USER_ID.test(managerId));

	const emailsById = await client.mapConcurrent(userIds, async (userId) => await readEmailById(client, userId));
	userIds.forEach((userId, index) => cache.set(CACHE_PREFIX + userId, emailsById[index]));

	for (let start = 0; start < employeeNumbers.length; start += SEARCH_BATCH_SIZE) {
		const batch = employeeNumbers.slice(start, start + SEARCH_BATCH_SIZE);
		const emails = await findEmailsByEmployeeNumber(client, batch);
		for (const number of batch) cache.set(CACHE_PREFIX + number, emails.get(number) ?? null);
	}

	return new Map(distinct.map((managerId) => [managerId, (cache.get(CACHE_PREFIX + managerId) as string | null | undefined) ?? null]));
}

async function readEmailById(client: OktaClient, userId: string): Promise<string | null> {
	const response = await client.request<OktaUser>({ path: apiPath`/api/v1/users/${userId}`, acceptStatuses: [404] });
	if (response.status === 404 || Array.isArray(response.body)) return null;
	return emailOf(response.body);
}

/** Searches users by employee number; a number that matches no user, or several, gets no entry. */
async function findEmailsByEmployeeNumber(client: OktaClient, numbers: string[]): Promise<Map<string, string | null>> {
	const search = or(...numbers.map((number) => `profile.employeeNumber eq ${quote(number)}`));
	const users = await client.collect<OktaUser>({ path: '/api/v1/users', query: { search, limit: 200 } });

	const emails = new Map<string, string | null>();
	for (const number of numbers) {
		// Okta matches values without regard to case, so an exact-case match wins when there is one.
		const sameCase = users.filter((user) => employeeNumberOf(user) === number);
		const anyCase = users.filter((user) => employeeNumberOf(user)?.toLowerCase() === number.toLowerCase());
		const matches = sameCase.length > 0 ? sameCase : anyCase;
		if (matches.length === 1) emails.set(number, emailOf(matches[0]));
	}
	return emails;
}

function employeeNumberOf(user: OktaUser | null | undefined): string | undefined {
	const value = user?.profile?.employeeNumber;
	return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

function emailOf(user: OktaUser | null | undefined): string | null {
	const email = user?.profile?.email;
	return typeof email === 'string' && email !== '' ? email : null;
}
