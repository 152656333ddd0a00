import type { OktaClient } from '../../../transport';
import type { OktaLogEvent } from '../../helpers/okta-types';
import { recordSignInEvent } from '../../helpers/sign-in-report';
import type { SignInIndex } from '../../helpers/sign-in-report';
import type { ReportWindow } from './report-items';

/** Okta's largest System Log page; the log's rate limit is small, so every request should fill one. */
export const LOG_PAGE_SIZE = 1000;

export interface SignInQuery {
	window: ReportWindow;
	filter: string;
	maxPages?: number;
	/** Only events of these actors are kept, so memory stays bounded by the report's users. */
	actorIds?: Set<string>;
}

/**
 * Reads the sign-in events of one bounded System Log query (both `since` and `until`) to its
 * last page and indexes them per user and app. A bounded query has no `next` link on its last
 * page, so following `next` ends.
 */
export async function readSignIns(client: OktaClient, query: SignInQuery): Promise<SignInIndex> {
	const index: SignInIndex = new Map();
	const request = {
		path: '/api/v1/logs',
		query: {
			since: query.window.since,
			until: query.window.until,
			filter: query.filter,
			sortOrder: 'DESCENDING',
			limit: LOG_PAGE_SIZE,
		},
	};

	for await (const page of client.pages<OktaLogEvent>(request, { maxPages: query.maxPages })) {
		for (const event of page.body) {
			if (event === null || typeof event !== 'object') continue;
			const actorId = event.actor?.id;
			if (query.actorIds && (actorId === undefined || !query.actorIds.has(actorId))) continue;
			recordSignInEvent(index, event);
		}
	}

	return index;
}
