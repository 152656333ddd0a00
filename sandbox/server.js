'use strict';
/**
 * The sandbox org's HTTP server: Okta's Management API subset this package uses, over real
 * HTTP on a loopback address, with Okta's paging, rate limits and error bodies, a request log
 * for assertions, and switches for Okta's odd behaviours.
 */
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');

const { OktaHttpError } = require('./errors');
const { Org } = require('./org');
const { seedOrg } = require('./seed');
const { RateLimiter } = require('./rate-limits');
const { routes: userRoutes } = require('./routes/users');
const { routes: groupRoutes } = require('./routes/groups');
const { routes: appRoutes } = require('./routes/apps');
const { routes: logRoutes } = require('./routes/logs');

/**
 * @typedef {{
 *   org: Org, sandbox: Sandbox, method: string, params: Record<string, string>, query: URLSearchParams,
 *   body: any, headers: http.IncomingHttpHeaders, baseUrl: string, selfUrl: string,
 * }} RouteContext
 * @typedef {{ status?: number, body?: unknown, next?: string }} RouteResult
 * @typedef {{ method: string, pattern: string[], handle: (context: RouteContext) => RouteResult }} Route
 */

/**
 * A scripted answer that replaces the next matching requests' real ones.
 * @typedef {{
 *   method?: string, path: string|RegExp, times?: number,
 *   status?: number, body?: unknown, headers?: Record<string, string|string[]>,
 *   html?: boolean, drop?: boolean, delayMs?: number,
 * }} ScriptedResponse
 */

/**
 * Switches for Okta behaviours that clients must survive. The defaults are Okta's documented behaviour.
 * @typedef {{
 *   linkStyle: 'separate'|'combined'|'nextFirst',
 *   rateLimitHeaders: 'normal'|'missing'|'duplicated'|'malformed',
 *   nextLinkOrigin?: string,
 *   pageUnpagedLists: number,
 *   rejectLogCursor: boolean,
 *   strictLogTimestamps: boolean,
 *   scripted: ScriptedResponse[],
 * }} Faults
 */

/** @type {Faults} */
const DEFAULT_FAULTS = {
	linkStyle: 'separate',
	rateLimitHeaders: 'normal',
	pageUnpagedLists: 0,
	rejectLogCursor: false,
	strictLogTimestamps: false,
	scripted: [],
};

/**
 * One exchange as the sandbox saw it; the Authorization header is never kept.
 * @typedef {{
 *   seq: number, method: string, path: string, rawQuery: string, query: Record<string, string>,
 *   headers: Record<string, string|undefined>, body: unknown, status: number, responseBody: unknown,
 *   responseHeaders: Record<string, unknown>, fault: boolean, inFlight: number, startedAt: number, finishedAt: number,
 *   at: number,
 *   route?: string,
 * }} RecordedRequest
 */

const ROUTES = [...userRoutes, ...groupRoutes, ...appRoutes, ...logRoutes];

/**
 * @typedef {{
 *   seed?: number, host?: string, port?: number, token?: string, now?: () => number, empty?: boolean,
 *   size?: Partial<import('./seed').OrgSize>, behaviour?: Partial<import('./org').OrgBehaviour>,
 *   faults?: Partial<Faults>, rateLimits?: Partial<import('./rate-limits').RateLimitSettings>, latencyMs?: number,
 *   recordDir?: string,
 * }} SandboxOptions
 */

class Sandbox {
	/** @param {SandboxOptions} options */
	constructor(options) {
		this.token = options.token ?? 'sandbox-token-0123456789';
		this.now = options.now ?? Date.now;
		this.org = new Org({ now: () => this.now(), seed: options.seed ?? 1, behaviour: options.behaviour });
		if (!options.empty) this.seeded = seedOrg(this.org, options.size);
		else this.org.adminId = this.org.addUser({ profile: { login: 'sandbox.admin@example.com', email: 'sandbox.admin@example.com', firstName: 'Sandbox', lastName: 'Admin' } }).id;

		/** @type {Faults} */
		this.faults = { ...DEFAULT_FAULTS, ...options.faults, scripted: [...(options.faults?.scripted ?? [])] };
		this.rateLimiter = new RateLimiter(() => this.now(), options.rateLimits);
		this.latencyMs = options.latencyMs ?? 0;
		/** @type {RecordedRequest[]} */
		this.requests = [];
		this.inFlight = 0;
		/** @type {unknown[]} bodies posted to /__sandbox/sink, in arrival order */
		this.sink = [];
		this.url = '';
		this.recordFile = options.recordDir ? path.join(options.recordDir, `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.jsonl`) : undefined;
		this.server = http.createServer((request, response) => {
			this.handle(request, response).catch((error) => {
				response.statusCode = 500;
				response.end(JSON.stringify({ errorCode: 'E0000009', errorSummary: `Sandbox failure: ${error.message}`, errorCauses: [] }));
			});
		});
		this.server.keepAliveTimeout = 1000;
	}

	/**
	 * @param {string} host
	 * @param {number} port
	 */
	async listen(host, port) {
		await new Promise((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, host, () => resolve(undefined));
		});
		const address = /** @type {import('node:net').AddressInfo} */ (this.server.address());
		this.url = `http://${host}:${address.port}`;
		return this;
	}

	async close() {
		this.server.closeAllConnections?.();
		await new Promise((resolve) => this.server.close(() => resolve(undefined)));
	}

	/** Changes fault switches, org behaviour, rate limits or latency while running. */
	configure(/** @type {{ faults?: Partial<Faults>, behaviour?: Partial<import('./org').OrgBehaviour>, rateLimits?: Partial<import('./rate-limits').RateLimitSettings>, latencyMs?: number }} */ changes) {
		if (changes.faults) Object.assign(this.faults, changes.faults);
		if (changes.behaviour) Object.assign(this.org.behaviour, changes.behaviour);
		if (changes.rateLimits) this.rateLimiter.configure(changes.rateLimits);
		if (changes.latencyMs !== undefined) this.latencyMs = changes.latencyMs;
	}

	/** Queues scripted answers for the next matching requests. */
	script(/** @type {ScriptedResponse[]} */ ...responses) {
		this.faults.scripted.push(...responses);
	}

	clearRequests() {
		this.requests = [];
	}

	/**
	 * The recorded requests, optionally only those of one method and path pattern.
	 * @param {string} [method]
	 * @param {string|RegExp} [pathPattern]
	 */
	requestsTo(method, pathPattern) {
		return this.requests.filter(
			(request) =>
				(method === undefined || request.method === method) &&
				(pathPattern === undefined || (typeof pathPattern === 'string' ? request.path === pathPattern : pathPattern.test(request.path))),
		);
	}

	/**
	 * @param {http.IncomingMessage} request
	 * @param {http.ServerResponse} response
	 */
	async handle(request, response) {
		const startedAt = Date.now();
		const rawUrl = request.url ?? '/';
		const questionMark = rawUrl.indexOf('?');
		const rawPath = questionMark < 0 ? rawUrl : rawUrl.slice(0, questionMark);
		const rawQuery = questionMark < 0 ? '' : rawUrl.slice(questionMark + 1);
		const method = (request.method ?? 'GET').toUpperCase();
		const bodyText = await readBody(request);

		if (rawPath.startsWith('/__sandbox/')) {
			await this.handleAdmin(method, rawPath, bodyText, response);
			return;
		}

		this.inFlight += 1;
		/** @type {RecordedRequest} */
		const record = {
			seq: this.requests.length + 1,
			method,
			path: rawPath,
			rawQuery,
			query: Object.fromEntries(new URLSearchParams(rawQuery)),
			headers: {
				'content-type': request.headers['content-type'],
				'content-length': request.headers['content-length'],
				'transfer-encoding': request.headers['transfer-encoding'],
				'user-agent': request.headers['user-agent'],
				'x-okta-retry-count': /** @type {string|undefined} */ (request.headers['x-okta-retry-count']),
				prefer: /** @type {string|undefined} */ (request.headers.prefer),
			},
			body: parseJson(bodyText),
			status: 0,
			responseBody: undefined,
			responseHeaders: {},
			fault: false,
			inFlight: this.inFlight,
			startedAt,
			// The sandbox clock's time, which tests may control; startedAt is wall-clock time.
			at: this.now(),
			finishedAt: 0,
		};
		this.requests.push(record);

		try {
			if (this.latencyMs > 0) await delay(this.latencyMs);
			const answer = this.answer(request, record, rawPath, rawQuery, bodyText);
			if (answer.delayMs) await delay(answer.delayMs);
			if (answer.drop) {
				record.status = -1;
				record.fault = true;
				request.socket.destroy();
				return;
			}
			this.send(response, record, answer);
		} finally {
			this.inFlight -= 1;
			record.finishedAt = Date.now();
			this.recordExchange(record);
		}
	}

	/**
	 * Appends an exchange to the contract record file. A failed write (another test run cleared
	 * the folder) is reported once and never changes the answer already sent.
	 * @param {RecordedRequest} record
	 */
	recordExchange(record) {
		if (!this.recordFile) return;
		try {
			fs.mkdirSync(path.dirname(this.recordFile), { recursive: true });
			fs.appendFileSync(this.recordFile, JSON.stringify(record) + '\n');
		} catch (error) {
			process.stderr.write(`Sandbox: could not record an exchange for the contract check: ${/** @type {Error} */ (error).message}\n`);
			this.recordFile = undefined;
		}
	}

	/**
	 * Works out the answer to one API request: a scripted fault, an auth or rate-limit error, or the route's result.
	 * @param {http.IncomingMessage} request
	 * @param {RecordedRequest} record
	 * @param {string} rawPath
	 * @param {string} rawQuery
	 * @param {string} bodyText
	 * @returns {{ status: number, body?: unknown, headers: Record<string, string|string[]>, next?: string, selfUrl?: string, html?: boolean, drop?: boolean, delayMs?: number, fault?: boolean }}
	 */
	answer(request, record, rawPath, rawQuery, bodyText) {
		const baseUrl = `http://${request.headers.host}`;
		const selfUrl = `${baseUrl}${rawPath}${rawQuery ? `?${rawQuery}` : ''}`;
		const bucket = this.rateLimiter.bucketFor(record.method, rawPath);

		const scripted = this.takeScripted(record.method, rawPath, rawQuery);
		if (scripted) {
			return {
				status: scripted.status ?? 200,
				body: scripted.body,
				headers: { ...this.rateLimiter.headers(bucket, false), ...scripted.headers },
				html: scripted.html,
				drop: scripted.drop,
				delayMs: scripted.delayMs,
				fault: true,
			};
		}

		const concurrency = this.rateLimiter.checkConcurrency(this.inFlight);
		if (concurrency) return { status: 429, body: rateLimitBody(), headers: concurrency };

		const limited = this.rateLimiter.consume(bucket);
		if (limited.exceeded) return { status: 429, body: rateLimitBody(), headers: limited.headers };

		if (request.headers.authorization !== `SSWS ${this.token}`) {
			return { status: 401, body: new OktaHttpError(401, 'E0000011', 'Invalid token provided').toBody(), headers: limited.headers };
		}
		if ((record.method === 'POST' || record.method === 'PUT') && bodyText === '' && request.headers['content-length'] === undefined) {
			return { status: 411, body: '<html><body>Length Required</body></html>', headers: limited.headers, html: true };
		}

		try {
			const result = this.route(record, rawPath, request, selfUrl, baseUrl);
			return { status: result.status ?? 200, body: result.body, headers: limited.headers, next: result.next, selfUrl };
		} catch (error) {
			if (error instanceof OktaHttpError) return { status: error.status, body: error.toBody(), headers: limited.headers };
			throw error;
		}
	}

	/**
	 * @param {RecordedRequest} record
	 * @param {string} rawPath
	 * @param {http.IncomingMessage} request
	 * @param {string} selfUrl
	 * @param {string} baseUrl
	 * @returns {RouteResult}
	 */
	route(record, rawPath, request, selfUrl, baseUrl) {
		// Split before decoding, so an encoded slash (%2F) stays inside its segment.
		const segments = rawPath.split('/').slice(1);
		if (segments.length > 1 && segments[segments.length - 1] === '') segments.pop();

		let decoded;
		try {
			decoded = segments.map((segment) => decodeURIComponent(segment));
		} catch {
			throw new OktaHttpError(400, 'E0000003', 'The request body was not well-formed.');
		}

		let pathMatched = false;
		for (const route of ROUTES) {
			const params = matchPattern(route.pattern, decoded);
			if (!params) continue;
			pathMatched = true;
			if (route.method !== record.method) continue;

			// Okta cannot address a user whose login contains a slash by login; it answers 405.
			if (params.user?.includes('/')) {
				throw new OktaHttpError(405, 'E0000022', 'The endpoint does not support the provided HTTP method');
			}
			record.route = `${route.method} /${route.pattern.join('/')}`;
			return route.handle({
				org: this.org,
				sandbox: this,
				method: record.method,
				params,
				query: new URLSearchParams(record.rawQuery),
				body: record.body,
				headers: request.headers,
				baseUrl,
				selfUrl,
			});
		}

		if (pathMatched) throw new OktaHttpError(405, 'E0000022', 'The endpoint does not support the provided HTTP method');
		throw new OktaHttpError(404, 'E0000007', `Not found: Resource not found: ${rawPath} (Endpoint)`);
	}

	/**
	 * @param {string} method
	 * @param {string} rawPath
	 * @param {string} rawQuery
	 */
	takeScripted(method, rawPath, rawQuery) {
		const index = this.faults.scripted.findIndex((candidate) => {
			if (candidate.method && candidate.method.toUpperCase() !== method) return false;
			const target = candidate.path instanceof RegExp ? `${rawPath}${rawQuery ? `?${rawQuery}` : ''}` : rawPath;
			return candidate.path instanceof RegExp ? candidate.path.test(target) : candidate.path === rawPath;
		});
		if (index < 0) return undefined;

		const scripted = this.faults.scripted[index];
		const times = (scripted.times ?? 1) - 1;
		if (times <= 0) this.faults.scripted.splice(index, 1);
		else this.faults.scripted[index] = { ...scripted, times };
		return scripted;
	}

	/**
	 * @param {http.ServerResponse} response
	 * @param {RecordedRequest} record
	 * @param {ReturnType<Sandbox['answer']>} answer
	 */
	send(response, record, answer) {
		/** @type {Record<string, string|string[]>} */
		const headers = { ...this.rateLimitHeaderFault(answer.headers) };
		headers['x-okta-request-id'] = `sandbox-${record.seq}`;
		headers.date = new Date(this.now()).toUTCString();

		if (answer.selfUrl) {
			const self = `<${answer.selfUrl}>; rel="self"`;
			const links = [self];
			if (answer.next) {
				const nextTarget = this.faults.nextLinkOrigin ? this.faults.nextLinkOrigin + new URL(answer.next).pathname + new URL(answer.next).search : answer.next;
				const next = `<${nextTarget}>; rel="next"`;
				if (this.faults.linkStyle === 'combined') links.splice(0, 1, `${self}, ${next}`);
				else if (this.faults.linkStyle === 'nextFirst') links.unshift(next);
				else links.push(next);
			}
			if (Array.isArray(answer.body) || answer.next) headers.link = links;
		}

		let text = '';
		if (answer.html) {
			headers['content-type'] = 'text/html; charset=utf-8';
			text = typeof answer.body === 'string' ? answer.body : '<!DOCTYPE html><html><head><title>Sign In</title></head><body>Okta sign-in</body></html>';
		} else if (answer.body !== undefined) {
			headers['content-type'] = 'application/json';
			text = JSON.stringify(answer.body);
		}

		record.status = answer.status;
		record.responseBody = answer.html ? text : answer.body;
		record.responseHeaders = headers;
		record.fault = Boolean(answer.fault);

		for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
		response.statusCode = answer.status;
		response.end(text);
	}

	/** @param {Record<string, string|string[]>} headers */
	rateLimitHeaderFault(headers) {
		const copy = { ...headers };
		const names = ['x-rate-limit-limit', 'x-rate-limit-remaining', 'x-rate-limit-reset'];
		switch (this.faults.rateLimitHeaders) {
			case 'missing':
				for (const name of names) delete copy[name];
				break;
			case 'duplicated':
				for (const name of names) if (copy[name] !== undefined) copy[name] = [String(copy[name]), String(copy[name])];
				break;
			case 'malformed':
				copy['x-rate-limit-limit'] = 'lots';
				copy['x-rate-limit-remaining'] = '-5';
				copy['x-rate-limit-reset'] = 'soon';
				break;
			default:
				break;
		}
		return copy;
	}

	/**
	 * The sandbox's own control API, for scripts and end-to-end tests; not part of Okta's.
	 * @param {string} method
	 * @param {string} rawPath
	 * @param {string} bodyText
	 * @param {http.ServerResponse} response
	 */
	async handleAdmin(method, rawPath, bodyText, response) {
		const reply = (/** @type {number} */ status, /** @type {unknown} */ body) => {
			response.statusCode = status;
			response.setHeader('content-type', 'application/json');
			response.end(JSON.stringify(body));
		};
		const body = parseJson(bodyText) ?? {};

		if (rawPath === '/__sandbox/requests' && method === 'GET') return reply(200, this.requests);
		if (rawPath === '/__sandbox/requests' && method === 'DELETE') {
			this.clearRequests();
			return reply(200, { cleared: true });
		}
		if (rawPath === '/__sandbox/config' && method === 'POST') {
			this.configure(body);
			return reply(200, { faults: this.faults, behaviour: this.org.behaviour });
		}
		if (rawPath === '/__sandbox/info' && method === 'GET') {
			return reply(200, {
				url: this.url,
				users: this.org.users.size,
				groups: this.org.groups.size,
				apps: this.org.apps.size,
				events: this.org.events.length,
			});
		}
		if (rawPath === '/__sandbox/events' && method === 'POST') {
			const event = this.org.log(body.eventType, body);
			return reply(200, event);
		}
		// A sink that workflows post to, so a test can see what a running n8n did.
		if (rawPath === '/__sandbox/sink' && method === 'POST') {
			this.sink.push(parseJson(bodyText) ?? null);
			return reply(200, { stored: this.sink.length });
		}
		if (rawPath === '/__sandbox/sink' && method === 'GET') return reply(200, this.sink);
		if (rawPath === '/__sandbox/sink' && method === 'DELETE') {
			this.sink = [];
			return reply(200, { cleared: true });
		}
		return reply(404, { error: `No sandbox control endpoint ${method} ${rawPath}` });
	}
}

/**
 * @param {string[]} pattern
 * @param {string[]} segments
 */
function matchPattern(pattern, segments) {
	if (pattern.length !== segments.length) return undefined;
	/** @type {Record<string, string>} */
	const params = {};
	for (let index = 0; index < pattern.length; index++) {
		const part = pattern[index];
		if (part.startsWith(':')) params[part.slice(1)] = segments[index];
		else if (part !== segments[index]) return undefined;
	}
	return params;
}

function rateLimitBody() {
	return new OktaHttpError(429, 'E0000047', 'API call exceeded rate limit due to too many requests.').toBody();
}

/** @param {http.IncomingMessage} request */
function readBody(request) {
	return new Promise((resolve, reject) => {
		/** @type {Buffer[]} */
		const chunks = [];
		request.on('data', (chunk) => chunks.push(chunk));
		request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		request.on('error', reject);
	});
}

/** @param {string} text */
function parseJson(text) {
	if (!text) return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/** @param {number} ms */
function delay(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Starts a sandbox org on a loopback address.
 * @param {SandboxOptions} [options]
 */
async function startSandbox(options = {}) {
	const sandbox = new Sandbox({ recordDir: process.env.OKTA_CONTRACT_RECORD_DIR || undefined, ...options });
	return await sandbox.listen(options.host ?? '127.0.0.1', options.port ?? 0);
}

module.exports = { startSandbox, Sandbox, DEFAULT_FAULTS };
