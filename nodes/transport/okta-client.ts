import { sleep as n8nSleep } from 'n8n-workflow';
import type { INode, Logger } from 'n8n-workflow';

import { createOktaApiError, readOktaErrorBody } from './errors';
import type { OktaErrorDetails } from './errors';
import { findNextLink } from './link-header';
import { DEFAULT_RETRY_POLICY, decideRetry, readRateLimit } from './rate-limit';
import type { RateLimitReading, ResponseHeaders, RetryPolicy } from './rate-limit';
import { RateLimitBudget, rateLimitBucket } from './rate-limit-budget';
import { encodeQuery, pathOf, sameOrigin } from './url';
import type { QueryValues } from './url';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One HTTP request as the sender receives it, with the body already serialised to JSON text. */
export interface HttpRequest {
	method: HttpMethod;
	url: string;
	headers: Record<string, string>;
	body?: string;
}

export interface HttpResponse {
	statusCode: number;
	headers: ResponseHeaders;
	body: string;
}

/** Sends one request and returns the response whatever its status; throws only when no response arrived. */
export type SendRequest = (request: HttpRequest) => Promise<HttpResponse>;

export interface OktaClientOptions {
	/** The org's origin, already normalised: https://acme.okta.com */
	origin: string;
	send: SendRequest;
	/** The node that errors are reported against. */
	node: INode;
	userAgent: string;
	logger?: Logger;
	now?: () => number;
	sleep?: (ms: number) => Promise<void>;
	retry?: Partial<RetryPolicy>;
	/** Share of a bucket's limit (0 to 1) under which requests wait for the reset. */
	throttleThreshold?: number;
	/** Requests in flight at once; Okta's org-wide concurrency limit is shared by every client. */
	maxConcurrency?: number;
	/** Pages one listing may read before it stops with an error. */
	maxPages?: number;
}

export interface OktaRequest {
	method?: HttpMethod;
	path: string;
	query?: QueryValues;
	body?: unknown;
	headers?: Record<string, string>;
	/** Statuses handed back to the caller instead of thrown, such as 404 on a lookup that may miss. */
	acceptStatuses?: number[];
}

export interface OktaResponse<T> {
	status: number;
	headers: ResponseHeaders;
	body: T;
	/** The absolute URL that was requested. */
	url: string;
}

export const DEFAULT_MAX_PAGES = 1000;
export const DEFAULT_MAX_CONCURRENCY = 4;
export const DEFAULT_THROTTLE_THRESHOLD = 0.1;

const RETRYABLE_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNABORTED',
	'ETIMEDOUT',
	'EPIPE',
	'EAI_AGAIN',
	'ECONNREFUSED',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/**
 * The one Okta transport: every request of both nodes goes through it, and it reads no node
 * parameters. It sends JSON, pages on `rel="next"` within the org's origin, spends each rate-limit
 * bucket carefully, retries what is safe to retry and turns failures into NodeApiError.
 */
export class OktaClient {
	readonly origin: string;

	private readonly options: OktaClientOptions;
	private readonly policy: RetryPolicy;
	private readonly budget: RateLimitBudget;
	private readonly now: () => number;
	private readonly sleep: (ms: number) => Promise<void>;
	private readonly maxConcurrency: number;
	private inFlight = 0;
	private readonly waiting: Array<() => void> = [];

	constructor(options: OktaClientOptions) {
		this.options = options;
		this.origin = options.origin;
		this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
		this.budget = new RateLimitBudget(options.throttleThreshold ?? DEFAULT_THROTTLE_THRESHOLD);
		this.now = options.now ?? Date.now;
		this.sleep = options.sleep ?? n8nSleep;
		this.maxConcurrency = Math.max(1, options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY);
	}

	/** Sends one request to a path of the org and returns the parsed response. */
	async request<T = unknown>(request: OktaRequest): Promise<OktaResponse<T>> {
		const url = this.origin + request.path + encodeQuery(request.query);
		return await this.requestUrl<T>(url, request);
	}

	/** Reads one object, and fails if Okta returned a list (a path that collapsed onto a list endpoint). */
	async getObject<T extends object>(path: string, query?: QueryValues): Promise<T> {
		const response = await this.request<T>({ path, query });
		if (Array.isArray(response.body) || typeof response.body !== 'object' || response.body === null) {
			throw this.error(
				{ status: response.status, method: 'GET', path: pathOf(response.url), errorCauses: [] },
				`Okta returned a list where one object was expected for GET ${pathOf(response.url)}. Nothing was changed; check the ID or login.`,
			);
		}
		return response.body;
	}

	/**
	 * Yields each page of a listing, following only the link whose rel is exactly `next`, only
	 * within the org's origin, never the same URL twice, and at most `maxPages` pages.
	 */
	async *pages<T>(request: OktaRequest, options: { maxPages?: number } = {}): AsyncGenerator<OktaResponse<T[]>> {
		const maxPages = options.maxPages ?? this.options.maxPages ?? DEFAULT_MAX_PAGES;
		const seen = new Set<string>();
		let url: string | undefined = this.origin + request.path + encodeQuery(request.query);
		let pageCount = 0;
		let itemCount = 0;

		while (url !== undefined) {
			if (pageCount >= maxPages) {
				throw this.error(
					{ method: 'GET', path: pathOf(url), errorCauses: [] },
					`Stopped after ${pageCount} pages (${itemCount} items) of GET ${request.path}: the page cap was reached and the list is incomplete. Raise Max Pages in the node's options to read more.`,
				);
			}
			seen.add(url);

			const response = await this.requestUrl<T[]>(url, { ...request, method: 'GET' });
			if (!Array.isArray(response.body)) {
				throw this.error(
					{ status: response.status, method: 'GET', path: pathOf(url), errorCauses: [] },
					`Okta returned one object where a list was expected for GET ${pathOf(url)}.`,
				);
			}

			pageCount += 1;
			itemCount += response.body.length;
			yield response;

			const next = this.nextUrl(response);
			if (next !== undefined && seen.has(next)) {
				throw this.error(
					{ method: 'GET', path: pathOf(next), errorCauses: [] },
					`Okta's next link repeats a page already read (${pathOf(next)}) after ${itemCount} items; stopped to avoid an endless loop.`,
				);
			}
			url = next;
		}
	}

	/** Reads a listing to the end, or until `maxItems` items are read. */
	async collect<T>(request: OktaRequest, options: { maxItems?: number; maxPages?: number } = {}): Promise<T[]> {
		const items: T[] = [];

		for await (const page of this.pages<T>(request, options)) {
			for (const item of page.body) {
				items.push(item);
				if (options.maxItems !== undefined && items.length >= options.maxItems) return items;
			}
		}

		return items;
	}

	/**
	 * Returns the absolute `next` URL of a response, checked against the org's origin. A link to any
	 * other scheme, host or port stops the run, because following it would send the API token there.
	 */
	nextUrl(response: OktaResponse<unknown>): string | undefined {
		const link = findNextLink(response.headers.link as string | string[] | undefined);
		if (link === undefined) return undefined;

		let absolute: string;
		try {
			absolute = new URL(link, this.origin).toString();
		} catch {
			throw this.error(
				{ method: 'GET', path: pathOf(response.url), errorCauses: [] },
				`Okta returned a next link that is not a valid URL (${link}); stopped paging.`,
			);
		}

		if (!sameOrigin(absolute, this.origin)) {
			throw this.error(
				{ method: 'GET', path: pathOf(response.url), errorCauses: [] },
				`Okta returned a next link to ${new URL(absolute).origin}, which is not the org's origin ${this.origin}. Stopped paging and sent nothing there, to protect the API token.`,
			);
		}

		return absolute;
	}

	/**
	 * Builds the error for a response the caller accepted but cannot use (a 404 on a lookup, say),
	 * keeping Okta's error details and replacing the headline with the caller's message.
	 */
	errorFor(response: OktaResponse<unknown>, message: string) {
		const details: OktaErrorDetails = {
			status: response.status,
			method: 'GET',
			path: pathOf(response.url),
			...readOktaErrorBody(response.body),
		};
		return this.error(details, message);
	}

	/** Builds an error for a problem found in an Okta response, such as an ambiguous search result. */
	failure(method: HttpMethod, path: string, message: string) {
		return this.error({ method, path, errorCauses: [] }, message);
	}

	/** Runs `task` for every item with at most `maxConcurrency` requests in flight, keeping input order. */
	async mapConcurrent<T, R>(items: readonly T[], task: (item: T, index: number) => Promise<R>): Promise<R[]> {
		const results = new Array<R>(items.length);
		let nextIndex = 0;

		const worker = async () => {
			while (nextIndex < items.length) {
				const index = nextIndex++;
				results[index] = await task(items[index], index);
			}
		};

		const workers = Array.from({ length: Math.min(this.maxConcurrency, items.length) }, worker);
		await Promise.all(workers);
		return results;
	}

	/** Sends a request to an absolute URL of the org (a `next` link), with throttling and retries. */
	async requestUrl<T = unknown>(url: string, request: Omit<OktaRequest, 'path' | 'query'>): Promise<OktaResponse<T>> {
		const method = request.method ?? 'GET';
		const path = pathOf(url);
		if (!sameOrigin(url, this.origin)) {
			throw this.error({ method, path, errorCauses: [] }, `Refusing to send a request outside the org's origin ${this.origin}.`);
		}

		const bucket = rateLimitBucket(method, path);
		const httpRequest = this.buildRequest(method, url, request);
		let waitedMs = 0;

		for (let attempt = 0; ; attempt++) {
			await this.waitForBudget(bucket, method, path);

			const { response, networkError } = await this.sendWithinConcurrency(bucket, httpRequest);
			const receivedAt = this.now();
			const rateLimit = response ? readRateLimit(response.headers, receivedAt) : {};
			if (response) this.budget.record(bucket, rateLimit, receivedAt);

			if (response && (response.statusCode < 300 || request.acceptStatuses?.includes(response.statusCode))) {
				return { status: response.statusCode, headers: response.headers, body: this.parseBody<T>(response, method, path), url };
			}

			const decision = decideRetry({ attempt, method, status: response?.statusCode, rateLimit, waitedMs, policy: this.policy });
			if (decision.retry) {
				this.options.logger?.debug(
					`Okta ${method} ${path}: ${decision.reason}; retrying in ${decision.waitMs} ms (attempt ${attempt + 2})`,
				);
				httpRequest.headers['X-Okta-Retry-Count'] = String(attempt + 1);
				const requestId = response?.headers['x-okta-request-id'];
				if (typeof requestId === 'string') httpRequest.headers['X-Okta-Retry-For'] = requestId;
				await this.sleep(decision.waitMs);
				waitedMs += decision.waitMs;
				continue;
			}

			if (!response) throw this.networkFailure(method, path, networkError, attempt);
			throw this.responseError(response, method, path, rateLimit, receivedAt, attempt);
		}
	}

	private buildRequest(method: HttpMethod, url: string, request: Omit<OktaRequest, 'path' | 'query'>): HttpRequest {
		const headers: Record<string, string> = {
			Accept: 'application/json',
			'User-Agent': this.options.userAgent,
			...request.headers,
		};

		let body: string | undefined;
		if (request.body !== undefined) {
			body = JSON.stringify(request.body);
			headers['Content-Type'] = 'application/json';
		} else if (method === 'POST' || method === 'PUT') {
			// Okta returns 411 for a body-less POST or PUT without an explicit length.
			headers['Content-Length'] = '0';
		}

		return { method, url, headers, body };
	}

	private async waitForBudget(bucket: string, method: string, path: string): Promise<void> {
		for (;;) {
			const waitMs = this.budget.waitBeforeSend(bucket, this.now());
			if (waitMs <= 0) return;

			const state = this.budget.snapshot(bucket);
			this.options.logger?.debug(
				`Okta ${method} ${path}: ${state?.remaining ?? 0} of ${state?.limit ?? 0} requests left in this minute; waiting ${waitMs} ms for the reset`,
			);
			await this.sleep(waitMs + this.policy.resetMarginMs);
		}
	}

	private async sendWithinConcurrency(
		bucket: string,
		request: HttpRequest,
	): Promise<{ response?: HttpResponse; networkError?: unknown }> {
		while (this.inFlight >= this.maxConcurrency) {
			await new Promise<void>((resolve) => this.waiting.push(resolve));
		}

		this.inFlight += 1;
		this.budget.reserve(bucket);
		try {
			return { response: await this.options.send({ ...request, headers: { ...request.headers } }) };
		} catch (error) {
			const code = networkErrorCode(error);
			if (code === undefined || !RETRYABLE_NETWORK_CODES.has(code)) throw this.unexpectedFailure(request, error);
			return { networkError: error };
		} finally {
			this.inFlight -= 1;
			this.waiting.shift()?.();
		}
	}

	private parseBody<T>(response: HttpResponse, method: string, path: string): T {
		const text = response.body ?? '';
		if (text.trim() === '') return undefined as T;

		try {
			return JSON.parse(text) as T;
		} catch {
			throw this.error(
				{ status: response.statusCode, method, path, errorCauses: [] },
				`${new URL(this.origin).host} answered ${method} ${path} with status ${response.statusCode} and a ${describeContent(response)} instead of JSON. Check the org URL in the credential: it must be your Okta org's address, like https://acme.okta.com`,
			);
		}
	}

	private responseError(
		response: HttpResponse,
		method: string,
		path: string,
		rateLimit: RateLimitReading,
		receivedAt: number,
		attempt: number,
	) {
		const status = response.statusCode;

		if (status >= 300 && status < 400) {
			const location = typeof response.headers.location === 'string' ? response.headers.location : 'another address';
			return this.error(
				{ status, method, path, errorCauses: [] },
				`${new URL(this.origin).host} redirected ${method} ${path} to ${location}. Redirects are not followed, to protect the API token. Check the org URL in the credential.`,
			);
		}

		let body: unknown;
		try {
			body = response.body ? JSON.parse(response.body) : undefined;
		} catch {
			return this.error(
				{ status, method, path, errorCauses: [] },
				`${new URL(this.origin).host} answered ${method} ${path} with status ${status} and a ${describeContent(response)} instead of an Okta error. Check the org URL in the credential.`,
			);
		}

		const details: OktaErrorDetails = { status, method, path, ...readOktaErrorBody(body) };
		if (status === 429) {
			details.rateLimitResetAt = new Date(receivedAt + (rateLimit.resetInMs ?? 0)).toISOString();
			details.attempts = attempt + 1;
		}
		return this.error(details);
	}

	private networkFailure(method: string, path: string, cause: unknown, attempt: number) {
		const code = networkErrorCode(cause) ?? 'unknown error';
		return this.error(
			{ method, path, errorCauses: [], networkError: code },
			`Could not reach ${new URL(this.origin).host} for ${method} ${path} (${code}) after ${plural(attempt + 1, 'attempt')}. Check the org URL and the network.`,
		);
	}

	private unexpectedFailure(request: HttpRequest, cause: unknown) {
		// Only the message and code of the cause are kept, because the request it carries contains the API token.
		const message = cause instanceof Error ? cause.message : String(cause);
		return this.error(
			{ method: request.method, path: pathOf(request.url), errorCauses: [] },
			`The request ${request.method} ${pathOf(request.url)} failed before Okta answered: ${redactMessage(message)}`,
		);
	}

	private error(details: OktaErrorDetails, message?: string) {
		return createOktaApiError(this.options.node, details, message);
	}
}

function plural(count: number, noun: string): string {
	return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function describeContent(response: HttpResponse): string {
	const type = String(response.headers['content-type'] ?? '').split(';')[0].trim();
	if (type === 'text/html' || /^\s*</.test(response.body)) return 'HTML page';
	return type ? `${type} body` : 'body that is not JSON';
}

/** Finds a Node.js network error code (ECONNRESET and so on) on an error or its causes. */
function networkErrorCode(error: unknown): string | undefined {
	let current: unknown = error;

	for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
		const candidate = current as { code?: unknown; cause?: unknown; message?: unknown };
		if (typeof candidate.code === 'string' && /^E[A-Z_]+$/.test(candidate.code)) return candidate.code;
		if (typeof candidate.message === 'string' && candidate.message.includes('socket hang up')) return 'ECONNRESET';
		current = candidate.cause;
	}

	return undefined;
}

/** Drops anything that looks like an SSWS credential from a message. */
export function redactMessage(message: string): string {
	return message.replace(/SSWS\s+\S+/gi, 'SSWS [redacted]');
}
