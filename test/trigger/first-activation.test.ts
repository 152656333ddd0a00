import { LIFECYCLE_FILTER, MINUTE, NOW, DAY, SECOND, TriggerWorld, emittedIds, iso, nodeState } from './trigger-fixtures';

const world = new TriggerWorld();

beforeEach(async () => {
	await world.start();
});

afterEach(async () => {
	await world.stop();
});

/** Fills the last 7 days with 20,000 lifecycle events, as a busy org would have. */
function fillLastWeek(): void {
	for (let index = 0; index < 20_000; index++) {
		world.addEvent({ uuid: `old-${index}`, published: NOW - 7 * DAY + index * 30 * SECOND });
	}
}

test('first activation starts at now without backfill', async () => {
	fillLastWeek();

	const result = await world.poll({});

	expect(result.error).toBeUndefined();
	expect(result.output).toBeNull();
	const requests = world.logRequests();
	expect(requests).toHaveLength(1);
	expect(requests[0].query).toEqual({
		since: '2025-03-03T10:00:00.000Z',
		sortOrder: 'ASCENDING',
		filter: LIFECYCLE_FILTER,
		limit: '1000',
	});
	expect(requests[0].query.until).toBeUndefined();
	const state = nodeState(result);
	expect(state.version).toBe(1);
	expect(state.nextUrl).toMatch(/^\/api\/v1\/logs\?after=\d+_20000&/);
	expect(state.positionTime).toBe('2025-03-03T10:00:00.000Z');
	expect(state.recentUuids).toEqual([]);
	expect(state.lastEventPublished).toBeNull();
	expect(state.lastEventUuid).toBeNull();
});

test('first activation emits nothing older on the next poll', async () => {
	fillLastWeek();
	const first = await world.poll({});

	world.advance(MINUTE);
	world.addEvent({ uuid: 'ev-0001', published: NOW + 30 * SECOND });
	world.sandbox.clearRequests();
	const second = await world.poll(first.staticData);

	expect(second.error).toBeUndefined();
	expect(emittedIds(second)).toEqual(['ev-0001']);
	expect(world.logRequests()).toHaveLength(1);
	expect(nodeState(second).lastEventUuid).toBe('ev-0001');
	expect(nodeState(second).lastEventPublished).toBe('2025-03-03T10:00:30.000Z');
	expect(nodeState(second).recentUuids).toEqual(['ev-0001']);
});

test('first activation emits an event of its own moment', async () => {
	world.addEvent({ uuid: 'ev-0000', published: NOW - SECOND });
	world.addEvent({ uuid: 'ev-0001', published: NOW });

	const result = await world.poll({});

	expect(emittedIds(result)).toEqual(['ev-0001']);
	expect(nodeState(result).recentUuids).toEqual(['ev-0001']);
});

test('lookback emits only events inside it', async () => {
	world.addEvent({ uuid: 'ev-0001', published: NOW - 90 * MINUTE });
	world.addEvent({ uuid: 'ev-0002', published: NOW - 50 * MINUTE });
	world.addEvent({ uuid: 'ev-0003', published: NOW - 10 * MINUTE });
	// Published before the lookback's start but stored inside it: older than the start, so not emitted.
	world.addEvent({ uuid: 'ev-0004', published: NOW - 61 * MINUTE, persistAt: NOW - 5 * MINUTE });

	const result = await world.poll({}, { events: ['userLifecycleChanges'], options: { firstRunLookback: 60 } });

	expect(result.error).toBeUndefined();
	expect(emittedIds(result)).toEqual(['ev-0002', 'ev-0003']);
	expect(world.logRequests()[0].query.since).toBe(iso(NOW - 60 * MINUTE));
	expect(nodeState(result).lastEventUuid).toBe('ev-0003');
	expect(nodeState(result).recentUuids).toEqual(['ev-0002', 'ev-0003']);
});

test('lookback above seven days is rejected before any request', async () => {
	const result = await world.poll({}, { events: ['userLifecycleChanges'], options: { firstRunLookback: 10081 } });

	expect(result.error?.message).toBe('First-Run Lookback must be a whole number from 0 to 10080, not 10081');
	expect(world.logRequests()).toHaveLength(0);
	expect(result.staticData).toEqual({});
});

describe('fetch test event', () => {
	test('returns the five newest matching events', async () => {
		for (let index = 1; index <= 8; index++) {
			world.addEvent({ uuid: `ev-000${index}`, published: NOW - (9 - index) * MINUTE });
		}
		world.addEvent({ uuid: 'ev-other', published: NOW - 30 * SECOND, eventType: 'user.session.start' });

		const result = await world.poll({}, undefined, 'manual');

		expect(result.error).toBeUndefined();
		expect(emittedIds(result)).toEqual(['ev-0008', 'ev-0007', 'ev-0006', 'ev-0005', 'ev-0004']);
		const requests = world.logRequests();
		expect(requests).toHaveLength(1);
		expect(requests[0].query).toEqual({
			since: iso(NOW - 7 * DAY),
			until: iso(NOW),
			sortOrder: 'DESCENDING',
			filter: LIFECYCLE_FILTER,
			limit: '5',
		});
	});

	test('writes no state', async () => {
		world.addEvent({ uuid: 'ev-0001', published: NOW - MINUTE });
		const active = await world.poll({});
		world.sandbox.clearRequests();

		const fresh = await world.poll({}, undefined, 'manual');
		const withState = await world.poll(active.staticData, undefined, 'manual');

		expect(fresh.staticData).toEqual({});
		expect(withState.staticData).toEqual(active.staticData);
		expect(emittedIds(withState)).toEqual(['ev-0001']);
	});

	test('explains when no event matches', async () => {
		world.addEvent({ uuid: 'ev-0001', published: NOW - 8 * DAY });

		const result = await world.poll({}, undefined, 'manual');

		expect(result.output).toBeNull();
		expect(result.error?.message).toBe('No matching System Log events from 2025-02-24T10:00:00.000Z to 2025-03-03T10:00:00.000Z');
		expect(result.staticData).toEqual({});
	});
});
