import { MINUTE_MS, resolveStoredPosition, retentionStart, toOktaTime } from './log-query';
import type { PollState, StoredPollState } from './poll-state';

/** A period whose events could not be read because Okta no longer keeps them. */
export interface Gap {
	from: string;
	to: string;
}

/** Values a poll carries over from the stored state, whichever way it starts. */
export interface Carried {
	recentUuids: string[];
	lastEventPublished: string | null;
	lastEventUuid: string | null;
	positionTime?: string;
}

/** The starting point of a poll: the stored position, or a new polling query from a time. */
export type PollStart =
	| { kind: 'position'; url: string; state: PollState; carried: Carried }
	| {
			kind: 'since';
			sinceMs: number;
			carried: Carried;
			/** The reason the stored position is not used, for the log. Absent on first activation. */
			warning?: string;
			gap?: Gap;
			/** Events published before this are not emitted (first activation only). */
			minPublishedMs?: number;
	  };

export type SinceStart = Extract<PollStart, { kind: 'since' }>;

/**
 * Margin a restart reaches behind the stored position's time when no event time is known, so
 * that a local clock ahead of Okta's cannot skip events. Events read twice are skipped by uuid.
 */
const CLOCK_SKEW_MARGIN_MS = 5 * MINUTE_MS;

/**
 * Decides where a poll starts. The stored position is used unless there is none (first
 * activation), it is damaged, the event selection changed, or it is older than Okta's retention.
 * In those cases a new polling query starts from a time taken from the data.
 */
export function planPollStart(input: {
	stored: StoredPollState;
	selectionKey: string;
	origin: string;
	nowMs: number;
	lookbackMinutes: number;
}): PollStart {
	const { stored, nowMs } = input;

	if (stored.kind === 'none') {
		const sinceMs = nowMs - input.lookbackMinutes * MINUTE_MS;
		const carried = { recentUuids: [], lastEventPublished: null, lastEventUuid: null };
		return { kind: 'since', sinceMs, carried, minPublishedMs: sinceMs };
	}

	if (stored.kind === 'damaged') {
		const carried = { recentUuids: stored.recentUuids, lastEventPublished: stored.lastEventPublished, lastEventUuid: null };
		const desiredMs = timeOf(stored.lastEventPublished) ?? nowMs;
		return restart(desiredMs, nowMs, carried, (since) => `The trigger's stored state is invalid, so polling restarts from ${since}.`);
	}

	const { state } = stored;
	const carried: Carried = {
		recentUuids: state.recentUuids,
		lastEventPublished: state.lastEventPublished,
		lastEventUuid: state.lastEventUuid,
		positionTime: state.positionTime,
	};

	if (state.selectionKey !== input.selectionKey) {
		const lastEventMs = timeOf(state.lastEventPublished);
		const restartPoint = lastEventMs === undefined ? 'now, because no event was emitted yet' : "the last emitted event's time";
		return restart(
			lastEventMs ?? nowMs,
			nowMs,
			carried,
			(since) => `The event selection changed, so polling restarts from ${since} (${restartPoint}) with the new selection. Events already emitted are skipped.`,
		);
	}

	if (Date.parse(state.positionTime) < retentionStart(nowMs)) {
		return restart(
			retentionStart(nowMs),
			nowMs,
			carried,
			(since) => `The stored position dates from ${state.positionTime}, before Okta's 90-day System Log retention, so polling restarts from ${since}.`,
		);
	}

	const url = resolveStoredPosition(input.origin, state.nextUrl);
	if (url === undefined) {
		return restartBehindPosition(
			state,
			nowMs,
			(since) => `The stored position is not a System Log query of this org, so polling restarts from ${since}.`,
		);
	}

	return { kind: 'position', url, state, carried };
}

/**
 * Plans the restart after Okta rejected the stored position with a 400: from the last emitted
 * event's time, clamped to the retention limit. The caller restarts once per poll, so if this
 * query fails too, the poll throws instead of trying again.
 */
export function planRestartAfterRejection(state: PollState, nowMs: number, rejection: { status: number; errorCode?: string }): SinceStart {
	const reason = [rejection.status, rejection.errorCode].filter(Boolean).join(' ');
	return restartBehindPosition(state, nowMs, (since) => `Okta rejected the stored position (${reason}), so polling restarts from ${since}.`);
}

function restartBehindPosition(state: PollState, nowMs: number, message: (since: string) => string): SinceStart {
	const desiredMs = timeOf(state.lastEventPublished) ?? Date.parse(state.positionTime) - CLOCK_SKEW_MARGIN_MS;
	const carried: Carried = {
		recentUuids: state.recentUuids,
		lastEventPublished: state.lastEventPublished,
		lastEventUuid: state.lastEventUuid,
		positionTime: state.positionTime,
	};
	return restart(desiredMs, nowMs, carried, message);
}

/**
 * Plans a new polling query from `desiredMs`, never earlier than Okta's retention limit. When
 * the stored position is older than that limit, the events in between are gone, so that period
 * is returned as a gap and named in the warning.
 */
function restart(desiredMs: number, nowMs: number, carried: Carried, message: (since: string) => string): SinceStart {
	const limitMs = retentionStart(nowMs);
	const sinceMs = Math.max(desiredMs, limitMs);
	const positionMs = timeOf(carried.positionTime ?? null);

	let gap: Gap | undefined;
	let warning = message(toOktaTime(sinceMs));
	if (positionMs !== undefined && positionMs < limitMs) {
		gap = { from: toOktaTime(positionMs), to: toOktaTime(limitMs) };
		warning += ` Okta keeps System Log events for 90 days, so events from ${gap.from} to ${gap.to} could not be read.`;
	}

	return { kind: 'since', sinceMs, carried, warning, gap };
}

function timeOf(value: string | null): number | undefined {
	if (value === null) return undefined;
	const time = Date.parse(value);
	return Number.isFinite(time) ? time : undefined;
}
