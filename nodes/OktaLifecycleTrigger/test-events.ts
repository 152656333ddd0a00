import { NodeOperationError } from 'n8n-workflow';
import type { INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import type { OktaLogEvent } from '../OktaLifecycle/helpers/okta-types';
import type { OktaClient } from '../transport';
import { DAY_MS, LOGS_PATH, currentTimeMs, toOktaTime } from './log-query';
import type { TriggerSettings } from './settings';
import { fullLogEvent, simplifyLogEvent } from '../OktaLifecycle/helpers/log-events';

/** How many of the newest matching events "Fetch Test Event" returns. */
export const TEST_EVENT_COUNT = 5;

const TEST_WINDOW_DAYS = 7;

/**
 * Runs "Fetch Test Event" in the editor: one bounded query for the newest matching events of
 * the last 7 days, newest first. It reads and writes no static data, so testing never moves the
 * position of an active workflow.
 *
 * With no matching event it throws instead of returning null, because the editor would show
 * only an empty output and the user could not tell a quiet week from a wrong filter.
 */
export async function fetchTestEvents(context: IPollFunctions, client: OktaClient, settings: TriggerSettings): Promise<INodeExecutionData[][]> {
	const nowMs = currentTimeMs();
	const since = toOktaTime(nowMs - TEST_WINDOW_DAYS * DAY_MS);
	const until = toOktaTime(nowMs);

	const response = await client.request<OktaLogEvent[]>({
		path: LOGS_PATH,
		query: { since, until, sortOrder: 'DESCENDING', filter: settings.selection.filter, limit: TEST_EVENT_COUNT },
	});
	const events = Array.isArray(response.body) ? response.body.slice(0, TEST_EVENT_COUNT) : [];

	if (events.length === 0) {
		throw new NodeOperationError(context.getNode(), `No matching System Log events from ${since} to ${until}`, {
			description:
				'Okta answered, but recorded no event of the selected Events, Custom Event Types and Filter in the last 7 days. Select more events or widen the Filter, or cause a matching event in Okta (for example add a test user to a group), then fetch again.',
		});
	}

	return [events.map((event) => ({ json: settings.simplify ? simplifyLogEvent(event) : fullLogEvent(event) }))];
}
