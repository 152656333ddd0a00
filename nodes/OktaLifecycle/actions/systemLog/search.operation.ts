import { DateTime } from 'luxon';
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { simplifyLogEvent } from '../../helpers/log-events';
import { DAY_MS, MAX_SINCE_AGE_DAYS, RETENTION_DAYS, retentionStart, toOktaTime } from '../../helpers/log-window';
import type { OktaLogEvent } from '../../helpers/okta-types';
import { and, checkRawExpression, or, quote } from '../../helpers/search-expression';
import { maxPagesOption, returnAllAndLimit, simplifyParameter } from '../common/parameters';
import type { OperationContext } from '../types';

const displayOptions = { show: { resource: ['systemLog'], operation: ['search'] } };

/** Okta's largest System Log page. */
const MAX_PAGE_SIZE = 1000;
/** Okta's limits on the `q` parameter. */
const MAX_KEYWORDS = 10;
const MAX_KEYWORD_LENGTH = 40;
/** Okta's default period: `since` is 7 days before `until`. */
const DEFAULT_PERIOD_DAYS = 7;

export const description: INodeProperties[] = [
	{
		displayName: 'Since',
		name: 'since',
		type: 'dateTime',
		default: '',
		description:
			"Start of the period, inclusive. Empty means 7 days before Until. A time without an offset is read in the workflow's time zone. Okta keeps 90 days of events.",
		displayOptions,
	},
	{
		displayName: 'Until',
		name: 'until',
		type: 'dateTime',
		default: '',
		description: "End of the period, exclusive. Empty means now. A time without an offset is read in the workflow's time zone.",
		displayOptions,
	},
	...returnAllAndLimit(displayOptions),
	simplifyParameter(displayOptions),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions,
		options: [
			{
				displayName: 'Event Types',
				name: 'eventTypes',
				type: 'string',
				typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Event Type' },
				default: [],
				placeholder: 'user.session.start',
				description: 'Okta event types to return; an event matches if it has any of them',
			},
			{
				displayName: 'Filter',
				name: 'filter',
				type: 'string',
				default: '',
				placeholder: 'actor.alternateId eq "jane.roe@example.com" and outcome.result eq "FAILURE"',
				description: 'A System Log filter expression in plain text, combined with Event Types by "and"',
			},
			{
				displayName: 'Keyword',
				name: 'keyword',
				type: 'string',
				default: '',
				placeholder: 'Chrome Lisbon',
				description:
					'Case-insensitive keywords that must all appear in an event, separated by spaces: at most 10, each at most 40 characters',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions,
		options: [
			maxPagesOption,
			{
				displayName: 'Sort Order',
				name: 'sortOrder',
				type: 'options',
				options: [
					{ name: 'Ascending', value: 'ASCENDING', description: 'Oldest first' },
					{ name: 'Descending', value: 'DESCENDING', description: 'Newest first' },
				],
				default: 'DESCENDING',
				description: 'Order by publish time. With a Limit, Descending returns the newest events.',
			},
		],
	},
];

interface SearchFilters {
	eventTypes?: string[] | string;
	filter?: string;
	keyword?: string;
}

interface SearchOptions {
	maxPages?: number;
	sortOrder?: string;
}

/** Searches the System Log within a bounded period (both `since` and `until` are sent), paged with Okta's `next` links. */
export async function execute(this: IExecuteFunctions, context: OperationContext, itemIndex: number): Promise<IDataObject[]> {
	const node = this.getNode();
	const filters = this.getNodeParameter('filters', itemIndex, {}) as SearchFilters;
	const options = this.getNodeParameter('options', itemIndex, {}) as SearchOptions;
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number);
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;

	if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
		throw new NodeOperationError(node, `Limit is ${limit}, but it must be a whole number of at least 1`, { itemIndex });
	}
	const sortOrder = options.sortOrder ?? 'DESCENDING';
	if (sortOrder !== 'ASCENDING' && sortOrder !== 'DESCENDING') {
		throw new NodeOperationError(node, `Sort Order "${sortOrder}" is not ASCENDING or DESCENDING`, { itemIndex });
	}

	const period = readPeriod(this, itemIndex);
	const filter = and(eventTypeExpression(this, filters.eventTypes, itemIndex), readRawFilter(this, filters.filter, itemIndex));
	const keyword = readKeyword(this, filters.keyword, itemIndex);

	if (period.notice) {
		this.logger.warn(period.notice);
		this.addExecutionHints({ message: period.notice, location: 'outputPane' });
	}

	const query = {
		since: toOktaTime(period.sinceMs),
		until: toOktaTime(period.untilMs),
		filter,
		q: keyword,
		sortOrder,
		limit: Math.min(limit ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE),
	};
	const events = await context.client.collect<OktaLogEvent>({ path: '/api/v1/logs', query }, { maxItems: limit, maxPages: options.maxPages });

	return simplify ? events.map(simplifyLogEvent) : events;
}

/**
 * Reads Since and Until and checks them against Okta's limits before any request. A Since
 * before Okta's 90-day retention is moved up to the retention start, with a notice, because
 * Okta would return only the retained part and the result would look complete.
 */
function readPeriod(context: IExecuteFunctions, itemIndex: number): { sinceMs: number; untilMs: number; notice?: string } {
	const node = context.getNode();
	const nowMs = Date.now();
	const zone = context.getTimezone();

	const untilMs = readTime(context, 'until', 'Until', zone, itemIndex) ?? nowMs;
	const sinceMs = readTime(context, 'since', 'Since', zone, itemIndex) ?? untilMs - DEFAULT_PERIOD_DAYS * DAY_MS;

	if (sinceMs > untilMs) {
		throw new NodeOperationError(node, `Since (${toOktaTime(sinceMs)}) is after Until (${toOktaTime(untilMs)})`, {
			itemIndex,
			description: 'Set Since to a time before Until.',
		});
	}
	if (sinceMs < nowMs - MAX_SINCE_AGE_DAYS * DAY_MS) {
		throw new NodeOperationError(node, `Since (${toOktaTime(sinceMs)}) is more than ${MAX_SINCE_AGE_DAYS} days ago, which Okta rejects`, {
			itemIndex,
			description: `Okta keeps System Log events for ${RETENTION_DAYS} days. Set Since within the last ${RETENTION_DAYS} days.`,
		});
	}

	const retainedFrom = retentionStart(nowMs);
	if (untilMs <= retainedFrom) {
		throw new NodeOperationError(node, `The whole period ends before ${toOktaTime(retainedFrom)}, so its events are no longer available`, {
			itemIndex,
			description: `Okta keeps System Log events for ${RETENTION_DAYS} days. Set Since and Until within the last ${RETENTION_DAYS} days.`,
		});
	}
	if (sinceMs < retainedFrom) {
		return {
			sinceMs: retainedFrom,
			untilMs,
			notice: `Since (${toOktaTime(sinceMs)}) is before Okta's ${RETENTION_DAYS}-day System Log retention, so events before ${toOktaTime(retainedFrom)} are not available; the search starts there.`,
		};
	}

	return { sinceMs, untilMs };
}

/**
 * Reads a Since or Until parameter as an instant. A time without an offset, as n8n's date
 * picker produces, is in the workflow's time zone; an offset or `Z` is kept.
 */
function readTime(context: IExecuteFunctions, name: string, field: string, zone: string, itemIndex: number): number | undefined {
	const value = context.getNodeParameter(name, itemIndex, '') as unknown;
	if (value === undefined || value === null || value === '') return undefined;

	let time: DateTime;
	if (DateTime.isDateTime(value)) time = value;
	else if (value instanceof Date) time = DateTime.fromJSDate(value);
	else time = DateTime.fromISO(String(value).trim(), { zone });

	if (!time.isValid) {
		throw new NodeOperationError(context.getNode(), `${field} "${String(value)}" is not a valid date and time`, {
			itemIndex,
			description: `Enter an ISO 8601 time, for example 2025-03-03T09:59:30.123Z, or pick one in the date picker.`,
		});
	}
	return time.toMillis();
}

/** Builds `eventType eq "…" or …` from Event Types, checking each name first. */
function eventTypeExpression(context: IExecuteFunctions, value: string[] | string | undefined, itemIndex: number): string | undefined {
	const entries = Array.isArray(value) ? value : [value ?? ''];
	const names = entries.map((name) => String(name).trim()).filter(Boolean);
	if (names.length === 0) return undefined;

	const invalid = names.find((name) => !/^[A-Za-z0-9_.-]+$/.test(name));
	if (invalid !== undefined) {
		throw new NodeOperationError(context.getNode(), `Event Types contains "${invalid}", which is not an event type name`, {
			itemIndex,
			description: 'Enter one Okta event type per entry, such as user.session.start; use Filter for other conditions.',
		});
	}

	return or(...names.map((name) => `eventType eq ${quote(name)}`));
}

function readRawFilter(context: IExecuteFunctions, value: string | undefined, itemIndex: number): string | undefined {
	if (value === undefined || value.trim() === '') return undefined;
	return checkRawExpression(context.getNode(), value, 'Filter', itemIndex);
}

/** Checks Keyword against Okta's limits of 10 keywords of 40 characters, because Okta rejects more with a 400. */
function readKeyword(context: IExecuteFunctions, value: string | undefined, itemIndex: number): string | undefined {
	const keywords = (value ?? '').split(/\s+/).filter(Boolean);
	if (keywords.length === 0) return undefined;

	if (keywords.length > MAX_KEYWORDS) {
		throw new NodeOperationError(context.getNode(), `Keyword has ${keywords.length} keywords, but Okta accepts at most ${MAX_KEYWORDS}`, {
			itemIndex,
			description: 'Remove keywords, or use Filter for exact conditions.',
		});
	}
	const tooLong = keywords.find((keyword) => keyword.length > MAX_KEYWORD_LENGTH);
	if (tooLong !== undefined) {
		throw new NodeOperationError(
			context.getNode(),
			`Keyword "${tooLong}" has ${tooLong.length} characters, but Okta accepts at most ${MAX_KEYWORD_LENGTH}`,
			{ itemIndex, description: 'Shorten or remove the keyword.' },
		);
	}

	return keywords.join(' ');
}
