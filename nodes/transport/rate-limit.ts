/**
 * Okta's rate-limit headers, read defensively: duplicated, missing or malformed values never
 * produce a NaN, negative or unbounded wait.
 * https://developer.okta.com/docs/reference/rl-best-practices/
 */

/** The rate-limit reading of one response's headers. */
export interface RateLimitReading {
	/** `X-Rate-Limit-Limit`; 0 marks the org-wide concurrency limit. */
	limit?: number;
	/** `X-Rate-Limit-Remaining`. */
	remaining?: number;
	/** Milliseconds from the moment the response arrived until `X-Rate-Limit-Reset`. */
	resetInMs?: number;
}

export type HeaderValue = string | string[] | number | undefined;
export type ResponseHeaders = Record<string, HeaderValue>;

/** The maximum single wait. Buckets reset every minute, so a longer wait means a bad header. */
export const MAX_SINGLE_WAIT_MS = 65_000;

export function readRateLimit(headers: ResponseHeaders, localNowMs: number): RateLimitReading {
	const limit = readNumbers(headers['x-rate-limit-limit']);
	const remaining = readNumbers(headers['x-rate-limit-remaining']);
	const reset = readNumbers(headers['x-rate-limit-reset']);

	const reading: RateLimitReading = {};
	// Duplicated headers arrive joined by commas; trust the most conservative of the values.
	if (limit.length > 0) reading.limit = Math.min(...limit);
	if (remaining.length > 0) reading.remaining = Math.min(...remaining);

	if (reset.length > 0) {
		// Measure the reset against the server's clock, so a skewed local clock cannot shorten the wait.
		const serverNowMs = readDate(headers.date) ?? localNowMs;
		const untilResetMs = Math.max(...reset) * 1000 - serverNowMs;
		reading.resetInMs = clamp(untilResetMs, 0, MAX_SINGLE_WAIT_MS);
	}

	return reading;
}

/** Options of the retry policy; every field has a default in `DEFAULT_RETRY_POLICY`. */
export interface RetryPolicy {
	/** Retries after the first attempt. */
	maxRetries: number;
	/** Total time one request may spend waiting across its retries. */
	maxTotalWaitMs: number;
	/** Added to the reset time, so the retry lands in the new window. */
	resetMarginMs: number;
	/** The maximum wait for the org's concurrency limit, whose reset time is only an estimate. */
	maxConcurrencyWaitMs: number;
	/** First back-off for server errors and missing reset headers; doubles per attempt. */
	baseBackoffMs: number;
	maxBackoffMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxRetries: 4,
	maxTotalWaitMs: 180_000,
	resetMarginMs: 1_000,
	maxConcurrencyWaitMs: 2_000,
	baseBackoffMs: 1_000,
	maxBackoffMs: 30_000,
};

export interface RetryInput {
	/** 0 for the first failed attempt. */
	attempt: number;
	method: string;
	/** The HTTP status, or undefined when no response arrived (a connection reset or timeout). */
	status?: number;
	rateLimit: RateLimitReading;
	/** Time already spent waiting for this request. */
	waitedMs: number;
	policy: RetryPolicy;
}

export type RetryDecision = { retry: true; waitMs: number; reason: string } | { retry: false; reason: string };

/**
 * Decides whether a failed request is sent again and after how long.
 *
 * 429 is retried for every method, after Okta's reset; a 429 whose limit is 0 is the org's
 * concurrency limit, so its wait is short. 5xx and lost connections are retried only for GET,
 * because a POST or DELETE may already have taken effect. Other statuses are never retried.
 */
export function decideRetry(input: RetryInput): RetryDecision {
	const { attempt, method, status, rateLimit, waitedMs, policy } = input;

	if (attempt >= policy.maxRetries) {
		return { retry: false, reason: `gave up after ${attempt + 1} attempts` };
	}

	let waitMs: number;
	let reason: string;

	if (status === 429) {
		if (rateLimit.limit === 0) {
			const estimate = rateLimit.resetInMs ?? policy.baseBackoffMs;
			waitMs = clamp(estimate, 250, policy.maxConcurrencyWaitMs);
			reason = 'concurrency limit';
		} else if (rateLimit.resetInMs !== undefined) {
			waitMs = rateLimit.resetInMs + policy.resetMarginMs;
			reason = 'rate limit';
		} else {
			waitMs = backoff(attempt, policy);
			reason = 'rate limit without a reset time';
		}
	} else if (method.toUpperCase() === 'GET' && (status === undefined || status >= 500)) {
		waitMs = backoff(attempt, policy);
		reason = status === undefined ? 'connection failed' : `server error ${status}`;
	} else {
		return { retry: false, reason: status === undefined ? 'connection failed' : `status ${status}` };
	}

	if (waitedMs + waitMs > policy.maxTotalWaitMs) {
		return { retry: false, reason: `${reason}: waiting again would exceed ${policy.maxTotalWaitMs} ms` };
	}

	return { retry: true, waitMs, reason };
}

function backoff(attempt: number, policy: RetryPolicy): number {
	return Math.min(policy.baseBackoffMs * 2 ** attempt, policy.maxBackoffMs);
}

function readNumbers(value: HeaderValue): number[] {
	if (value === undefined) return [];
	const parts = Array.isArray(value) ? value : String(value).split(',');

	return parts
		.map((part) => String(part).trim())
		.filter((part) => /^\d+$/.test(part))
		.map(Number)
		.filter((number) => Number.isSafeInteger(number));
}

function readDate(value: HeaderValue): number | undefined {
	if (typeof value !== 'string') return undefined;
	const time = Date.parse(value);
	return Number.isFinite(time) ? time : undefined;
}

function clamp(value: number, min: number, max: number): number {
	if (!Number.isFinite(value)) return min;
	return Math.min(Math.max(value, min), max);
}
