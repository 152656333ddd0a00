/**
 * Builds an OktaClient for transport tests: real HTTP through undici, a fake clock shared with
 * the sandbox, and a sleep that advances that clock instead of waiting.
 */
import type { INode, Logger } from 'n8n-workflow';
import { request } from 'undici';

import { OktaClient } from '../../nodes/transport/okta-client';
import type { OktaClientOptions, SendRequest } from '../../nodes/transport/okta-client';

export const TEST_NODE: INode = {
	id: 'transport-test',
	name: 'Okta',
	type: 'n8n-nodes-okta-lifecycle.oktaLifecycle',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** A clock that only moves when the code under test sleeps or the test advances it. */
export class FakeClock {
	readonly sleeps: number[] = [];

	constructor(public time: number) {}

	now = (): number => this.time;

	sleep = async (ms: number): Promise<void> => {
		this.sleeps.push(ms);
		this.time += ms;
	};

	advance(ms: number): void {
		this.time += ms;
	}
}

/** Sends requests with undici, recording the headers it sent so tests can check them. */
export function undiciSender(sent: Array<{ url: string; headers: Record<string, string> }> = []): SendRequest {
	return async (outgoing) => {
		sent.push({ url: outgoing.url, headers: outgoing.headers });
		const response = await request(outgoing.url, {
			method: outgoing.method,
			headers: { ...outgoing.headers, authorization: `SSWS ${TOKEN_FOR_TESTS.value}` },
			body: outgoing.body,
		}).catch((error: Error & { code?: string }) => {
			// Node's HTTP client, which n8n uses, reports a closed socket as ECONNRESET; undici has its own code.
			if (error.code === 'UND_ERR_SOCKET') throw Object.assign(new Error(error.message), { code: 'ECONNRESET' });
			throw error;
		});
		return {
			statusCode: response.statusCode,
			headers: response.headers as Record<string, string | string[]>,
			body: await response.body.text(),
		};
	};
}

/** The token undici sends; tests set it to the sandbox's token. */
export const TOKEN_FOR_TESTS = { value: '' };

/** A logger that keeps every line, so tests can check what was logged. */
export function recordingLogger(lines: string[]): Logger {
	const record = (level: string) => (message: string, meta?: object) => {
		lines.push(`${level} ${message} ${meta ? JSON.stringify(meta) : ''}`);
	};
	return {
		error: record('error'),
		warn: record('warn'),
		info: record('info'),
		debug: record('debug'),
		verbose: record('verbose'),
		scoped: () => recordingLogger(lines),
	} as unknown as Logger;
}

export function createTestClient(options: Partial<OktaClientOptions> & Pick<OktaClientOptions, 'origin'>): OktaClient {
	return new OktaClient({
		send: undiciSender(),
		node: TEST_NODE,
		userAgent: 'n8n-nodes-okta-lifecycle/test',
		...options,
	});
}
