import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { LIFECYCLE_FILTER, MINUTE, NOW, SECOND, TriggerWorld, emittedIds, iso, nodeLogger, nodeState } from './trigger-fixtures';

const world = new TriggerWorld();
const jane = { id: '00uJR', type: 'User', alternateId: 'jane.roe@example.com', displayName: 'Jane Roe' };
const admin = { id: '00uADM', type: 'User', alternateId: 'sandbox.admin@example.com', displayName: 'Sandbox Admin' };
const engineering = { id: '00gENG', type: 'UserGroup', alternateId: 'unknown', displayName: 'Engineering' };
const wiki = { id: '0oaWIKI', type: 'AppInstance', alternateId: 'Wiki', displayName: 'Wiki' };
const wikiUser = { id: '0uaWIKIJR', type: 'AppUser', alternateId: 'jane.roe@example.com', displayName: 'Jane Roe' };

beforeEach(async () => {
	await world.start();
});

afterEach(async () => {
	jest.restoreAllMocks();
	await world.stop();
});

async function activate(parameters?: INodeParameters): Promise<IDataObject> {
	const result = await world.poll({}, parameters);
	expect(result.error).toBeUndefined();
	return result.staticData;
}

describe('selection change', () => {
	test('restarts from the last emitted event', async () => {
		const state = await activate();
		world.addEvent({ uuid: 'ev-0010', published: NOW + 10 * SECOND });
		world.addEvent({ uuid: 'ev-0011', published: NOW + 40 * SECOND });
		world.addEvent({ uuid: 'ev-group-1', published: NOW + 20 * SECOND, eventType: 'group.user_membership.add', targets: [jane, engineering] });
		world.advance(MINUTE);
		const first = await world.poll(state);
		world.addEvent({ uuid: 'ev-group-2', published: NOW + 70 * SECOND, eventType: 'group.user_membership.add', targets: [jane, engineering] });
		world.addEvent({ uuid: 'ev-0012', published: NOW + 80 * SECOND });
		world.advance(MINUTE);
		world.sandbox.clearRequests();
		const warn = jest.spyOn(nodeLogger(), 'warn');

		const changed = await world.poll(first.staticData, { events: ['groupMembershipChanges', 'userLifecycleChanges'], options: {} });

		expect(emittedIds(first)).toEqual(['ev-0010', 'ev-0011']);
		expect(changed.error).toBeUndefined();
		// ev-0011 is read again (since is inclusive) and skipped; ev-group-1 is older than the restart.
		expect(emittedIds(changed)).toEqual(['ev-group-2', 'ev-0012']);
		const requests = world.logRequests();
		expect(requests).toHaveLength(1);
		expect(requests[0].query.since).toBe(iso(NOW + 40 * SECOND));
		expect(requests[0].query.after).toBeUndefined();
		expect(requests[0].query.filter).toBe(`eventType eq "group.user_membership.add" or eventType eq "group.user_membership.remove" or ${LIFECYCLE_FILTER}`);
		expect(warn).toHaveBeenCalledTimes(1);
		expect(warn.mock.calls[0][0]).toContain(`polling restarts from ${iso(NOW + 40 * SECOND)}`);
		expect(nodeState(changed).selectionKey).not.toBe(nodeState(first).selectionKey);
		expect(nodeState(changed).recentUuids).toEqual(['ev-0010', 'ev-0011', 'ev-group-2', 'ev-0012']);
		expect(nodeState(changed).nextUrl).toMatch(/^\/api\/v1\/logs\?after=/);
	});

	test('restarts from now without emitted events', async () => {
		const state = await activate();
		world.advance(MINUTE);
		world.sandbox.clearRequests();
		const warn = jest.spyOn(nodeLogger(), 'warn');

		const changed = await world.poll(state, { events: ['userLifecycleChanges'], filter: 'target.id eq "00uJR"', options: {} });

		expect(changed.output).toBeNull();
		expect(world.logRequests()[0].query.since).toBe(iso(NOW + MINUTE));
		expect(warn.mock.calls[0][0]).toBe(
			`The event selection changed, so polling restarts from ${iso(NOW + MINUTE)} (now, because no event was emitted yet) with the new selection. Events already emitted are skipped.`,
		);
	});

	test('ignores options outside the selection', async () => {
		const state = await activate();
		world.advance(MINUTE);
		world.sandbox.clearRequests();

		const result = await world.poll(state, { events: ['userLifecycleChanges'], options: { simplify: false, maxPagesPerPoll: 3 } });

		expect(result.error).toBeUndefined();
		expect(world.logRequests()[0].query.after).toBeDefined();
		expect(world.logRequests()[0].query.since).toBeUndefined();
	});
});

describe('event filter', () => {
	test('narrows only sign-ins to successful ones', async () => {
		const parameters = { events: ['signInsToApps', 'signInsToOkta', 'groupMembershipChanges'], options: { successfulSignInsOnly: true } };
		const state = await activate(parameters);
		world.addEvent({ uuid: 'ev-sso-ok', published: NOW + SECOND, eventType: 'user.authentication.sso', actor: jane, targets: [wiki] });
		world.addEvent({ uuid: 'ev-sso-failed', published: NOW + 2 * SECOND, eventType: 'user.authentication.sso', actor: jane, targets: [wiki], outcome: 'FAILURE' });
		world.addEvent({ uuid: 'ev-session-failed', published: NOW + 3 * SECOND, eventType: 'user.session.start', actor: jane, targets: [], outcome: 'FAILURE' });
		world.addEvent({ uuid: 'ev-session-ok', published: NOW + 4 * SECOND, eventType: 'user.session.start', actor: jane, targets: [] });
		world.addEvent({ uuid: 'ev-group-failed', published: NOW + 5 * SECOND, eventType: 'group.user_membership.add', targets: [jane, engineering], outcome: 'FAILURE' });
		world.addEvent({ uuid: 'ev-lifecycle', published: NOW + 6 * SECOND });
		world.advance(MINUTE);

		const result = await world.poll(state, parameters);

		expect(emittedIds(result)).toEqual(['ev-sso-ok', 'ev-session-ok', 'ev-group-failed']);
		expect(world.logRequests()[0].query.filter).toBe(
			'((eventType eq "user.authentication.sso" or eventType eq "user.session.start") and outcome.result eq "SUCCESS") or eventType eq "group.user_membership.add" or eventType eq "group.user_membership.remove"',
		);
	});

	test('combines custom types and filter with and', async () => {
		const parameters = { events: [], customEventTypes: ['user.account.lock', 'user.mfa.factor.deactivate'], filter: ' target.id eq "00uJR" ', options: {} };

		const result = await world.poll({}, parameters);

		expect(result.error).toBeUndefined();
		expect(world.logRequests()[0].query.filter).toBe(
			'(eventType eq "user.account.lock" or eventType eq "user.mfa.factor.deactivate") and (target.id eq "00uJR")',
		);
	});

	test('reads custom types from one string', async () => {
		const parameters = { events: [], customEventTypes: 'user.account.lock, user.mfa.factor.deactivate', options: {} };

		const result = await world.poll({}, parameters);

		expect(result.error).toBeUndefined();
		expect(world.logRequests()[0].query.filter).toBe('eventType eq "user.account.lock" or eventType eq "user.mfa.factor.deactivate"');
	});

	test.each([
		[{ events: [], options: {} }, 'No events are selected'],
		[{ events: ['userLifecycleChanges'], filter: 'target.id%20eq%20%2200uJR%22', options: {} }, 'Filter looks URL-encoded'],
		[{ events: ['userLifecycleChanges'], filter: 'target.id+eq+"00uJR"', options: {} }, 'Filter uses + between terms'],
		[{ events: [], customEventTypes: ['User Lock'], options: {} }, 'Custom Event Types contains an invalid event type "User Lock"'],
		[
			{ events: [], customEventTypes: ['application.user_membership.change_status'], options: {} },
			'Custom Event Types contains "application.user_membership.change_status", which Okta never records',
		],
		[{ events: ['userLifecycleChanges'], options: { maxPagesPerPoll: 0 } }, 'Max Pages Per Poll must be a whole number from 1 to 50, not 0'],
	])('rejects invalid input before any request (%#)', async (parameters, message) => {
		const result = await world.poll({}, parameters);

		expect(result.error?.message).toBe(message);
		expect(world.logRequests()).toHaveLength(0);
		expect(result.staticData).toEqual({});
	});
});

describe('output', () => {
	const parameters = { events: ['signInsToApps', 'groupMembershipChanges'], options: {} };

	test('simplifies by target type, not position', async () => {
		const state = await activate(parameters);
		world.addEvent({ uuid: 'ev-sso-1', published: NOW + SECOND, eventType: 'user.authentication.sso', actor: jane, targets: [wiki, wikiUser] });
		world.addEvent({ uuid: 'ev-sso-2', published: NOW + 2 * SECOND, eventType: 'user.authentication.sso', actor: jane, targets: [wikiUser, wiki] });
		world.addEvent({ uuid: 'ev-sso-3', published: NOW + 3 * SECOND, eventType: 'user.authentication.sso', actor: jane, targets: [wikiUser] });
		world.addEvent({ uuid: 'ev-group', published: NOW + 4 * SECOND, eventType: 'group.user_membership.add', actor: admin, targets: [engineering, jane] });
		world.advance(MINUTE);

		const result = await world.poll(state, parameters);
		const items = (result.output?.[0] ?? []).map((item) => item.json);

		expect(items).toHaveLength(4);
		expect(items[0].app).toEqual({ id: '0oaWIKI', label: 'Wiki' });
		expect(items[1].app).toEqual({ id: '0oaWIKI', label: 'Wiki' });
		expect(items[2].app).toBeNull();
		expect(items[0].user).toEqual({ id: '00uJR', login: 'jane.roe@example.com', displayName: 'Jane Roe' });
		const group = items[3];
		const event = world.sandbox.org.events.find((stored) => stored.event.uuid === 'ev-group')?.event;
		expect(group).toEqual({
			eventId: 'ev-group',
			eventType: 'group.user_membership.add',
			published: iso(NOW + 4 * SECOND),
			user: { id: '00uJR', login: 'jane.roe@example.com', displayName: 'Jane Roe' },
			app: null,
			group: { id: '00gENG', name: 'Engineering' },
			actor: { id: '00uADM', type: 'User', alternateId: 'sandbox.admin@example.com', displayName: 'Sandbox Admin' },
			outcome: { result: 'SUCCESS', reason: null },
			clientIp: event?.client.ipAddress,
			message: 'group.user_membership.add',
			targets: [
				{ id: '00gENG', type: 'UserGroup', alternateId: 'unknown', displayName: 'Engineering' },
				{ id: '00uJR', type: 'User', alternateId: 'jane.roe@example.com', displayName: 'Jane Roe' },
			],
		});
	});

	test('returns the whole event without Simplify', async () => {
		const off = { ...parameters, options: { simplify: false } };
		const state = await activate(off);
		const event = world.addEvent({ uuid: 'ev-sso', published: NOW + SECOND, eventType: 'user.authentication.sso', actor: jane, targets: [wiki] });
		world.advance(MINUTE);

		const result = await world.poll(state, off);

		expect(result.output?.[0][0].json).toEqual({ eventId: 'ev-sso', ...event });
	});
});
