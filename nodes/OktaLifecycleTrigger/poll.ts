import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import type { OktaLogEvent } from '../OktaLifecycle/helpers/okta-types';
import type { OktaClient } from '../transport';
import { currentTimeMs, pollingQueryUrl, storedPosition, toOktaTime } from './log-query';
import { planPollStart, planRestartAfterRejection } from './poll-start';
import type { Carried, Gap, PollStart, SinceStart } from './poll-start';
import { POLL_STATE_VERSION, readPollState, rememberUuids, writePollState } from './poll-state';
import type { PollState } from './poll-state';
import { readLog } from './read-log';
import type { LogRead } from './read-log';
import type { TriggerSettings } from './settings';
import { fullLogEvent, simplifyLogEvent } from '../OktaLifecycle/helpers/log-events';

/**
 * Runs one poll in trigger mode: reads the System Log from the stored position, emits every
 * event not emitted before as one execution (or returns null when there is none), then stores
 * the new position.
 *
 * The static data changes only after every page of the poll was read. A failed request throws,
 * so n8n records the failed poll, and leaves the static data exactly as it was. The next poll
 * then reads again from the same position. A poll cannot both emit page 1 and report a failure
 * on page 2, so page 1 is emitted by the next poll, and the uuid list keeps it from being
 * emitted twice.
 */
export async function pollNewEvents(context: IPollFunctions, client: OktaClient, settings: TriggerSettings): Promise<INodeExecutionData[][] | null> {
	const staticData = context.getWorkflowStaticData('node');
	const nowMs = currentTimeMs();
	const warn = (message: string) => context.logger.warn(message, { workflowId: context.getWorkflow().id, node: context.getNode().name });

	let start: PollStart = planPollStart({
		stored: readPollState(staticData),
		selectionKey: settings.selection.key,
		origin: client.origin,
		nowMs,
		lookbackMinutes: settings.lookbackMinutes,
	});
	if (start.kind === 'since' && start.warning) warn(start.warning);

	let read: LogRead;
	if (start.kind === 'position') {
		const result = await readLog(client, start.url, { maxPages: settings.maxPages, acceptRejection: true });
		if (result.kind === 'rejected') {
			// Restarted once per poll: if the new query fails as well, the poll throws.
			const restart = planRestartAfterRejection(start.state, nowMs, result);
			if (restart.warning) warn(restart.warning);
			read = await readSince(client, restart, settings);
			start = restart;
		} else {
			read = result;
		}
	} else {
		read = await readSince(client, start, settings);
	}

	if (read.missingNext) {
		warn(`Okta returned no next link for ${storedPosition(read.position)}, so the next poll reads that page again.`);
	}

	const emitted = newEvents(read.events, start);
	writePollState(staticData, nextState(start, read, emitted, settings.selection.key, nowMs));

	if (emitted.length === 0) return null;
	return [toItems(emitted, settings.simplify, start.kind === 'since' ? start.gap : undefined)];
}

async function readSince(client: OktaClient, start: SinceStart, settings: TriggerSettings): Promise<LogRead> {
	const url = pollingQueryUrl(client.origin, start.sinceMs, settings.selection.filter);
	return await readLog(client, url, { maxPages: settings.maxPages, acceptRejection: false });
}

/** Selects the events to emit: not emitted before (by uuid), not repeated within the poll, and not older than the first activation. */
function newEvents(events: OktaLogEvent[], start: PollStart): OktaLogEvent[] {
	const seen = new Set(start.carried.recentUuids);
	const minPublishedMs = start.kind === 'since' ? start.minPublishedMs : undefined;
	const emitted: OktaLogEvent[] = [];

	for (const event of events) {
		if (minPublishedMs !== undefined && !(Date.parse(event.published) >= minPublishedMs)) continue;
		if (typeof event.uuid === 'string') {
			if (seen.has(event.uuid)) continue;
			seen.add(event.uuid);
		}
		emitted.push(event);
	}

	return emitted;
}

/**
 * Builds the state after a successful poll. The position is Okta's `next` link, never a time
 * from the local clock. `positionTime` only records how far the log has been read, to detect a
 * position that fell out of Okta's retention.
 */
function nextState(start: PollStart, read: LogRead, emitted: OktaLogEvent[], selectionKey: string, nowMs: number): PollState {
	const carried: Carried = start.carried;
	const last = emitted.length > 0 ? emitted[emitted.length - 1] : undefined;

	let positionTime: string;
	if (read.reachedEnd) positionTime = toOktaTime(nowMs);
	else if (start.kind === 'position') positionTime = start.state.positionTime;
	else positionTime = toOktaTime(start.sinceMs);

	return {
		version: POLL_STATE_VERSION,
		selectionKey,
		nextUrl: storedPosition(read.position),
		positionTime,
		recentUuids: rememberUuids(
			carried.recentUuids,
			emitted.map((event) => event.uuid).filter((uuid): uuid is string => typeof uuid === 'string'),
		),
		lastEventPublished: last ? last.published : carried.lastEventPublished,
		lastEventUuid: last ? last.uuid : carried.lastEventUuid,
	};
}

function toItems(events: OktaLogEvent[], simplify: boolean, gap: Gap | undefined): INodeExecutionData[] {
	return events.map((event, index) => {
		const json: IDataObject = simplify ? simplifyLogEvent(event) : fullLogEvent(event);
		// The first item after a gap names the period whose events Okta no longer kept.
		if (index === 0 && gap) json.gap = { ...gap };
		return { json };
	});
}
