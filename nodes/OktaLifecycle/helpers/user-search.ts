import { DateTime } from 'luxon';
import { NodeOperationError } from 'n8n-workflow';
import type { INode, INodePropertyOptions } from 'n8n-workflow';

import { USER_STATUSES } from './okta-types';
import { and, checkRawExpression, or, quote } from './search-expression';

/** The Status filter's value for Okta's own default: every status except DEPROVISIONED. */
export const STATUS_OKTA_DEFAULT = 'oktaDefault';

/** The Status filter's value for every status, DEPROVISIONED included. */
export const STATUS_ALL = 'all';

const STATUS_NAMES: Record<(typeof USER_STATUSES)[number], string> = {
	ACTIVE: 'Active',
	DEPROVISIONED: 'Deprovisioned (Deactivated)',
	LOCKED_OUT: 'Locked Out',
	PASSWORD_EXPIRED: 'Password Expired',
	PROVISIONED: 'Provisioned',
	RECOVERY: 'Recovery',
	STAGED: 'Staged',
	SUSPENDED: 'Suspended',
};

/** The options of a Status filter: Okta's default, every status, or one status. */
export const STATUS_OPTIONS: INodePropertyOptions[] = [
	{ name: "Any Status Except Deactivated (Okta's Default)", value: STATUS_OKTA_DEFAULT },
	{ name: 'All Statuses (Including Deactivated)', value: STATUS_ALL },
	...USER_STATUSES.map((status) => ({ name: STATUS_NAMES[status], value: status })),
];

/** The profile fields the Match Field filter offers. */
export const MATCH_FIELDS = ['login', 'email', 'department'] as const;

/** The Filters collection of User Get Many, as n8n passes it: only the filters the user added are present. */
export interface UserFilterValues {
	status?: string;
	matchField?: string;
	matchType?: string;
	matchValue?: unknown;
	lastUpdatedSince?: unknown;
	searchExpression?: unknown;
}

interface BuildOptions {
	node: INode;
	itemIndex: number;
	/** The workflow's time zone, for dates entered without an offset. */
	timezone: string;
}

/**
 * Builds one Okta `search` expression from the filters, ANDing the parts, or returns undefined
 * when no filter is set, so the caller can use the plain listing. Okta's plain listing leaves out
 * DEPROVISIONED users, and search has no `ne` operator, so "all statuses" ORs all eight statuses
 * and Okta's default, once other filters force a search, ORs the other seven.
 * An added filter that is empty is an error: silently dropping it would widen the list to every user.
 */
export function buildUserSearch(filters: UserFilterValues, options: BuildOptions): string | undefined {
	const status = filters.status ?? STATUS_OKTA_DEFAULT;
	const parts = [matchPart(filters, options), lastUpdatedPart(filters, options), rawPart(filters, options)].filter(
		(part): part is string => part !== undefined,
	);

	if (status === STATUS_OKTA_DEFAULT && parts.length === 0) return undefined;
	return and(statusPart(status, options), ...parts);
}

/** Builds an expression that matches any of the given statuses. */
export function statusExpression(statuses: readonly string[]): string {
	return or(...statuses.map((status) => `status eq ${quote(status)}`));
}

function statusPart(status: string, options: BuildOptions): string {
	if (status === STATUS_ALL) return statusExpression(USER_STATUSES);
	if (status === STATUS_OKTA_DEFAULT) return statusExpression(USER_STATUSES.filter((value) => value !== 'DEPROVISIONED'));
	if ((USER_STATUSES as readonly string[]).includes(status)) return statusExpression([status]);

	throw new NodeOperationError(options.node, `Status "${status}" is not an Okta user status`, {
		itemIndex: options.itemIndex,
		description: `Choose one of: ${USER_STATUSES.join(', ')}, or All Statuses.`,
	});
}

function matchPart(filters: UserFilterValues, options: BuildOptions): string | undefined {
	const added = filters.matchValue !== undefined || filters.matchField !== undefined || filters.matchType !== undefined;
	if (!added) return undefined;

	const value = typeof filters.matchValue === 'string' || typeof filters.matchValue === 'number' ? String(filters.matchValue).trim() : '';
	if (value === '') {
		throw new NodeOperationError(options.node, 'Match Value is empty', {
			itemIndex: options.itemIndex,
			description: 'Enter the value to match in Match Value, or remove the Match filters to list every user.',
		});
	}

	const field = filters.matchField ?? 'login';
	if (!(MATCH_FIELDS as readonly string[]).includes(field)) {
		throw new NodeOperationError(options.node, `Match Field "${field}" is not supported`, {
			itemIndex: options.itemIndex,
			description: `Choose one of: ${MATCH_FIELDS.join(', ')}. For other attributes use Search Expression.`,
		});
	}

	const operator = (filters.matchType ?? 'eq') === 'sw' ? 'sw' : 'eq';
	return `profile.${field} ${operator} ${quote(value)}`;
}

function lastUpdatedPart(filters: UserFilterValues, options: BuildOptions): string | undefined {
	if (filters.lastUpdatedSince === undefined) return undefined;
	return `lastUpdated ge ${quote(toUtcIso(filters.lastUpdatedSince, 'Last Updated Since', options))}`;
}

function rawPart(filters: UserFilterValues, options: BuildOptions): string | undefined {
	if (filters.searchExpression === undefined) return undefined;

	const text = typeof filters.searchExpression === 'string' ? filters.searchExpression : '';
	if (text.trim() === '') {
		throw new NodeOperationError(options.node, 'Search Expression is empty', {
			itemIndex: options.itemIndex,
			description: 'Enter an Okta search expression, for example: profile.department eq "Sales", or remove the filter.',
		});
	}
	return checkRawExpression(options.node, text, 'Search Expression', options.itemIndex);
}

/**
 * Converts a date the user entered to the ISO 8601 UTC form Okta compares against
 * (2025-03-03T10:00:00.000Z). A date without an offset is read in the workflow's time zone.
 */
export function toUtcIso(value: unknown, field: string, options: BuildOptions): string {
	let parsed: DateTime | undefined;
	if (DateTime.isDateTime(value)) parsed = value;
	else if (value instanceof Date) parsed = DateTime.fromJSDate(value);
	else if (typeof value === 'string' && value.trim() !== '') {
		const text = value.trim();
		parsed = DateTime.fromISO(text, { zone: options.timezone });
		if (!parsed.isValid) parsed = DateTime.fromSQL(text, { zone: options.timezone });
	}

	const iso = parsed?.isValid ? parsed.toUTC().toISO() : null;
	if (!iso) {
		throw new NodeOperationError(options.node, `${field} is not a valid date: "${String(value)}"`, {
			itemIndex: options.itemIndex,
			description: `Enter ${field} as an ISO 8601 date and time, for example 2025-03-03T10:00:00Z.`,
		});
	}
	return iso;
}
