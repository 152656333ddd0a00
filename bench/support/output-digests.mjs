/**
 * Turns each scenario's answer into digests, the same way for every contender: this package's
 * output items and the SDK scripts' rows have the same fields for what is compared.
 */

import { digestOf } from './digest.mjs';

/** @typedef {import('./digest.mjs').Digest} Digest */

/**
 * Users and their groups: one entry per user, one per (user, group) pair.
 * @param {Array<{ id?: unknown, groups?: unknown }>} rows
 * @returns {{ users: Digest, pairs: Digest }}
 */
export function usersWithGroupsDigest(rows) {
	const users = [];
	const pairs = [];
	for (const row of rows) {
		const userId = String(row.id);
		users.push(userId);
		const groups = Array.isArray(row.groups) ? row.groups : [];
		for (const group of groups) pairs.push(`${userId}|${String(/** @type {{ id?: unknown }} */ (group)?.id)}`);
	}
	return { users: digestOf(users), pairs: digestOf(pairs) };
}

/**
 * Last successful sign-ins: one entry per user, one per (user, app, last sign-in) triple.
 * Entries whose sign-in is null are left out: they say no sign-in was found.
 * @param {Array<{ userId?: unknown, apps?: unknown }>} rows
 * @returns {{ users: Digest, pairs: Digest }}
 */
export function appSignInsDigest(rows) {
	const users = [];
	const pairs = [];
	for (const row of rows) {
		const userId = String(row.userId);
		users.push(userId);
		const apps = Array.isArray(row.apps) ? row.apps : [];
		for (const app of apps) {
			const entry = /** @type {{ appId?: unknown, lastSignIn?: unknown }} */ (app);
			if (entry?.lastSignIn) pairs.push(`${userId}|${String(entry.appId)}|${String(entry.lastSignIn)}`);
		}
	}
	return { users: digestOf(users), pairs: digestOf(pairs) };
}

/**
 * System Log events: one entry per uuid, plus how many were delivered in all, so repeats show.
 * @param {Array<{ uuid?: unknown }>} rows
 * @returns {{ events: Digest, delivered: number }}
 */
export function eventsDigest(rows) {
	return { events: digestOf(rows.map((row) => String(row.uuid))), delivered: rows.length };
}
