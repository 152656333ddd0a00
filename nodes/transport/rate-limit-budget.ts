import type { RateLimitReading } from './rate-limit';

/**
 * Names the Okta rate-limit bucket a request counts against, so the budget read from one
 * response is applied to the next request of the same bucket. Okta matches the exact path
 * first, then the longest prefix; this follows its published per-minute table.
 */
export function rateLimitBucket(method: string, path: string): string {
	const segments = path.split('?')[0].split('/').filter(Boolean);
	const [api, version, resource] = segments;
	if (api !== 'api' || version !== 'v1') return 'other';

	const depth = segments.length;
	const write = method.toUpperCase() !== 'GET';

	switch (resource) {
		case 'apps':
			// Only GET /api/v1/apps/{id} has a bucket of its own; every other apps path shares the small one.
			return depth === 4 && !write ? 'apps/{id}' : 'apps';
		case 'groups':
			if (depth === 3) return 'groups';
			if (depth === 4) return 'groups/{id}';
			return 'other';
		case 'users':
			if (depth === 3) return 'users';
			if (depth === 4) return write ? 'users/{id} write' : 'users/{id}';
			return 'other';
		case 'logs':
			return 'logs';
		default:
			return 'other';
	}
}

interface BucketState {
	limit: number;
	remaining: number;
	resetAtMs: number;
}

/**
 * Tracks the remaining budget of each bucket and returns how long to hold the next request, so
 * the package stops before Okta returns 429 and before the org logs rate-limit warnings.
 */
export class RateLimitBudget {
	private readonly buckets = new Map<string, BucketState>();

	/** @param threshold Share of the limit (0 to 1) under which requests wait for the reset. */
	constructor(private readonly threshold: number) {}

	/** Milliseconds to wait before sending to this bucket; 0 when the budget allows it now. */
	waitBeforeSend(bucket: string, nowMs: number): number {
		const state = this.buckets.get(bucket);
		if (!state) return 0;

		if (nowMs >= state.resetAtMs) {
			this.buckets.delete(bucket);
			return 0;
		}

		if (state.limit > 0 && state.remaining < state.limit * this.threshold) {
			return state.resetAtMs - nowMs;
		}

		return 0;
	}

	/** Counts a request that is about to be sent, so parallel requests see each other. */
	reserve(bucket: string): void {
		const state = this.buckets.get(bucket);
		if (state && state.remaining > 0) state.remaining -= 1;
	}

	/** Stores the reading of a response's headers. A response without usable headers changes nothing. */
	record(bucket: string, reading: RateLimitReading, receivedAtMs: number): void {
		if (reading.limit === undefined || reading.remaining === undefined || reading.resetInMs === undefined) return;
		// A concurrency 429 reports 0/0 for the org, not for this bucket's per-minute budget.
		if (reading.limit === 0) return;

		this.buckets.set(bucket, {
			limit: reading.limit,
			remaining: reading.remaining,
			resetAtMs: receivedAtMs + reading.resetInMs,
		});
	}

	/** Returns the current state of a bucket, for logs and tests. */
	snapshot(bucket: string): Readonly<BucketState> | undefined {
		return this.buckets.get(bucket);
	}
}
