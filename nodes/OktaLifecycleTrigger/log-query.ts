import { DateTime } from 'luxon';

import { encodeQuery } from '../transport/url';

/**
 * System Log queries and times. Okta has two kinds of query. A polling query (no `until`,
 * ascending) is ordered by when Okta stored each event, so late events are not skipped, and it
 * returns a `next` link on every page, even an empty one. A bounded query (with `until`) is
 * ordered by `published` and ends.
 * https://developer.okta.com/docs/reference/system-log-query/
 */

export const LOGS_PATH = '/api/v1/logs';

/** The largest page Okta returns for the System Log. */
export const POLL_PAGE_LIMIT = 1000;

export const MINUTE_MS = 60 * 1000;
export const DAY_MS = 24 * 60 * MINUTE_MS;

/** Okta keeps System Log events for 90 days. */
export const RETENTION_MS = 90 * DAY_MS;

/** Returns the current time in milliseconds, read through luxon so that tests can set the clock (`Settings.now`). */
export function currentTimeMs(): number {
	return DateTime.now().toMillis();
}

/**
 * Formats an instant as Okta's queries expect it: UTC with milliseconds,
 * `YYYY-MM-DDTHH:mm:ss.SSSZ`, whatever the time zone of the n8n instance or workflow.
 */
export function toOktaTime(ms: number): string {
	return new Date(ms).toISOString();
}

/** Computes the earliest instant whose events Okta still keeps, seen from `nowMs`. */
export function retentionStart(nowMs: number): number {
	return nowMs - RETENTION_MS;
}

/** Builds the absolute URL of a polling query that starts at `sinceMs`. */
export function pollingQueryUrl(origin: string, sinceMs: number, filter: string | undefined): string {
	const query = { since: toOktaTime(sinceMs), sortOrder: 'ASCENDING', filter, limit: POLL_PAGE_LIMIT };
	// Normalised like the `next` links the transport returns, so URLs compare as equal strings.
	return new URL(origin + LOGS_PATH + encodeQuery(query)).toString();
}

/**
 * Turns a stored position back into an absolute URL of the org, or undefined when it is not a
 * System Log query of this org (damaged static data must not send the API token elsewhere).
 */
export function resolveStoredPosition(origin: string, stored: string): string | undefined {
	if (!stored.startsWith(`${LOGS_PATH}?`)) return undefined;

	try {
		const url = new URL(stored, origin);
		return url.origin === new URL(origin).origin && url.pathname === LOGS_PATH ? url.toString() : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Converts a `next` URL to the form the static data keeps: path and query only. A changed
 * spelling of the org URL then keeps working, and an absolute URL of another host is never stored.
 */
export function storedPosition(absoluteUrl: string): string {
	const url = new URL(absoluteUrl);
	return url.pathname + url.search;
}
