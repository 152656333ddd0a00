/**
 * The people and events the end-to-end workflows in test/e2e/workflows name, added to the demo
 * sandbox org before the workflows run.
 *
 * - e2e.mover@example.com: active, in Sales (an Okta group) and AD-Sales (an imported APP_GROUP).
 * - e2e.assignee@example.com: active, in All Staff (which grants Chat) and Engineering (which
 *   grants Wiki and Code Hosting, among others).
 * - three user.account.lock events for the mover, 1, 2 and 3 hours ago.
 */

export const MOVER_LOGIN = 'e2e.mover@example.com';
export const ASSIGNEE_LOGIN = 'e2e.assignee@example.com';

const HOUR_MS = 60 * 60 * 1000;

/** @typedef {import('../../sandbox/server.js').Sandbox} Sandbox */

/**
 * Adds the people and events, and returns the account lock events, newest first.
 * @param {Sandbox} sandbox
 */
export function addE2eFixtures(sandbox) {
	const { org } = sandbox;
	const created = new Date(org.now() - 200 * 24 * HOUR_MS).toISOString();
	const person = (/** @type {string} */ login, /** @type {string} */ firstName) =>
		org.addUser({ profile: { login, email: login, firstName, lastName: 'Example', department: 'Sales' }, status: 'ACTIVE', created, hasPassword: true });
	const groupId = (/** @type {string} */ name) => {
		const group = [...org.groups.values()].find((candidate) => candidate.profile.name === name);
		if (!group) throw new Error(`The seeded sandbox org has no group "${name}"`);
		return group.id;
	};

	const mover = person(MOVER_LOGIN, 'Morgan');
	org.addMember(groupId('Sales'), mover.id, { silent: true });
	org.addMember(groupId('AD-Sales'), mover.id, { silent: true });

	const assignee = person(ASSIGNEE_LOGIN, 'Ash');
	org.addMember(groupId('All Staff'), assignee.id, { silent: true });
	org.addMember(groupId('Engineering'), assignee.id, { silent: true });

	const locks = [1, 2, 3].map((hours) => {
		const published = org.now() - hours * HOUR_MS;
		const event = org.buildEvent('user.account.lock', { actor: org.userTarget(mover), targets: [org.userTarget(mover)], published, outcome: 'SUCCESS', message: 'Max sign in attempts exceeded' });
		org.storeEvent(event, published);
		return event;
	});
	return { mover, assignee, locks };
}
