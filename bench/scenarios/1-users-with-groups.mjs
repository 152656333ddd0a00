/**
 * Scenario 1: list 10,000 users with their groups, in an org of 60 groups.
 *
 * Contenders: this package's User → Get Many with Include Groups, through n8n-core and in a real
 * n8n. n8n's built-in Okta node, with User → Get Many and Return All, because it has no groups
 * option. An Okta SDK script that lists the users, then each user's groups.
 */

import { createRequire } from 'node:module';

import { digestOf, sameDigest } from '../support/digest.mjs';
import { buildFloor, formatCount } from '../support/floor.mjs';
import { runN8nCore, runSdk } from '../support/launch.mjs';
import { usersWithGroupsDigest } from '../support/output-digests.mjs';
import { resetSandboxCounters } from '../support/request-log.mjs';
import { builtinOktaNode, executeCapped, importCredentials, manualWorkflow, packageNode, reportToSink } from '../support/real-n8n.mjs';

const require = createRequire(import.meta.url);
/** @type {typeof import('../../sandbox/server.js')} */
const { startSandbox } = require('../../sandbox/index.js');

/** @typedef {import('../support/types.mjs').Scenario} Scenario */
/** @typedef {import('../support/types.mjs').ContenderContext} ContenderContext */
/** @typedef {import('../support/types.mjs').ContenderOutcome} ContenderOutcome */
/** @typedef {import('../support/digest.mjs').Digest} Digest */

const USERS = 10_000;
const GROUPS = 60;

/** Okta's largest user page, and the largest group and member pages the sandbox accepts. */
const USER_PAGE = 200;
const GROUP_PAGE = 10_000;
const MEMBER_PAGE = 10_000;

const PACKAGE_WORKFLOW_ID = 'benchUsersPkg001';
const PACKAGE_CHECK_WORKFLOW_ID = 'benchUsersPkg002';
const BUILTIN_WORKFLOW_ID = 'benchUsersOkta01';
const NODE_NAME = 'List Users';

/** The parameters of this package's node: all users with their groups, simplified. */
const PACKAGE_PARAMETERS = { resource: 'user', operation: 'getMany', returnAll: true, options: { includeGroups: true } };

/**
 * @typedef {{
 *   listedUsers: number,
 *   memberCounts: number[],
 *   expected: { users: Digest, pairs: Digest },
 * }} Facts
 */

/**
 * Reads the users Okta lists without a filter (every status except DEPROVISIONED) and their groups.
 * @param {import('../../sandbox/server.js').Sandbox} sandbox
 * @returns {Facts}
 */
function readFacts(sandbox) {
	const { org } = sandbox;
	const listed = [...org.users.values()].filter((user) => user.status !== 'DEPROVISIONED');
	const pairs = listed.flatMap((user) => org.groupsOfUser(user.id).map((group) => `${user.id}|${group.id}`));
	return {
		listedUsers: listed.length,
		memberCounts: [...org.groups.keys()].map((groupId) => org.memberMap(groupId).size),
		expected: { users: digestOf(listed.map((user) => user.id)), pairs: digestOf(pairs) },
	};
}

/**
 * @param {{ users: Digest, pairs: Digest }|undefined} actual
 * @param {Facts} facts
 * @param {{ groups: boolean }} options
 */
function checkUsers(actual, facts, options) {
	if (!actual) return { correct: false, check: 'no output to check' };
	const usersOk = sameDigest(actual.users, facts.expected.users);
	const pairsOk = !options.groups || sameDigest(actual.pairs, facts.expected.pairs);
	const found = `${formatCount(actual.users.count)} of ${formatCount(facts.expected.users.count)} users`;
	const groups = options.groups ? `, ${formatCount(actual.pairs.count)} of ${formatCount(facts.expected.pairs.count)} user-group pairs` : '';
	return { correct: usersOk && pairsOk, check: `${found}${groups}${usersOk && pairsOk ? ', all match the org' : ', differs from the org'}` };
}

/** @type {Scenario} */
export const scenario = {
	number: 1,
	title: 'List 10,000 users with their groups',
	description: [
		`A seeded org of ${formatCount(USERS)} users (plus the admin) in every status and ${GROUPS} groups (Everyone, 57 Okta groups, one APP_GROUP).`,
		"Every contender lists the users Okta returns without a filter (all statuses except DEPROVISIONED); all but the built-in node also return each user's groups.",
	],
	freshOrgPerContender: false,
	timeRatio: true,

	async setUp(settings) {
		const sandbox = await startSandbox({
			seed: settings.seed,
			size: { users: USERS, groups: GROUPS, apps: 10, logDays: 1, signInsPerUserWeek: 0 },
			latencyMs: settings.latencyMs,
			rateLimits: { windowMs: settings.windowMs },
		});
		return { sandbox, facts: readFacts(sandbox) };
	},

	floor(sandbox, facts, settings) {
		/** @type {Facts} */
		const { listedUsers, memberCounts } = facts;
		const userPages = Math.ceil(listedUsers / USER_PAGE);
		const memberPages = memberCounts.reduce((total, members) => total + Math.max(1, Math.ceil(members / MEMBER_PAGE)), 0);
		const largest = Math.max(...memberCounts);
		return buildFloor(
			sandbox,
			[
				{ label: 'List the users', bucket: 'users', count: userPages, arithmetic: `ceil(${formatCount(listedUsers)} users / ${USER_PAGE}) = ${userPages}` },
				{ label: 'List the groups', bucket: 'groups', count: Math.ceil(memberCounts.length / GROUP_PAGE), arithmetic: `ceil(${memberCounts.length} groups / ${formatCount(GROUP_PAGE)}) = 1` },
				{
					label: "List each group's members",
					bucket: 'other',
					count: memberPages,
					arithmetic: `Σ ceil(members / ${formatCount(MEMBER_PAGE)}) over ${memberCounts.length} groups = ${memberPages} (the largest, Everyone, has ${formatCount(largest)} members)`,
				},
			],
			{
				latencyMs: settings.latencyMs,
				windowMs: settings.windowMs,
				notes: [
					`The other plan, one GET /api/v1/users/{id}/groups per user, needs ${userPages} + ${formatCount(listedUsers)} = ${formatCount(userPages + listedUsers)} requests.`,
					'Group members pages: the sandbox accepts up to 10,000 per page; Okta documents a default of 1,000 and no maximum.',
				],
			},
		);
	},

	contenders: [
		{
			name: 'This package, n8n-core',
			async run(context) {
				const { sandbox, runtime } = context;
				const result = await runN8nCore({
					kind: 'node',
					distDir: runtime.distDir,
					credentials: { url: sandbox.url, apiToken: sandbox.token },
					parameters: PACKAGE_PARAMETERS,
					output: 'usersWithGroups',
				});
				return {
					finished: true,
					workMs: result.workMs,
					timeBasis: 'node run',
					peakRssMb: result.peakRssMb,
					idleRssMb: runtime.idleRssMb.n8nCore,
					error: result.error,
					...checkUsers(result.digests, context.facts, { groups: true }),
					notes: [],
				};
			},
		},
		{
			name: 'This package, n8n 2.40.7',
			realN8n: true,
			async run(context) {
				const { sandbox, runtime } = context;
				const home = await runtime.realN8n();
				await importCredentials(home, sandbox);
				const node = packageNode(NODE_NAME, PACKAGE_PARAMETERS);
				await home.importWorkflows([
					manualWorkflow(PACKAGE_CHECK_WORKFLOW_ID, 'Bench: users with groups, checked', [node, ...reportToSink(sandbox.url, sinkDigestSource())]),
					manualWorkflow(PACKAGE_WORKFLOW_ID, 'Bench: users with groups', [node]),
				]);

				// The first run checks the output through a Code node; the second, without it, is the one measured.
				const checked = await runWithSink(context, PACKAGE_CHECK_WORKFLOW_ID, 15 * 60_000);
				resetSandboxCounters(sandbox);
				const run = await executeCapped(home, PACKAGE_WORKFLOW_ID, { capMs: 15 * 60_000 });
				return {
					finished: run.finished && run.error === undefined,
					workMs: run.wallMs,
					timeBasis: 'n8n execute, with start-up',
					peakRssMb: run.peakRssMb,
					idleRssMb: await runtime.realN8nIdleRssMb(),
					error: run.error ?? checked.error,
					...checkUsers(checked.digests, context.facts, { groups: true }),
					notes: [
						'Its output was checked in a separate run, by a Code node that digests the items and posts the digest to the sandbox; the measured run has only the Manual Trigger and this node.',
					],
				};
			},
		},
		{
			name: "n8n's built-in Okta node, n8n 2.40.7",
			realN8n: true,
			async run(context) {
				const { sandbox, runtime, settings } = context;
				const home = await runtime.realN8n();
				await importCredentials(home, sandbox);
				const node = builtinOktaNode(NODE_NAME, { resource: 'user', operation: 'getAll', returnAll: true });
				await home.importWorkflows([manualWorkflow(BUILTIN_WORKFLOW_ID, 'Bench: built-in Okta node', [node, ...reportToSink(sandbox.url, sinkDigestSource())])]);

				const run = await runWithSink(context, BUILTIN_WORKFLOW_ID, settings.builtinCapSeconds * 1000);
				const afters = new Set(sandbox.requests.map((request) => request.query.after ?? '(first page)'));
				const notes = [`It asked for ${afters.size} distinct pages of users in ${formatCount(sandbox.requests.length)} requests.`];
				if (!run.finished) notes.push(`Stopped at the ${settings.builtinCapSeconds} s cap, unfinished; it had output no item.`);

				const check = run.digests
					? checkUsers({ users: run.digests.users, pairs: { count: 0, hash: '' } }, context.facts, { groups: false })
					: { correct: false, check: run.finished ? 'no output' : 'no output (stopped at the cap)' };
				return {
					finished: run.finished && run.error === undefined,
					workMs: run.wallMs,
					timeBasis: run.finished ? 'n8n execute, with start-up' : 'until stopped at the cap',
					peakRssMb: run.peakRssMb,
					idleRssMb: await runtime.realN8nIdleRssMb(),
					error: run.error,
					...check,
					notes,
				};
			},
		},
		{
			name: 'Okta SDK script',
			async run(context) {
				const { sandbox, runtime, settings } = context;
				const result = await runSdk({ kind: 'usersWithGroups', url: sandbox.url, token: sandbox.token, capMs: settings.sdkCapSeconds * 1000 });
				return sdkOutcome(result, context, runtime.idleRssMb.sdk);
			},
		},
	],
};

/**
 * Builds the source of the function the Code node runs to digest the users, from the same
 * functions the other contenders' digests use.
 */
function sinkDigestSource() {
	return `(rows) => { ${digestOf.toString()}\n return (${usersWithGroupsDigest.toString()})(rows); }`;
}

/**
 * Runs a workflow in the real n8n, with the sink emptied and the org's counters reset just
 * before, and returns the run with the digest its Code node posted, if it got that far.
 * @param {ContenderContext} context
 * @param {string} workflowId
 * @param {number} capMs
 */
async function runWithSink(context, workflowId, capMs) {
	const home = await context.runtime.realN8n();
	resetSandboxCounters(context.sandbox);
	context.sandbox.sink = [];
	const run = await executeCapped(home, workflowId, { capMs });
	/** @type {{ users: Digest, pairs: Digest }|undefined} */
	const digests = /** @type {any} */ (context.sandbox.sink.at(-1)) ?? undefined;
	return { ...run, digests };
}

/**
 * @param {import('../support/launch.mjs').ChildResult} result
 * @param {ContenderContext} context
 * @param {number} idleRssMb
 * @returns {ContenderOutcome}
 */
function sdkOutcome(result, context, idleRssMb) {
	const progress = result.progress;
	const finished = result.error === undefined && progress !== undefined && progress.done === progress.total;
	/** @type {ContenderOutcome} */
	const outcome = {
		finished,
		workMs: result.workMs,
		timeBasis: finished ? 'script run' : 'until stopped at the cap',
		peakRssMb: result.peakRssMb,
		idleRssMb,
		error: result.error,
		...(finished ? checkUsers(result.digests, context.facts, { groups: true }) : { check: `stopped after ${progress?.done ?? 0} of ${progress?.total ?? '?'} ${progress?.unit ?? 'users'}` }),
		notes: [],
	};

	if (!finished && progress && progress.done > 0) {
		const perUnitMs = result.workMs / progress.done;
		const requests = Math.ceil(progress.total / USER_PAGE) + progress.total;
		outcome.estimate = {
			requests,
			timeMs: perUnitMs * progress.total,
			basis: `${formatCount(progress.done)} users in ${(result.workMs / 1000).toFixed(0)} s, at the same pace for all ${formatCount(progress.total)}; one request per user plus the user pages`,
		};
	}
	return outcome;
}
