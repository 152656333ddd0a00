/**
 * Scenario 2: the last successful sign-in to each app for 2,000 users and 20 apps, from the
 * System Log.
 *
 * Contenders: this package's Sign-In → Get Last Sign-In for all users through n8n-core, and an
 * Okta SDK script that sends one System Log query per user and app, as public examples do.
 */

import { createRequire } from 'node:module';

import { digestOf, sameDigest } from '../support/digest.mjs';
import { buildFloor, formatCount, formatDuration } from '../support/floor.mjs';
import { runN8nCore, runSdk } from '../support/launch.mjs';

const require = createRequire(import.meta.url);
/** @type {typeof import('../../sandbox/server.js')} */
const { startSandbox } = require('../../sandbox/index.js');

/** @typedef {import('../support/types.mjs').Scenario} Scenario */
/** @typedef {import('../support/digest.mjs').Digest} Digest */
/** @typedef {import('../../sandbox/server.js').Sandbox} Sandbox */

const USERS = 2_000;
const APPS = 20;
const WINDOW_DAYS = 90;

/**
 * Days of sign-ins the org holds. One day less than the 90-day window (Okta's retention), so no
 * event sits at the window's edge, which moves while a run lasts.
 */
const LOG_DAYS = 89;

const USER_PAGE = 200;
const LOG_PAGE = 1000;
const APP_SIGN_IN = 'user.authentication.sso';

/**
 * @typedef {{ listedUsers: number, apps: number, successfulAppSignIns: number, allSignIns: number }} Facts
 */

/** @param {Sandbox} sandbox @returns {Facts} */
function readFacts(sandbox) {
	const { org } = sandbox;
	const events = org.events.map((stored) => stored.event);
	return {
		listedUsers: [...org.users.values()].filter((user) => user.status !== 'DEPROVISIONED').length,
		apps: org.apps.size,
		successfulAppSignIns: events.filter((event) => event.eventType === APP_SIGN_IN && event.outcome?.result === 'SUCCESS').length,
		allSignIns: events.filter((event) => event.eventType === APP_SIGN_IN || event.eventType === 'user.session.start').length,
	};
}

/**
 * Computes the expected output: each listed user's newest successful sign-in to each app within the window.
 * @param {Sandbox} sandbox
 * @param {{ since: string, until: string }} window
 */
function expectedSignIns(sandbox, window) {
	const { org } = sandbox;
	const since = Date.parse(window.since);
	const until = Date.parse(window.until);
	const listed = [...org.users.values()].filter((user) => user.status !== 'DEPROVISIONED');
	const listedIds = new Set(listed.map((user) => user.id));

	/** @type {Map<string, string>} */
	const newest = new Map();
	for (const { event } of org.events) {
		if (event.eventType !== APP_SIGN_IN || event.outcome?.result !== 'SUCCESS' || !listedIds.has(event.actor?.id)) continue;
		const published = Date.parse(event.published);
		if (published < since || published >= until) continue;
		const app = (event.target ?? []).find((/** @type {{ type?: string }} */ target) => target.type === 'AppInstance');
		if (!app) continue;
		const key = `${event.actor.id}|${app.id}`;
		const current = newest.get(key);
		if (current === undefined || published > Date.parse(current)) newest.set(key, event.published);
	}

	return {
		users: digestOf(listed.map((user) => user.id)),
		pairs: digestOf([...newest].map(([key, published]) => `${key}|${published}`)),
	};
}

/**
 * @param {Sandbox} sandbox
 * @param {import('../support/launch.mjs').ChildResult} result
 */
function checkSignIns(sandbox, result) {
	const window = result.window;
	/** @type {{ users: Digest, pairs: Digest }|undefined} */
	const actual = result.digests;
	if (!window || !actual) return { correct: false, check: 'no output to check' };

	const expected = expectedSignIns(sandbox, window);
	const correct = sameDigest(actual.users, expected.users) && sameDigest(actual.pairs, expected.pairs);
	return {
		correct,
		check: `${formatCount(actual.users.count)} users, ${formatCount(actual.pairs.count)} of ${formatCount(expected.pairs.count)} user-app last sign-ins${correct ? ', all match the log' : ', differ from the log'}`,
	};
}

/** @type {Scenario} */
export const scenario = {
	number: 2,
	title: 'Last sign-in to each app, 2,000 users and 20 apps',
	description: [
		`A seeded org of ${formatCount(USERS)} users (plus the admin), ${APPS} apps and ${LOG_DAYS} days of System Log: about 3 Okta sign-ins per user and week, most followed by a single sign-on to one of the user's apps.`,
		`Every contender reports, for each user Okta lists without a filter, the newest successful single sign-on (${APP_SIGN_IN}) to each app in the last ${WINDOW_DAYS} days.`,
	],
	freshOrgPerContender: false,
	timeRatio: true,

	async setUp(settings) {
		const sandbox = await startSandbox({
			seed: settings.seed,
			size: { users: USERS, groups: 20, apps: APPS, logDays: LOG_DAYS, signInsPerUserWeek: 3 },
			latencyMs: settings.latencyMs,
			rateLimits: { windowMs: settings.windowMs },
		});
		return { sandbox, facts: readFacts(sandbox) };
	},

	floor(sandbox, facts, settings) {
		/** @type {Facts} */
		const { listedUsers, successfulAppSignIns } = facts;
		const userPages = Math.ceil(listedUsers / USER_PAGE);
		const logPages = Math.ceil(successfulAppSignIns / LOG_PAGE);
		return buildFloor(
			sandbox,
			[
				{ label: 'List the users', bucket: 'users', count: userPages, arithmetic: `ceil(${formatCount(listedUsers)} users / ${USER_PAGE}) = ${userPages}` },
				{
					label: 'Read the successful app sign-ins of the window, once',
					bucket: 'logs',
					count: logPages,
					arithmetic: `ceil(${formatCount(successfulAppSignIns)} events / ${LOG_PAGE}) = ${logPages}`,
				},
			],
			{
				latencyMs: settings.latencyMs,
				windowMs: settings.windowMs,
				notes: [
					`One bounded query (since, until, filter eventType eq "${APP_SIGN_IN}" and outcome.result eq "SUCCESS") read to its end, joined with the user list. One query per user and app needs ${formatCount(listedUsers * facts.apps)} requests in the logs bucket.`,
				],
			},
		);
	},

	contenders: [
		{
			name: 'This package, n8n-core',
			async run(context) {
				const { sandbox, runtime, facts } = context;
				const result = await runN8nCore({
					kind: 'node',
					distDir: runtime.distDir,
					credentials: { url: sandbox.url, apiToken: sandbox.token },
					parameters: { resource: 'signIn', operation: 'getLastSignIn', scope: 'allUsers', output: 'perUser', options: { windowDays: WINDOW_DAYS, includeOktaSignIns: false } },
					output: 'appSignIns',
				});
				return {
					finished: result.error === undefined,
					workMs: result.workMs,
					timeBasis: 'node run',
					peakRssMb: result.peakRssMb,
					idleRssMb: runtime.idleRssMb.n8nCore,
					error: result.error,
					...checkSignIns(sandbox, result),
					notes: [
						`Its report also carries each user's last Okta sign-in, so it reads user.session.start events too: ${formatCount(/** @type {Facts} */ (facts).allSignIns)} events where the apps alone need ${formatCount(/** @type {Facts} */ (facts).successfulAppSignIns)}.`,
					],
				};
			},
		},
		{
			name: 'Okta SDK script',
			async run(context) {
				const { sandbox, runtime, settings, facts } = context;
				const result = await runSdk({
					kind: 'appSignIns',
					url: sandbox.url,
					token: sandbox.token,
					capMs: settings.sdkCapSeconds * 1000,
					windowDays: WINDOW_DAYS,
				});
				const progress = result.progress;
				const finished = result.error === undefined && progress !== undefined && progress.done === progress.total;
				/** @type {import('../support/types.mjs').ContenderOutcome} */
				const outcome = {
					finished,
					workMs: result.workMs,
					timeBasis: finished ? 'script run' : 'until stopped at the cap',
					peakRssMb: result.peakRssMb,
					idleRssMb: runtime.idleRssMb.sdk,
					error: result.error,
					...(finished ? checkSignIns(sandbox, result) : { check: `stopped after ${formatCount(progress?.done ?? 0)} of ${formatCount(progress?.total ?? 0)} queries` }),
					notes: [],
				};

				if (!finished && progress && progress.done > 0) {
					outcome.estimate = estimateQueries(sandbox, /** @type {Facts} */ (facts), progress, result.workMs, settings);
				}
				return outcome;
			},
		},
	],
};

/**
 * Estimates the whole run of the per-query script. Its pace here is set by the sandbox, which
 * scans the whole log for each new query, so the estimate is the lower bound Okta's logs bucket
 * sets: at most L queries per window, one request per query.
 * @param {Sandbox} sandbox
 * @param {Facts} facts
 * @param {{ done: number, total: number }} progress
 * @param {number} workMs
 * @param {import('../settings.mjs').BenchSettings} settings
 */
function estimateQueries(sandbox, facts, progress, workMs, settings) {
	const requests = Math.ceil(facts.listedUsers / USER_PAGE) + 1 + progress.total;
	const limit = sandbox.rateLimiter.limitOf('logs');
	const windows = Math.ceil(progress.total / limit);
	const paceMs = (workMs / progress.done) * progress.total;
	return {
		requests,
		timeMs: windows * settings.windowMs,
		basis:
			`${formatCount(progress.total)} log queries at no more than ${limit} per ${settings.windowMs / 1000} s window of the logs bucket need at least ${windows} windows, ` +
			`${formatDuration(windows * 60_000)} at Okta's 60 s windows; 429 retries come on top. ` +
			`Its measured pace (${formatCount(progress.done)} queries in ${(workMs / 1000).toFixed(0)} s) would take ${formatDuration(paceMs)}, slower because the sandbox scans the whole log for each new query`,
	};
}



