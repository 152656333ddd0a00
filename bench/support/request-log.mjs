/**
 * Figures read from the sandbox org's request log: requests per rate-limit bucket, 429s, the
 * span of time they took, and every request a client sent while the bucket's budget was under
 * the threshold.
 */

import { THRESHOLD_SHARE } from '../settings.mjs';

/** @typedef {import('../../sandbox/server.js').Sandbox} Sandbox */
/** @typedef {import('../../sandbox/server.js').RecordedRequest} RecordedRequest */

/**
 * @typedef {{
 *   sent: number,
 *   byBucket: Record<string, number>,
 *   byEndpoint: Record<string, number>,
 *   rateLimited: number,
 *   underThreshold: number,
 *   underThresholdExamples: string[],
 *   firstStartedAt: number|undefined,
 *   lastFinishedAt: number|undefined,
 *   spanMs: number,
 * }} RequestFigures
 */

/**
 * Drops the bodies of finished exchanges from the log, because the figures need only the method,
 * path, status, headers and times. A long run, such as the built-in node reading one page
 * thousands of times, would otherwise keep every response in memory.
 * @param {Sandbox} sandbox
 */
export function compactRequestLog(sandbox) {
	for (const record of sandbox.requests) {
		if (record.finishedAt === 0) continue;
		record.responseBody = undefined;
		record.body = undefined;
	}
}

/**
 * Calls compactRequestLog every second until the returned function is called.
 * @param {Sandbox} sandbox
 */
export function keepRequestLogCompact(sandbox) {
	const timer = setInterval(() => compactRequestLog(sandbox), 1000);
	return () => {
		clearInterval(timer);
		compactRequestLog(sandbox);
	};
}

/**
 * Empties the request log and starts every rate-limit bucket afresh, so the next contender
 * finds the org as the previous one did.
 * @param {Sandbox} sandbox
 */
export function resetSandboxCounters(sandbox) {
	sandbox.clearRequests();
	sandbox.configure({ rateLimits: {} });
}

/**
 * @param {Sandbox} sandbox
 * @returns {RequestFigures}
 */
export function measureRequests(sandbox) {
	const records = [...sandbox.requests].sort((left, right) => left.startedAt - right.startedAt || left.seq - right.seq);
	/** @type {Record<string, number>} */
	const byBucket = {};
	/** @type {Record<string, number>} */
	const byEndpoint = {};
	let rateLimited = 0;
	/** @type {Map<string, RecordedRequest[]>} */
	const finishedByBucket = new Map();
	const underThresholdExamples = [];
	let underThreshold = 0;

	for (const record of records) {
		const bucket = sandbox.rateLimiter.bucketFor(record.method, record.path);
		byBucket[bucket] = (byBucket[bucket] ?? 0) + 1;
		if (record.status === 429) rateLimited += 1;
		// The sandbox records the route it matched; it sends a 429 before routing.
		const endpoint = record.status === 429 ? `${record.method} (429, not routed)` : (record.route ?? `${record.method} ${record.path}`);
		byEndpoint[endpoint] = (byEndpoint[endpoint] ?? 0) + 1;

		const previous = latestFinishedBefore(finishedByBucket.get(bucket) ?? [], record.startedAt);
		const verdict = previous ? budgetVerdict(previous, record.startedAt) : undefined;
		if (verdict) {
			underThreshold += 1;
			if (underThresholdExamples.length < 3) underThresholdExamples.push(`${record.method} ${record.path} (${bucket}): ${verdict}`);
		}

		const finished = finishedByBucket.get(bucket) ?? [];
		finished.push(record);
		finishedByBucket.set(bucket, finished);
	}

	const firstStartedAt = records.length > 0 ? Math.min(...records.map((record) => record.startedAt)) : undefined;
	const lastFinishedAt = records.length > 0 ? Math.max(...records.map((record) => record.finishedAt || record.startedAt)) : undefined;
	return {
		sent: records.length,
		byBucket,
		byEndpoint,
		rateLimited,
		underThreshold,
		underThresholdExamples,
		firstStartedAt,
		lastFinishedAt,
		spanMs: firstStartedAt === undefined || lastFinishedAt === undefined ? 0 : lastFinishedAt - firstStartedAt,
	};
}

/** No exchange with the sandbox lasts this long, so older ones cannot be the latest response. */
const LONGEST_EXCHANGE_MS = 120_000;

/**
 * Finds the response of the bucket that arrived last before `startedAt`: what a client could
 * know when it sent the next request.
 * @param {RecordedRequest[]} records of one bucket, in start order
 * @param {number} startedAt
 */
function latestFinishedBefore(records, startedAt) {
	/** @type {RecordedRequest|undefined} */
	let latest;
	for (let index = records.length - 1; index >= 0; index--) {
		const record = records[index];
		if (record.startedAt < startedAt - LONGEST_EXCHANGE_MS) break;
		if (record.finishedAt === 0 || record.finishedAt > startedAt) continue;
		if (!latest || record.finishedAt > latest.finishedAt) latest = record;
	}
	return latest;
}

/**
 * Says why sending at `startedAt` spent the budget below the threshold, or undefined when it
 * did not: the previous response left at least the threshold's share, or its reset had passed.
 * A concurrency 429 (limit 0) carries no figures of the bucket's per-minute budget.
 * @param {RecordedRequest} previous
 * @param {number} startedAt
 */
function budgetVerdict(previous, startedAt) {
	const headers = /** @type {Record<string, unknown>} */ (previous.responseHeaders ?? {});
	const limit = Number(headers['x-rate-limit-limit']);
	const remaining = Number(headers['x-rate-limit-remaining']);
	const resetSeconds = Number(headers['x-rate-limit-reset']);
	if (!Number.isFinite(limit) || !Number.isFinite(remaining) || limit === 0) return undefined;

	if (remaining >= limit * THRESHOLD_SHARE) return undefined;
	if (Number.isFinite(resetSeconds) && startedAt >= resetSeconds * 1000) return undefined;
	return `sent with ${remaining} of ${limit} left, ${Math.max(0, resetSeconds * 1000 - startedAt)} ms before the reset`;
}
