'use strict';
/**
 * Fills an org with realistic, seed-determined data: users in every status with directory
 * fields and managers, groups of every type, apps assigned to users and groups, and days of
 * System Log history.
 */
const { DAY_MS } = require('./org');

/**
 * @typedef {{ users: number, groups: number, apps: number, logDays: number, signInsPerUserWeek: number }} OrgSize
 */

/** @type {OrgSize} */
const DEFAULT_SIZE = { users: 200, groups: 15, apps: 10, logDays: 60, signInsPerUserWeek: 3 };

const FIRST_NAMES = [
	'Ada', 'Ben', 'Chloé', 'Dev', 'Elena', 'Femi', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kai', 'Lena', 'Mateo',
	'Nia', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tara', 'Uma', 'Victor', 'Wen', 'Ximena', 'Yusuf', 'Zoë',
];
const LAST_NAMES = [
	'Abbott', 'Banda', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'García', 'Haddad', 'Ito', 'Jansen', 'Kowalski',
	'Larsen', 'Moreau', 'Nakamura', "O'Neil", 'Park', 'Quispe', 'Rossi', 'Silva', 'Tanaka', 'Usman', 'Vargas',
];
const DEPARTMENTS = ['Engineering', 'Sales', 'Marketing', 'Finance', 'People', 'Operations', 'Support', 'Legal'];
const TITLES = ['Engineer', 'Senior Engineer', 'Account Executive', 'Analyst', 'Specialist', 'Manager', 'Director'];
const COST_CENTERS = ['CC-100', 'CC-200', 'CC-300', 'CC-400'];
const USER_TYPES = ['Employee', 'Employee', 'Employee', 'Contractor'];

/** Share of each status among generated users; the rest are ACTIVE. */
const STATUS_SHARES = [
	['STAGED', 0.04],
	['PROVISIONED', 0.04],
	['RECOVERY', 0.02],
	['LOCKED_OUT', 0.02],
	['PASSWORD_EXPIRED', 0.02],
	['SUSPENDED', 0.05],
	['DEPROVISIONED', 0.06],
];

const APP_CATALOG = [
	['Wiki', 'wiki'], ['CRM', 'crm'], ['Chat', 'chat'], ['Code Hosting', 'codehost'], ['Video Meetings', 'video'],
	['Issue Tracker', 'tracker'], ['Payroll', 'payroll'], ['HR Portal', 'hrportal'], ['File Storage', 'files'],
	['Expenses', 'expenses'],
];

/**
 * @param {import('./org').Org} org
 * @param {Partial<OrgSize>} [size]
 */
function seedOrg(org, size = {}) {
	const settings = { ...DEFAULT_SIZE, ...size };
	const random = org.random;
	const now = org.now();
	const start = now - settings.logDays * DAY_MS;
	const iso = (/** @type {number} */ time) => new Date(time).toISOString();

	const everyone = org.addGroup({ name: 'Everyone', description: 'All users in your organization', type: 'BUILT_IN', created: iso(start - 400 * DAY_MS) });

	const admin = org.addUser({
		profile: {
			login: 'sandbox.admin@example.com',
			email: 'sandbox.admin@example.com',
			firstName: 'Sandbox',
			lastName: 'Admin',
			title: 'IT Administrator',
			department: 'Operations',
			userType: 'Service',
			employeeNumber: 'E0000',
		},
		created: iso(start - 400 * DAY_MS),
	});
	org.adminId = admin.id;

	// Users: every status, the directory fields, and a manager for most.
	/** @type {import('./org').User[]} */
	const users = [];
	/** @type {string[]} */
	const statuses = STATUS_SHARES.flatMap(([status, share]) => Array(Math.max(1, Math.round(settings.users * Number(share)))).fill(String(status)));
	while (statuses.length < settings.users) statuses.push('ACTIVE');
	statuses.length = settings.users;
	// Spread statuses through the list, so paging reaches every status.
	for (let index = statuses.length - 1; index > 0; index--) {
		const other = random.int(0, index);
		[statuses[index], statuses[other]] = [statuses[other], statuses[index]];
	}

	for (let index = 0; index < settings.users; index++) {
		const firstName = random.pick(FIRST_NAMES);
		const lastName = random.pick(LAST_NAMES);
		const base = `${firstName}.${lastName}`.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f']/g, '');
		const login = `${base}${index}@example.com`;
		const created = start - random.int(30, 700) * DAY_MS;
		const department = random.pick(DEPARTMENTS);
		const status = statuses[index];
		const lastLogin = status === 'ACTIVE' && random.chance(0.9) ? iso(now - random.int(1, settings.logDays * 24) * 3600_000) : null;

		users.push(
			org.addUser({
				profile: {
					login,
					email: login,
					firstName,
					lastName,
					title: random.pick(TITLES),
					userType: random.pick(USER_TYPES),
					employeeNumber: `E${String(1000 + index).padStart(5, '0')}`,
					costCenter: random.pick(COST_CENTERS),
					department,
					division: department === 'Engineering' ? 'R&D' : 'Business',
					organization: 'Example Corp',
				},
				status,
				created: iso(created),
				lastUpdated: iso(created + random.int(0, 20) * DAY_MS),
				lastLogin,
			}),
		);
	}

	// Managers: the first users of each department lead it. Most reports point at the manager's
	// Okta id; some, as HR imports often do, at the employee number.
	/** @type {Map<string, import('./org').User>} */
	const managers = new Map();
	for (const user of users) {
		const department = user.profile.department;
		const manager = managers.get(department);
		if (!manager) {
			managers.set(department, user);
			continue;
		}
		if (random.chance(0.1)) continue;
		user.profile.manager = `${manager.profile.firstName} ${manager.profile.lastName}`;
		user.profile.managerId = random.chance(0.8) ? manager.id : manager.profile.employeeNumber;
	}

	// Groups: Everyone (built in), department groups and others (OKTA_GROUP), and one imported APP_GROUP.
	const oktaGroupNames = [...DEPARTMENTS, 'All Staff', 'Contractors', 'VPN Users', 'Wiki Editors', 'Managers', 'Office Lisbon', 'Office Austin'];
	const groupCount = Math.max(settings.groups - 2, 1);
	/** @type {import('./org').Group[]} */
	const groups = [];
	for (let index = 0; index < groupCount; index++) {
		const name = index < oktaGroupNames.length ? oktaGroupNames[index] : `Project ${index - oktaGroupNames.length + 1}`;
		groups.push(org.addGroup({ name, description: `${name} group`, created: iso(start - random.int(100, 800) * DAY_MS) }));
	}
	const adSales = org.addGroup({
		name: 'AD-Sales',
		type: 'APP_GROUP',
		created: iso(start - 300 * DAY_MS),
		profile: { description: 'Imported from Active Directory', windowsDomainQualifiedName: 'EXAMPLE\\AD-Sales', samAccountName: 'AD-Sales' },
	});

	const groupByName = new Map(groups.map((group) => [group.profile.name, group]));
	for (const user of users) {
		const joined = Date.parse(user.created) + DAY_MS;
		const add = (/** @type {import('./org').Group|undefined} */ group) => {
			if (group) org.memberMap(group.id).set(user.id, joined);
		};
		add(groupByName.get(user.profile.department));
		if (random.chance(0.8)) add(groupByName.get('All Staff'));
		if (user.profile.userType === 'Contractor') add(groupByName.get('Contractors'));
		if (random.chance(0.3)) add(groupByName.get('VPN Users'));
		if (random.chance(0.15)) add(groupByName.get('Wiki Editors'));
		if ([...managers.values()].includes(user)) add(groupByName.get('Managers'));
		add(groupByName.get(random.chance(0.5) ? 'Office Lisbon' : 'Office Austin'));
		for (const group of groups.slice(oktaGroupNames.length)) if (random.chance(0.1)) add(group);
		if (user.profile.department === 'Sales' && random.chance(0.7)) org.memberMap(adSales.id).set(user.id, joined);
	}

	// Apps: group assignments for most access, direct (USER-scope) assignments for some users.
	/** @type {import('./org').App[]} */
	const apps = [];
	for (let index = 0; index < settings.apps; index++) {
		const [label, name] = index < APP_CATALOG.length ? APP_CATALOG[index] : [`Tool ${index + 1}`, `tool${index + 1}`];
		apps.push(org.addApp({ label, name: `${name}_bookmark`, created: iso(start - random.int(200, 900) * DAY_MS) }));
	}
	const grant = (/** @type {number} */ appIndex, /** @type {string[]} */ groupNames) => {
		const app = apps[appIndex];
		if (!app) return;
		groupNames.forEach((groupName, priority) => {
			const group = groupName === 'AD-Sales' ? adSales : groupByName.get(groupName);
			if (group) org.assignGroup(app.id, group.id, { priority, created: iso(start - 100 * DAY_MS) });
		});
	};
	grant(0, ['Engineering', 'Operations', 'Wiki Editors']);
	grant(1, ['Sales', 'AD-Sales']);
	grant(2, ['All Staff']);
	grant(3, ['Engineering']);
	grant(4, ['All Staff', 'Contractors']);
	grant(5, ['Engineering', 'Support']);
	grant(7, ['People']);
	grant(8, ['Engineering', 'Marketing']);
	for (let index = 10; index < apps.length; index++) grant(index, [random.pick(oktaGroupNames.slice(0, groupCount))]);
	for (const group of groups.slice(oktaGroupNames.length)) {
		if (apps.length > 0) org.assignGroup(random.pick(apps).id, group.id, { created: iso(start - 50 * DAY_MS) });
	}

	for (const user of users) {
		if (user.status === 'DEPROVISIONED') continue;
		for (const app of apps) {
			const probability = app === apps[6] || app === apps[9] ? 0.35 : 0.06;
			if (!random.chance(probability)) continue;
			const time = iso(Date.parse(user.created) + 2 * DAY_MS);
			org.appUsers.get(app.id)?.set(user.id, {
				id: user.id,
				scope: 'USER',
				status: 'ACTIVE',
				syncState: 'DISABLED',
				externalId: null,
				created: time,
				lastUpdated: time,
				statusChanged: time,
				credentials: { userName: user.profile.login },
				profile: {},
			});
		}
	}

	seedLog(org, users, apps, groups, { start, now, settings });
	return { admin, users, groups: [everyone, ...groups, adSales], apps };
}

/**
 * Writes the System Log history: Okta and app sign-ins (some failed), and a few assignment
 * and lifecycle events, in published order.
 * @param {import('./org').Org} org
 * @param {import('./org').User[]} users
 * @param {import('./org').App[]} apps
 * @param {import('./org').Group[]} groups
 * @param {{ start: number, now: number, settings: OrgSize }} window
 */
function seedLog(org, users, apps, groups, window) {
	const random = org.random;
	const { start, now, settings } = window;
	/** @type {import('./org').LogEvent[]} */
	const events = [];
	const signInsPerUser = Math.round((settings.signInsPerUserWeek * settings.logDays) / 7);
	const activeStatuses = new Set(['ACTIVE', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'SUSPENDED', 'DEPROVISIONED']);

	for (const user of users) {
		if (!activeStatuses.has(user.status)) continue;
		// A quarter of the users have been dormant for the last 30 days or longer.
		const dormant = random.chance(0.25);
		const end = dormant ? now - random.int(30, settings.logDays) * DAY_MS : now;
		if (end <= start) continue;
		const actor = { ...org.userTarget(user) };
		const userApps = org.appIdsOfUser(user.id).map((appId) => /** @type {import('./org').App} */ (org.apps.get(appId)));

		for (let index = 0; index < signInsPerUser; index++) {
			const published = random.int(start, end);
			const failed = random.chance(0.05);
			events.push(
				org.buildEvent('user.session.start', {
					actor,
					published,
					outcome: failed ? 'FAILURE' : 'SUCCESS',
					reason: failed ? 'INVALID_CREDENTIALS' : null,
					message: 'User login to Okta',
				}),
			);
			if (failed || userApps.length === 0) continue;

			const app = random.pick(userApps);
			const appUser = { id: `0ua${app.id.slice(3, 10)}${user.id.slice(3, 13)}`, type: 'AppUser', alternateId: user.profile.login, displayName: actor.displayName, detailEntry: null };
			// Okta does not promise an order of targets, so half the events list the AppUser first.
			const targets = random.chance(0.5) ? [org.appTarget(app), appUser] : [appUser, org.appTarget(app)];
			const ssoFailed = random.chance(0.03);
			events.push(
				org.buildEvent('user.authentication.sso', {
					actor,
					targets,
					published: published + random.int(5, 600) * 1000,
					outcome: ssoFailed ? 'FAILURE' : 'SUCCESS',
					reason: ssoFailed ? 'POLICY_DENY' : null,
					message: 'User single sign on to app',
				}),
			);
		}
	}

	const admin = /** @type {import('./org').User} */ (org.users.get(org.adminId));
	const adminActor = org.userTarget(admin);
	const changes = Math.max(10, Math.round(users.length / 4));
	for (let index = 0; index < changes; index++) {
		const user = random.pick(users);
		const published = random.int(start, now - 60_000);
		const kind = random.int(0, 3);
		if (kind === 0 && groups.length > 0) {
			const group = random.pick(groups);
			events.push(
				org.buildEvent(random.chance(0.7) ? 'group.user_membership.add' : 'group.user_membership.remove', {
					actor: adminActor,
					targets: [org.userTarget(user), org.groupTarget(group)],
					published,
					message: 'Group membership change',
				}),
			);
		} else if (kind === 1 && apps.length > 0) {
			const app = random.pick(apps);
			events.push(
				org.buildEvent(random.chance(0.7) ? 'application.user_membership.add' : 'application.user_membership.remove', {
					actor: adminActor,
					targets: [org.userTarget(user), org.appTarget(app)],
					published,
					message: 'Application membership change',
				}),
			);
		} else {
			const type = random.pick(['user.lifecycle.create', 'user.lifecycle.activate', 'user.lifecycle.suspend', 'user.lifecycle.deactivate']);
			events.push(org.buildEvent(type, { actor: adminActor, targets: [org.userTarget(user)], published, message: 'User lifecycle change' }));
		}
	}

	events.sort((left, right) => Date.parse(left.published) - Date.parse(right.published));
	for (const event of events) org.storeEvent(event, Date.parse(event.published));
}

module.exports = { seedOrg, DEFAULT_SIZE };
