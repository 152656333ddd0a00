/**
 * Scenario 4: remove 200 users from one app, half of whom have it through a group.
 *
 * Contenders: this package's Application → Remove User with "Convert, Then Remove", which takes
 * the app away and keeps group memberships, for 200 input items through n8n-core. The obvious
 * Okta SDK loop, with one unassign request per user.
 */

import { createRequire } from 'node:module';

import { buildFloor } from '../support/floor.mjs';
import { runN8nCore, runSdk } from '../support/launch.mjs';

const require = createRequire(import.meta.url);
/** @type {typeof import('../../sandbox/server.js')} */
const { startSandbox } = require('../../sandbox/index.js');

/** @typedef {import('../support/types.mjs').Scenario} Scenario */
/** @typedef {import('../support/types.mjs').ContenderOutcome} ContenderOutcome */
/** @typedef {import('../../sandbox/server.js').Sandbox} Sandbox */

const USERS = 200;
const APP_USERS_PAGE = 500;

/**
 * @typedef {{ appId: string, groupId: string, userIds: string[], groupUserIds: string[] }} Facts
 */

/**
 * Builds the org: one app, one Okta group assigned to it, and 200 users, every other one a
 * member of the group (GROUP scope) and the rest assigned directly (USER scope).
 * @param {Sandbox} sandbox
 * @returns {Facts}
 */
function buildOrg(sandbox) {
	const { org } = sandbox;
	const app = org.addApp({ label: 'Benchmark App', name: 'benchmark_bookmark' });
	const group = org.addGroup({ name: 'Benchmark App Users', description: 'Grants Benchmark App' });
	org.assignGroup(app.id, group.id);

	const userIds = [];
	const groupUserIds = [];
	for (let index = 0; index < USERS; index++) {
		const login = `bench.user${index}@example.com`;
		const user = org.addUser({ profile: { login, email: login, firstName: 'Bench', lastName: `User ${index}` } });
		userIds.push(user.id);
		if (index % 2 === 0) {
			org.addMember(group.id, user.id);
			groupUserIds.push(user.id);
		} else {
			org.assignUser(app.id, { id: user.id });
		}
	}
	return { appId: app.id, groupId: group.id, userIds, groupUserIds };
}

/**
 * Reads the org after a run: how many users lost the app, and how many group members remain.
 * @param {Sandbox} sandbox
 * @param {Facts} facts
 */
function checkRemovals(sandbox, facts) {
	const { org } = sandbox;
	const removed = facts.userIds.filter((userId) => org.appUser(facts.appId, userId) === undefined).length;
	const members = org.memberMap(facts.groupId);
	const remainingMembers = facts.groupUserIds.filter((userId) => members.has(userId)).length;
	const correct = removed === facts.userIds.length && remainingMembers === facts.groupUserIds.length;
	return {
		correct,
		check: `${removed} of ${facts.userIds.length} users no longer have the app; ${remainingMembers} of ${facts.groupUserIds.length} group memberships kept`,
	};
}

/** @param {Record<string, number>|undefined} outcomes */
function describeOutcomes(outcomes) {
	if (!outcomes) return [];
	return [`Per-item outcomes: ${Object.entries(outcomes).map(([outcome, count]) => `${outcome} ${count}`).join(', ')}.`];
}

/** @type {Scenario} */
export const scenario = {
	number: 4,
	title: 'Remove 200 users from one app, half through a group',
	description: [
		`An org of one app, one Okta group assigned to it and ${USERS} users: ${USERS / 2} have the app through the group (GROUP scope), ${USERS / 2} directly (USER scope).`,
		'Every contender is given the 200 user IDs and must take the app away from each; the safe way keeps group memberships, because they may grant other apps.',
	],
	freshOrgPerContender: true,
	timeRatio: true,

	async setUp(settings) {
		const sandbox = await startSandbox({ seed: settings.seed, empty: true, latencyMs: settings.latencyMs, rateLimits: { windowMs: settings.windowMs } });
		return { sandbox, facts: buildOrg(sandbox) };
	},

	floor(sandbox, facts, settings) {
		/** @type {Facts} */
		const { userIds, groupUserIds } = facts;
		const listPages = Math.ceil(userIds.length / APP_USERS_PAGE);
		return buildFloor(
			sandbox,
			[
				{
					label: "Read the app's assignments with their scope",
					bucket: 'apps',
					count: listPages,
					arithmetic: `GET /api/v1/apps/{id}/users: ceil(${userIds.length} / ${APP_USERS_PAGE}) = ${listPages}`,
				},
				{
					label: 'Convert each GROUP-scope assignment to USER scope',
					bucket: 'apps',
					count: groupUserIds.length,
					arithmetic: `POST /api/v1/apps/{id}/users/{userId} {"scope":"USER"}: ${groupUserIds.length}`,
				},
				{ label: 'Remove each assignment', bucket: 'apps', count: userIds.length, arithmetic: `DELETE /api/v1/apps/{id}/users/{userId}: ${userIds.length}` },
				{
					label: "Read the app's assignments back to confirm",
					bucket: 'apps',
					count: listPages,
					arithmetic: `GET /api/v1/apps/{id}/users: ceil(${userIds.length} / ${APP_USERS_PAGE}) = ${listPages}`,
				},
			],
			{
				latencyMs: settings.latencyMs,
				windowMs: settings.windowMs,
				notes: [
					'Every step is in the apps bucket (/api/v1/apps/*), which gives a token 50 requests a minute. A GROUP-scope assignment cannot be deleted (Okta answers 403 E0000046), so it is converted first; the read-back shows whether any assignment stayed or came back through the group.',
				],
			},
		);
	},

	contenders: [
		{
			name: 'This package, n8n-core',
			async run(context) {
				const { sandbox, runtime } = context;
				/** @type {Facts} */
				const facts = context.facts;
				const result = await runN8nCore({
					kind: 'node',
					distDir: runtime.distDir,
					credentials: { url: sandbox.url, apiToken: sandbox.token },
					parameters: {
						resource: 'application',
						operation: 'removeUser',
						application: { __rl: true, mode: 'id', value: facts.appId },
						user: { __rl: true, mode: 'id', value: '={{ $json.userId }}' },
						strategy: 'convertThenRemove',
						dryRun: false,
					},
					input: facts.userIds.map((userId) => ({ userId })),
					output: 'removals',
				});
				return {
					finished: result.error === undefined,
					workMs: result.workMs,
					timeBasis: 'node run',
					peakRssMb: result.peakRssMb,
					idleRssMb: runtime.idleRssMb.n8nCore,
					error: result.error,
					...checkRemovals(sandbox, facts),
					notes: describeOutcomes(result.outcomes),
				};
			},
		},
		{
			name: 'Okta SDK script',
			async run(context) {
				const { sandbox, runtime, settings } = context;
				/** @type {Facts} */
				const facts = context.facts;
				const result = await runSdk({
					kind: 'removeFromApp',
					url: sandbox.url,
					token: sandbox.token,
					capMs: settings.sdkCapSeconds * 1000,
					appId: facts.appId,
					userIds: facts.userIds,
				});
				const progress = result.progress;
				return {
					finished: result.error === undefined && progress?.done === progress?.total,
					workMs: result.workMs,
					timeBasis: 'script run',
					peakRssMb: result.peakRssMb,
					idleRssMb: runtime.idleRssMb.sdk,
					error: result.error,
					...checkRemovals(sandbox, facts),
					notes: describeOutcomes(result.outcomes),
				};
			},
		},
	],
};

