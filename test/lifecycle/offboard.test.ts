import type { INodeParameters } from 'n8n-workflow';

import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../sandbox/server';
import { runNode } from '../support/harness';

let sandbox: Sandbox;
let jane: { id: string };
let ids: Record<string, string>;

beforeEach(async () => {
	sandbox = await startSandbox({ empty: true });
	const org = sandbox.org;
	const everyone = org.addGroup({ name: 'Everyone', type: 'BUILT_IN' });
	jane = org.addUser({ profile: { login: 'jane.roe@example.com', email: 'jane.roe@example.com', firstName: 'Jane', lastName: 'Roe' } });
	const engineering = org.addGroup({ name: 'Engineering' });
	const operations = org.addGroup({ name: 'Operations' });
	const adSales = org.addGroup({ name: 'AD-Sales', type: 'APP_GROUP' });
	const wiki = org.addApp({ label: 'Wiki', name: 'wiki_bookmark' });
	const crm = org.addApp({ label: 'CRM', name: 'crm_bookmark' });
	const chat = org.addApp({ label: 'Chat', name: 'chat_bookmark' });
	org.addMember(engineering.id, jane.id);
	org.addMember(operations.id, jane.id);
	org.addMember(adSales.id, jane.id, { silent: true });
	org.assignGroup(wiki.id, engineering.id);
	org.assignGroup(crm.id, engineering.id);
	org.assignGroup(chat.id, everyone.id);
	org.assignUser(crm.id, { id: jane.id, scope: 'USER' });
	ids = { everyone: everyone.id, engineering: engineering.id, operations: operations.id, adSales: adSales.id, wiki: wiki.id, crm: crm.id, chat: chat.id };
	sandbox.clearRequests();
});

afterEach(async () => {
	expect(sandbox.requestsTo('DELETE', /^\/api\/v1\/users\/[^/]+$/)).toHaveLength(0);
	await sandbox.close();
});

async function offboard(parameters: INodeParameters = {}, continueOnFail = false) {
	return await runNode({
		credentials: { url: sandbox.url, apiToken: sandbox.token },
		parameters: {
			resource: 'user',
			operation: 'offboard',
			user: { __rl: true, mode: 'login', value: 'jane.roe@example.com' },
			profileFields: { field: [{ name: 'endDate', value: '2026-12-04' }] },
			...parameters,
		},
		continueOnFail,
	});
}

function mutations() {
	return sandbox.requests.filter((request) => request.method !== 'GET').map((request) => `${request.method} ${request.path}`);
}

function stepsOf(json: Record<string, unknown>) {
	return (json.steps as Array<Record<string, unknown>>).map((step) => {
		const target = step.target as { appLabel?: string; groupName?: string } | null;
		return `${String(step.step)}${target?.appLabel ? ` ${target.appLabel}` : ''}${target?.groupName ? ` ${target.groupName}` : ''}: ${String(step.status)}`;
	});
}

describe('offboard', () => {
	test('dry run plans every step with reads only', async () => {
		const result = await offboard({ dryRun: true });

		expect(result.error).toBeUndefined();
		expect(stepsOf(result.json[0])).toEqual([
			'updateProfile: planned',
			'removeAppAssignment Wiki: planned',
			'removeAppAssignment CRM: planned',
			'removeAppAssignment Chat: planned',
			'removeGroupMembership Everyone: skipped',
			'removeGroupMembership Engineering: planned',
			'removeGroupMembership Operations: planned',
			'removeGroupMembership AD-Sales: skipped',
			'clearSessions: planned',
			'suspend: planned',
		]);
		expect(sandbox.requests.every((request) => request.method === 'GET')).toBe(true);
		expect(sandbox.org.users.get(jane.id)?.status).toBe('ACTIVE');
	});

	test('dry run shows exact requests and affected apps', async () => {
		const result = await offboard({ dryRun: true });
		const steps = result.json[0].steps as Array<Record<string, unknown>>;

		expect(steps[0].requests).toEqual([{ method: 'POST', path: `/api/v1/users/${jane.id}`, body: { profile: { endDate: '2026-12-04' } } }]);
		expect(steps[1].requests).toEqual([
			{ method: 'POST', path: `/api/v1/apps/${ids.wiki}/users/${jane.id}`, body: { scope: 'USER' }, runs: 'always' },
			{ method: 'DELETE', path: `/api/v1/apps/${ids.wiki}/users/${jane.id}`, query: { sendEmail: false }, runs: 'always' },
			{ method: 'POST', path: `/api/v1/apps/${ids.wiki}/users/${jane.id}`, body: { scope: 'GROUP' }, runs: 'ifRemovalForbidden' },
		]);
		expect(steps[5].appsGrantedByGroup).toEqual([
			{ appId: ids.wiki, appLabel: 'Wiki' },
			{ appId: ids.crm, appLabel: 'CRM' },
		]);
		expect(steps[4].reason).toBe('Everyone and other built-in groups always contain every user');
		expect(steps[8].requests).toEqual([
			{ method: 'DELETE', path: `/api/v1/users/${jane.id}/sessions`, query: { oauthTokens: true, forgetDevices: true } },
		]);
		expect(steps[9].requests).toEqual([{ method: 'POST', path: `/api/v1/users/${jane.id}/lifecycle/suspend` }]);
	});

	test('runs the steps in the safe order', async () => {
		const result = await offboard();

		expect(result.error).toBeUndefined();
		expect(result.json[0]).toMatchObject({ statusBefore: 'ACTIVE', statusAfter: 'SUSPENDED', dryRun: false });
		expect(mutations()).toEqual([
			`POST /api/v1/users/${jane.id}`,
			`POST /api/v1/apps/${ids.wiki}/users/${jane.id}`,
			`DELETE /api/v1/apps/${ids.wiki}/users/${jane.id}`,
			`DELETE /api/v1/apps/${ids.crm}/users/${jane.id}`,
			`POST /api/v1/apps/${ids.chat}/users/${jane.id}`,
			`DELETE /api/v1/apps/${ids.chat}/users/${jane.id}`,
			`DELETE /api/v1/groups/${ids.engineering}/users/${jane.id}`,
			`DELETE /api/v1/groups/${ids.operations}/users/${jane.id}`,
			`DELETE /api/v1/users/${jane.id}/sessions`,
			`POST /api/v1/users/${jane.id}/lifecycle/suspend`,
		]);
		const org = sandbox.org;
		expect(org.users.get(jane.id)?.profile.endDate).toBe('2026-12-04');
		expect(org.appIdsOfUser(jane.id)).toEqual([]);
		expect(org.groupsOfUser(jane.id).map((group) => group.profile.name)).toEqual(['Everyone', 'AD-Sales']);
		expect(org.sessionClears).toEqual([expect.objectContaining({ userId: jane.id, oauthTokens: true, forgetDevices: true })]);
		expect(result.json[0].summary).toEqual({
			profileUpdated: 'done',
			appsRemoved: 3,
			appsToRemove: 0,
			appsFailed: 0,
			groupsRemoved: 2,
			groupsToRemove: 0,
			groupsSkipped: 2,
			groupsFailed: 0,
			sessionsCleared: 'done',
			suspended: 'done',
			deactivated: 'notRequested',
			succeeded: true,
			allDone: true,
		});
	});

	test('a second run changes nothing', async () => {
		await offboard();
		sandbox.clearRequests();

		const second = await offboard();

		expect(second.error).toBeUndefined();
		expect(mutations()).toEqual([]);
		expect(stepsOf(second.json[0])).toEqual([
			'updateProfile: alreadyDone',
			'removeAppAssignment: alreadyDone',
			'removeGroupMembership Everyone: skipped',
			'removeGroupMembership AD-Sales: skipped',
			'clearSessions: alreadyDone',
			'suspend: alreadyDone',
		]);
	});

	test('deactivates through the lifecycle endpoint', async () => {
		const result = await offboard({ finalStatus: 'deactivate' });

		expect(result.json[0].statusAfter).toBe('DEPROVISIONED');
		expect(mutations().at(-1)).toBe(`POST /api/v1/users/${jane.id}/lifecycle/deactivate`);
		expect(sandbox.requestsTo('POST', /lifecycle\/deactivate$/)[0].rawQuery).toBe('sendEmail=false');
	});

	test('a failed step hides no other step', async () => {
		sandbox.script({ method: 'DELETE', path: `/api/v1/apps/${ids.crm}/users/${jane.id}`, status: 500, body: { errorCode: 'E0000009', errorSummary: 'Fixture failure', errorCauses: [] } });

		const result = await offboard({}, true);

		expect(result.json[0].error).toMatch(/^Offboarding of jane.roe@example.com finished with 1 failed step: removeAppAssignment \(CRM\)/);
		expect(result.json[0].summary).toMatchObject({ profileUpdated: 'done', appsRemoved: 2, appsFailed: 1, groupsRemoved: 2, sessionsCleared: 'done', suspended: 'done', succeeded: false });
		expect(sandbox.org.users.get(jane.id)?.status).toBe('SUSPENDED');
	});

	test('a failure without Continue On Fail names the finished steps', async () => {
		sandbox.script({ method: 'DELETE', path: `/api/v1/apps/${ids.crm}/users/${jane.id}`, status: 500, body: { errorCode: 'E0000009', errorSummary: 'Fixture failure', errorCauses: [] } });

		const result = await offboard();

		expect(result.error?.message).toContain('finished with 1 failed step');
		expect(result.error?.description).toContain('Steps that succeeded: updateProfile, removeAppAssignment (Wiki)');
		expect(result.error?.description).toContain('suspend');
	});

	test('a deactivated user reports the profile failure beside the rest', async () => {
		sandbox.org.lifecycle(jane.id, 'deactivate', { sendEmail: false, async: false });
		sandbox.clearRequests();

		const result = await offboard({ finalStatus: 'deactivate' }, true);

		expect(result.json[0].summary).toMatchObject({ profileUpdated: 'failed', groupsRemoved: 2, deactivated: 'alreadyDone', succeeded: false });
		expect(mutations()).toEqual([
			`POST /api/v1/users/${jane.id}`,
			`DELETE /api/v1/groups/${ids.engineering}/users/${jane.id}`,
			`DELETE /api/v1/groups/${ids.operations}/users/${jane.id}`,
		]);
		expect(sandbox.requestsTo('POST')[0].status).toBe(403);
	});

	test('keeps the listed apps and groups', async () => {
		const result = await offboard({ options: { keepApps: 'crm', keepGroups: 'Operations' } });

		expect(result.error).toBeUndefined();
		expect(sandbox.org.appIdsOfUser(jane.id)).toEqual([ids.crm]);
		expect(sandbox.org.appUser(ids.crm, jane.id)?.scope).toBe('USER');
		expect(stepsOf(result.json[0])).toContain('removeAppAssignment CRM: skipped');
		expect(stepsOf(result.json[0])).toContain('removeGroupMembership Operations: skipped');
		expect(sandbox.org.groupsOfUser(jane.id).map((group) => group.profile.name)).toContain('Operations');
	});

	test('a never-activated user cannot be suspended', async () => {
		const staged = sandbox.org.addUser({ profile: { login: 'new.hire@example.com', email: 'new.hire@example.com', firstName: 'New', lastName: 'Hire' }, status: 'STAGED' });

		const result = await offboard({ user: { __rl: true, mode: 'id', value: staged.id }, profileFields: {}, dryRun: true });

		const last = (result.json[0].steps as Array<Record<string, unknown>>).at(-1);
		expect(last).toMatchObject({ step: 'suspend', status: 'failed' });
		expect(String(last?.reason)).toContain('choose Deactivate');
	});

	test('group removal needs the opt-in', async () => {
		const result = await offboard({ strategy: 'removeFromGrantingGroups' });

		expect(result.error?.message).toBe('Remove From Granting Groups needs Allow Removing Group Memberships turned on');
		expect(sandbox.requests).toHaveLength(0);
	});
});
