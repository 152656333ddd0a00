'use strict';
/**
 * The sandbox org's data and Okta's rules for changing it: user lifecycle, group membership,
 * app assignments with USER and GROUP scope, and a System Log that records every change.
 */
const { OktaHttpError, notFound, validation } = require('./errors');
const { createRandom } = require('./random');

const DAY_MS = 24 * 60 * 60 * 1000;
const RETENTION_MS = 90 * DAY_MS;

/**
 * @typedef {Record<string, any>} Json
 * @typedef {{ id: string, status: string, created: string, activated: string|null, statusChanged: string|null,
 *   lastLogin: string|null, lastUpdated: string, passwordChanged: string|null, transitioningToStatus?: string|null,
 *   type: { id: string }, profile: Json, credentials: Json, _seq: number, _hasPassword: boolean,
 *   _searchVisibleAt: number, _pendingStatus?: { status: string, reads: number } }} User
 * @typedef {{ id: string, type: 'OKTA_GROUP'|'APP_GROUP'|'BUILT_IN', created: string, lastUpdated: string,
 *   lastMembershipUpdated: string, objectClass: string[], profile: Json, _seq: number, _searchVisibleAt: number }} Group
 * @typedef {{ id: string, name: string, label: string, status: string, created: string, lastUpdated: string,
 *   signOnMode: string, _seq: number }} App
 * @typedef {{ id: string, scope: 'USER'|'GROUP', status: string, syncState: string, created: string,
 *   lastUpdated: string, statusChanged: string, credentials: Json, profile: Json, externalId: string|null }} AppUserRecord
 * @typedef {{ uuid: string, published: string, eventType: string, [key: string]: any }} LogEvent
 * @typedef {{ event: LogEvent, persistedAt: number, seq: number }} StoredEvent
 */

/**
 * Switches for behaviour that Okta documents inconsistently or that clients must survive.
 * @typedef {{
 *   searchLagMs: number,
 *   logPersistDelayMs: number,
 *   userAssignmentDeleteWhileGroupGrants: 'removed'|'forbidden'|'revert',
 *   lifecycleOnDeprovisioned: 404|400,
 *   profileUpdateOnDeprovisioned: 'allow'|'forbid',
 *   deactivateTransitionReads: number,
 * }} OrgBehaviour
 */

/** @type {OrgBehaviour} */
const DEFAULT_BEHAVIOUR = {
	searchLagMs: 0,
	logPersistDelayMs: 0,
	userAssignmentDeleteWhileGroupGrants: 'removed',
	lifecycleOnDeprovisioned: 404,
	profileUpdateOnDeprovisioned: 'forbid',
	deactivateTransitionReads: 0,
};

/**
 * Okta leaves unset profile attributes out of a user, except these two, which it sends as null.
 */
const PROFILE_DEFAULTS = {
	mobilePhone: null,
	secondEmail: null,
};

/** @param {Json} profile */
function withoutUnset(profile) {
	return Object.fromEntries(Object.entries(profile).filter(([key, value]) => value !== undefined && (value !== null || key in PROFILE_DEFAULTS)));
}

class Org {
	/**
	 * @param {{ now: () => number, seed: number, behaviour?: Partial<OrgBehaviour> }} options
	 */
	constructor(options) {
		this.now = options.now;
		this.random = createRandom(options.seed ^ 0x5eed);
		/** @type {OrgBehaviour} */
		this.behaviour = { ...DEFAULT_BEHAVIOUR, ...options.behaviour };

		/** @type {Map<string, User>} */
		this.users = new Map();
		/** @type {Map<string, Group>} */
		this.groups = new Map();
		/** @type {Map<string, Map<string, number>>} group id → user id → time added */
		this.members = new Map();
		/** @type {Map<string, App>} */
		this.apps = new Map();
		/** @type {Map<string, Map<string, { priority: number, created: string }>>} app id → group id → assignment */
		this.appGroups = new Map();
		/** @type {Map<string, Map<string, AppUserRecord>>} app id → user id → USER-scope assignment */
		this.appUsers = new Map();
		/** @type {Map<string, Set<string>>} app id → users whose group grant was removed individually */
		this.suppressedGrants = new Map();
		/** @type {StoredEvent[]} persisted events, in persistence order */
		this.events = [];
		/** @type {Array<{ event: LogEvent, persistAt: number }>} */
		this.pendingEvents = [];
		/** @type {Array<{ userId: string, oauthTokens: boolean, forgetDevices: boolean, at: string }>} */
		this.sessionClears = [];

		this.sequence = 0;
		this.eventSequence = 0;
		/** The admin the API token belongs to; `GET /api/v1/users/me` returns it. */
		this.adminId = '';
	}

	iso(time = this.now()) {
		return new Date(time).toISOString();
	}

	// ---- users -------------------------------------------------------------------------------

	/**
	 * Adds a user directly (seeding and tests); no System Log event.
	 * @param {Json} fields
	 * @returns {User}
	 */
	addUser(fields) {
		const created = fields.created ?? this.iso();
		const status = fields.status ?? 'ACTIVE';
		/** @type {User} */
		const user = {
			id: fields.id ?? this.random.id('00u'),
			status,
			created,
			activated: fields.activated !== undefined ? fields.activated : status === 'STAGED' ? null : created,
			statusChanged: fields.statusChanged ?? (status === 'STAGED' ? null : created),
			lastLogin: fields.lastLogin ?? null,
			lastUpdated: fields.lastUpdated ?? created,
			passwordChanged: fields.passwordChanged !== undefined ? fields.passwordChanged : status === 'STAGED' ? null : created,
			type: { id: 'oty1defaultusertype0' },
			profile: withoutUnset({ ...PROFILE_DEFAULTS, ...fields.profile }),
			credentials: {
				password: {},
				provider: { type: 'OKTA', name: 'OKTA' },
			},
			_seq: ++this.sequence,
			_hasPassword: fields.hasPassword ?? (status !== 'STAGED' && status !== 'PROVISIONED'),
			_searchVisibleAt: fields.searchVisibleAt ?? 0,
		};
		if (!user.profile.login || !user.profile.email) throw new Error('addUser needs profile.login and profile.email');

		this.users.set(user.id, user);
		const everyone = this.everyoneGroup();
		if (everyone) this.memberMap(everyone.id).set(user.id, Date.parse(created));
		return user;
	}

	/**
	 * Finds a user by id, login, the login's short name (when unambiguous) or `me`.
	 * @param {string} key
	 * @returns {User|undefined}
	 */
	findUser(key) {
		if (key === 'me') return this.users.get(this.adminId);
		const byId = this.users.get(key);
		if (byId) return byId;

		const lower = key.toLowerCase();
		const all = [...this.users.values()];
		const byLogin = all.find((user) => String(user.profile.login).toLowerCase() === lower);
		if (byLogin) return byLogin;

		const byShortName = all.filter((user) => String(user.profile.login).toLowerCase().split('@')[0] === lower);
		return byShortName.length === 1 ? byShortName[0] : undefined;
	}

	/** @param {string} key */
	requireUser(key) {
		const user = this.findUser(key);
		if (!user) throw notFound(`${key} (User)`);
		return user;
	}

	/**
	 * The user as Okta returns it, applying any unfinished asynchronous status change.
	 * @param {User} user
	 * @param {string} baseUrl
	 * @param {{ inList?: boolean, countRead?: boolean }} [options]
	 */
	userView(user, baseUrl, options = {}) {
		if (user._pendingStatus && options.countRead) {
			user._pendingStatus.reads -= 1;
			if (user._pendingStatus.reads < 0) {
				user.transitioningToStatus = null;
				user._pendingStatus = undefined;
			}
		}
		const { _seq, _hasPassword, _searchVisibleAt, _pendingStatus, ...visible } = user;
		const view = {
			...visible,
			status: _pendingStatus && _pendingStatus.reads >= 0 ? _pendingStatus.status : user.status,
			transitioningToStatus: _pendingStatus && _pendingStatus.reads >= 0 ? user.status : null,
			_links: { self: { href: `${baseUrl}/api/v1/users/${user.id}` } },
		};
		if (!options.inList) Object.assign(view._links, this.lifecycleLinks(user, baseUrl));
		return view;
	}

	/** @param {User} user @param {string} baseUrl */
	lifecycleLinks(user, baseUrl) {
		/** @type {Record<string, { href: string, method: string }>} */
		const links = {};
		const add = (/** @type {string} */ name) => {
			links[name] = { href: `${baseUrl}/api/v1/users/${user.id}/lifecycle/${name}`, method: 'POST' };
		};
		if (user.status === 'STAGED' || user.status === 'DEPROVISIONED') add('activate');
		if (user.status === 'PROVISIONED') add('reactivate');
		if (user.status === 'ACTIVE') add('suspend');
		if (user.status === 'SUSPENDED') add('unsuspend');
		if (user.status !== 'DEPROVISIONED') add('deactivate');
		return links;
	}

	/**
	 * Creates a user the way `POST /api/v1/users` does.
	 * @param {Json} body
	 * @param {{ activate: boolean, nextLogin?: string }} options
	 */
	createUser(body, options) {
		const profile = body?.profile ?? {};
		/** @type {string[]} */
		const causes = [];
		for (const field of ['login', 'email', 'firstName', 'lastName']) {
			if (typeof profile[field] !== 'string' || profile[field].trim() === '') causes.push(`${field}: The field cannot be left blank`);
		}
		if (typeof profile.email === 'string' && profile.email && !/^[^@\s]+@[^@\s]+$/.test(profile.email)) {
			causes.push('email: Does not match required pattern');
		}
		if (typeof profile.login === 'string' && this.findUserByLogin(profile.login)) {
			causes.push('login: An object with this field already exists in the current organization');
		}
		const groupIds = Array.isArray(body?.groupIds) ? body.groupIds : [];
		if (groupIds.length > 20) causes.push('groupIds: A maximum of 20 groups can be assigned');
		for (const groupId of groupIds) {
			const group = this.groups.get(groupId);
			if (!group) causes.push(`groupIds: Group ${groupId} not found`);
			else if (group.type !== 'OKTA_GROUP') causes.push(`groupIds: Group ${groupId} is not an OKTA_GROUP`);
		}
		if (options.nextLogin && !options.activate) causes.push('nextLogin: nextLogin requires activate=true');
		if (causes.length > 0) throw validation(causes);

		const hasPassword = typeof body?.credentials?.password?.value === 'string';
		const status = !options.activate ? 'STAGED' : hasPassword ? 'ACTIVE' : 'PROVISIONED';
		const user = this.addUser({
			profile,
			status,
			activated: options.activate ? this.iso() : null,
			hasPassword,
			searchVisibleAt: this.now() + this.behaviour.searchLagMs,
		});

		this.log('user.lifecycle.create', { targets: [this.userTarget(user)], message: 'Create okta user' });
		if (options.activate) this.log('user.lifecycle.activate', { targets: [this.userTarget(user)], message: 'Activate Okta user' });
		for (const groupId of groupIds) this.addMember(groupId, user.id);
		return user;
	}

	/** @param {string} login */
	findUserByLogin(login) {
		const lower = login.toLowerCase();
		return [...this.users.values()].find((user) => String(user.profile.login).toLowerCase() === lower);
	}

	/**
	 * `POST` (partial) or `PUT` (replace) of a user's profile.
	 * @param {string} key @param {Json} body @param {boolean} replace
	 */
	updateUser(key, body, replace) {
		const user = this.requireUser(key);
		if (user.status === 'DEPROVISIONED' && this.behaviour.profileUpdateOnDeprovisioned === 'forbid') {
			throw new OktaHttpError(403, 'E0000038', 'This operation is not allowed in the user\'s current status.');
		}
		const profile = body?.profile;
		if (!profile || typeof profile !== 'object') throw validation(['profile: The field cannot be left blank']);
		if (profile.login && profile.login.toLowerCase() !== String(user.profile.login).toLowerCase() && this.findUserByLogin(profile.login)) {
			throw validation(['login: An object with this field already exists in the current organization']);
		}

		user.profile = withoutUnset(replace ? { ...PROFILE_DEFAULTS, ...profile } : { ...user.profile, ...profile });
		user.lastUpdated = this.iso();
		this.log('user.account.update_profile', { targets: [this.userTarget(user)], message: 'Update user profile for Okta' });
		return user;
	}

	/**
	 * Runs one lifecycle operation with Okta's state rules.
	 * @param {string} key
	 * @param {string} operation activate, reactivate, deactivate, suspend or unsuspend
	 * @param {{ sendEmail: boolean, async: boolean }} options
	 * @returns {{ status: number, body: Json|undefined }}
	 */
	lifecycle(key, operation, options) {
		const user = this.requireUser(key);
		const from = user.status;
		const wrongState = () =>
			from === 'DEPROVISIONED' && this.behaviour.lifecycleOnDeprovisioned === 404
				? notFound(`${user.id} (User)`)
				: validation([`Cannot ${operation} a user whose status is ${from}`]);

		switch (operation) {
			case 'activate': {
				if (from === 'ACTIVE') throw new OktaHttpError(403, 'E0000016', 'Activation failed because the user is already active');
				if (from !== 'STAGED' && from !== 'DEPROVISIONED') {
					throw new OktaHttpError(403, 'E0000038', "This operation is not allowed in the user's current status.");
				}
				this.setStatus(user, user._hasPassword ? 'ACTIVE' : 'PROVISIONED');
				user.activated = this.iso();
				this.log('user.lifecycle.activate', { targets: [this.userTarget(user)], message: 'Activate Okta user' });
				const token = this.random.id('act');
				return {
					status: 200,
					body: options.sendEmail ? {} : { activationToken: token, activationUrl: `https://sandbox.invalid/welcome/${token}` },
				};
			}
			case 'reactivate': {
				if (from !== 'PROVISIONED' && from !== 'RECOVERY') {
					throw new OktaHttpError(403, 'E0000038', "This operation is not allowed in the user's current status.");
				}
				this.log('user.lifecycle.reactivate', { targets: [this.userTarget(user)], message: 'Reactivate Okta user' });
				return { status: 200, body: options.sendEmail ? {} : { activationToken: this.random.id('act') } };
			}
			case 'deactivate': {
				if (from === 'DEPROVISIONED') throw wrongState();
				this.setStatus(user, 'DEPROVISIONED');
				for (const assignments of this.appUsers.values()) assignments.delete(user.id);
				if (this.behaviour.deactivateTransitionReads > 0) {
					user._pendingStatus = { status: from, reads: this.behaviour.deactivateTransitionReads };
				}
				this.log('user.lifecycle.deactivate', { targets: [this.userTarget(user)], message: 'Deactivate Okta user' });
				return { status: options.async ? 202 : 200, body: undefined };
			}
			case 'suspend': {
				if (from !== 'ACTIVE') throw wrongState();
				this.setStatus(user, 'SUSPENDED');
				this.log('user.lifecycle.suspend', { targets: [this.userTarget(user)], message: 'Suspend Okta user' });
				return { status: 200, body: undefined };
			}
			case 'unsuspend': {
				if (from !== 'SUSPENDED') throw wrongState();
				this.setStatus(user, 'ACTIVE');
				this.log('user.lifecycle.unsuspend', { targets: [this.userTarget(user)], message: 'Unsuspend Okta user' });
				return { status: 200, body: undefined };
			}
			default:
				throw notFound(`lifecycle/${operation}`);
		}
	}

	/**
	 * `DELETE /api/v1/users/{id}`: deactivates a live user, deletes a deactivated one for good.
	 * @param {string} key
	 */
	deleteUser(key) {
		const user = this.requireUser(key);
		if (user.status !== 'DEPROVISIONED') {
			this.lifecycle(key, 'deactivate', { sendEmail: false, async: false });
			return;
		}
		this.log('user.lifecycle.delete.initiated', { targets: [this.userTarget(user)], message: 'Delete Okta user' });
		this.users.delete(user.id);
		for (const members of this.members.values()) members.delete(user.id);
		this.log('user.lifecycle.delete.completed', { targets: [this.userTarget(user)], message: 'Delete Okta user completed' });
	}

	/** @param {User} user @param {string} status */
	setStatus(user, status) {
		user.status = status;
		user.statusChanged = this.iso();
		user.lastUpdated = user.statusChanged;
	}

	/**
	 * @param {string} userId
	 * @param {{ oauthTokens: boolean, forgetDevices: boolean }} options
	 */
	clearSessions(userId, options) {
		const user = this.users.get(userId);
		if (!user) throw notFound(`${userId} (User)`);
		this.sessionClears.push({ userId, ...options, at: this.iso() });
		this.log('user.session.clear', { targets: [this.userTarget(user)], message: 'Clear user session' });
	}

	// ---- groups ------------------------------------------------------------------------------

	/**
	 * @param {Json} fields
	 * @returns {Group}
	 */
	addGroup(fields) {
		const created = fields.created ?? this.iso();
		const type = fields.type ?? 'OKTA_GROUP';
		/** @type {Group} */
		const group = {
			id: fields.id ?? this.random.id('00g'),
			created,
			lastUpdated: created,
			lastMembershipUpdated: created,
			objectClass: type === 'APP_GROUP' ? ['okta:windows_security_principal'] : ['okta:user_group'],
			type,
			profile: withoutUnset({ name: fields.name, description: fields.description ?? undefined, ...fields.profile }),
			_seq: ++this.sequence,
			_searchVisibleAt: 0,
		};
		this.groups.set(group.id, group);
		this.members.set(group.id, new Map());
		if (type === 'BUILT_IN') {
			for (const user of this.users.values()) this.memberMap(group.id).set(user.id, Date.parse(user.created));
		}
		return group;
	}

	everyoneGroup() {
		return [...this.groups.values()].find((group) => group.type === 'BUILT_IN');
	}

	/** @param {string} groupId */
	requireGroup(groupId) {
		const group = this.groups.get(groupId);
		if (!group) throw notFound(`${groupId} (UserGroup)`);
		return group;
	}

	/** @param {string} groupId */
	memberMap(groupId) {
		let members = this.members.get(groupId);
		if (!members) {
			members = new Map();
			this.members.set(groupId, members);
		}
		return members;
	}

	/** @param {Group} group @param {string} baseUrl */
	groupView(group, baseUrl) {
		const { _seq, _searchVisibleAt, ...visible } = group;
		return {
			...visible,
			_links: {
				logo: [
					{ name: 'medium', href: 'https://sandbox.invalid/img/logos/groups/okta-medium.png', type: 'image/png' },
				],
				users: { href: `${baseUrl}/api/v1/groups/${group.id}/users` },
				apps: { href: `${baseUrl}/api/v1/groups/${group.id}/apps` },
			},
		};
	}

	/** @param {string} userId */
	groupsOfUser(userId) {
		return [...this.groups.values()].filter((group) => this.memberMap(group.id).has(userId));
	}

	/**
	 * @param {string} groupId @param {string} userId
	 * @param {{ silent?: boolean }} [options]
	 */
	addMember(groupId, userId, options = {}) {
		const group = this.requireGroup(groupId);
		const user = this.users.get(userId);
		if (!user) throw notFound(`${userId} (User)`);
		if (group.type !== 'OKTA_GROUP' && !options.silent) {
			throw new OktaHttpError(403, 'E0000006', 'You do not have permission to perform the requested action', [
				`Membership of ${group.type} groups cannot be changed through the API`,
			]);
		}
		const members = this.memberMap(groupId);
		if (members.has(userId)) return;

		members.set(userId, this.now());
		group.lastMembershipUpdated = this.iso();
		// Joining a group that grants an app gives the app back, even after an individual removal.
		for (const [appId, groups] of this.appGroups) {
			if (groups.has(groupId)) this.suppressedGrants.get(appId)?.delete(userId);
		}
		if (!options.silent) {
			this.log('group.user_membership.add', {
				targets: [this.userTarget(user), this.groupTarget(group)],
				message: 'Add user to group membership',
			});
		}
	}

	/** @param {string} groupId @param {string} userId */
	removeMember(groupId, userId) {
		const group = this.requireGroup(groupId);
		const user = this.users.get(userId);
		if (!user) throw notFound(`${userId} (User)`);
		if (group.type !== 'OKTA_GROUP') {
			throw new OktaHttpError(403, 'E0000006', 'You do not have permission to perform the requested action', [
				`Membership of ${group.type} groups cannot be changed through the API`,
			]);
		}
		const members = this.memberMap(groupId);
		if (!members.has(userId)) return;

		const appsBefore = this.appIdsOfUser(userId);
		members.delete(userId);
		group.lastMembershipUpdated = this.iso();
		this.log('group.user_membership.remove', {
			targets: [this.userTarget(user), this.groupTarget(group)],
			message: 'Remove user from group membership',
		});
		for (const appId of appsBefore) {
			if (!this.appUser(appId, userId)) this.logAppRemoval(appId, user);
		}
	}

	// ---- apps and assignments ----------------------------------------------------------------

	/**
	 * @param {Json} fields
	 * @returns {App}
	 */
	addApp(fields) {
		const created = fields.created ?? this.iso();
		/** @type {App} */
		const app = {
			id: fields.id ?? this.random.id('0oa'),
			name: fields.name ?? 'bookmark',
			label: fields.label,
			status: fields.status ?? 'ACTIVE',
			created,
			lastUpdated: created,
			signOnMode: 'BOOKMARK',
			_seq: ++this.sequence,
		};
		this.apps.set(app.id, app);
		this.appGroups.set(app.id, new Map());
		this.appUsers.set(app.id, new Map());
		return app;
	}

	/** @param {string} appId */
	requireApp(appId) {
		const app = this.apps.get(appId);
		if (!app) throw notFound(`${appId} (AppInstance)`);
		return app;
	}

	/** @param {App} app @param {string} baseUrl */
	appView(app, baseUrl) {
		const { _seq, ...visible } = app;
		const slug = app.label.toLowerCase().replace(/[^a-z0-9]+/g, '');
		return {
			...visible,
			accessibility: { selfService: false, errorRedirectUrl: null, loginRedirectUrl: null },
			visibility: { autoSubmitToolbar: false, hide: { iOS: false, web: false }, appLinks: { login: true } },
			features: [],
			credentials: { userNameTemplate: { template: '${source.login}', type: 'BUILT_IN' }, signing: {} },
			settings: {
				app: { url: `https://${slug}.example.com`, requestIntegration: false },
				notifications: { vpn: { network: { connection: 'DISABLED' } } },
			},
			_links: {
				self: { href: `${baseUrl}/api/v1/apps/${app.id}` },
				users: { href: `${baseUrl}/api/v1/apps/${app.id}/users` },
				groups: { href: `${baseUrl}/api/v1/apps/${app.id}/groups` },
				deactivate: { href: `${baseUrl}/api/v1/apps/${app.id}/lifecycle/deactivate` },
			},
		};
	}

	/**
	 * @param {string} appId @param {string} groupId
	 * @param {{ priority?: number, created?: string }} [options]
	 */
	assignGroup(appId, groupId, options = {}) {
		this.requireApp(appId);
		this.requireGroup(groupId);
		const groups = this.appGroups.get(appId);
		if (!groups) return;
		groups.set(groupId, { priority: options.priority ?? groups.size, created: options.created ?? this.iso() });
	}

	/**
	 * The groups assigned to an app that the user belongs to, in assignment priority order.
	 * @param {string} appId @param {string} userId
	 */
	grantingGroups(appId, userId) {
		const groups = this.appGroups.get(appId) ?? new Map();
		return [...groups.entries()]
			.sort((left, right) => left[1].priority - right[1].priority)
			.map(([groupId]) => this.groups.get(groupId))
			.filter(/** @returns {group is Group} */ (group) => group !== undefined && this.memberMap(group.id).has(userId));
	}

	/**
	 * The user's assignment to an app, as Okta reports it: a direct one has USER scope; a group
	 * grant without one has GROUP scope. Deactivated users keep no assignments.
	 * @param {string} appId @param {string} userId
	 * @returns {AppUserRecord|undefined}
	 */
	appUser(appId, userId) {
		const user = this.users.get(userId);
		if (!user || user.status === 'DEPROVISIONED') return undefined;

		const direct = this.appUsers.get(appId)?.get(userId);
		if (direct) return direct;

		if (this.suppressedGrants.get(appId)?.has(userId)) return undefined;
		const granting = this.grantingGroups(appId, userId);
		if (granting.length === 0) return undefined;

		const since = Math.max(
			Date.parse(this.appGroups.get(appId)?.get(granting[0].id)?.created ?? user.created),
			this.memberMap(granting[0].id).get(userId) ?? 0,
		);
		const time = new Date(since).toISOString();
		return {
			id: userId,
			scope: 'GROUP',
			status: 'ACTIVE',
			syncState: 'DISABLED',
			externalId: null,
			created: time,
			lastUpdated: time,
			statusChanged: time,
			credentials: { userName: user.profile.login },
			profile: {},
		};
	}

	/** @param {string} userId */
	appIdsOfUser(userId) {
		return [...this.apps.keys()].filter((appId) => this.appUser(appId, userId) !== undefined);
	}

	/**
	 * @param {string} appId
	 * @returns {AppUserRecord[]}
	 */
	appUsersOf(appId) {
		this.requireApp(appId);
		/** @type {AppUserRecord[]} */
		const records = [];
		for (const user of this.users.values()) {
			const record = this.appUser(appId, user.id);
			if (record) records.push(record);
		}
		return records;
	}

	/** @param {string} appId @param {AppUserRecord} record @param {string} baseUrl */
	appUserView(appId, record, baseUrl) {
		/** @type {Json} */
		const links = {
			app: { href: `${baseUrl}/api/v1/apps/${appId}` },
			user: { href: `${baseUrl}/api/v1/users/${record.id}` },
		};
		if (record.scope === 'GROUP') {
			const group = this.grantingGroups(appId, record.id)[0];
			if (group) links.group = { name: group.profile.name, href: `${baseUrl}/api/v1/groups/${group.id}` };
		}
		return { ...record, _links: links };
	}

	/**
	 * `POST /api/v1/apps/{appId}/users`: a direct (USER-scope) assignment.
	 * @param {string} appId @param {Json} body
	 */
	assignUser(appId, body) {
		const app = this.requireApp(appId);
		const user = this.users.get(body?.id);
		if (!user) throw notFound(`${body?.id} (User)`);
		if (body.scope !== undefined && body.scope !== 'USER') throw validation(['scope: Only USER scope can be assigned directly']);
		if (user.status === 'DEPROVISIONED') {
			throw new OktaHttpError(403, 'E0000117', 'Cannot assign apps to an inactive user');
		}
		const assignments = this.appUsers.get(appId);
		if (!assignments) throw notFound(appId);
		if (assignments.has(user.id)) {
			throw new OktaHttpError(409, 'E0000062', 'The specified user is already assigned to the application.');
		}

		const now = this.iso();
		/** @type {AppUserRecord} */
		const record = {
			id: user.id,
			scope: 'USER',
			status: 'ACTIVE',
			syncState: 'DISABLED',
			externalId: null,
			created: now,
			lastUpdated: now,
			statusChanged: now,
			credentials: { userName: body.credentials?.userName ?? user.profile.login },
			profile: { ...(body.profile ?? {}) },
		};
		assignments.set(user.id, record);
		this.suppressedGrants.get(appId)?.delete(user.id);
		this.log('application.user_membership.add', {
			targets: [this.userTarget(user), this.appTarget(app)],
			message: 'Add user to application membership',
		});
		return record;
	}

	/**
	 * `POST /api/v1/apps/{appId}/users/{userId}`: updates credentials or profile, or converts scope.
	 * @param {string} appId @param {string} userId @param {Json} body
	 */
	updateAppUser(appId, userId, body) {
		const app = this.requireApp(appId);
		const user = this.users.get(userId);
		const current = this.appUser(appId, userId);
		if (!user || !current) throw notFound(`${userId} (AppUser)`);
		const assignments = /** @type {Map<string, AppUserRecord>} */ (this.appUsers.get(appId));
		const now = this.iso();

		if (body?.scope === 'USER' && current.scope === 'GROUP') {
			assignments.set(userId, { ...current, scope: 'USER', lastUpdated: now });
			this.log('application.user_membership.update', {
				targets: [this.userTarget(user), this.appTarget(app)],
				message: 'Update user application membership: scope GROUP to USER',
			});
			return /** @type {AppUserRecord} */ (assignments.get(userId));
		}
		if (body?.scope === 'GROUP' && current.scope === 'USER') {
			if (this.grantingGroups(appId, userId).length === 0) {
				throw validation(['scope: The user is not a member of a group assigned to this application']);
			}
			assignments.delete(userId);
			this.log('application.user_membership.update', {
				targets: [this.userTarget(user), this.appTarget(app)],
				message: 'Update user application membership: scope USER to GROUP',
			});
			return /** @type {AppUserRecord} */ (this.appUser(appId, userId));
		}

		const updated = {
			...current,
			credentials: { ...current.credentials, ...(body?.credentials ?? {}) },
			profile: { ...current.profile, ...(body?.profile ?? {}) },
			lastUpdated: now,
		};
		if (current.scope === 'USER') assignments.set(userId, updated);
		return updated;
	}

	/**
	 * `DELETE /api/v1/apps/{appId}/users/{userId}`.
	 * @param {string} appId @param {string} userId
	 */
	unassignUser(appId, userId) {
		this.requireApp(appId);
		const user = this.users.get(userId);
		const current = this.appUser(appId, userId);
		if (!user || !current) throw notFound(`${userId} (AppUser)`);

		const forbidden = () =>
			new OktaHttpError(403, 'E0000046', 'Deactivate application for user forbidden.', [
				'The application cannot be unassigned from the user because group memberships grant it.',
			]);
		if (current.scope === 'GROUP') throw forbidden();

		const grantedByGroup = this.grantingGroups(appId, userId).length > 0;
		if (grantedByGroup && this.behaviour.userAssignmentDeleteWhileGroupGrants === 'forbidden') throw forbidden();

		this.appUsers.get(appId)?.delete(userId);
		if (grantedByGroup && this.behaviour.userAssignmentDeleteWhileGroupGrants === 'removed') {
			let suppressed = this.suppressedGrants.get(appId);
			if (!suppressed) {
				suppressed = new Set();
				this.suppressedGrants.set(appId, suppressed);
			}
			suppressed.add(userId);
		}
		if (!this.appUser(appId, userId)) this.logAppRemoval(appId, user);
	}

	/** @param {string} appId @param {User} user */
	logAppRemoval(appId, user) {
		const app = this.apps.get(appId);
		if (!app) return;
		this.log('application.user_membership.remove', {
			targets: [this.userTarget(user), this.appTarget(app)],
			message: 'Remove user from application membership',
		});
	}

	/**
	 * `GET /api/v1/users/{id}/appLinks`: one link per app the user has, direct or through groups.
	 * @param {string} userId @param {string} baseUrl
	 */
	appLinks(userId, baseUrl) {
		return this.appIdsOfUser(userId).map((appId, index) => {
			const app = /** @type {App} */ (this.apps.get(appId));
			return {
				id: `00ub${appId.slice(3, 12)}${userId.slice(3, 10)}`,
				label: app.label,
				linkUrl: `${baseUrl}/home/${app.name}/${app.id}/1`,
				logoUrl: 'https://sandbox.invalid/img/logos/default.png',
				appName: app.name,
				appInstanceId: app.id,
				appAssignmentId: `0ua${appId.slice(3, 12)}${userId.slice(3, 11)}`,
				credentialsSetup: false,
				hidden: false,
				sortOrder: index,
			};
		});
	}

	// ---- System Log ----------------------------------------------------------------------------

	/** @param {User} user */
	userTarget(user) {
		return {
			id: user.id,
			type: 'User',
			alternateId: user.profile.login,
			displayName: `${user.profile.firstName ?? ''} ${user.profile.lastName ?? ''}`.trim(),
			detailEntry: null,
		};
	}

	/** @param {Group} group */
	groupTarget(group) {
		return { id: group.id, type: 'UserGroup', alternateId: 'unknown', displayName: group.profile.name, detailEntry: null };
	}

	/** @param {App} app */
	appTarget(app) {
		return { id: app.id, type: 'AppInstance', alternateId: app.label, displayName: app.label, detailEntry: null };
	}

	/**
	 * Builds a System Log event with Okta's shape.
	 * @param {string} eventType
	 * @param {{ actor?: Json, targets?: Json[], outcome?: string, reason?: string|null, message?: string,
	 *   published?: number, ipAddress?: string, severity?: string }} details
	 * @returns {LogEvent}
	 */
	buildEvent(eventType, details) {
		const admin = this.users.get(this.adminId);
		const actor = details.actor ?? (admin ? { ...this.userTarget(admin), type: 'User' } : { id: 'sandbox', type: 'PublicClientApp' });
		const ipAddress = details.ipAddress ?? `198.51.100.${this.random.int(1, 254)}`;
		return {
			uuid: this.random.uuid(),
			published: this.iso(details.published),
			eventType,
			version: '0',
			severity: details.severity ?? 'INFO',
			legacyEventType: null,
			displayMessage: details.message ?? eventType,
			actor: { ...actor, detailEntry: null },
			client: {
				userAgent: { rawUserAgent: 'Mozilla/5.0 (sandbox)', os: 'Mac OS X', browser: 'CHROME' },
				zone: 'null',
				device: 'Computer',
				id: null,
				ipAddress,
				geographicalContext: {
					city: 'Lisbon',
					state: 'Lisbon',
					country: 'Portugal',
					postalCode: null,
					geolocation: { lat: 38.7, lon: -9.1 },
				},
			},
			outcome: { result: details.outcome ?? 'SUCCESS', reason: details.reason ?? null },
			target: details.targets ?? [],
			transaction: { type: 'WEB', id: this.random.id('Y'), detail: {} },
			debugContext: { debugData: { requestUri: '/api/v1' } },
			authenticationContext: {
				authenticationProvider: null,
				credentialProvider: null,
				credentialType: null,
				issuer: null,
				interface: null,
				authenticationStep: 0,
				externalSessionId: this.random.id('idx'),
			},
			securityContext: { asNumber: null, asOrg: null, isp: null, domain: null, isProxy: null },
			request: { ipChain: [{ ip: ipAddress, geographicalContext: null, version: 'V4', source: null }] },
		};
	}

	/**
	 * Records an event; with a persistence delay it becomes readable only later, as late events do in Okta.
	 * @param {string} eventType
	 * @param {Parameters<Org['buildEvent']>[1] & { persistDelayMs?: number }} details
	 */
	log(eventType, details) {
		const event = this.buildEvent(eventType, details);
		this.storeEvent(event, this.now() + (details.persistDelayMs ?? this.behaviour.logPersistDelayMs));
		return event;
	}

	/**
	 * Stores an event that becomes readable at `persistAt`. Okta orders polling reads by this
	 * persistence time, so an event can appear after newer ones, with an older `published`.
	 * Persistence times never go backwards, so an earlier time is moved up to the last stored event's.
	 * @param {LogEvent} event
	 * @param {number} persistAt
	 */
	storeEvent(event, persistAt) {
		const last = this.events.length > 0 ? this.events[this.events.length - 1].persistedAt : 0;
		const at = Math.max(persistAt, last);
		if (at > this.now()) {
			this.pendingEvents.push({ event, persistAt: at });
			this.pendingEvents.sort((left, right) => left.persistAt - right.persistAt);
		} else {
			this.events.push({ event, persistedAt: at, seq: ++this.eventSequence });
		}
	}

	/** Moves events whose persistence time has come into the readable log. */
	persistDueEvents() {
		const now = this.now();
		while (this.pendingEvents.length > 0 && this.pendingEvents[0].persistAt <= now) {
			const pending = /** @type {{ event: LogEvent, persistAt: number }} */ (this.pendingEvents.shift());
			this.events.push({ event: pending.event, persistedAt: pending.persistAt, seq: ++this.eventSequence });
		}
	}

	retentionStart() {
		return this.now() - RETENTION_MS;
	}
}

module.exports = { Org, DAY_MS, RETENTION_MS, DEFAULT_BEHAVIOUR };
