/**
 * A server error that outlasts the transport's retries. The retries wait in real time
 * (1, 2, 4 and 8 seconds), so this file contains only this one case.
 */
import type { IDataObject } from 'n8n-workflow';

import { MINUTE, NOW, NODE_KEY, SECOND, TriggerWorld, emittedIds, nodeState } from './trigger-fixtures';

const world = new TriggerWorld();

beforeAll(async () => {
	await world.start();
});

afterAll(async () => {
	await world.stop();
});

test('server error on page two keeps state', async () => {
	const activated = await world.poll({});
	const state = activated.staticData;
	const position = String((state[NODE_KEY] as IDataObject).nextUrl);
	for (let index = 0; index < 1001; index++) {
		world.addEvent({ uuid: `ev-${index}`, published: NOW + SECOND + index });
	}
	world.advance(MINUTE);
	const pageOneQuery = position.split('?')[1];
	const pageOneCursor = new URLSearchParams(pageOneQuery).get('after');
	// Any cursor but the stored one: page two of the poll.
	world.sandbox.script({
		method: 'GET',
		path: new RegExp(`^/api/v1/logs\\?after=(?!${pageOneCursor}&)`),
		status: 503,
		body: { errorCode: 'E0000009', errorSummary: 'Internal Server Error', errorId: 'oaeBUSY', errorCauses: [] },
		times: 5,
	});
	world.sandbox.clearRequests();

	const failed = await world.poll(state);

	expect(failed.output).toBeNull();
	expect((failed.error as { httpCode?: string }).httpCode).toBe('503');
	expect(failed.staticData).toEqual(state);
	expect(world.logRequests().map((request) => request.status)).toEqual([200, 503, 503, 503, 503, 503]);

	world.sandbox.clearRequests();
	const next = await world.poll(failed.staticData);

	expect(next.error).toBeUndefined();
	expect(emittedIds(next)).toHaveLength(1001);
	expect(emittedIds(next)[1000]).toBe('ev-1000');
	expect(world.logRequests()[0].rawQuery).toBe(pageOneQuery);
	expect(nodeState(next).lastEventUuid).toBe('ev-1000');
}, 30_000);
