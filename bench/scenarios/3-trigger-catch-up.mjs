/**
 * Scenario 3: the trigger catching up on 50,000 events after a day switched off.
 *
 * The trigger is activated once (its first poll stores Okta's `next` link as its position),
 * then a day of System Log is written: 50,000 events of the trigger's default event types and
 * as many sign-ins it does not select. The trigger then polls, one poll after another as n8n
 * would at each interval, until a poll finds nothing new.
 */

import { createRequire } from 'node:module';

import { digestOf, sameDigest } from '../support/digest.mjs';
import { buildFloor, formatCount } from '../support/floor.mjs';
import { runN8nCore } from '../support/launch.mjs';
import { resetSandboxCounters } from '../support/request-log.mjs';

const require = createRequire(import.meta.url);
/** @type {typeof import('../../sandbox/server.js')} */
const { startSandbox } = require('../../sandbox/index.js');

/** @typedef {import('../support/types.mjs').Scenario} Scenario */
/** @typedef {import('../../sandbox/server.js').Sandbox} Sandbox */
/** @typedef {import('../../sandbox/org.js').User} OrgUser */

const SELECTED_EVENTS = 50_000;
const OTHER_EVENTS = 50_000;
const LOG_PAGE = 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The trigger's default selection: app assignment, group membership and user lifecycle changes. */
const TRIGGER_PARAMETERS = { events: ['appAssignmentChanges', 'groupMembershipChanges', 'userLifecycleChanges'], options: {} };

/** Selected event types of the day, in proportions a busy org might see. */
const SELECTED_TYPES = [
	'group.user_membership.add',
	'group.user_membership.add',
	'group.user_membership.remove',
	'application.user_membership.add',
	'application.user_membership.add',
	'application.user_membership.remove',
	'user.lifecycle.create',
	'user.lifecycle.activate',
	'user.lifecycle.suspend',
	'user.lifecycle.deactivate',
];

/** The maximum number of polls the catch-up may take before the benchmark stops it. */
const MAX_POLLS = 60;

/**
 * Writes a day of System Log, published in time order over the last 24 hours, and returns the
 * uuids of the events the trigger selects.
 * @param {Sandbox} sandbox
 */
function writeDayOfEvents(sandbox) {
	const { org } = sandbox;
	const random = org.random;
	const users = [...org.users.values()];
	const groups = [...org.groups.values()];
	const apps = [...org.apps.values()];
	const now = org.now();
	const total = SELECTED_EVENTS + OTHER_EVENTS;

	/** @type {string[]} */
	const selected = [];
	// Shuffle which positions hold selected events, so they are spread through the day.
	const kinds = [...Array(SELECTED_EVENTS).fill(true), ...Array(OTHER_EVENTS).fill(false)];
	for (let index = kinds.length - 1; index > 0; index--) {
		const other = random.int(0, index);
		[kinds[index], kinds[other]] = [kinds[other], kinds[index]];
	}

	for (let index = 0; index < total; index++) {
		const published = now - DAY_MS + Math.floor((index * DAY_MS) / total);
		const user = random.pick(users);
		const event = kinds[index] ? selectedEvent(org, random.pick(SELECTED_TYPES), user, random.pick(groups), random.pick(apps), published) : signIn(org, user, published);
		org.storeEvent(event, published);
		if (kinds[index]) selected.push(event.uuid);
	}
	return selected;
}

/**
 * @param {import('../../sandbox/org.js').Org} org
 * @param {string} eventType
 * @param {OrgUser} user
 * @param {import('../../sandbox/org.js').Group} group
 * @param {import('../../sandbox/org.js').App} app
 * @param {number} published
 */
function selectedEvent(org, eventType, user, group, app, published) {
	const targets = eventType.startsWith('group.')
		? [org.userTarget(user), org.groupTarget(group)]
		: eventType.startsWith('application.')
			? [org.userTarget(user), org.appTarget(app)]
			: [org.userTarget(user)];
	return org.buildEvent(eventType, { targets, published, message: eventType });
}

/**
 * @param {import('../../sandbox/org.js').Org} org
 * @param {OrgUser} user
 * @param {number} published
 */
function signIn(org, user, published) {
	return org.buildEvent('user.session.start', { actor: org.userTarget(user), published, message: 'User login to Okta' });
}

/** @type {Scenario} */
export const scenario = {
	number: 3,
	title: 'Trigger catching up on 50,000 events',
	description: [
		'A seeded org of 200 users; the trigger (default events: app assignment, group membership and user lifecycle changes, default options) is activated once, which stores its position.',
		`Then a day of System Log arrives while the workflow is off: ${formatCount(SELECTED_EVENTS)} events the trigger selects and ${formatCount(OTHER_EVENTS)} sign-ins it does not. The trigger polls until a poll finds nothing new; the polls run back to back, where n8n would space them by the poll interval.`,
	],
	freshOrgPerContender: true,
	timeRatio: false,

	async setUp(settings) {
		const sandbox = await startSandbox({
			seed: settings.seed,
			size: { users: 200, groups: 15, apps: 10, logDays: 1, signInsPerUserWeek: 3 },
			latencyMs: settings.latencyMs,
			rateLimits: { windowMs: settings.windowMs },
		});
		return { sandbox, facts: {} };
	},

	floor(sandbox, _facts, settings) {
		const pages = Math.ceil(SELECTED_EVENTS / LOG_PAGE);
		const floor = buildFloor(
			sandbox,
			[{ label: 'Read the new events', bucket: 'logs', count: pages, arithmetic: `ceil(${formatCount(SELECTED_EVENTS)} / ${LOG_PAGE}) = ${pages}` }],
			{ latencyMs: settings.latencyMs, windowMs: settings.windowMs },
		);
		floor.notes.push(
			`Polls: the ${pages} pages fit in one window of the logs bucket (${sandbox.rateLimiter.limitOf('logs')} per window), so one poll could read them all; the time between polls is the workflow's poll interval, so no time ratio is given.`,
		);
		return floor;
	},

	contenders: [
		{
			name: 'This package (trigger), n8n-core',
			async run(context) {
				const { sandbox, runtime } = context;
				const credentials = { url: sandbox.url, apiToken: sandbox.token };

				const activation = await runN8nCore({ kind: 'polls', distDir: runtime.distDir, credentials, parameters: TRIGGER_PARAMETERS, maxPolls: 1 });
				if (activation.error || !activation.staticData) {
					return { finished: false, workMs: 0, timeBasis: 'polls', check: 'activation failed', error: activation.error, notes: [] };
				}

				const expected = digestOf(writeDayOfEvents(sandbox));
				resetSandboxCounters(sandbox);
				const result = await runN8nCore({
					kind: 'polls',
					distDir: runtime.distDir,
					credentials,
					parameters: TRIGGER_PARAMETERS,
					staticData: activation.staticData,
					maxPolls: MAX_POLLS,
				});

				const polls = result.polls ?? [];
				/** @type {{ events: import('../support/digest.mjs').Digest, delivered: number }|undefined} */
				const digests = result.digests;
				const correct = digests !== undefined && sameDigest(digests.events, expected) && digests.delivered === expected.count;
				const perPoll = polls.map((poll) => formatCount(poll.items)).join(', ');
				return {
					finished: result.error === undefined && polls.at(-1)?.items === 0,
					workMs: result.workMs,
					timeBasis: 'polls back to back',
					peakRssMb: result.peakRssMb,
					idleRssMb: runtime.idleRssMb.n8nCore,
					error: result.error,
					correct,
					check: `${polls.length} polls emitted ${formatCount(digests?.delivered ?? 0)} events (${formatCount(digests?.events.count ?? 0)} distinct) of ${formatCount(expected.count)}${correct ? ', each once' : ', not each once'}`,
					notes: [`Events per poll: ${perPoll}. The last poll finds the end of the log.`],
				};
			},
		},
	],
};
