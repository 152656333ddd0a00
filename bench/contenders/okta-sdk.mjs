/**
 * Contender: the script an engineer would write in an n8n Code node with Okta's official Node
 * SDK (@okta/okta-sdk-nodejs), run in a child process of its own. Each script is the
 * straightforward one: list, then loop one request at a time, relying on the SDK's own 429
 * handling (wait for the reset, at most two retries). A script still running at its time cap
 * stops between two units of work and reports how far it got, for extrapolation.
 */

import { createRequire } from 'node:module';

import { readTask, sendResult } from '../support/child.mjs';
import { appSignInsDigest, usersWithGroupsDigest } from '../support/output-digests.mjs';

const require = createRequire(import.meta.url);
/** @type {typeof import('@okta/okta-sdk-nodejs')} */
const okta = require('@okta/okta-sdk-nodejs');

/**
 * @typedef {{ url: string, token: string, capMs: number }} Connection
 * @typedef {{ kind: 'idle' }} IdleTask
 * @typedef {Connection & { kind: 'usersWithGroups' }} UsersTask
 * @typedef {Connection & { kind: 'appSignIns', windowDays: number }} SignInTask
 * @typedef {Connection & { kind: 'removeFromApp', appId: string, userIds: string[] }} RemovalTask
 * @typedef {IdleTask|UsersTask|SignInTask|RemovalTask} SdkTask
 * @typedef {{ done: number, total: number, unit: string }} Progress
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** @param {Connection} task */
function createClient(task) {
	return new okta.Client({ orgUrl: task.url, token: task.token });
}

/**
 * Reads every item of an SDK collection.
 * @param {AsyncIterable<any>} collection
 */
async function readAll(collection) {
	const items = [];
	for await (const item of collection) items.push(item);
	return items;
}

/**
 * Lists the users, then each user's groups, one request per user.
 * @param {UsersTask} task
 */
async function usersWithGroups(task) {
	const client = createClient(task);
	const deadline = performance.now() + task.capMs;

	const users = await readAll(await client.userApi.listUsers({ limit: 200 }));
	const rows = [];
	for (const user of users) {
		if (performance.now() > deadline) break;
		const groups = await readAll(await client.userApi.listUserGroups({ userId: user.id }));
		rows.push({ id: user.id, groups: groups.map((group) => ({ id: group.id })) });
	}

	/** @type {Progress} */
	const progress = { done: rows.length, total: users.length, unit: 'users' };
	return { items: rows.length, progress, digests: usersWithGroupsDigest(rows) };
}

/**
 * Lists the users and apps, then queries the System Log for each user's newest successful
 * sign-in to each app, one query per user and app, as public examples do.
 * @param {SignInTask} task
 */
async function appSignIns(task) {
	const client = createClient(task);
	const deadline = performance.now() + task.capMs;
	const until = new Date();
	const since = new Date(until.getTime() - task.windowDays * DAY_MS);

	const users = await readAll(await client.userApi.listUsers({ limit: 200 }));
	const apps = await readAll(await client.applicationApi.listApplications({ limit: 200 }));
	const rows = [];
	let queries = 0;

	for (const user of users) {
		if (performance.now() > deadline) break;
		const entries = [];
		for (const app of apps) {
			const filter = `eventType eq "user.authentication.sso" and actor.id eq "${user.id}" and target.id eq "${app.id}" and outcome.result eq "SUCCESS"`;
			const events = await client.systemLogApi.listLogEvents({
				since: since.toISOString(),
				until: until.toISOString(),
				filter,
				sortOrder: 'DESCENDING',
				limit: 1,
			});
			// Only the first page: the newest event is all the script needs.
			const newest = await events.next();
			queries += 1;
			if (newest.value?.published) entries.push({ appId: app.id, lastSignIn: new Date(newest.value.published).toISOString() });
		}
		rows.push({ userId: user.id, apps: entries });
	}

	/** @type {Progress} */
	const progress = { done: queries, total: users.length * apps.length, unit: 'queries' };
	return {
		items: rows.length,
		progress,
		digests: appSignInsDigest(rows),
		window: { since: since.toISOString(), until: until.toISOString() },
	};
}

/**
 * Unassigns each user from the app, one request per user; failures are collected, not thrown.
 * @param {RemovalTask} task
 */
async function removeFromApp(task) {
	const client = createClient(task);
	const deadline = performance.now() + task.capMs;
	/** @type {Record<string, number>} */
	const outcomes = {};
	let done = 0;

	for (const userId of task.userIds) {
		if (performance.now() > deadline) break;
		try {
			await client.applicationApi.unassignUserFromApplication({ appId: task.appId, userId, sendEmail: false });
			outcomes.removed = (outcomes.removed ?? 0) + 1;
		} catch (error) {
			const details = /** @type {{ status?: number, errorCode?: string }} */ (error);
			const key = `failed ${details.status ?? ''} ${details.errorCode ?? ''}`.trim();
			outcomes[key] = (outcomes[key] ?? 0) + 1;
		}
		done += 1;
	}

	/** @type {Progress} */
	const progress = { done, total: task.userIds.length, unit: 'users' };
	return { items: done, progress, outcomes };
}

/** @param {Exclude<SdkTask, IdleTask>} task */
async function runScript(task) {
	if (task.kind === 'usersWithGroups') return await usersWithGroups(task);
	if (task.kind === 'appSignIns') return await appSignIns(task);
	return await removeFromApp(task);
}

/** @param {Exclude<SdkTask, IdleTask>} task */
async function run(task) {
	const started = performance.now();
	try {
		const result = await runScript(task);
		return { ...result, workMs: performance.now() - started };
	} catch (error) {
		const details = /** @type {{ status?: number, errorCode?: string, message?: string }} */ (error);
		const message = [details.status ? `HTTP ${details.status}` : undefined, details.errorCode, details.message].filter(Boolean).join(' ');
		return { workMs: performance.now() - started, error: message || String(error) };
	}
}

const task = /** @type {SdkTask} */ (readTask());
sendResult(task.kind === 'idle' ? { workMs: 0 } : await run(task));
