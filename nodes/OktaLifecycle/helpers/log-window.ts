/** Time limits of Okta's System Log and the time format its queries use. */

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Okta keeps System Log events for 90 days; a query reaching further back returns only those. */
export const RETENTION_DAYS = 90;

/** Okta rejects a `since` more than 180 days back with 400 E0000053. */
export const MAX_SINCE_AGE_DAYS = 180;

/**
 * Formats an instant the way System Log queries are sent and compared: UTC with milliseconds,
 * `YYYY-MM-DDTHH:mm:ss.SSSZ`, whatever the time zone of the n8n instance or workflow.
 */
export function toOktaTime(ms: number): string {
	return new Date(ms).toISOString();
}

/** Returns the earliest instant whose events Okta still keeps, seen from `nowMs`. */
export function retentionStart(nowMs: number): number {
	return nowMs - RETENTION_DAYS * DAY_MS;
}
