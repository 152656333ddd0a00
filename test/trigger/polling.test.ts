import type { IDataObject } from 'n8n-workflow';

import { MINUTE, NOW, SECOND, TriggerWorld, emittedIds, iso, nodeState } from './trigger-fixtures';

const world = new TriggerWorld();

beforeEach(async () => {
	await world.start();
});

afterEach(async () => {
	await world.stop();
});

/** Activates the trigger at the current clock and returns the static data n8n keeps. */
async function activate(): Promise<IDataObject> {
	const result = await world.poll({});
	expect(result.error).toBeUndefined();
	return result.staticData;
}

test('stops at a short page', async () => {
	const state = await activate();
	world.addEvent({ uuid: 'ev-0001', published: NOW + 10 * SECOND });
	world.addEvent({ uuid: 'ev-0002', published: NOW + 20 * SECOND });
	world.advance(MINUTE);
	world.sandbox.clearRequests();

	const first = await world.poll(state);

	expect(emittedIds(first)).toEqual(['ev-0001', 'ev-0002']);
	expect(world.logRequests()).toHaveLength(1);
	expect(nodeState(first).nextUrl).toMatch(/^\/api\/v1\/logs\?after=\d+_2&/);

	world.addEvent({ uuid: 'ev-0003', published: NOW + 70 * SECOND });
	world.advance(MINUTE);
	world.sandbox.clearRequests();
	const second = await world.poll(first.staticData);

	expect(emittedIds(second)).toEqual(['ev-0003']);
	expect(world.logRequests()).toHaveLength(1);
	expect(world.logRequests()[0].rawQuery).toBe(String(nodeState(first).nextUrl).split('?')[1]);
});

test('empty poll returns null and keeps the position', async () => {
	const state = await activate();
	world.advance(MINUTE);
	world.sandbox.clearRequests();

	const empty = await world.poll(state);

	expect(empty.error).toBeUndefined();
	expect(empty.output).toBeNull();
	expect(world.logRequests()).toHaveLength(1);
	const before = state['node:Okta'] as IDataObject;
	expect(nodeState(empty)).toEqual({ ...before, positionTime: iso(NOW + MINUTE) });

	world.addEvent({ uuid: 'ev-0001', published: NOW + 90 * SECOND });
	world.advance(MINUTE);
	const next = await world.poll(empty.staticData);

	expect(next.error).toBeUndefined();
	expect(emittedIds(next)).toEqual(['ev-0001']);
});

test('stops at a next link equal to the page', async () => {
	const state = await activate();
	const position = String((state['node:Okta'] as IDataObject).nextUrl);
	const fullPage = Array.from({ length: 1000 }, (_, index) => ({
		...world.sandbox.org.buildEvent('user.lifecycle.create', { published: NOW }),
		uuid: `ev-${index}`,
	}));
	world.sandbox.script({
		method: 'GET',
		path: '/api/v1/logs',
		body: fullPage,
		headers: { link: `<${world.sandbox.url}${position}>; rel="next"` },
	});
	world.sandbox.clearRequests();

	const result = await world.poll(state);

	expect(result.error).toBeUndefined();
	expect(emittedIds(result)).toHaveLength(1000);
	expect(world.logRequests()).toHaveLength(1);
	expect(nodeState(result).nextUrl).toBe(position);
});

test('stops at the page cap and continues next poll', async () => {
	const state = await activate();
	for (let index = 0; index < 2500; index++) {
		world.addEvent({ uuid: `ev-${index}`, published: NOW + SECOND + index });
	}
	world.advance(MINUTE);
	world.sandbox.clearRequests();
	const parameters = { events: ['userLifecycleChanges'], options: { maxPagesPerPoll: 2 } };

	const first = await world.poll(state, parameters);

	expect(world.logRequests()).toHaveLength(2);
	expect(emittedIds(first)).toHaveLength(2000);
	expect(emittedIds(first)[1999]).toBe('ev-1999');
	expect(nodeState(first).nextUrl).toMatch(/^\/api\/v1\/logs\?after=\d+_2000&/);
	// The cap stopped short of the end, so the log is read only as far as the previous poll's start.
	expect(nodeState(first).positionTime).toBe(iso(NOW));
	expect(nodeState(first).recentUuids).toHaveLength(1000);
	expect((nodeState(first).recentUuids as string[])[999]).toBe('ev-1999');

	world.sandbox.clearRequests();
	const second = await world.poll(first.staticData, parameters);

	expect(world.logRequests()).toHaveLength(1);
	expect(emittedIds(second)).toHaveLength(500);
	expect(emittedIds(second)[0]).toBe('ev-2000');
	expect(nodeState(second).positionTime).toBe(iso(NOW + MINUTE));
});

test('emits a late event on the next poll', async () => {
	const state = await activate();
	world.addEvent({ uuid: 'ev-0020', published: NOW + 40 * SECOND });
	// Published before the poll below, but stored by Okta only after it.
	world.addEvent({ uuid: 'ev-0021', published: NOW + 70 * SECOND, persistAt: NOW + 150 * SECOND });
	world.advance(2 * MINUTE);

	const first = await world.poll(state);

	expect(emittedIds(first)).toEqual(['ev-0020']);
	expect(nodeState(first).nextUrl).not.toContain('since=');

	world.advance(MINUTE);
	const second = await world.poll(first.staticData);

	expect(emittedIds(second)).toEqual(['ev-0021']);
	expect(nodeState(second).lastEventPublished).toBe(iso(NOW + 70 * SECOND));
});

test('emits events sharing a timestamp once each', async () => {
	const state = await activate();
	const shared = NOW + 30 * SECOND;
	world.addEvent({ uuid: 'ev-0041', published: shared });
	world.addEvent({ uuid: 'ev-0042', published: shared });
	world.advance(MINUTE);

	const first = await world.poll(state);
	world.addEvent({ uuid: 'ev-0043', published: shared, persistAt: NOW + MINUTE + SECOND });
	world.advance(MINUTE);
	const second = await world.poll(first.staticData);

	expect(emittedIds(first)).toEqual(['ev-0041', 'ev-0042']);
	expect(emittedIds(second)).toEqual(['ev-0043']);
	expect(nodeState(second).recentUuids).toEqual(['ev-0041', 'ev-0042', 'ev-0043']);
});

test('emits out-of-order events in stored order', async () => {
	const state = await activate();
	world.addEvent({ uuid: 'ev-0031', published: NOW + 5 * MINUTE });
	world.addEvent({ uuid: 'ev-0032', published: NOW + MINUTE, persistAt: NOW + 6 * MINUTE });
	world.advance(7 * MINUTE);

	const result = await world.poll(state);

	expect(emittedIds(result)).toEqual(['ev-0031', 'ev-0032']);
	expect(nodeState(result).lastEventUuid).toBe('ev-0032');
	expect(nodeState(result).lastEventPublished).toBe(iso(NOW + MINUTE));
});

test('replay from an older state repeats exactly', async () => {
	const saved = await activate();
	world.addEvent({ uuid: 'ev-0080', published: NOW + 10 * SECOND });
	world.addEvent({ uuid: 'ev-0081', published: NOW + 20 * SECOND });
	world.advance(MINUTE);

	const first = await world.poll(saved);
	// n8n lost the save: the same poll runs again from the older state.
	const replay = await world.poll(saved);
	const after = await world.poll(first.staticData);

	expect(emittedIds(first)).toEqual(['ev-0080', 'ev-0081']);
	expect(emittedIds(replay)).toEqual(['ev-0080', 'ev-0081']);
	expect(replay.output).toEqual(first.output);
	expect(replay.staticData).toEqual(first.staticData);
	expect(after.output).toBeNull();
	expect(nodeState(after).nextUrl).toBe(nodeState(first).nextUrl);
});
