import type { OktaLogEvent } from '../OktaLifecycle/helpers/okta-types';
import type { OktaClient } from '../transport';
import { readOktaErrorBody } from '../transport/errors';
import { POLL_PAGE_LIMIT, storedPosition } from './log-query';

export interface LogRead {
	kind: 'read';
	/** Every event of every page read, in Okta's order. */
	events: OktaLogEvent[];
	/** The absolute URL the next poll reads from. */
	position: string;
	/** Whether the last page read was the end of the log for now (empty, short or pointing at itself). */
	reachedEnd: boolean;
	pages: number;
	/** Whether Okta left out the `next` link, so the position stays on the last page read. */
	missingNext: boolean;
}

export interface RejectedPosition {
	kind: 'rejected';
	status: number;
	errorCode?: string;
}

/**
 * Reads a polling query from `url`, following `next` links while pages are full, up to
 * `maxPages` pages. Okta returns a `next` link on every polling page, even after the newest
 * event. So the read stops at an empty page, a short page or a `next` equal to the URL just
 * read, and whatever remains is read by the next poll. Any failure after the transport's
 * retries throws, so the caller never stores a position past events it did not emit.
 *
 * With `acceptRejection`, a 400 to the first request (a stored position Okta no longer accepts)
 * is returned instead of thrown.
 */
export async function readLog(
	client: OktaClient,
	url: string,
	options: { maxPages: number; acceptRejection: true },
): Promise<LogRead | RejectedPosition>;
export async function readLog(client: OktaClient, url: string, options: { maxPages: number; acceptRejection: false }): Promise<LogRead>;
export async function readLog(
	client: OktaClient,
	url: string,
	options: { maxPages: number; acceptRejection: boolean },
): Promise<LogRead | RejectedPosition> {
	const events: OktaLogEvent[] = [];
	let pageUrl = url;

	for (let pages = 1; ; pages++) {
		const acceptStatuses = pages === 1 && options.acceptRejection ? [400] : undefined;
		const response = await client.requestUrl<unknown>(pageUrl, { method: 'GET', acceptStatuses });
		if (response.status === 400) {
			return { kind: 'rejected', status: response.status, errorCode: readOktaErrorBody(response.body).errorCode };
		}

		if (!Array.isArray(response.body)) {
			throw client.failure('GET', storedPosition(pageUrl), 'Okta returned an invalid System Log page: the body is not a list of events.');
		}
		const page = response.body as OktaLogEvent[];
		events.push(...page);

		const next = client.nextUrl(response);
		if (next === undefined) {
			return { kind: 'read', events, position: pageUrl, reachedEnd: true, pages, missingNext: true };
		}

		const reachedEnd = page.length < POLL_PAGE_LIMIT || next === pageUrl;
		if (reachedEnd || pages >= options.maxPages) {
			return { kind: 'read', events, position: next, reachedEnd, pages, missingNext: false };
		}
		pageUrl = next;
	}
}
