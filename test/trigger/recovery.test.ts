import type { IDataObject } from 'n8n-workflow';

import { DAY, MINUTE, NOW, NODE_KEY, SECOND, TriggerWorld, emittedIds, iso, nodeLogger, nodeState } from './trigger-fixtures';

const world = new TriggerWorld();
const REJECTED_CURSOR = { errorCode: 'E0000053', errorSummary: 'Invalid parameter', errorId: 'oaeSANDBOX1', errorCauses: [] };

beforeEach(async () => {
	await world.start();
});

afterEach(async () => {
	jest.restoreAllMocks();
	await world.stop();
});

describe('retention gap', () => {
	test.each([120, 200])('clamps a position %i days old', async (days) => {
		world.clock = NOW - days * DAY;
		const activated = await world.poll({});
		world.addEvent({ uuid: 'ev-purged', published: NOW - 95 * DAY });
		world.addEvent({ uuid: 'ev-0001', published: NOW - 60 * DAY });
		world.addEvent({ uuid: 'ev-0002', published: NOW - MINUTE });
		world.clock = NOW;
		world.sandbox.clearRequests();
		const warn = jest.spyOn(nodeLogger(), 'warn');

		const result = await world.poll(activated.staticData);

		expect(result.error).toBeUndefined();
		expect(emittedIds(result)).toEqual(['ev-0001', 'ev-0002']);
		const gap = { from: iso(NOW - days * DAY), to: iso(NOW - 90 * DAY) };
		expect(result.output?.[0][0].json.gap).toEqual(gap);
		expect(result.output?.[0][1].json.gap).toBeUndefined();
		const requests = world.logRequests();
		expect(requests).toHaveLength(1);
		expect(requests[0].status).toBe(200);
		expect(requests[0].query.since).toBe(iso(NOW - 90 * DAY));
		expect(requests[0].query.after).toBeUndefined();
		expect(warn).toHaveBeenCalledTimes(1);
		expect(warn.mock.calls[0][0]).toContain(`events from ${gap.from} to ${gap.to} could not be read`);
		expect(nodeState(result).positionTime).toBe(iso(NOW));
		expect(nodeState(result).lastEventUuid).toBe('ev-0002');
	});

	test('reports a gap in the log when nothing is emitted', async () => {
		world.clock = NOW - 120 * DAY;
		const activated = await world.poll({});
		world.clock = NOW;
		const warn = jest.spyOn(nodeLogger(), 'warn');

		const result = await world.poll(activated.staticData);
		const next = await world.poll(result.staticData);

		expect(result.error).toBeUndefined();
		expect(result.output).toBeNull();
		expect(warn).toHaveBeenCalledTimes(1);
		expect(warn.mock.calls[0][0]).toContain(`events from ${iso(NOW - 120 * DAY)} to ${iso(NOW - 90 * DAY)} could not be read`);
		expect(next.output).toBeNull();
		expect(world.logRequests()[2].query.after).toBeDefined();
	});
});

describe('rejected position', () => {
	async function emitTwo(): Promise<IDataObject> {
		const activated = await world.poll({});
		world.addEvent({ uuid: 'ev-0001', published: NOW + 10 * SECOND });
		world.addEvent({ uuid: 'ev-0002', published: NOW + 20 * SECOND });
		world.advance(MINUTE);
		const first = await world.poll(activated.staticData);
		expect(emittedIds(first)).toEqual(['ev-0001', 'ev-0002']);
		return first.staticData;
	}

	test('restarts from the last emitted event', async () => {
		const state = await emitTwo();
		world.addEvent({ uuid: 'ev-0003', published: NOW + 70 * SECOND });
		world.advance(MINUTE);
		world.sandbox.configure({ faults: { rejectLogCursor: true } });
		world.sandbox.clearRequests();
		const warn = jest.spyOn(nodeLogger(), 'warn');

		const result = await world.poll(state);

		expect(result.error).toBeUndefined();
		expect(emittedIds(result)).toEqual(['ev-0003']);
		const requests = world.logRequests();
		expect(requests).toHaveLength(2);
		expect(requests[0].status).toBe(400);
		expect(requests[1].query.since).toBe(iso(NOW + 20 * SECOND));
		expect(warn).toHaveBeenCalledTimes(1);
		expect(warn.mock.calls[0][0]).toBe(`Okta rejected the stored position (400 E0000053), so polling restarts from ${iso(NOW + 20 * SECOND)}.`);
		expect(nodeState(result).recentUuids).toEqual(['ev-0001', 'ev-0002', 'ev-0003']);
	});

	test('restarts behind the position without emitted events', async () => {
		const activated = await world.poll({});
		world.advance(MINUTE);
		world.sandbox.configure({ faults: { rejectLogCursor: true } });
		world.sandbox.clearRequests();

		const result = await world.poll(activated.staticData);

		expect(result.error).toBeUndefined();
		expect(world.logRequests()[1].query.since).toBe(iso(NOW - 5 * MINUTE));
	});

	test('throws when the restart fails too', async () => {
		const state = await emitTwo();
		world.sandbox.configure({ faults: { rejectLogCursor: true } });
		world.sandbox.script({ method: 'GET', path: /^\/api\/v1\/logs\?since=/, status: 400, body: REJECTED_CURSOR, times: 2 });
		world.sandbox.clearRequests();

		const first = await world.poll(state);
		const second = await world.poll(state);

		expect(first.error?.message).toContain('400 E0000053');
		expect((first.error as { httpCode?: string }).httpCode).toBe('400');
		expect(first.staticData).toEqual(state);
		expect(second.staticData).toEqual(state);
		// Each poll tries the stored position once and the restart once, then gives up.
		expect(world.logRequests()).toHaveLength(4);
	});
});

describe('damaged state', () => {
	test('restarts from its last event time', async () => {
		world.addEvent({ uuid: 'ev-0001', published: NOW - 2 * MINUTE });
		world.addEvent({ uuid: 'ev-0002', published: NOW - MINUTE });
		const damaged = { [NODE_KEY]: { version: 7, cursor: 'abc', recentUuids: ['ev-0001'], lastEventPublished: iso(NOW - 2 * MINUTE) } };
		const warn = jest.spyOn(nodeLogger(), 'warn');

		const result = await world.poll(damaged);

		expect(result.error).toBeUndefined();
		expect(emittedIds(result)).toEqual(['ev-0002']);
		expect(world.logRequests()[0].query.since).toBe(iso(NOW - 2 * MINUTE));
		expect(warn.mock.calls[0][0]).toContain("stored state is invalid");
		expect(Object.keys(nodeState(result)).sort()).toEqual(
			['lastEventPublished', 'lastEventUuid', 'nextUrl', 'positionTime', 'recentUuids', 'selectionKey', 'version'],
		);
	});

	test('never follows a stored link to another host', async () => {
		const activated = await world.poll({});
		const state = activated.staticData[NODE_KEY] as IDataObject;
		const foreign = { [NODE_KEY]: { ...state, nextUrl: '//127.0.0.2:9/api/v1/logs?after=1_1' } };
		world.sandbox.clearRequests();

		const result = await world.poll(foreign);

		expect(result.error).toBeUndefined();
		expect(world.logRequests()).toHaveLength(1);
		expect(world.logRequests()[0].query.since).toBe(iso(NOW - 5 * MINUTE));
		expect(nodeState(result).nextUrl).toMatch(/^\/api\/v1\/logs\?after=/);
	});
});
