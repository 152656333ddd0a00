import type { OktaClient } from '../../../transport';
import { and, or, quote } from '../../helpers/search-expression';
import type { OktaLogEvent } from '../../helpers/okta-types';
import { APP_SIGN_IN_EVENT, OKTA_SIGN_IN_EVENT, recordSignInEvent } from '../../helpers/sign-in-report';
import type { SignInIndex } from '../../helpers/sign-in-report';
import type { ReportSettings, ReportWindow } from './report-items';

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
 * Builds the System Log filter of a report: the sign-in event types it needs, narrowed to one
 * user or one app, and to successful sign-ins unless failed ones are reported too. A session
 * start is a sign-in to Okta, not to an app, even where Identity Engine names the app among its
 * targets, so a report about one app reads only single sign-ons.
 */
export function signInFilter(
	settings: Pick<ReportSettings, 'includeFailed' | 'includeOktaSignIns'>,
	subject: { actorId?: string; appId?: string },
): string {
	const types = subject.appId === undefined && settings.includeOktaSignIns ? [OKTA_SIGN_IN_EVENT, APP_SIGN_IN_EVENT] : [APP_SIGN_IN_EVENT];

	return String(
		and(
			subject.actorId === undefined ? undefined : `actor.id eq ${quote(subject.actorId)}`,
			or(...types.map((type) => `eventType eq ${quote(type)}`)),
			subject.appId === undefined ? undefined : `target.id eq ${quote(subject.appId)}`,
			settings.includeFailed ? undefined : 'outcome.result eq "SUCCESS"',
		),
	);
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
