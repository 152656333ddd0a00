/**
 * The deprovisioning helpers as another operation (such as an offboarding run over all of a
 * user's apps) calls them: with IDs only, through a client of its own.
 */
import { executeAppRemoval, planAppRemoval } from '../../nodes/OktaLifecycle/helpers/app-deprovision';
import type { Sandbox } from '../../sandbox/server';
import { createTestClient, TOKEN_FOR_TESTS } from '../support/transport';
import { CRM, DESIGN, ENGINEERING, JANE, membershipChanges, mutatingRequests, startFixtureOrg, WIKI } from './fixtures';

let sandbox: Sandbox;

beforeEach(async () => {
	sandbox = await startFixtureOrg();
	TOKEN_FOR_TESTS.value = sandbox.token;
});

afterEach(async () => {
	await sandbox.close();
});

function client() {
	return createTestClient({ origin: sandbox.url });
}

test('plans from IDs with reads only', async () => {
	const plan = await planAppRemoval(client(), { appId: WIKI, userId: JANE, strategy: 'convertThenRemove' });

	expect(plan.appLabel).toBe('Wiki');
	expect(plan.login).toBe('jane.roe@example.com');
	expect(plan.scope).toBe('GROUP');
	expect(plan.steps.map((step) => step.action)).toEqual(['convertToUserScope', 'removeAssignment', 'restoreGroupScope']);
	expect(plan.steps.every((step) => step.result === undefined)).toBe(true);
	expect(sandbox.requests.every((request) => request.method === 'GET')).toBe(true);
});

test('executes a plan and reads back', async () => {
	const api = client();
	const plan = await planAppRemoval(api, { appId: WIKI, userId: JANE, strategy: 'convertThenRemove' });

	const result = await executeAppRemoval(api, plan);

	expect(result.outcome).toBe('removed');
	expect(result.steps.map((step) => step.result?.status)).toEqual(['done', 'done', 'notRun']);
	expect(plan.steps.every((step) => step.result === undefined)).toBe(true);
});

test('blocked plan sends nothing', async () => {
	const api = client();
	const plan = await planAppRemoval(api, { appId: WIKI, userId: JANE, strategy: 'removeFromGrantingGroups' });
	sandbox.clearRequests();

	const result = await executeAppRemoval(api, plan);

	expect(plan.blocked?.reason).toBe('optInRequired');
	expect(result.outcome).toBe('blocked');
	expect(result.removed).toBe(false);
	expect(sandbox.requests).toHaveLength(0);
});

test('stops at the first failed step', async () => {
	sandbox.org.memberMap(DESIGN).set(JANE, Date.now());
	sandbox.org.assignGroup(WIKI, DESIGN);
	sandbox.script({
		method: 'DELETE',
		path: `/api/v1/groups/${ENGINEERING}/users/${JANE}`,
		status: 403,
		body: { errorCode: 'E0000006', errorSummary: 'You do not have permission to perform the requested action', errorCauses: [] },
	});
	const api = client();
	const plan = await planAppRemoval(api, { appId: WIKI, userId: JANE, strategy: 'removeFromGrantingGroups', allowGroupRemoval: true });

	const result = await executeAppRemoval(api, plan);

	expect(result.outcome).toBe('failed');
	expect(result.steps.map((step) => step.result?.status)).toEqual(['failed', 'notRun']);
	expect(result.steps[0].result).toEqual(expect.objectContaining({ httpCode: 403, errorCode: 'E0000006' }));
	expect(membershipChanges(sandbox)).toHaveLength(1);
	expect(result.finalState).toBe('stillAssigned');
	expect(result.stillGrantedByGroups.map((group) => group.id)).toEqual([ENGINEERING, DESIGN]);
});

test('plans nothing for an absent assignment', async () => {
	const api = client();
	sandbox.org.memberMap(ENGINEERING).delete(JANE);

	const plan = await planAppRemoval(api, { appId: CRM, userId: JANE, strategy: 'fail' });
	const result = await executeAppRemoval(api, plan);

	expect(plan.alreadyAbsent).toBe(true);
	expect(result.outcome).toBe('alreadyAbsent');
	expect(result.removed).toBe(true);
	expect(mutatingRequests(sandbox)).toHaveLength(0);
});
