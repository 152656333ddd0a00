import type { INodeParameters } from 'n8n-workflow';

import type { Sandbox } from '../../sandbox/server';
import {
	appKey,
	assignDirectly,
	ENGINEERING,
	JANE,
	membershipChanges,
	mutatingRequests,
	runApplication,
	SAM,
	startFixtureOrg,
	TRACKER,
	userKey,
	WIKI,
} from './fixtures';

let sandbox: Sandbox;

beforeEach(async () => {
	sandbox = await startFixtureOrg();
});

afterEach(async () => {
	await sandbox.close();
});

const engineering = { id: ENGINEERING, name: 'Engineering', type: 'OKTA_GROUP' };

async function assignUser(appId: string, userId: string, additionalFields: INodeParameters = {}) {
	return await runApplication(
		sandbox,
		{ operation: 'assignUser', application: appKey(appId), user: userKey(userId), additionalFields },
		{ continueOnFail: true },
	);
}

async function convertAssignment(appId: string, userId: string, targetScope: 'USER' | 'GROUP') {
	return await runApplication(
		sandbox,
		{ operation: 'convertAssignment', application: appKey(appId), user: userKey(userId), targetScope },
		{ continueOnFail: true },
	);
}

describe('assign user', () => {
	test('assigns with user scope', async () => {
		const result = await assignUser(TRACKER, SAM);

		expect(result.error).toBeUndefined();
		expect(result.json[0]).toEqual({
			appId: TRACKER,
			appLabel: 'Tracker',
			userId: SAM,
			login: 'sam.lee@example.com',
			assigned: true,
			alreadyAssigned: false,
			scope: 'USER',
			status: 'ACTIVE',
			syncState: 'DISABLED',
			appUserName: 'sam.lee@example.com',
			previousScope: null,
		});
		expect(mutatingRequests(sandbox).map((request) => request.body)).toEqual([{ id: SAM, scope: 'USER' }]);
	});

	test('sends app username and profile', async () => {
		const result = await assignUser(TRACKER, SAM, { appUserName: ' slee ', appProfile: '{"department": "Sales"}' });

		expect(sandbox.requestsTo('POST', `/api/v1/apps/${TRACKER}/users`)[0].body).toEqual({
			id: SAM,
			scope: 'USER',
			credentials: { userName: 'slee' },
			profile: { department: 'Sales' },
		});
		expect(result.json[0].appUserName).toBe('slee');
		expect(sandbox.org.appUser(TRACKER, SAM)?.profile).toEqual({ department: 'Sales' });
	});

	test('re-run sends no second assignment', async () => {
		await assignUser(TRACKER, SAM);
		const second = await assignUser(TRACKER, SAM);

		expect(second.json[0].alreadyAssigned).toBe(true);
		expect(second.json[0].scope).toBe('USER');
		expect(sandbox.requestsTo('POST')).toHaveLength(1);
	});

	test('warns when the app username differs', async () => {
		assignDirectly(sandbox, TRACKER, SAM, 'sam.old');

		const result = await assignUser(TRACKER, SAM, { appUserName: 'sam.new' });

		expect(result.json[0].alreadyAssigned).toBe(true);
		expect(result.json[0].appUserName).toBe('sam.old');
		expect(String(result.json[0].warnings)).toContain('keeps the app username sam.old');
		expect(mutatingRequests(sandbox)).toHaveLength(0);
	});

	test('names the group that already grants it', async () => {
		const result = await assignUser(WIKI, JANE);

		expect(result.json[0].scope).toBe('USER');
		expect(result.json[0].previousScope).toBe('GROUP');
		expect(result.json[0].grantedByGroups).toEqual([engineering]);
		expect(sandbox.requestsTo('POST')).toHaveLength(1);
		expect(sandbox.org.appUser(WIKI, JANE)?.scope).toBe('USER');
	});

	test('treats a 409 as already assigned', async () => {
		// The first read returns 404, but an assignment exists by the time of the POST.
		assignDirectly(sandbox, TRACKER, SAM);
		sandbox.script({ method: 'GET', path: `/api/v1/apps/${TRACKER}/users/${SAM}`, status: 404, body: { errorCode: 'E0000007', errorCauses: [] } });

		const result = await assignUser(TRACKER, SAM);

		expect(result.json[0].error).toBeUndefined();
		expect(sandbox.requestsTo('POST')[0].status).toBe(409);
		expect(result.json[0].alreadyAssigned).toBe(true);
		expect(result.json[0].scope).toBe('USER');
	});

	test('rejects invalid profile JSON before any request', async () => {
		const result = await assignUser(TRACKER, SAM, { appProfile: '{department: Sales}' });

		expect(result.json[0].error).toBe('App Profile is not valid JSON');
		expect(sandbox.requests).toHaveLength(0);
	});

	test('rejects a profile that is not an object', async () => {
		const result = await assignUser(TRACKER, SAM, { appProfile: '["Sales"]' });

		expect(result.json[0].error).toBe('App Profile must be a JSON object');
		expect(sandbox.requests).toHaveLength(0);
	});

	test("reports Okta's refusal for an inactive user", async () => {
		sandbox.org.users.get(SAM)!.status = 'DEPROVISIONED';
		sandbox.org.memberMap(ENGINEERING).delete(SAM);

		const result = await assignUser(TRACKER, SAM);

		expect(result.json[0].httpCode).toBe(403);
		expect(result.json[0].errorCode).toBe('E0000117');
	});
});

describe('convert assignment', () => {
	test('converts a group assignment to user scope', async () => {
		const result = await convertAssignment(WIKI, JANE, 'USER');

		expect(result.json[0]).toEqual({
			appId: WIKI,
			appLabel: 'Wiki',
			userId: JANE,
			login: 'jane.roe@example.com',
			scope: 'USER',
			previousScope: 'GROUP',
			alreadyInState: false,
			grantingGroups: [engineering],
		});
		expect(mutatingRequests(sandbox).map((request) => [request.method, request.path, request.body])).toEqual([
			['POST', `/api/v1/apps/${WIKI}/users/${JANE}`, { scope: 'USER' }],
		]);
	});

	test('converts back to group scope', async () => {
		await convertAssignment(WIKI, JANE, 'USER');

		const result = await convertAssignment(WIKI, JANE, 'GROUP');

		expect(result.json[0].scope).toBe('GROUP');
		expect(result.json[0].previousScope).toBe('USER');
		expect(sandbox.requestsTo('POST').map((request) => request.body)).toEqual([{ scope: 'USER' }, { scope: 'GROUP' }]);
		expect(sandbox.org.appUser(WIKI, JANE)?.scope).toBe('GROUP');
		expect(membershipChanges(sandbox)).toHaveLength(0);
	});

	test('sends nothing when already in scope', async () => {
		const result = await convertAssignment(WIKI, JANE, 'GROUP');

		expect(result.json[0].alreadyInState).toBe(true);
		expect(result.json[0].scope).toBe('GROUP');
		expect(mutatingRequests(sandbox)).toHaveLength(0);
	});

	test('refuses group scope without a granting group', async () => {
		assignDirectly(sandbox, TRACKER, SAM);

		const result = await convertAssignment(TRACKER, SAM, 'GROUP');

		expect(result.json[0].error).toBe('No group of sam.lee@example.com grants Tracker, so the assignment cannot become GROUP scope');
		expect(result.json[0].grantingGroups).toEqual([]);
		expect(mutatingRequests(sandbox)).toHaveLength(0);
	});

	test('reports a missing assignment', async () => {
		const result = await convertAssignment(TRACKER, JANE, 'USER');

		expect(result.json[0].error).toBe('jane.roe@example.com has no assignment to Tracker to convert');
		expect(mutatingRequests(sandbox)).toHaveLength(0);
	});
});
