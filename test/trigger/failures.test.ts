import type { IDataObject } from 'n8n-workflow';

import { MINUTE, NOW, NODE_KEY, SECOND, TriggerWorld, emittedIds, nodeState } from './trigger-fixtures';

const world = new TriggerWorld();

beforeEach(async () => {
	await world.start();
});

afterEach(async () => {
	await world.stop();
});

async function activate(): Promise<IDataObject> {
	const result = await world.poll({});
	expect(result.error).toBeUndefined();
	return result.staticData;
}

/** Formats the sandbox clock in whole seconds plus an offset, as Okta's `X-Rate-Limit-Reset` header counts. */
function resetHeader(offsetSeconds: number): string {
	return String(Math.floor(world.clock / 1000) + offsetSeconds);
}

test('throws on exhausted rate limit and keeps state', async () => {
	const state = await activate();
	world.addEvent({ uuid: 'ev-0050', published: NOW + 20 * SECOND });
	world.addEvent({ uuid: 'ev-0051', published: NOW + 40 * SECOND });
	world.advance(MINUTE);
	// Okta reports its concurrency limit with limit 0, and the transport's short waits for it keep this test fast.
	world.sandbox.script({
		method: 'GET',
		path: '/api/v1/logs',
		status: 429,
		body: { errorCode: 'E0000047', errorSummary: 'Too many requests', errorId: 'oaeLIMITED', errorCauses: [] },
		headers: { 'x-rate-limit-limit': '0', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': resetHeader(0) },
		times: 5,
	});
	world.sandbox.clearRequests();

	const failed = await world.poll(state);

	expect(failed.output).toBeNull();
	expect((failed.error as { httpCode?: string }).httpCode).toBe('429');
	expect(failed.staticData).toEqual(state);
	expect(world.logRequests()).toHaveLength(5);

	world.advance(MINUTE);
	const next = await world.poll(failed.staticData);

	expect(next.error).toBeUndefined();
	expect(emittedIds(next)).toEqual(['ev-0050', 'ev-0051']);
});

test('waits for the rate limit reset', async () => {
	const state = await activate();
	world.addEvent({ uuid: 'ev-0001', published: NOW + 20 * SECOND });
	world.advance(MINUTE);
	world.sandbox.script({
		method: 'GET',
		path: '/api/v1/logs',
		status: 429,
		body: { errorCode: 'E0000047', errorSummary: 'Too many requests', errorId: 'oaeLIMITED', errorCauses: [] },
		headers: { 'x-rate-limit-limit': '60', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': resetHeader(1) },
	});
	world.sandbox.clearRequests();

	const result = await world.poll(state);

	expect(result.error).toBeUndefined();
	expect(emittedIds(result)).toEqual(['ev-0001']);
	const requests = world.logRequests();
	expect(requests).toHaveLength(2);
	expect(requests[1].headers['x-okta-retry-count']).toBe('1');
	// One second to the reset plus the transport's one-second margin.
	expect(requests[1].startedAt - requests[0].finishedAt).toBeGreaterThanOrEqual(1900);
});

test('retries a dropped connection', async () => {
	const state = await activate();
	world.addEvent({ uuid: 'ev-0001', published: NOW + 20 * SECOND });
	world.advance(MINUTE);
	world.sandbox.script({ method: 'GET', path: '/api/v1/logs', drop: true });
	world.sandbox.clearRequests();

	const result = await world.poll(state);

	expect(result.error).toBeUndefined();
	expect(emittedIds(result)).toEqual(['ev-0001']);
	expect(world.logRequests()).toHaveLength(2);
});

test('failure after page one emits nothing and keeps state', async () => {
	const state = await activate();
	const position = String((state[NODE_KEY] as IDataObject).nextUrl);
	for (let index = 0; index < 1200; index++) {
		world.addEvent({ uuid: `ev-${index}`, published: NOW + SECOND + index });
	}
	world.advance(MINUTE);
	const pageOneCursor = new URLSearchParams(position.split('?')[1]).get('after');
	world.sandbox.script({
		method: 'GET',
		// Any cursor but the stored one: page two of the poll.
		path: new RegExp(`^/api/v1/logs\\?after=(?!${pageOneCursor}&)`),
		status: 403,
		body: { errorCode: 'E0000006', errorSummary: 'You do not have permission', errorId: 'oaeDENIED', errorCauses: [] },
	});
	world.sandbox.clearRequests();

	const failed = await world.poll(state);

	expect(failed.output).toBeNull();
	expect((failed.error as { httpCode?: string }).httpCode).toBe('403');
	expect(failed.staticData).toEqual(state);
	expect(world.logRequests().map((request) => request.status)).toEqual([200, 403]);

	world.sandbox.clearRequests();
	const next = await world.poll(failed.staticData);

	expect(next.error).toBeUndefined();
	expect(emittedIds(next)).toHaveLength(1200);
	expect(emittedIds(next)[0]).toBe('ev-0');
	expect(world.logRequests()).toHaveLength(2);
	expect(nodeState(next).lastEventUuid).toBe('ev-1199');
});
