'use strict';
/**
 * Okta's per-minute rate limits and org-wide concurrency limit, with the headers Okta sends.
 * The default limits are the Workforce column of Okta's last published table (requests per
 * minute), of which one API token may use half.
 */

/** @type {Record<string, number>} */
const WORKFORCE_LIMITS = {
	apps: 100,
	'apps/{id}': 500,
	groups: 500,
	'groups/{id}': 1000,
	users: 600,
	'users/{id}': 2000,
	'users/{id} write': 600,
	logs: 120,
	other: 1200,
};

/**
 * @typedef {{
 *   enabled: boolean,
 *   limits: Record<string, number>,
 *   tokenShare: number,
 *   windowMs: number,
 *   concurrency: number,
 * }} RateLimitSettings
 */

/** @type {RateLimitSettings} */
const DEFAULT_SETTINGS = {
	enabled: true,
	limits: WORKFORCE_LIMITS,
	tokenShare: 0.5,
	windowMs: 60_000,
	concurrency: 75,
};

class RateLimiter {
	/**
	 * @param {() => number} now
	 * @param {Partial<RateLimitSettings>} [settings]
	 */
	constructor(now, settings = {}) {
		this.now = now;
		/** @type {RateLimitSettings} */
		this.settings = { ...DEFAULT_SETTINGS, ...settings, limits: { ...WORKFORCE_LIMITS, ...settings.limits } };
		/** @type {Map<string, { windowStart: number, used: number }>} */
		this.windows = new Map();
		this.violations = 0;
	}

	/** @param {Partial<RateLimitSettings>} settings */
	configure(settings) {
		this.settings = { ...this.settings, ...settings, limits: { ...this.settings.limits, ...settings.limits } };
		this.windows.clear();
	}

	/**
	 * Okta matches the exact path first, then the longest prefix.
	 * @param {string} method
	 * @param {string} rawPath
	 */
	bucketFor(method, rawPath) {
		const segments = rawPath.split('/').filter(Boolean);
		if (segments[0] !== 'api' || segments[1] !== 'v1') return 'other';
		const write = method !== 'GET';
		switch (segments[2]) {
			case 'apps':
				return segments.length === 4 && !write ? 'apps/{id}' : 'apps';
			case 'groups':
				return segments.length === 3 ? 'groups' : segments.length === 4 ? 'groups/{id}' : 'other';
			case 'users':
				if (segments.length === 3) return 'users';
				if (segments.length === 4) return write ? 'users/{id} write' : 'users/{id}';
				return 'other';
			case 'logs':
				return 'logs';
			default:
				return 'other';
		}
	}

	/** @param {string} bucket */
	limitOf(bucket) {
		return Math.max(1, Math.floor((this.settings.limits[bucket] ?? this.settings.limits.other) * this.settings.tokenShare));
	}

	/** @param {string} bucket */
	window(bucket) {
		const now = this.now();
		let window = this.windows.get(bucket);
		// Windows start at a bucket's first request, not on the wall clock's minute.
		if (!window || now >= window.windowStart + this.settings.windowMs) {
			window = { windowStart: now, used: 0 };
			this.windows.set(bucket, window);
		}
		return window;
	}

	/**
	 * Counts one request against its bucket.
	 * @param {string} bucket
	 * @returns {{ exceeded: boolean, headers: Record<string, string> }}
	 */
	consume(bucket) {
		if (!this.settings.enabled) return { exceeded: false, headers: this.headers(bucket, false) };
		const window = this.window(bucket);
		const limit = this.limitOf(bucket);
		window.used += 1;
		const exceeded = window.used > limit;
		if (exceeded) this.violations += 1;
		return { exceeded, headers: this.headers(bucket, false) };
	}

	/**
	 * The rate-limit headers of a bucket, without counting a request.
	 * @param {string} bucket
	 * @param {boolean} count
	 */
	headers(bucket, count) {
		const window = this.window(bucket);
		if (count) window.used += 1;
		const limit = this.limitOf(bucket);
		return {
			'x-rate-limit-limit': String(limit),
			'x-rate-limit-remaining': String(Math.max(0, limit - window.used)),
			'x-rate-limit-reset': String(Math.ceil((window.windowStart + this.settings.windowMs) / 1000)),
		};
	}

	/**
	 * The headers of a concurrency 429 when too many requests are in flight, else undefined.
	 * Okta reports 0 for limit and remaining, and a reset that is only an estimate.
	 * @param {number} inFlight
	 */
	checkConcurrency(inFlight) {
		if (!this.settings.enabled || inFlight <= this.settings.concurrency) return undefined;
		this.violations += 1;
		return {
			'x-rate-limit-limit': '0',
			'x-rate-limit-remaining': '0',
			'x-rate-limit-reset': String(Math.ceil((this.now() + 1000) / 1000)),
		};
	}
}

module.exports = { RateLimiter, WORKFORCE_LIMITS, DEFAULT_SETTINGS };
