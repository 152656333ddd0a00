import type { IDataObject } from 'n8n-workflow';

import type { Sandbox } from '../../sandbox/server';
import {
	AD_SALES,
	appKey,
	assignDirectly,
	CHAT,
	CRM,
	DESIGN,
	ENGINEERING,
	EVERYONE,
	JANE,
	membershipChanges,
	mutatingRequests,
	PAYROLL,
	runApplication,
	SAM,
	startFixtureOrg,
	TRACKER,
	userKey,
	WIKI,
} from './fixtures';
import type { Behaviour } from './fixtures';
import { runNode } from '../support/harness';

let sandbox: Sandbox;

afterEach(async () => {
	await sandbox.close();
});

async function removeUser(appId: string, userId: string, parameters: IDataObject = {}, options: { continueOnFail?: boolean } = {}) {
	return await runApplication(
		sandbox,
		{ operation: 'removeUser', application: appKey(appId), user: userKey(userId), ...parameters },
		{ continueOnFail: options.continueOnFail ?? true },
	);
}

const wikiPath = `/api/v1/apps/${WIKI}/users/${JANE}`;

describe('user scope', () => {
	beforeEach(async () => {
		sandbox = await startFixtureOrg();
	});

	test('removes a direct assignment without email', async () => {
		assignDirectly(sandbox, TRACKER, SAM);

		const result = await removeUser(TRACKER, SAM);

		expect(result.error).toBeUndefined();
		expect(result.json[0].outcome).toBe('removed');
		expect(result.json[0].removed).toBe(true);
		expect(result.json[0].finalState).toBe('removed');
		expect(result.json[0].scope).toBe('USER');
		expect(result.json[0].grantingGroups).toEqual([]);
		expect(mutatingRequests(sandbox).map((request) => `${request.method} ${request.path}?${request.rawQuery}`)).toEqual([
			`DELETE /api/v1/apps/${TRACKER}/users/${SAM}?sendEmail=false`,
		]);
		expect(sandbox.org.appUser(TRACKER, SAM)).toBeUndefined();
	});

	test('reads the assignment back after removal', async () => {
		assignDirectly(sandbox, TRACKER, SAM);

		await removeUser(TRACKER, SAM);

		const reads = sandbox.requestsTo('GET', `/api/v1/apps/${TRACKER}/users/${SAM}`);
		expect(reads).toHaveLength(2);
		expect(reads[1].status).toBe(404);
		expect(reads[1].seq).toBeGreaterThan(sandbox.requestsTo('DELETE')[0].seq);
	});

	test('finds the user by login', async () => {
		assignDirectly(sandbox, TRACKER, SAM);

		const result = await runApplication(sandbox, {
			operation: 'removeUser',
			application: appKey('Tracker', 'label'),
			user: userKey('sam.lee@example.com', 'login'),
		});

		expect(result.error).toBeUndefined();
		expect(result.json[0].userId).toBe(SAM);
		expect(result.json[0].appId).toBe(TRACKER);
		expect(result.json[0].outcome).toBe('removed');
	});

	test('removes a direct assignment beside a group grant', async () => {
		assignDirectly(sandbox, WIKI, JANE);

		const result = await removeUser(WIKI, JANE);

		expect(result.json[0].outcome).toBe('removed');
		expect(result.json[0].scope).toBe('USER');
		expect(result.json[0].grantingGroups).toEqual([{ id: ENGINEERING, name: 'Engineering', type: 'OKTA_GROUP' }]);
		expect(sandbox.requestsTo('POST')).toHaveLength(0);
		expect(sandbox.requestsTo('DELETE', wikiPath)).toHaveLength(1);
		expect(String(result.json[0].warnings)).toContain('Engineering');
	});
});

describe('convert, then remove', () => {
	async function convertThenRemove(behaviour: Behaviour) {
		sandbox = await startFixtureOrg({ behaviour });
		return await removeUser(WIKI, JANE, { strategy: 'convertThenRemove' });
	}

	test('removes a group-granted app cleanly', async () => {
		const result = await convertThenRemove('removed');

		expect(result.error).toBeUndefined();
		expect(result.json[0].outcome).toBe('removed');
		expect(result.json[0].scope).toBe('GROUP');
		expect(result.json[0].finalState).toBe('removed');
		expect(sandbox.org.appUser(WIKI, JANE)).toBeUndefined();
	});

	test('converts to user scope before deleting', async () => {
		await convertThenRemove('removed');

		const mutations = mutatingRequests(sandbox);
		expect(mutations.map((request) => `${request.method} ${request.path}`)).toEqual([`POST ${wikiPath}`, `DELETE ${wikiPath}`]);
		expect(mutations[0].body).toEqual({ scope: 'USER' });
		expect(mutations[1].rawQuery).toBe('sendEmail=false');
	});

	test('keeps group membership and other apps', async () => {
		await convertThenRemove('removed');

		expect(membershipChanges(sandbox)).toHaveLength(0);
		expect(sandbox.org.memberMap(ENGINEERING).has(JANE)).toBe(true);
		expect(sandbox.org.appUser(CRM, JANE)?.scope).toBe('GROUP');
	});

	test('warns that access can return', async () => {
		const result = await convertThenRemove('removed');

		const warnings = result.json[0].warnings as string[];
		expect(warnings).toHaveLength(1);
		expect(warnings[0]).toContain(`Engineering (${ENGINEERING})`);
		expect(warnings[0]).toContain('Access can return');
	});

	test('reports a 403 after conversion as failure', async () => {
		const result = await convertThenRemove('forbidden');

		const item = result.json[0];
		expect(item.outcome).toBe('forbiddenByGroupGrant');
		expect(item.removed).toBe(false);
		expect(item.finalState).toBe('stillAssigned');
		expect(String(item.error)).toContain('403 E0000046');
		expect(item.grantingGroups).toEqual([{ id: ENGINEERING, name: 'Engineering', type: 'OKTA_GROUP' }]);
	});

	test('never retries a forbidden removal', async () => {
		await convertThenRemove('forbidden');

		const deletes = sandbox.requestsTo('DELETE', wikiPath);
		expect(deletes).toHaveLength(1);
		expect(deletes[0].status).toBe(403);
		expect(deletes[0].headers['x-okta-retry-count']).toBeUndefined();
	});

	test('converts back to group scope after 403', async () => {
		const result = await convertThenRemove('forbidden');

		const posts = sandbox.requestsTo('POST', wikiPath);
		expect(posts.map((request) => request.body)).toEqual([{ scope: 'USER' }, { scope: 'GROUP' }]);
		expect(result.json[0].scopeRestored).toBe(true);
		expect(result.json[0].finalScope).toBe('GROUP');
		expect(sandbox.org.appUser(WIKI, JANE)?.scope).toBe('GROUP');
		expect(membershipChanges(sandbox)).toHaveLength(0);
	});

	test('fails the run on 403 without Continue On Fail', async () => {
		sandbox = await startFixtureOrg({ behaviour: 'forbidden' });

		const result = await removeUser(WIKI, JANE, {}, { continueOnFail: false });

		expect(result.error).toBeDefined();
		expect(result.error?.message).toContain('403 E0000046');
		expect(result.json).toHaveLength(0);
	});

	test('reports access that a group gave back', async () => {
		const result = await convertThenRemove('revert');

		const item = result.json[0];
		expect(item.outcome).toBe('stillAssigned');
		expect(item.finalState).toBe('stillAssigned');
		expect(item.finalScope).toBe('GROUP');
		expect(item.stillAssignedReason).toBe('grantedByGroups');
		expect(item.stillGrantedByGroups).toEqual([{ id: ENGINEERING, name: 'Engineering', type: 'OKTA_GROUP' }]);
		expect(String(item.error)).toContain('still has Wiki');
		expect(membershipChanges(sandbox)).toHaveLength(0);
	});

	test('reports a 403 on a direct assignment', async () => {
		sandbox = await startFixtureOrg({ behaviour: 'forbidden' });
		assignDirectly(sandbox, WIKI, JANE);

		const result = await removeUser(WIKI, JANE);

		expect(result.json[0].outcome).toBe('forbiddenByGroupGrant');
		expect(result.json[0].scopeRestored).toBeNull();
		expect(result.json[0].finalScope).toBe('USER');
		expect(sandbox.requestsTo('POST')).toHaveLength(0);
		expect(sandbox.requestsTo('DELETE')).toHaveLength(1);
	});
});

describe('fail strategy', () => {
	beforeEach(async () => {
		sandbox = await startFixtureOrg();
	});

	test('names the granting groups', async () => {
		const result = await removeUser(WIKI, JANE, { strategy: 'fail' });

		const item = result.json[0];
		expect(String(item.error)).toContain(`Engineering (${ENGINEERING})`);
		expect(item.blocked).toEqual(expect.objectContaining({ reason: 'groupGrant', groups: [{ id: ENGINEERING, name: 'Engineering', type: 'OKTA_GROUP' }] }));
		expect(mutatingRequests(sandbox)).toHaveLength(0);
	});

	test('still removes a user-scope assignment', async () => {
		assignDirectly(sandbox, TRACKER, JANE);

		const result = await removeUser(TRACKER, JANE, { strategy: 'fail' });

		expect(result.json[0].outcome).toBe('removed');
		expect(sandbox.requestsTo('DELETE')).toHaveLength(1);
	});
});

describe('remove from granting groups', () => {
	beforeEach(async () => {
		sandbox = await startFixtureOrg({ behaviour: 'forbidden' });
	});

	const optIn = { strategy: 'removeFromGrantingGroups', allowGroupRemoval: true };

	test('removes the membership, then checks the assignment', async () => {
		const result = await removeUser(WIKI, JANE, optIn);

		expect(result.error).toBeUndefined();
		expect(result.json[0].outcome).toBe('removed');
		expect(mutatingRequests(sandbox).map((request) => `${request.method} ${request.path}`)).toEqual([
			`DELETE /api/v1/groups/${ENGINEERING}/users/${JANE}`,
		]);
		const lastRead = sandbox.requestsTo('GET', wikiPath).pop();
		expect(lastRead?.status).toBe(404);
		expect(sandbox.org.memberMap(ENGINEERING).has(JANE)).toBe(false);
	});

	test('lists the other apps that go', async () => {
		const result = await removeUser(WIKI, JANE, optIn);

		expect(result.json[0].otherAppsAffected).toEqual([
			{
				appId: CRM,
				appLabel: 'CRM',
				appName: 'crm_bookmark',
				grantedByRemovedGroups: [{ id: ENGINEERING, name: 'Engineering', type: 'OKTA_GROUP' }],
				stillGrantedBy: [],
				userAssignment: false,
				accessLost: true,
			},
		]);
		expect(sandbox.org.appUser(CRM, JANE)).toBeUndefined();
	});

	test('keeps an app another group grants', async () => {
		sandbox.org.memberMap(DESIGN).set(JANE, Date.now());
		sandbox.org.assignGroup(CRM, DESIGN);

		const result = await removeUser(WIKI, JANE, optIn);

		const [crm] = result.json[0].otherAppsAffected as IDataObject[];
		expect(crm.stillGrantedBy).toEqual([{ id: DESIGN, name: 'Design', type: 'OKTA_GROUP' }]);
		expect(crm.accessLost).toBe(false);
		expect(sandbox.org.appUser(CRM, JANE)?.scope).toBe('GROUP');
	});

	test('keeps an app with a direct assignment', async () => {
		assignDirectly(sandbox, CRM, JANE);

		const result = await removeUser(WIKI, JANE, optIn);

		const [crm] = result.json[0].otherAppsAffected as IDataObject[];
		expect(crm.userAssignment).toBe(true);
		expect(crm.accessLost).toBe(false);
	});

	test('leaves out apps the user lacks', async () => {
		sandbox.org.suppressedGrants.set(CRM, new Set([JANE]));

		const result = await removeUser(WIKI, JANE, { ...optIn, dryRun: true });

		expect(result.json[0].otherAppsAffected).toEqual([]);
		expect(result.json[0].blocked).toBeNull();
	});

	test('removes a direct assignment after the memberships', async () => {
		assignDirectly(sandbox, WIKI, JANE);

		const result = await removeUser(WIKI, JANE, optIn);

		expect(result.json[0].outcome).toBe('removed');
		expect(mutatingRequests(sandbox).map((request) => `${request.method} ${request.path}`)).toEqual([
			`DELETE /api/v1/groups/${ENGINEERING}/users/${JANE}`,
			`DELETE ${wikiPath}`,
		]);
	});

	test('requires the opt-in before any request', async () => {
		const result = await removeUser(WIKI, JANE, { strategy: 'removeFromGrantingGroups' });

		expect(String(result.json[0].error)).toBe('Remove From Granting Groups needs Allow Removing Group Memberships turned on');
		expect(sandbox.requests).toHaveLength(0);
	});

	test('refuses an imported group', async () => {
		const result = await removeUser(PAYROLL, SAM, optIn);

		const item = result.json[0];
		expect(String(item.error)).toContain(`AD-Sales (${AD_SALES})`);
		expect(item.blocked).toEqual(expect.objectContaining({ reason: 'groupTypeNotRemovable' }));
		expect(mutatingRequests(sandbox)).toHaveLength(0);
	});

	test('refuses the Everyone group', async () => {
		const result = await removeUser(CHAT, JANE, optIn);

		const item = result.json[0];
		expect(String(item.error)).toContain(`Everyone (${EVERYONE})`);
		expect(item.blocked).toEqual(expect.objectContaining({ reason: 'groupTypeNotRemovable' }));
		expect(mutatingRequests(sandbox)).toHaveLength(0);
	});
});

describe('dry run', () => {
	beforeEach(async () => {
		sandbox = await startFixtureOrg();
	});

	test('returns the exact requests', async () => {
		const result = await removeUser(WIKI, JANE, { dryRun: true });

		const steps = result.json[0].steps as IDataObject[];
		expect(result.json[0].dryRun).toBe(true);
		expect(steps.map((step) => [step.action, step.runs, step.request])).toEqual([
			['convertToUserScope', 'always', { method: 'POST', path: wikiPath, body: { scope: 'USER' } }],
			['removeAssignment', 'always', { method: 'DELETE', path: wikiPath, query: { sendEmail: false } }],
			['restoreGroupScope', 'ifRemovalForbidden', { method: 'POST', path: wikiPath, body: { scope: 'GROUP' } }],
		]);
	});

	test('sends only reads', async () => {
		await removeUser(WIKI, JANE, { dryRun: true });
		await removeUser(WIKI, JANE, { dryRun: true, strategy: 'removeFromGrantingGroups', allowGroupRemoval: true });
		await removeUser(WIKI, JANE, { dryRun: true, strategy: 'fail' });

		expect(sandbox.requests.length).toBeGreaterThan(0);
		expect(mutatingRequests(sandbox)).toHaveLength(0);
		expect(sandbox.org.appUser(WIKI, JANE)?.scope).toBe('GROUP');
	});

	test('previews group removal without opt-in', async () => {
		const result = await removeUser(WIKI, JANE, { dryRun: true, strategy: 'removeFromGrantingGroups' });

		const item = result.json[0];
		expect(item.error).toBeUndefined();
		expect((item.blocked as IDataObject).reason).toBe('optInRequired');
		expect((item.otherAppsAffected as IDataObject[]).map((effect) => [effect.appLabel, effect.accessLost])).toEqual([['CRM', true]]);
		expect((item.steps as IDataObject[])[0].request).toEqual({ method: 'DELETE', path: `/api/v1/groups/${ENGINEERING}/users/${JANE}` });
		expect(String((item.steps as IDataObject[])[0].change)).toContain('also loses CRM');
		expect(mutatingRequests(sandbox)).toHaveLength(0);
	});

	test('matches the requests a real run sends', async () => {
		const plan = await removeUser(WIKI, JANE, { dryRun: true });
		sandbox.clearRequests();

		await removeUser(WIKI, JANE);

		const planned = (plan.json[0].steps as IDataObject[]).filter((step) => step.runs === 'always').map((step) => step.request as IDataObject);
		const sent = mutatingRequests(sandbox);
		expect(sent.map((request) => request.method)).toEqual(planned.map((request) => request.method));
		expect(sent.map((request) => request.path)).toEqual(planned.map((request) => request.path));
		expect(sent.map((request) => request.body)).toEqual(planned.map((request) => request.body));
	});
});

describe('group membership', () => {
	const strategies = ['convertThenRemove', 'fail'];
	const behaviours: Behaviour[] = ['removed', 'forbidden', 'revert'];

	test('untouched by the other strategies', async () => {
		for (const behaviour of behaviours) {
			for (const strategy of strategies) {
				sandbox = await startFixtureOrg({ behaviour });
				assignDirectly(sandbox, CRM, JANE);

				await removeUser(WIKI, JANE, { strategy });
				await removeUser(CRM, JANE, { strategy });
				await removeUser(CHAT, JANE, { strategy });

				expect({ behaviour, strategy, changes: membershipChanges(sandbox).length }).toEqual({ behaviour, strategy, changes: 0 });
				expect({ behaviour, strategy, puts: sandbox.requestsTo('PUT').length }).toEqual({ behaviour, strategy, puts: 0 });
				expect({ behaviour, strategy, member: sandbox.org.memberMap(ENGINEERING).has(JANE) }).toEqual({ behaviour, strategy, member: true });
				await sandbox.close();
			}
		}
		sandbox = await startFixtureOrg();
	});
});

describe('items of one run', () => {
	beforeEach(async () => {
		sandbox = await startFixtureOrg();
	});

	test('look up a shared app once', async () => {
		assignDirectly(sandbox, WIKI, SAM);

		const result = await runApplication(
			sandbox,
			{ operation: 'removeUser', application: appKey('Wiki', 'label'), user: userKey('={{ $json.userId }}') },
			{ input: [{ userId: JANE }, { userId: SAM }] },
		);

		expect(result.json.map((item) => [item.userId, item.outcome])).toEqual([
			[JANE, 'removed'],
			[SAM, 'removed'],
		]);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(sandbox.requestsTo('GET', '/api/v1/apps')).toHaveLength(1);
	});
});

describe('idempotent removal', () => {
	beforeEach(async () => {
		sandbox = await startFixtureOrg();
	});

	test('second run sends no change', async () => {
		await removeUser(WIKI, JANE);
		sandbox.clearRequests();

		const second = await removeUser(WIKI, JANE);

		expect(second.json[0].outcome).toBe('alreadyAbsent');
		expect(second.json[0].alreadyAbsent).toBe(true);
		expect(second.json[0].removed).toBe(true);
		expect(mutatingRequests(sandbox)).toHaveLength(0);
	});

	test('no assignment is success', async () => {
		const result = await removeUser(TRACKER, JANE, {}, { continueOnFail: false });

		expect(result.error).toBeUndefined();
		expect(result.json[0].alreadyAbsent).toBe(true);
		expect(result.json[0].steps).toEqual([]);
		expect(mutatingRequests(sandbox)).toHaveLength(0);
	});

	test('treats a 404 on delete as absent', async () => {
		// The first read returns the assignment, which is gone by the time of the DELETE.
		sandbox.script({
			method: 'GET',
			path: `/api/v1/apps/${TRACKER}/users/${SAM}`,
			body: { id: SAM, scope: 'USER', status: 'ACTIVE', syncState: 'DISABLED', credentials: { userName: 'sam.lee@example.com' } },
		});

		const result = await removeUser(TRACKER, SAM, {}, { continueOnFail: false });

		expect(result.error).toBeUndefined();
		expect(sandbox.requestsTo('DELETE')[0].status).toBe(404);
		expect((result.json[0].steps as IDataObject[])[0].result).toEqual({ status: 'alreadyAbsent', httpCode: 404, errorCode: 'E0000007' });
		expect(result.json[0].outcome).toBe('alreadyAbsent');
		expect(result.json[0].alreadyAbsent).toBe(true);
		expect(result.json[0].removed).toBe(true);
	});

	test('treats a 404 on membership removal as absent', async () => {
		sandbox.script({ method: 'DELETE', path: `/api/v1/groups/${ENGINEERING}/users/${JANE}`, status: 404, body: { errorCode: 'E0000007', errorSummary: 'Not found', errorCauses: [] } });
		sandbox.org.memberMap(ENGINEERING).delete(JANE);
		sandbox.script({
			method: 'GET',
			path: `/api/v1/users/${JANE}/groups`,
			body: [sandbox.org.groupView(sandbox.org.requireGroup(ENGINEERING), sandbox.url)],
		});
		sandbox.script({
			method: 'GET',
			path: wikiPath,
			body: { id: JANE, scope: 'GROUP', status: 'ACTIVE', syncState: 'DISABLED', credentials: { userName: 'jane.roe@example.com' } },
		});

		const result = await removeUser(WIKI, JANE, { strategy: 'removeFromGrantingGroups', allowGroupRemoval: true }, { continueOnFail: false });

		expect(result.error).toBeUndefined();
		expect((result.json[0].steps as IDataObject[])[0].result).toEqual({ status: 'alreadyAbsent', httpCode: 404, errorCode: 'E0000007' });
		expect(result.json[0].outcome).toBe('alreadyAbsent');
		expect(result.json[0].alreadyAbsent).toBe(true);
	});

	test('fails when the app does not exist', async () => {
		const result = await removeUser('0oaMISSING0000000000', JANE);

		expect(String(result.json[0].error)).toBe('No Okta app has the ID "0oaMISSING0000000000"');
		expect(result.json[0].httpCode).toBe(404);
		expect(mutatingRequests(sandbox)).toHaveLength(0);
	});
});

describe('remove user, many items', () => {
	test("reads the app's groups once per run", async () => {
		sandbox = await startFixtureOrg();
		const users = Array.from({ length: 3 }, (_unused, index) =>
			sandbox.org.addUser({ profile: { login: `leaver${index}@example.com`, email: `leaver${index}@example.com`, firstName: 'Lee', lastName: String(index) } }),
		);
		for (const user of users) sandbox.org.memberMap(ENGINEERING).set(user.id, Date.now());

		const result = await runNode({
			credentials: { url: sandbox.url, apiToken: sandbox.token },
			parameters: {
				resource: 'application',
				operation: 'removeUser',
				application: { __rl: true, mode: 'id', value: WIKI },
				user: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
			},
			input: users.map((user) => ({ id: user.id })),
		});

		expect(result.error).toBeUndefined();
		expect(result.json.map((item) => item.outcome)).toEqual(['removed', 'removed', 'removed']);
		expect(sandbox.requestsTo('GET', `/api/v1/apps/${WIKI}/groups`)).toHaveLength(1);
	});
});
