/**
 * The sandbox org that `npm start`, `npm run demo` and the end-to-end tests of the example
 * workflows use: the seeded org (about 200 users, 15 groups, 10 apps, 60 days of System Log)
 * plus three known people that the example workflows name.
 *
 * - Lee Leaver (lee.leaver@example.com): the leaver of the offboarding example. Active, in the
 *   Engineering, VPN Users and Wiki Editors groups, with a direct Payroll assignment.
 * - Dana Dormant (dana.dormant@example.com): in Engineering, so assigned Code Hosting, and last
 *   signed in to it 45 days ago; the licence report lists her.
 * - Avery Active (avery.active@example.com): in Engineering, signed in to Code Hosting 2 days
 *   ago; the licence report leaves her out.
 */

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** @type {typeof import('../../sandbox/server.js')} */
const { startSandbox } = require('../../sandbox/index.js');

/** @typedef {import('../../sandbox/server.js').Sandbox} Sandbox */
/** @typedef {import('../../sandbox/org.js').User} OrgUser */
/** @typedef {import('../../sandbox/org.js').App} OrgApp */

const DAY_MS = 24 * 60 * 60 * 1000;

export const DEMO_SEED = 1;

export const LEAVER_LOGIN = 'lee.leaver@example.com';
export const DORMANT_LOGIN = 'dana.dormant@example.com';
export const ACTIVE_LOGIN = 'avery.active@example.com';

/** The app and group of the licence report example. */
export const REPORT_APP_LABEL = 'Code Hosting';
export const REPORT_GROUP_NAME = 'Engineering';

/**
 * Starts the demo sandbox org on 127.0.0.1.
 * @param {{ port?: number }} [options] port 0 or unset: any free port
 */
export async function startDemoSandbox(options = {}) {
	const sandbox = await startSandbox({ port: options.port ?? 0, seed: DEMO_SEED });
	addDemoPeople(sandbox);
	return sandbox;
}

/** @param {Sandbox} sandbox */
function addDemoPeople(sandbox) {
	const { org } = sandbox;
	const now = org.now();
	const leaver = addPerson(sandbox, { login: LEAVER_LOGIN, firstName: 'Lee', lastName: 'Leaver', department: 'Engineering', title: 'Senior Engineer' });
	const dormant = addPerson(sandbox, { login: DORMANT_LOGIN, firstName: 'Dana', lastName: 'Dormant', department: 'Engineering', title: 'Engineer' });
	const active = addPerson(sandbox, { login: ACTIVE_LOGIN, firstName: 'Avery', lastName: 'Active', department: 'Engineering', title: 'Engineer' });

	for (const name of ['Engineering', 'VPN Users', 'Wiki Editors']) addToGroup(sandbox, name, leaver);
	addToGroup(sandbox, REPORT_GROUP_NAME, dormant);
	addToGroup(sandbox, REPORT_GROUP_NAME, active);

	const payroll = appByLabel(sandbox, 'Payroll');
	org.assignUser(payroll.id, { id: leaver.id });

	const codeHosting = appByLabel(sandbox, REPORT_APP_LABEL);
	storeSignIn(sandbox, leaver, now - 1 * DAY_MS);
	storeSignIn(sandbox, dormant, now - 45 * DAY_MS, codeHosting);
	storeSignIn(sandbox, active, now - 2 * DAY_MS, codeHosting);
}

/**
 * @param {Sandbox} sandbox
 * @param {{ login: string, firstName: string, lastName: string, department: string, title: string }} profile
 */
function addPerson(sandbox, profile) {
	const created = new Date(sandbox.org.now() - 400 * DAY_MS).toISOString();
	return sandbox.org.addUser({ profile: { ...profile, email: profile.login }, status: 'ACTIVE', created, hasPassword: true });
}

/**
 * Adds a member the way a directory import would, without a System Log event.
 * @param {Sandbox} sandbox
 * @param {string} groupName
 * @param {OrgUser} user
 */
function addToGroup(sandbox, groupName, user) {
	const group = [...sandbox.org.groups.values()].find((candidate) => candidate.profile.name === groupName);
	if (!group) throw new Error(`The seeded sandbox org has no group "${groupName}"`);
	sandbox.org.addMember(group.id, user.id, { silent: true });
}

/**
 * @param {Sandbox} sandbox
 * @param {string} label
 */
export function appByLabel(sandbox, label) {
	const app = [...sandbox.org.apps.values()].find((candidate) => candidate.label === label);
	if (!app) throw new Error(`The seeded sandbox org has no app "${label}"`);
	return app;
}

/**
 * Stores a successful sign-in to Okta, or a single sign-on into `app`, at `published`.
 * @param {Sandbox} sandbox
 * @param {OrgUser} user
 * @param {number} published
 * @param {OrgApp} [app]
 */
function storeSignIn(sandbox, user, published, app) {
	const { org } = sandbox;
	const actor = org.userTarget(user);
	const event = app
		? org.buildEvent('user.authentication.sso', { actor, targets: [org.appTarget(app)], published, message: 'User single sign on to app' })
		: org.buildEvent('user.session.start', { actor, published, message: 'User login to Okta' });
	org.storeEvent(event, published);
}

/**
 * Records a failed sign-in to Okta now, as a wrong password would, for a trigger on sign-ins to read.
 * @param {Sandbox} sandbox
 * @param {string} login
 */
export function recordFailedSignIn(sandbox, login) {
	const user = sandbox.org.findUser(login);
	if (!user) throw new Error(`No user ${login} in the sandbox org`);
	return sandbox.org.log('user.session.start', {
		actor: sandbox.org.userTarget(user),
		outcome: 'FAILURE',
		reason: 'INVALID_CREDENTIALS',
		message: 'User login to Okta',
	});
}

/**
 * Records a successful sign-in to Okta now.
 * @param {Sandbox} sandbox
 * @param {string} login
 */
export function recordSignIn(sandbox, login) {
	const user = sandbox.org.findUser(login);
	if (!user) throw new Error(`No user ${login} in the sandbox org`);
	return sandbox.org.log('user.session.start', { actor: sandbox.org.userTarget(user), message: 'User login to Okta' });
}
