import type { IDataObject } from 'n8n-workflow';

export const POLL_STATE_VERSION = 1;

/** How many emitted event uuids are kept to recognise an event that is read again. */
export const MAX_RECENT_UUIDS = 1000;

/**
 * The trigger's state in the node's static data between polls. n8n saves it only when a poll
 * emits, and a restart can bring back an older copy, so every field is valid on its own.
 */
export interface PollState {
	version: typeof POLL_STATE_VERSION;
	/** The selection the position belongs to (see `EventSelection.key`). */
	selectionKey: string;
	/** Path and query of Okta's `next` link for the polling query: where the next poll reads. */
	nextUrl: string;
	/**
	 * The time (local clock, ISO 8601) up to which the position has read the whole log: the start
	 * of the last poll that reached the end of the log. It shows whether the position fell out of
	 * Okta's 90-day retention while the workflow was inactive.
	 */
	positionTime: string;
	/** Uuids of the most recently emitted events, oldest first, at most `MAX_RECENT_UUIDS`. */
	recentUuids: string[];
	/** `published` of the last event emitted, in the order Okta returned the events. */
	lastEventPublished: string | null;
	lastEventUuid: string | null;
}

/** The stored state as read: none (first activation), usable, or damaged with what could be saved. */
export type StoredPollState =
	| { kind: 'none' }
	| { kind: 'valid'; state: PollState }
	| { kind: 'damaged'; recentUuids: string[]; lastEventPublished: string | null };

/** Reads the trigger's state from the node's static data without changing it. */
export function readPollState(staticData: IDataObject): StoredPollState {
	if (Object.keys(staticData).length === 0) return { kind: 'none' };

	const recentUuids = isStringArray(staticData.recentUuids) ? [...staticData.recentUuids] : [];
	const lastEventPublished = isTime(staticData.lastEventPublished) ? staticData.lastEventPublished : null;

	const valid =
		staticData.version === POLL_STATE_VERSION &&
		typeof staticData.selectionKey === 'string' &&
		typeof staticData.nextUrl === 'string' &&
		isTime(staticData.positionTime) &&
		isStringArray(staticData.recentUuids) &&
		(staticData.lastEventPublished === null || isTime(staticData.lastEventPublished)) &&
		(staticData.lastEventUuid === null || typeof staticData.lastEventUuid === 'string');
	if (!valid) return { kind: 'damaged', recentUuids, lastEventPublished };

	return {
		kind: 'valid',
		state: {
			version: POLL_STATE_VERSION,
			selectionKey: staticData.selectionKey as string,
			nextUrl: staticData.nextUrl as string,
			positionTime: staticData.positionTime as string,
			recentUuids,
			lastEventPublished,
			lastEventUuid: (staticData.lastEventUuid as string | null) ?? null,
		},
	};
}

/** Replaces the static data's content with `state`, in place, as n8n expects. */
export function writePollState(staticData: IDataObject, state: PollState): void {
	for (const key of Object.keys(staticData)) {
		if (!(key in state)) delete staticData[key];
	}
	Object.assign(staticData, state);
}

/** Appends uuids to the recent list and keeps only the newest `MAX_RECENT_UUIDS`. */
export function rememberUuids(recentUuids: string[], added: string[]): string[] {
	return [...recentUuids, ...added].slice(-MAX_RECENT_UUIDS);
}

function isStringArray(value: unknown): value is string[] {
	return Array.isArray(value) && value.every((entry) => typeof entry === 'string');
}

function isTime(value: unknown): value is string {
	return typeof value === 'string' && Number.isFinite(Date.parse(value));
}
