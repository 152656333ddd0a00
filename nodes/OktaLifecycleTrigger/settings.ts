import { NodeOperationError } from 'n8n-workflow';
import type { INode, IPollFunctions } from 'n8n-workflow';

import { buildEventSelection } from './event-selection';
import type { EventSelection } from './event-selection';

/** The longest First-Run Lookback: 7 days, well inside Okta's 90-day retention. */
export const MAX_LOOKBACK_MINUTES = 7 * 24 * 60;

/** Okta's System Log bucket allows a token about 60 requests a minute, so one poll stays well below. */
export const MAX_PAGES_PER_POLL = 50;

export const DEFAULT_PAGES_PER_POLL = 10;

export interface TriggerSettings {
	selection: EventSelection;
	lookbackMinutes: number;
	maxPages: number;
	simplify: boolean;
}

interface TriggerOptions {
	firstRunLookback?: number;
	maxPagesPerPoll?: number;
	simplify?: boolean;
	successfulSignInsOnly?: boolean;
}

/** Reads and checks the trigger's parameters, so invalid values are rejected before any request. */
export function readTriggerSettings(context: IPollFunctions): TriggerSettings {
	const node = context.getNode();
	const options = context.getNodeParameter('options', {}) as TriggerOptions;

	const selection = buildEventSelection(node, {
		categories: toStringList(context.getNodeParameter('events', [])),
		customEventTypes: toStringList(context.getNodeParameter('customEventTypes', [])),
		rawFilter: String(context.getNodeParameter('filter', '')),
		successfulSignInsOnly: options.successfulSignInsOnly ?? false,
	});

	return {
		selection,
		lookbackMinutes: checkWholeNumber(node, options.firstRunLookback ?? 0, 'First-Run Lookback', 0, MAX_LOOKBACK_MINUTES),
		maxPages: checkWholeNumber(node, options.maxPagesPerPoll ?? DEFAULT_PAGES_PER_POLL, 'Max Pages Per Poll', 1, MAX_PAGES_PER_POLL),
		simplify: options.simplify ?? true,
	};
}

/** Reads a list parameter, which an expression may also set to one comma-separated string. */
function toStringList(value: unknown): string[] {
	const entries = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
	return entries.map((entry) => String(entry).trim()).filter((entry) => entry !== '');
}

function checkWholeNumber(node: INode, value: unknown, field: string, min: number, max: number): number {
	const number = Number(value);
	if (!Number.isInteger(number) || number < min || number > max) {
		throw new NodeOperationError(node, `${field} must be a whole number from ${min} to ${max}, not ${String(value)}`, {
			description: `Set ${field} in the trigger's options to a value from ${min} to ${max}.`,
		});
	}
	return number;
}
