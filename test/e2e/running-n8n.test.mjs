/**
 * Runs the package inside a running `n8n start`: n8n's own credential test with a good and a bad
 * token, and the trigger in active workflows. The tests change users through the sandbox's Okta
 * API while n8n polls. Each change must reach the sandbox sink exactly once, also when n8n is
 * restarted after changes made while it was down.
 *
 * n8n polls at most once a minute, so this file waits for real minutes: about 3 to 4 per n8n
 * version, with the versions running side by side.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { createLog, e2eVersions, n8nInstall, packedTarball } from '../../scripts/e2e/context.mjs';
import { ACTIVE_LOGIN, DORMANT_LOGIN, LEAVER_LOGIN, recordFailedSignIn, recordSignIn, startDemoSandbox } from '../../scripts/e2e/demo-org.mjs';
import { N8nHome } from '../../scripts/e2e/n8n-home.mjs';
import { waitFor } from '../../scripts/e2e/processes.mjs';
import { E2E_WORKFLOWS_FOLDER, EXAMPLES_FOLDER, loadWorkflow, sandboxCredential } from '../../scripts/e2e/workflows.mjs';

/** @typedef {import('../../sandbox/server.js').Sandbox} Sandbox */
/** @typedef {import('../../sandbox/org.js').User} OrgUser */
/** @typedef {import('../../scripts/e2e/n8n-server.mjs').N8nServer} N8nServer */

const TRIGGER_WORKFLOW_ID = 'e2eTrigger000001';
const ALERT_WORKFLOW_ID = 'exampleAlert0001';

/** A poll runs once a minute at a random second, so a change shows up within about 60 s plus the run. */
const POLL_WAIT_MS = 150_000;

/** A second credential for the sandbox org, whose token the org does not know. */
const REVOKED_CREDENTIAL = { id: 'oktaRevokedCred1', name: 'Okta sandbox org with a revoked token', apiToken: 'revoked-token-0000' };

const OWNER = { email: 'owner@example.com', firstName: 'Sandbox', lastName: 'Owner', password: 'Sandbox-Owner-1' };

/** The credential's message for a 401, from its test rules. */
const INVALID_TOKEN_MESSAGE = 'The API token is invalid, revoked or expired. Create a new token in Okta under Security > API > Tokens.';

/** n8n 1.x's own message for a 401 in a credential test. */
const N8N_1_UNAUTHORIZED_MESSAGE = 'Authorization failed - please check your credentials';

/**
 * Sends a request to the sandbox's Okta API as an admin with the org's API token.
 * @param {Sandbox} sandbox
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 */
async function oktaApi(sandbox, method, path, body) {
	// The sandbox, like Okta, rejects a POST or PUT without Content-Length (411), so a change without a body sends an empty one.
	let text;
	if (body !== undefined) text = JSON.stringify(body);
	else if (method !== 'GET') text = '';

	const response = await fetch(`${sandbox.url}${path}`, {
		method,
		headers: { authorization: `SSWS ${sandbox.token}`, accept: 'application/json', 'content-type': 'application/json' },
		body: text,
	});
	assert.ok(response.ok, `${method} ${path} failed with HTTP ${response.status}: ${await response.text()}`);
}

/**
 * Users of the seeded org in a status, in the org's order, leaving out the admin and the demo people.
 * @param {Sandbox} sandbox
 * @param {string} status
 */
function seededUsers(sandbox, status) {
	const demoLogins = [LEAVER_LOGIN, DORMANT_LOGIN, ACTIVE_LOGIN];
	return [...sandbox.org.users.values()].filter(
		(user) => user.status === status && user.id !== sandbox.org.adminId && !demoLogins.includes(user.profile.login),
	);
}

/** The event type prefixes of the trigger workflow's Events: app assignment, group membership and user lifecycle changes. */
const TRIGGER_EVENT_PREFIXES = ['application.user_membership.', 'group.user_membership.', 'user.lifecycle.'];

/**
 * Returns the events the trigger workflow selects that were stored after event sequence number `afterSeq`.
 * @param {Sandbox} sandbox
 * @param {number} afterSeq
 */
function triggerEventsSince(sandbox, afterSeq) {
	return sandbox.org.events
		.filter((stored) => stored.seq > afterSeq && TRIGGER_EVENT_PREFIXES.some((prefix) => stored.event.eventType.startsWith(prefix)))
		.map((stored) => stored.event);
}

/**
 * Returns a group or app id by its name or label.
 * @param {Sandbox} sandbox
 * @param {'group'|'app'} kind
 * @param {string} name
 */
function idOf(sandbox, kind, name) {
	const found =
		kind === 'group'
			? [...sandbox.org.groups.values()].find((group) => group.profile.name === name)
			: [...sandbox.org.apps.values()].find((app) => app.label === name);
	assert.ok(found, `the sandbox org has no ${kind} ${name}`);
	return found.id;
}

/**
 * @typedef {{ eventId: string, eventType: string, user: { id: string, login: string } | null, group: { name: string } | null, app: { label: string } | null }} TriggerItem
 * @typedef {{ alert: string, eventId: string, user: string, reason: string }} AlertItem
 */

/** @param {Sandbox} sandbox */
function sinkItems(sandbox) {
	const bodies = /** @type {Array<Record<string, any>>} */ (sandbox.sink);
	return {
		triggered: /** @type {TriggerItem[]} */ (bodies.filter((body) => body && !('alert' in body))),
		alerts: /** @type {AlertItem[]} */ (bodies.filter((body) => body && 'alert' in body)),
	};
}

/**
 * Counts how often each id occurs in a list.
 * @param {string[]} ids
 */
function countIds(ids) {
	/** @type {Record<string, number>} */
	const counts = {};
	for (const id of ids) counts[id] = (counts[id] ?? 0) + 1;
	return counts;
}

/**
 * Counts the System Log reads the sandbox served for one trigger. The event type in the read's
 * filter identifies the trigger: user.lifecycle.suspend (lifecycle trigger) or user.session.start (alert).
 * @param {Sandbox} sandbox
 * @param {string} eventType
 */
function logReads(sandbox, eventType) {
	return sandbox.requestsTo('GET', '/api/v1/logs').filter((request) => (request.query.filter ?? '').includes(`"${eventType}"`)).length;
}

/** @param {Sandbox} sandbox */
const logReadCounts = (sandbox) => ({ lifecycle: logReads(sandbox, 'user.lifecycle.suspend'), signIns: logReads(sandbox, 'user.session.start') });

/**
 * Returns the requests to one method and path that the sandbox received after the first `mark` requests.
 * @param {Sandbox} sandbox
 * @param {number} mark
 * @param {string} method
 * @param {string} path
 */
function requestsAfter(sandbox, mark, method, path) {
	return sandbox.requests.slice(mark).filter((request) => request.method === method && request.path === path);
}

describe('running n8n', { concurrency: true, timeout: 40 * 60_000 }, () => {
	for (const version of e2eVersions()) {
		// The versions run side by side; the steps inside one version run in order.
		describe(`n8n ${version}`, { concurrency: 1 }, () => {
			const log = createLog(`n8n ${version}`);
			/** @type {Sandbox} */
			let sandbox;
			/** @type {N8nHome} */
			let home;
			/** @type {N8nServer} */
			let server;

			before(async () => {
				sandbox = await startDemoSandbox();
				home = await N8nHome.create(await n8nInstall(version), await packedTarball(), { log });
				await home.importCredentials([
					sandboxCredential(sandbox),
					sandboxCredential(sandbox, REVOKED_CREDENTIAL),
				]);
				await home.importWorkflows([
					await loadWorkflow(`${E2E_WORKFLOWS_FOLDER}/trigger-to-sink.json`, sandbox.url),
					await loadWorkflow(`${EXAMPLES_FOLDER}/failed-sign-in-alert.json`, sandbox.url),
				]);
				await home.activateWorkflow(TRIGGER_WORKFLOW_ID);
				await home.activateWorkflow(ALERT_WORKFLOW_ID);
				server = await home.start();
				await server.setUpOwner(OWNER);
			});

			after(async () => {
				await server?.stop();
				await home?.remove();
				await sandbox?.close();
			});

			test('editor lists the nodes', async () => {
				const response = await server.getWithSession('/types/nodes.json');
				assert.equal(response.status, 200);
				const names = new Set(/** @type {Array<{ name: string }>} */ (await response.json()).map((type) => type.name));
				assert.ok(names.has('n8n-nodes-okta-lifecycle.oktaLifecycle'));
				assert.ok(names.has('n8n-nodes-okta-lifecycle.oktaLifecycleTrigger'));
			});

			describe('credential test', { concurrency: 1 }, () => {
				test('accepts the sandbox token', async () => {
					const mark = sandbox.requests.length;
					const result = await server.testCredential(sandboxCredential(sandbox));
					assert.equal(result.status, 'OK');
					const sent = requestsAfter(sandbox, mark, 'GET', '/api/v1/users/me');
					assert.equal(sent.length, 1);
					assert.equal(sent[0].status, 200);
				});

				test('rejects a revoked token', async () => {
					const mark = sandbox.requests.length;
					const result = await server.testCredential(sandboxCredential(sandbox, REVOKED_CREDENTIAL));
					assert.equal(result.status, 'Error');
					// n8n 1.123 wraps the 401, so its credential tester cannot match the credential's
					// response-code rules and shows its own message. n8n 2.40 shows the rule's message.
					assert.equal(result.message, home.isVersion1 ? N8N_1_UNAUTHORIZED_MESSAGE : INVALID_TOKEN_MESSAGE);
					// n8n sends a request that got 401 once more after re-authenticating (httpRequestWithAuthentication in n8n-core).
					const sent = requestsAfter(sandbox, mark, 'GET', '/api/v1/users/me');
					assert.deepEqual(
						sent.map((request) => request.status),
						[401, 401],
					);
				});

				test('never puts the token in the answer', async () => {
					const result = await server.testCredential(sandboxCredential(sandbox, REVOKED_CREDENTIAL));
					assert.doesNotMatch(JSON.stringify(result), new RegExp(REVOKED_CREDENTIAL.apiToken));
				});
			});

			describe('trigger', { concurrency: 1 }, () => {
				/** @type {string[]} */
				let firstBatch = [];
				/** @type {string[]} */
				let secondBatch = [];
				/** @type {string[]} */
				const failedSignIns = [];

				before(async () => {
					// Both workflows poll once when n8n activates them; that poll sets the starting position.
					await waitFor(() => Object.values(logReadCounts(sandbox)).every((count) => count >= 1), {
						timeoutMs: 120_000,
						what: `n8n ${version} to activate both trigger workflows`,
						describe: () => server.service.tail(),
					});
					log('both workflows are active; changing users while n8n runs');
				});

				test('delivers changes made while running', async () => {
					const sequenceBefore = sandbox.org.eventSequence;
					const [toSuspend, toDeactivate] = seededUsers(sandbox, 'ACTIVE');
					const [toUnsuspend] = seededUsers(sandbox, 'SUSPENDED');
					const avery = /** @type {OrgUser} */ (sandbox.org.findUser(ACTIVE_LOGIN));
					await oktaApi(sandbox, 'POST', `/api/v1/users/${toSuspend.id}/lifecycle/suspend`);
					await oktaApi(sandbox, 'POST', `/api/v1/users/${toUnsuspend.id}/lifecycle/unsuspend`);
					await oktaApi(sandbox, 'POST', `/api/v1/users/${toDeactivate.id}/lifecycle/deactivate`);
					await oktaApi(sandbox, 'PUT', `/api/v1/groups/${idOf(sandbox, 'group', 'VPN Users')}/users/${avery.id}`);
					await oktaApi(sandbox, 'POST', `/api/v1/apps/${idOf(sandbox, 'app', 'Expenses')}/users`, { id: avery.id, scope: 'USER' });
					failedSignIns.push(recordFailedSignIn(sandbox, ACTIVE_LOGIN).uuid);
					recordSignIn(sandbox, DORMANT_LOGIN);

					const events = triggerEventsSince(sandbox, sequenceBefore);
					firstBatch = events.map((event) => event.uuid);
					assert.deepEqual(
						events.map((event) => event.eventType),
						['user.lifecycle.suspend', 'user.lifecycle.unsuspend', 'user.lifecycle.deactivate', 'group.user_membership.add', 'application.user_membership.add'],
					);

					await waitFor(
						() => {
							const { triggered, alerts } = sinkItems(sandbox);
							const ids = new Set(triggered.map((item) => item.eventId));
							return firstBatch.every((id) => ids.has(id)) && alerts.some((alert) => alert.eventId === failedSignIns[0]);
						},
						{ timeoutMs: POLL_WAIT_MS, what: 'the first changes at the sink', describe: () => JSON.stringify(sinkItems(sandbox)) },
					);

					const { triggered } = sinkItems(sandbox);
					assert.deepEqual(countIds(triggered.map((item) => item.eventId)), Object.fromEntries(firstBatch.map((id) => [id, 1])));
					const suspendItem = triggered.find((item) => item.eventId === firstBatch[0]);
					assert.equal(suspendItem?.eventType, 'user.lifecycle.suspend');
					assert.equal(suspendItem?.user?.id, toSuspend.id);
					assert.equal(suspendItem?.user?.login, toSuspend.profile.login);
					const groupItem = triggered.find((item) => item.eventId === firstBatch[3]);
					assert.deepEqual([groupItem?.user?.login, groupItem?.group?.name], [ACTIVE_LOGIN, 'VPN Users']);
					const appItem = triggered.find((item) => item.eventId === firstBatch[4]);
					assert.deepEqual([appItem?.user?.login, appItem?.app?.label], [ACTIVE_LOGIN, 'Expenses']);
				});

				test('alerts on failed sign-ins only', () => {
					const { alerts } = sinkItems(sandbox);
					const mine = alerts.filter((alert) => alert.eventId === failedSignIns[0]);
					assert.deepEqual(
						mine.map((alert) => ({ user: alert.user, reason: alert.reason })),
						[{ user: ACTIVE_LOGIN, reason: 'INVALID_CREDENTIALS' }],
					);
					// The example's First-Run Lookback may also alert on failed sign-ins of the seeded history.
					for (const alert of alerts) {
						const event = sandbox.org.events.find((stored) => stored.event.uuid === alert.eventId)?.event;
						assert.equal(event?.eventType, 'user.session.start');
						assert.equal(event?.outcome?.result, 'FAILURE');
					}
				});

				test('delivers changes made while stopped', async () => {
					await server.stop();
					log('n8n stopped; changing users while it is down');

					const sequenceBefore = sandbox.org.eventSequence;
					const [toSuspend] = seededUsers(sandbox, 'ACTIVE');
					const [toActivate] = seededUsers(sandbox, 'STAGED');
					await oktaApi(sandbox, 'POST', `/api/v1/users/${toSuspend.id}/lifecycle/suspend`);
					await oktaApi(sandbox, 'POST', `/api/v1/users/${toActivate.id}/lifecycle/activate?sendEmail=false`);
					const avery = /** @type {OrgUser} */ (sandbox.org.findUser(ACTIVE_LOGIN));
					await oktaApi(sandbox, 'DELETE', `/api/v1/groups/${idOf(sandbox, 'group', 'VPN Users')}/users/${avery.id}`);
					failedSignIns.push(recordFailedSignIn(sandbox, LEAVER_LOGIN).uuid);
					const events = triggerEventsSince(sandbox, sequenceBefore);
					secondBatch = events.map((event) => event.uuid);
					assert.deepEqual(
						events.map((event) => event.eventType),
						['user.lifecycle.suspend', 'user.lifecycle.activate', 'group.user_membership.remove'],
					);

					server = await home.start();
					// The activation poll after the restart reads from the stored position.
					await waitFor(
						() => {
							const { triggered, alerts } = sinkItems(sandbox);
							const ids = new Set(triggered.map((item) => item.eventId));
							return secondBatch.every((id) => ids.has(id)) && alerts.some((alert) => alert.eventId === failedSignIns[1]);
						},
						{ timeoutMs: POLL_WAIT_MS, what: 'the changes made while n8n was down at the sink', describe: () => JSON.stringify(sinkItems(sandbox)) },
					);
					log('n8n restarted; the sink has the changes made while it was down');
				});

				test('repeats nothing on later polls', async () => {
					// Wait until both triggers have polled again, then give a run started by that poll time to post.
					const start = logReadCounts(sandbox);
					await waitFor(
						() => {
							const now = logReadCounts(sandbox);
							return now.lifecycle > start.lifecycle && now.signIns > start.signIns;
						},
						{ timeoutMs: POLL_WAIT_MS, what: 'one more poll of each trigger after the restart' },
					);
					await new Promise((resolve) => setTimeout(resolve, 5_000));

					const { triggered, alerts } = sinkItems(sandbox);
					const expected = Object.fromEntries([...firstBatch, ...secondBatch].map((id) => [id, 1]));
					assert.deepEqual(countIds(triggered.map((item) => item.eventId)), expected);
					const alertCounts = countIds(alerts.map((alert) => alert.eventId));
					assert.deepEqual(
						failedSignIns.map((id) => alertCounts[id]),
						[1, 1],
					);
					assert.ok(Object.values(alertCounts).every((count) => count === 1), `an alert repeated: ${JSON.stringify(alertCounts)}`);
				});
			});
		});
	}
});
