/**
 * The floor of a scenario: the fewest requests a correct and safe procedure needs, and the
 * shortest time in which Okta's rate limits and the sandbox's latency let them be sent one at
 * a time.
 */

import { THRESHOLD_SHARE } from '../settings.mjs';

/** @typedef {import('../../sandbox/server.js').Sandbox} Sandbox */

/**
 * @typedef {{ label: string, bucket: string, count: number, arithmetic: string }} FloorStep
 * @typedef {{
 *   requests: number,
 *   timeMs: number,
 *   reserveTimeMs: number,
 *   steps: FloorStep[],
 *   timeArithmetic: string[],
 *   notes: string[],
 * }} Floor
 */

/**
 * Returns the maximum number of requests a client sends in one window when it stops once the
 * last response left less than `share` of the limit L. After k requests L − k remain, and it
 * may send the next while L − k ≥ share × L, so it sends floor((1 − share) × L) + 1.
 * @param {number} limit
 * @param {number} share
 */
export function requestsPerWindow(limit, share) {
	return Math.min(limit, Math.floor((1 - share) * limit + 1e-9) + 1);
}

/**
 * Computes the minimum time n requests of one bucket take, sent one at a time at `perWindow` per window.
 * @param {number} count
 * @param {number} perWindow
 * @param {{ latencyMs: number, windowMs: number }} options
 */
function bucketTimeMs(count, perWindow, options) {
	const windows = Math.ceil(count / perWindow);
	const rest = count - (windows - 1) * perWindow;
	return { windows, rest, ms: (windows - 1) * options.windowMs + rest * options.latencyMs };
}

/**
 * Adds up the steps and works out the time floor. Sent one at a time, N requests take at least
 * N × latency. A bucket that needs more than its limit L of requests waits for new windows:
 * with n requests it needs w = ceil(n / L) windows, the last of which cannot open before
 * (w − 1) × window after the bucket's first request, and then sends n − (w − 1) × L more.
 * The floor is the larger of the two; requests of other buckets may fill the waits.
 * @param {Sandbox} sandbox
 * @param {FloorStep[]} steps
 * @param {{ latencyMs: number, windowMs: number, notes?: string[] }} options
 * @returns {Floor}
 */
export function buildFloor(sandbox, steps, options) {
	const requests = steps.reduce((total, step) => total + step.count, 0);
	/** @type {Record<string, number>} */
	const byBucket = {};
	for (const step of steps) byBucket[step.bucket] = (byBucket[step.bucket] ?? 0) + step.count;

	const sequentialMs = requests * options.latencyMs;
	const timeArithmetic = [`${formatCount(requests)} requests × ${options.latencyMs} ms latency = ${seconds(sequentialMs)}`];
	let timeMs = sequentialMs;
	let reserveTimeMs = sequentialMs;

	for (const [bucket, count] of Object.entries(byBucket)) {
		const limit = sandbox.rateLimiter.limitOf(bucket);
		reserveTimeMs = Math.max(reserveTimeMs, bucketTimeMs(count, requestsPerWindow(limit, THRESHOLD_SHARE), options).ms);
		if (count <= limit) {
			timeArithmetic.push(`${bucket}: ${formatCount(count)} ${count === 1 ? 'request fits' : 'requests fit'} in one window of ${formatCount(limit)}`);
			continue;
		}

		const { windows, rest, ms } = bucketTimeMs(count, limit, options);
		timeArithmetic.push(
			`${bucket}: ${formatCount(count)} requests at ${formatCount(limit)} per ${seconds(options.windowMs)} window need ${windows} windows: ` +
				`(${windows} − 1) × ${seconds(options.windowMs)} + ${rest} × ${options.latencyMs} ms = ${seconds(ms)}`,
		);
		timeMs = Math.max(timeMs, ms);
	}

	const notes = [...(options.notes ?? [])];
	if (reserveTimeMs > timeMs) {
		notes.push(
			`A client that keeps ${THRESHOLD_SHARE * 100}% of each bucket in reserve, as the threshold requires, sends at most floor(${1 - THRESHOLD_SHARE} × L) + 1 requests per window, so its shortest time is ${seconds(reserveTimeMs)}.`,
		);
	}
	return { requests, timeMs, reserveTimeMs, steps, timeArithmetic, notes };
}

/** @param {number} count */
export function formatCount(count) {
	return count.toLocaleString('en-US');
}

/** @param {number} ms */
export function seconds(ms) {
	return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/**
 * Formats a duration in seconds up to two minutes, then in minutes, then in hours.
 * @param {number} ms
 */
export function formatDuration(ms) {
	if (ms < 120_000) return seconds(ms);
	if (ms < 7_200_000) return `${(ms / 60_000).toFixed(1)} min`;
	return `${(ms / 3_600_000).toFixed(1)} h`;
}
