/**
 * Runs the action node's operations inside real n8n installs: the packed package in n8n's
 * community-node folder, a credential and workflows imported with n8n's CLI, each workflow run
 * with `n8n execute`. Outputs are compared with the sandbox org's state after the run.
 *
 * The workflows in test/e2e/workflows chain one node per operation (each set to Execute Once),
 * so covering a new operation is one more node in one of them.
 */

import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { createLog, e2eVersions, n8nInstall, packedTarball } from '../../scripts/e2e/context.mjs';
import { appByLabel, DORMANT_LOGIN, LEAVER_LOGIN, REPORT_APP_LABEL, REPORT_GROUP_NAME, startDemoSandbox } from '../../scripts/e2e/demo-org.mjs';
import { addE2eFixtures, ASSIGNEE_LOGIN, MOVER_LOGIN } from '../../scripts/e2e/e2e-fixtures.mjs';
import { N8nHome } from '../../scripts/e2e/n8n-home.mjs';
import { REPOSITORY_ROOT } from '../../scripts/e2e/package-tarball.mjs';
import { E2E_WORKFLOWS_FOLDER, EXAMPLES_FOLDER, loadWorkflowFolder, sandboxCredential } from '../../scripts/e2e/workflows.mjs';

/** @typedef {import('../../sandbox/server.js').Sandbox} Sandbox */
/** @typedef {import('../../scripts/e2e/n8n-home.mjs').ExecutionResult} ExecutionResult */

const log = createLog('actions');

const JOINER_LOGIN = 'e2e.joiner@example.com';

/** @type {typeof import('../../sandbox/rate-limits.js')} */
const { WORKFORCE_LIMITS } = createRequire(import.meta.url)('../../sandbox/rate-limits.js');
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * @param {Sandbox} sandbox
 * @param {string} login
 */
function orgUser(sandbox, login) {
	const user = sandbox.org.findUser(login);
	assert.ok(user, `the sandbox org has no user ${login}`);
	return user;
}

/**
 * @param {Sandbox} sandbox
 * @param {string} name
 */
function orgGroup(sandbox, name) {
	const group = [...sandbox.org.groups.values()].find((candidate) => candidate.profile.name === name);
	assert.ok(group, `the sandbox org has no group ${name}`);
	return group;
}

/**
 * Lists the event types of the System Log events that target one user, oldest first.
 * @param {Sandbox} sandbox
 * @param {string} userId
 */
function eventTypesFor(sandbox, userId) {
	return sandbox.org.events
		.filter((stored) => (stored.event.target ?? []).some((/** @type {{ id: string }} */ target) => target.id === userId))
		.map((stored) => stored.event.eventType);
}

/**
 * Lists the requests that changed something (anything but GET), as "METHOD path".
 * @param {Sandbox} sandbox
 */
function writes(sandbox) {
	return sandbox.requests.filter((request) => request.method !== 'GET').map((request) => `${request.method} ${request.path}`);
}

/** @param {Array<Record<string, any>>} items @param {string} [key] */
const sortedValues = (items, key = 'id') => items.map((item) => item[key]).sort();

/**
 * Finds the newest successful single sign-on of a user into an app, published at or after
 * `sinceMs`, in the System Log. Returns its published time, or null.
 * @param {Sandbox} sandbox
 * @param {string} userId
 * @param {string} appId
 * @param {number} sinceMs
 */
function lastAppSignIn(sandbox, userId, appId, sinceMs) {
	/** @type {string|null} */
	let last = null;
	for (const { event } of sandbox.org.events) {
		if (event.eventType !== 'user.authentication.sso' || event.outcome?.result !== 'SUCCESS' || event.actor?.id !== userId) continue;
		if (!(event.target ?? []).some((/** @type {{ type: string, id: string }} */ target) => target.type === 'AppInstance' && target.id === appId)) continue;
		const published = Date.parse(event.published);
		if (published >= sinceMs && (last === null || published > Date.parse(last))) last = event.published;
	}
	return last;
}

/**
 * Lists every resource and operation of the action node, read from each resource's index.ts.
 * @returns {Promise<string[]>} "resource.operation" names
 */
async function actionOperations() {
	const actionsFolder = path.join(REPOSITORY_ROOT, 'nodes', 'OktaLifecycle', 'actions');
	/** @type {string[]} */
	const names = [];
	for (const entry of await readdir(actionsFolder, { withFileTypes: true })) {
		if (!entry.isDirectory() || entry.name === 'common') continue;
		const source = await readFile(path.join(actionsFolder, entry.name, 'index.ts'), 'utf8');
		const map = /export const operations: ResourceOperations = \{([^}]*)\}/.exec(source);
		assert.ok(map, `no operations map in ${entry.name}/index.ts`);
		for (const operation of map[1].split(',').map((name) => name.trim()).filter(Boolean)) names.push(`${entry.name}.${operation}`);
	}
	return names.sort();
}

/**
 * Lists the resource and operation of every action node in the workflow files of a folder.
 * @param {string} folder
 */
async function operationsInWorkflows(folder) {
	const workflows = await loadWorkflowFolder(folder, 'http://127.0.0.1:0');
	return workflows.flatMap((workflow) =>
		workflow.nodes
			.filter((node) => node.type === 'n8n-nodes-okta-lifecycle.oktaLifecycle')
			.map((node) => `${node.parameters.resource}.${node.parameters.operation}`),
	);
}

test('workflows cover every operation', async () => {
	const covered = new Set([...(await operationsInWorkflows(E2E_WORKFLOWS_FOLDER)), ...(await operationsInWorkflows(EXAMPLES_FOLDER))]);
	const missing = (await actionOperations()).filter((operation) => !covered.has(operation));
	assert.deepEqual(missing, [], 'add a node for each of these operations to a workflow in test/e2e/workflows');
});

for (const version of e2eVersions()) {
	describe(`action node in n8n ${version}`, { timeout: 30 * 60_000 }, () => {
		/** @type {Sandbox} */
		let sandbox;
		/** @type {N8nHome} */
		let home;
		/** @type {ReturnType<typeof addE2eFixtures>} */
		let fixtures;

		before(async () => {
			sandbox = await startDemoSandbox();
			// Together the workflows send more app requests than Okta's apps bucket allows a token per
			// minute, so the node would wait a minute for the reset. The trigger tests keep Okta's limits.
			sandbox.configure({ rateLimits: { limits: Object.fromEntries(Object.keys(WORKFORCE_LIMITS).map((bucket) => [bucket, 100_000])) } });
			fixtures = addE2eFixtures(sandbox);
			home = await N8nHome.create(await n8nInstall(version), await packedTarball(), { log });
			await home.importCredentials([sandboxCredential(sandbox)]);
			await home.importWorkflows([
				...(await loadWorkflowFolder(E2E_WORKFLOWS_FOLDER, sandbox.url)),
				...(await loadWorkflowFolder(EXAMPLES_FOLDER, sandbox.url)),
			]);
		});

		after(async () => {
			await home?.remove();
			await sandbox?.close();
		});

		describe('user operations', () => {
			/** @type {ExecutionResult} */
			let run;

			before(async () => {
				sandbox.clearRequests();
				run = await home.execute('e2eUsers00000001');
			});

			test('creates the joiner', () => {
				const items = run.json('Create Joiner');
				const user = orgUser(sandbox, JOINER_LOGIN);
				assert.equal(items.length, 1);
				assert.equal(items[0].id, user.id);
				assert.equal(items[0].login, JOINER_LOGIN);
				assert.equal(items[0].department, 'Engineering');
				assert.equal(items[0].title, 'Engineer');
				assert.equal(items[0].status, 'ACTIVE');
				assert.equal(items[0].alreadyExisted, false);
				assert.equal(items[0].activationEmailSent, false);
			});

			test('gets the joiner with groups', () => {
				const items = run.json('Get Joiner');
				assert.equal(items.length, 1);
				assert.equal(items[0].login, JOINER_LOGIN);
				assert.deepEqual(
					items[0].groups.map((/** @type {{ name: string }} */ group) => group.name),
					['Everyone'],
				);
			});

			test('lists suspended users', () => {
				const expected = [...sandbox.org.users.values()].filter((user) => user.status === 'SUSPENDED');
				const items = run.json('Get Many Suspended');
				assert.ok(expected.length > 0, 'the seeded org has suspended users');
				assert.deepEqual(sortedValues(items), sortedValues(expected));
				assert.ok(items.every((item) => item.status === 'SUSPENDED'));
			});

			test('lists every user across pages', () => {
				const items = run.json('Get Many All Statuses');
				// The org has more users than Okta's largest page of 200.
				assert.ok(sandbox.org.users.size > 200);
				assert.equal(items.length, sandbox.org.users.size);
				assert.deepEqual(sortedValues(items), sortedValues([...sandbox.org.users.values()]));
			});

			test('suspends and unsuspends the joiner', () => {
				const [suspended] = run.json('Suspend Joiner');
				const [unsuspended] = run.json('Unsuspend Joiner');
				assert.deepEqual(
					[suspended.operation, suspended.previousStatus, suspended.status, suspended.alreadyInState],
					['suspend', 'ACTIVE', 'SUSPENDED', false],
				);
				assert.deepEqual(
					[unsuspended.operation, unsuspended.previousStatus, unsuspended.status, unsuspended.alreadyInState],
					['unsuspend', 'SUSPENDED', 'ACTIVE', false],
				);
			});

			test('clears the joiner sessions', () => {
				const user = orgUser(sandbox, JOINER_LOGIN);
				const [cleared] = run.json('Clear Joiner Sessions');
				assert.equal(cleared.id, user.id);
				assert.equal(cleared.sessionsCleared, true);
				assert.equal(cleared.oauthTokensRevoked, true);
				const clears = sandbox.org.sessionClears.filter((clear) => clear.userId === user.id);
				assert.equal(clears.length, 1);
				assert.equal(clears[0].oauthTokens, true);
				assert.equal(clears[0].forgetDevices, true);
			});

			test('deactivates and activates the joiner', () => {
				const [deactivated] = run.json('Deactivate Joiner');
				const [activated] = run.json('Activate Joiner');
				assert.deepEqual([deactivated.previousStatus, deactivated.status], ['ACTIVE', 'DEPROVISIONED']);
				assert.deepEqual([activated.previousStatus, activated.status], ['DEPROVISIONED', 'ACTIVE']);
				assert.equal(orgUser(sandbox, JOINER_LOGIN).status, 'ACTIVE');
			});

			test('plans an offboarding without changes', () => {
				const user = orgUser(sandbox, JOINER_LOGIN);
				const [plan] = run.json('Plan Joiner Offboarding');
				assert.equal(plan.dryRun, true);
				assert.equal(plan.statusAfter, 'ACTIVE');
				assert.deepEqual(
					plan.steps.map((/** @type {{ step: string, status: string }} */ step) => `${step.step}:${step.status}`),
					['updateProfile:skipped', 'removeAppAssignment:alreadyDone', 'removeGroupMembership:skipped', 'clearSessions:planned', 'deactivate:planned'],
				);
				// The dry run comes after the last change of the workflow, so the last write is the activation.
				assert.equal(writes(sandbox).at(-1), `POST /api/v1/users/${user.id}/lifecycle/activate`);
			});

			test('sends each change once', () => {
				const user = orgUser(sandbox, JOINER_LOGIN);
				assert.deepEqual(writes(sandbox), [
					'POST /api/v1/users',
					`POST /api/v1/users/${user.id}/lifecycle/suspend`,
					`POST /api/v1/users/${user.id}/lifecycle/unsuspend`,
					`DELETE /api/v1/users/${user.id}/sessions`,
					`POST /api/v1/users/${user.id}/lifecycle/deactivate`,
					`POST /api/v1/users/${user.id}/lifecycle/activate`,
				]);
			});

			test('records the joiner history', () => {
				const user = orgUser(sandbox, JOINER_LOGIN);
				assert.deepEqual(eventTypesFor(sandbox, user.id), [
					'user.lifecycle.create',
					'user.lifecycle.activate',
					'user.lifecycle.suspend',
					'user.lifecycle.unsuspend',
					'user.session.clear',
					'user.lifecycle.deactivate',
					'user.lifecycle.activate',
				]);
			});

			test('continues on an unknown user', () => {
				const items = run.json('Get Unknown User');
				assert.equal(items.length, 1);
				assert.match(items[0].error, /nobody\.e2e@example\.com/);
				assert.equal(items[0].httpCode, 404);
				assert.equal(items[0].errorCode, 'E0000007');
			});
		});

		describe('group operations', () => {
			/** @type {ExecutionResult} */
			let run;

			before(async () => {
				sandbox.clearRequests();
				run = await home.execute('e2eGroups0000001');
			});

			test('gets a group by name', () => {
				const group = orgGroup(sandbox, 'VPN Users');
				const items = run.json('Get Group By Name');
				assert.equal(items.length, 1);
				assert.deepEqual([items[0].id, items[0].name, items[0].type], [group.id, 'VPN Users', 'OKTA_GROUP']);
			});

			test('lists okta groups', () => {
				const expected = [...sandbox.org.groups.values()].filter((group) => group.type === 'OKTA_GROUP');
				const items = run.json('Get Many Okta Groups');
				assert.deepEqual(sortedValues(items), sortedValues(expected));
			});

			test('lists group members', () => {
				const engineering = orgGroup(sandbox, 'Engineering');
				const items = run.json('Get Engineering Members');
				assert.deepEqual(sortedValues(items), [...sandbox.org.memberMap(engineering.id).keys()].sort());
			});

			test('adds a member once', () => {
				const mover = orgUser(sandbox, MOVER_LOGIN);
				const wikiEditors = orgGroup(sandbox, 'Wiki Editors');
				const [first] = run.json('Add Mover to Wiki Editors');
				const [second] = run.json('Add Mover to Wiki Editors Again');
				assert.deepEqual([first.added, first.alreadyPresent], [true, false]);
				assert.deepEqual([second.added, second.alreadyPresent], [false, true]);
				assert.equal(sandbox.org.memberMap(wikiEditors.id).has(mover.id), true);
				assert.equal(sandbox.requestsTo('PUT', `/api/v1/groups/${wikiEditors.id}/users/${mover.id}`).length, 1);
			});

			test('removes a member', () => {
				const mover = orgUser(sandbox, MOVER_LOGIN);
				const sales = orgGroup(sandbox, 'Sales');
				const [removed] = run.json('Remove Mover from Sales');
				assert.deepEqual([removed.groupName, removed.removed, removed.alreadyAbsent], ['Sales', true, false]);
				assert.equal(sandbox.org.memberMap(sales.id).has(mover.id), false);
			});

			test('refuses an imported group', () => {
				const mover = orgUser(sandbox, MOVER_LOGIN);
				const adSales = orgGroup(sandbox, 'AD-Sales');
				const items = run.json('Remove Mover from AD-Sales');
				assert.equal(items.length, 1);
				assert.match(items[0].error, /APP_GROUP/);
				assert.equal(sandbox.org.memberMap(adSales.id).has(mover.id), true);
				assert.equal(sandbox.requestsTo('DELETE', `/api/v1/groups/${adSales.id}/users/${mover.id}`).length, 0);
			});
		});

		describe('application operations', () => {
			/** @type {ExecutionResult} */
			let run;

			before(async () => {
				sandbox.clearRequests();
				run = await home.execute('e2eApps000000001');
			});

			test('gets an app by label', () => {
				const [app] = run.json('Get App By Label');
				assert.deepEqual([app.id, app.label, app.status], [appByLabel(sandbox, 'Payroll').id, 'Payroll', 'ACTIVE']);
			});

			test('lists apps', () => {
				assert.deepEqual(sortedValues(run.json('Get Many Apps')), [...sandbox.org.apps.keys()].sort());
			});

			test('lists who has an app', () => {
				const codeHosting = appByLabel(sandbox, 'Code Hosting');
				const items = run.json('Get Code Hosting Assignments');
				const expected = sandbox.org.appUsersOf(codeHosting.id);
				assert.deepEqual(sortedValues(items, 'userId'), sortedValues(expected));
				for (const item of items) assert.equal(item.scope, sandbox.org.appUser(codeHosting.id, item.userId)?.scope);
			});

			test('assigns an app', () => {
				const assignee = orgUser(sandbox, ASSIGNEE_LOGIN);
				const expenses = appByLabel(sandbox, 'Expenses');
				const [assigned] = run.json('Assign Expenses');
				assert.deepEqual([assigned.assigned, assigned.alreadyAssigned, assigned.scope], [true, false, 'USER']);
				const sent = sandbox.requestsTo('POST', `/api/v1/apps/${expenses.id}/users`);
				assert.equal(sent.length, 1);
				assert.equal(/** @type {{ id: string }} */ (sent[0].body).id, assignee.id);
			});

			test('lists which apps a user has', () => {
				const items = run.json('Get Assignee Apps');
				assert.deepEqual(
					items.map((item) => `${item.appLabel}:${item.scope}`).sort(),
					['Chat:GROUP', 'Code Hosting:GROUP', 'Expenses:USER', 'File Storage:GROUP', 'Issue Tracker:GROUP', 'Video Meetings:GROUP', 'Wiki:GROUP'],
				);
			});

			test('converts an assignment', () => {
				const assignee = orgUser(sandbox, ASSIGNEE_LOGIN);
				const chat = appByLabel(sandbox, 'Chat');
				const [converted] = run.json('Convert Chat to Individual');
				assert.deepEqual([converted.previousScope, converted.scope], ['GROUP', 'USER']);
				assert.equal(sandbox.org.appUser(chat.id, assignee.id)?.scope, 'USER');
			});

			test('plans a removal without changes', () => {
				const assignee = orgUser(sandbox, ASSIGNEE_LOGIN);
				const wiki = appByLabel(sandbox, 'Wiki');
				const [plan] = run.json('Plan Wiki Removal');
				assert.equal(plan.dryRun, true);
				assert.deepEqual(
					plan.steps.map((/** @type {{ action: string }} */ step) => step.action),
					['convertToUserScope', 'removeAssignment', 'restoreGroupScope'],
				);
				// Only Remove Wiki, which runs later, converts and removes.
				assert.equal(sandbox.requestsTo('POST', `/api/v1/apps/${wiki.id}/users/${assignee.id}`).length, 1);
				assert.equal(sandbox.requestsTo('DELETE', `/api/v1/apps/${wiki.id}/users/${assignee.id}`).length, 1);
			});

			test('removes an individual assignment', () => {
				const assignee = orgUser(sandbox, ASSIGNEE_LOGIN);
				const [removed] = run.json('Remove Expenses');
				assert.deepEqual([removed.outcome, removed.removed], ['removed', true]);
				assert.equal(sandbox.org.appUser(appByLabel(sandbox, 'Expenses').id, assignee.id), undefined);
			});

			test('removes a group-granted app', () => {
				const assignee = orgUser(sandbox, ASSIGNEE_LOGIN);
				const [removed] = run.json('Remove Wiki');
				assert.deepEqual([removed.outcome, removed.removed, removed.scope], ['removed', true, 'GROUP']);
				assert.equal(sandbox.org.appUser(appByLabel(sandbox, 'Wiki').id, assignee.id), undefined);
				// Convert, Then Remove keeps the group membership.
				assert.equal(sandbox.org.memberMap(orgGroup(sandbox, 'Engineering').id).has(assignee.id), true);
			});
		});

		describe('sign-in and System Log operations', () => {
			/** @type {ExecutionResult} */
			let run;

			before(async () => {
				run = await home.execute('e2eSignIns000001');
			});

			test('reports one user last sign-ins', () => {
				const dana = orgUser(sandbox, DORMANT_LOGIN);
				const codeHosting = appByLabel(sandbox, REPORT_APP_LABEL);
				const [report] = run.json('Last Sign-In of Dana');
				assert.equal(report.userId, dana.id);
				assert.equal(report.lastOktaSignIn, null);
				assert.deepEqual(report.apps[0], {
					appId: codeHosting.id,
					appLabel: REPORT_APP_LABEL,
					lastSignIn: lastAppSignIn(sandbox, dana.id, codeHosting.id, 0),
					assigned: true,
				});
				assert.deepEqual(
					report.apps.map((/** @type {{ appLabel: string }} */ app) => app.appLabel).sort(),
					['Code Hosting', 'File Storage', 'Issue Tracker', 'Wiki'],
				);
			});

			test('searches the System Log', () => {
				const items = run.json('Search Account Locks');
				assert.deepEqual(
					items.map((item) => item.eventId),
					fixtures.locks.map((event) => event.uuid),
				);
				assert.ok(items.every((item) => item.eventType === 'user.account.lock' && item.user.login === MOVER_LOGIN));
			});
		});

		describe('example workflows', () => {
			test('offboards the leaver', async () => {
				sandbox.clearRequests();
				const leaver = orgUser(sandbox, LEAVER_LOGIN);
				const appsBefore = sandbox.org.appIdsOfUser(leaver.id).length;
				const run = await home.execute('exampleLeaver001');
				const [plan] = run.json('Preview Offboarding');
				const [report] = run.json('Offboard Leaver');

				assert.equal(appsBefore, 5);
				assert.equal(plan.dryRun, true);
				assert.deepEqual([plan.summary.appsToRemove, plan.summary.groupsToRemove, plan.summary.suspended], [5, 3, 'planned']);
				assert.deepEqual([report.statusBefore, report.statusAfter], ['ACTIVE', 'SUSPENDED']);
				assert.deepEqual(
					[report.summary.appsRemoved, report.summary.groupsRemoved, report.summary.groupsSkipped, report.summary.sessionsCleared, report.summary.suspended],
					[5, 3, 1, 'done', 'done'],
				);
				assert.equal(report.summary.allDone, true);
				assert.deepEqual(sandbox.org.appIdsOfUser(leaver.id), []);
				assert.deepEqual(
					sandbox.org.groupsOfUser(leaver.id).map((group) => group.profile.name),
					['Everyone'],
				);
				assert.equal(leaver.status, 'SUSPENDED');
				assert.equal(sandbox.org.sessionClears.filter((clear) => clear.userId === leaver.id).length, 1);
				assert.equal(writes(sandbox).filter((request) => request.startsWith('DELETE /api/v1/users/') && !request.endsWith('/sessions')).length, 0);
			});

			test('offboards again without changes', async () => {
				sandbox.clearRequests();
				const run = await home.execute('exampleLeaver001');
				const [plan] = run.json('Preview Offboarding');
				const [report] = run.json('Offboard Leaver');
				assert.deepEqual([plan.summary.appsToRemove, plan.summary.groupsToRemove, plan.summary.suspended], [0, 0, 'alreadyDone']);
				assert.deepEqual([report.statusBefore, report.statusAfter], ['SUSPENDED', 'SUSPENDED']);
				assert.deepEqual([report.summary.appsRemoved, report.summary.groupsRemoved, report.summary.suspended], [0, 0, 'alreadyDone']);
				assert.deepEqual(writes(sandbox), []);
			});

			test('reports inactive app users', async () => {
				const run = await home.execute('exampleReport001');
				const items = run.json('Inactive Code Hosting Users');
				const codeHosting = appByLabel(sandbox, REPORT_APP_LABEL);
				const window = items[0]?.window;
				assert.ok(window, 'the report has at least one item');
				const sinceMs = Date.parse(window.since);
				const cutoffMs = Date.parse(window.until) - 30 * DAY_MS;

				const members = [...sandbox.org.memberMap(orgGroup(sandbox, REPORT_GROUP_NAME).id).keys()]
					.map((id) => /** @type {import('../../sandbox/org.js').User} */ (sandbox.org.users.get(id)))
					.filter((user) => user.status !== 'DEPROVISIONED');
				const expected = members.filter((user) => {
					const last = lastAppSignIn(sandbox, user.id, codeHosting.id, sinceMs);
					return last === null || Date.parse(last) < cutoffMs;
				});

				assert.deepEqual(sortedValues(items, 'userId'), sortedValues(expected));
				for (const item of items) {
					assert.equal(item.apps[0].lastSignIn, lastAppSignIn(sandbox, item.userId, codeHosting.id, sinceMs), `last sign-in of ${item.login}`);
				}
				const logins = items.map((item) => item.login);
				assert.ok(logins.includes(DORMANT_LOGIN));
				assert.ok(!logins.includes('avery.active@example.com'));
			});
		});
	});
}
