/**
 * A running `n8n start` on 127.0.0.1, with a small client for n8n's internal REST API as the
 * editor uses it: owner setup, sign-in, and the credential test.
 *
 * The endpoints are those of n8n 1.123 and 2.40 (packages/cli/src/controllers/owner.controller.ts,
 * auth.controller.ts and credentials/credentials.controller.ts): POST /rest/owner/setup needs
 * no session and returns the session cookie; POST /rest/credentials/test takes
 * `{ credentials: { id, name, type, data } }` of a stored credential and returns
 * `{ data: { status: 'OK' | 'Error', message } }`.
 */

import { randomUUID } from 'node:crypto';

import { findFreePort, httpStatus, secondsSince, startService, stopService, waitFor } from './processes.mjs';

/** @typedef {import('./n8n-home.mjs').N8nHome} N8nHome */
/** @typedef {{ email: string, firstName: string, lastName: string, password: string }} OwnerAccount */

const START_TIMEOUT_MS = 180_000;

/** The session cookie n8n issues at sign-in. */
const AUTH_COOKIE = 'n8n-auth';

export class N8nServer {
	/**
	 * @param {N8nHome} home
	 * @param {import('./processes.mjs').Service} service
	 * @param {number} port
	 */
	constructor(home, service, port) {
		this.home = home;
		this.service = service;
		this.port = port;
		this.url = `http://127.0.0.1:${port}`;
		/** @type {string|undefined} */
		this.cookie = undefined;
		// n8n binds a session to the browser-id header it was issued with, so every call sends the same one.
		this.browserId = randomUUID();
	}

	/**
	 * @param {N8nHome} home
	 * @param {{ port?: number, extraEnv?: Record<string, string>, onOutput?: (text: string) => void }} options
	 */
	static async start(home, options) {
		const started = performance.now();
		const port = options.port ?? (await findFreePort());
		const env = home.env({
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_RUNNERS_BROKER_PORT: String(await findFreePort()),
			// Served over plain HTTP on this machine only, so the session cookie cannot require HTTPS.
			N8N_SECURE_COOKIE: 'false',
			...options.extraEnv,
		});

		const service = startService(home.install.nodeBin, [home.install.n8nBin, 'start'], { env, onOutput: options.onOutput });
		const server = new N8nServer(home, service, port);
		await waitFor(
			async () => {
				if (service.exited()) throw new Error(`n8n ${home.install.version} exited while starting. Last output:\n${service.tail()}`);
				// n8n 1.x reports ready once its database is migrated, before its REST routes exist.
				return (await httpStatus(`${server.url}/healthz/readiness`)) === 200 && (await httpStatus(`${server.url}/rest/settings`)) === 200;
			},
			{ timeoutMs: START_TIMEOUT_MS, what: `n8n ${home.install.version} on ${server.url}`, describe: () => service.tail() },
		);
		home.log(`n8n ${home.install.version} start: ready on ${server.url} in ${secondsSince(started)} s`);
		return server;
	}

	async stop() {
		const started = performance.now();
		await stopService(this.service, 30_000);
		this.home.log(`n8n ${this.home.install.version} stopped in ${secondsSince(started)} s`);
	}

	/**
	 * Sends a request to n8n's internal REST API with the session cookie, and returns the status
	 * and the parsed body.
	 * @param {string} method
	 * @param {string} path under /rest, such as /owner/setup
	 * @param {unknown} [body]
	 * @returns {Promise<{ status: number, body: any }>}
	 */
	async rest(method, path, body) {
		/** @type {Record<string, string>} */
		const headers = { accept: 'application/json', 'browser-id': this.browserId };
		if (body !== undefined) headers['content-type'] = 'application/json';
		if (this.cookie) headers.cookie = this.cookie;

		const response = await fetch(`${this.url}/rest${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
		const session = response.headers.getSetCookie().find((cookie) => cookie.startsWith(`${AUTH_COOKIE}=`));
		if (session) this.cookie = session.split(';')[0];

		const text = await response.text();
		let parsed;
		try {
			parsed = text === '' ? undefined : JSON.parse(text);
		} catch {
			parsed = text;
		}
		return { status: response.status, body: parsed };
	}

	/**
	 * Sends a GET with the session cookie to any path of the server, such as /types/nodes.json,
	 * which the editor loads.
	 * @param {string} path
	 */
	async getWithSession(path) {
		/** @type {Record<string, string>} */
		const headers = { 'browser-id': this.browserId };
		if (this.cookie) headers.cookie = this.cookie;
		return await fetch(`${this.url}${path}`, { headers });
	}

	/**
	 * Creates the owner account of a fresh instance and keeps its session.
	 * @param {OwnerAccount} owner
	 */
	async setUpOwner(owner) {
		const response = await this.rest('POST', '/owner/setup', owner);
		if (response.status !== 200) {
			throw new Error(`Owner setup failed with HTTP ${response.status}: ${JSON.stringify(response.body)}`);
		}
		if (!this.cookie) throw new Error('Owner setup returned no session cookie');
	}

	/**
	 * Runs n8n's credential test for a stored credential, with `data` as the editor would send it.
	 * @param {{ id: string, name: string, type: string, data: Record<string, unknown> }} credential
	 * @returns {Promise<{ status: string, message: string }>}
	 */
	async testCredential(credential) {
		const response = await this.rest('POST', '/credentials/test', { credentials: credential });
		if (response.status !== 200) {
			throw new Error(`POST /rest/credentials/test failed with HTTP ${response.status}: ${JSON.stringify(response.body)}`);
		}
		return response.body.data;
	}
}
