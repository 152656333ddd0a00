import { NodeApiError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

/** Okta's error body: https://developer.okta.com/docs/reference/error-codes/ */
export interface OktaErrorBody {
	errorCode?: string;
	errorSummary?: string;
	errorLink?: string;
	errorId?: string;
	errorCauses?: Array<{ errorSummary?: string }>;
}

/** Details of a failed exchange, kept on the error for callers and for error items. */
export interface OktaErrorDetails {
	status?: number;
	method: string;
	path: string;
	errorCode?: string;
	errorSummary?: string;
	errorCauses: string[];
	errorId?: string;
	/** For 429s: when the bucket resets, as an ISO 8601 time. */
	rateLimitResetAt?: string;
	[key: string]: unknown;
}

/** Hints for the error codes a user can act on; keyed by Okta's errorCode, never by message text. */
const HINTS: Record<string, string> = {
	E0000004: 'Okta could not authenticate the request. Check the API token in the credential.',
	E0000011:
		'The API token is invalid, revoked or expired (Okta expires tokens unused for 30 days). Create a new token in the Admin Console under Security > API > Tokens and update the credential.',
	E0000006:
		"The token's admin lacks a permission this operation needs. Give the service account's role the permission (see the README's least-privilege setup), or use a token of an admin who has it.",
	E0000007: 'Okta has no such object. Check the ID or login; a deleted object cannot be read.',
	E0000047:
		'The rate limit stayed exhausted after every retry. Wait a minute, run fewer items at once, or raise the token\'s share of the rate limit in the Admin Console.',
	E0000031: 'Okta rejected the search or filter expression. Check its syntax, for example: profile.department eq "Sales"',
	E0000053: 'Okta rejected a System Log parameter. Check the filter syntax and that Since is within the last 180 days.',
	E0000001: 'Okta rejected the values sent. The causes below name the field.',
	E0000038: "The user's current status does not allow this operation.",
	E0000016: 'The user is already active.',
	E0000046:
		'Okta refuses to remove an app assignment that a group grants. Remove the user from the granting group, or convert the assignment first.',
	E0000112: 'Okta is still activating this user. Try again in a few seconds.',
	E0000117: 'Okta does not assign apps to an inactive user. Activate the user first.',
	E0000062: 'The user is already assigned to this app.',
};

const STATUS_HINTS: Record<number, string> = {
	401: HINTS.E0000011,
	403: HINTS.E0000006,
	404: HINTS.E0000007,
	429: HINTS.E0000047,
};

/** Builds the NodeApiError for an Okta error response (or a failure with no response). */
export function createOktaApiError(node: INode, details: OktaErrorDetails, message?: string): NodeApiError {
	const what = [details.status, details.errorCode].filter(Boolean).join(' ');
	const summary = details.errorSummary ? `: ${details.errorSummary}` : '';
	const headline = message ?? `Okta returned ${what}${summary} for ${details.method} ${details.path}`;

	const hint = (details.errorCode && HINTS[details.errorCode]) ?? (details.status ? STATUS_HINTS[details.status] : undefined);
	const description = [
		hint,
		details.errorCauses.length > 0 ? `Causes: ${details.errorCauses.join('; ')}` : undefined,
		details.rateLimitResetAt ? `The rate limit resets at ${details.rateLimitResetAt}.` : undefined,
		details.errorId ? `Okta error ID (for Okta Support): ${details.errorId}` : undefined,
	]
		.filter(Boolean)
		.join(' ');

	const error = new NodeApiError(node, details as unknown as JsonObject, {
		message: headline,
		description: description || undefined,
		httpCode: details.status ? String(details.status) : undefined,
	});
	// NodeApiError rewrites messages of well-known HTTP codes; the Okta headline is more useful.
	error.message = headline;
	Object.assign(error.context, { okta: details });
	return error;
}

/** Reads Okta's error fields from a response body of any shape. */
export function readOktaErrorBody(body: unknown): Pick<OktaErrorDetails, 'errorCode' | 'errorSummary' | 'errorCauses' | 'errorId'> {
	const value = (typeof body === 'object' && body !== null ? body : {}) as OktaErrorBody;
	const causes = Array.isArray(value.errorCauses) ? value.errorCauses : [];

	return {
		errorCode: typeof value.errorCode === 'string' ? value.errorCode : undefined,
		errorSummary: typeof value.errorSummary === 'string' ? value.errorSummary : undefined,
		errorId: typeof value.errorId === 'string' ? value.errorId : undefined,
		errorCauses: causes
			.map((cause) => (typeof cause?.errorSummary === 'string' ? cause.errorSummary : undefined))
			.filter((cause): cause is string => cause !== undefined),
	};
}

/** Returns the Okta details of an error thrown by the transport, if it is one. */
export function oktaErrorDetails(error: unknown): OktaErrorDetails | undefined {
	if (!(error instanceof NodeApiError)) return undefined;
	const details = (error.context as { okta?: OktaErrorDetails }).okta;
	return details;
}

/** Checks whether an error is an Okta response with this status and, if given, one of these error codes. */
export function isOktaError(error: unknown, status: number, errorCodes?: string[]): boolean {
	const details = oktaErrorDetails(error);
	if (!details || details.status !== status) return false;
	return errorCodes === undefined || (details.errorCode !== undefined && errorCodes.includes(details.errorCode));
}
