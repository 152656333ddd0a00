'use strict';
/** `/api/v1/apps`, app users (assignments) and app groups. */
const { invalidSearch, notFound } = require('../errors');
const { pageByKey, readLimit } = require('../paging');
const { comparisons, evaluate, parseFilter, FilterSyntaxError } = require('../scim-filter');

/**
 * Applies the app list's `filter`, including `user.id eq "…"` and `group.id eq "…"`, which Okta
 * still accepts although its spec no longer lists them.
 * @param {import('../org').Org} org
 * @param {string} expression
 */
function appFilter(org, expression) {
	let tree;
	try {
		tree = parseFilter(expression);
	} catch (error) {
		throw invalidSearch(`filter: ${error instanceof FilterSyntaxError ? error.message : 'invalid expression'}`);
	}
	for (const comparison of comparisons(tree)) {
		if (!['id', 'status', 'name', 'user.id', 'group.id', 'credentials.signing.kid', 'settings.slo.enabled'].includes(comparison.path)) {
			throw invalidSearch(`filter: ${comparison.path} cannot be filtered`);
		}
		if (comparison.op !== 'eq') throw invalidSearch(`filter: only eq is supported`);
	}
	return (/** @type {import('../org').App} */ app) =>
		evaluate(tree, {
			...app,
			user: { id: [...org.users.keys()].filter((userId) => org.appUser(app.id, userId) !== undefined) },
			group: { id: [...(org.appGroups.get(app.id)?.keys() ?? [])] },
		});
}

/** @type {import('../server').Route[]} */
const routes = [
	{
		method: 'GET',
		pattern: ['api', 'v1', 'apps'],
		handle(context) {
			const { org, query, baseUrl } = context;
			let apps = [...org.apps.values()];
			const q = query.get('q');
			const filter = query.get('filter');
			const expand = query.get('expand') ?? '';

			if (q !== null) {
				const prefix = q.toLowerCase();
				apps = apps.filter((app) => app.name.toLowerCase().startsWith(prefix) || app.label.toLowerCase().startsWith(prefix));
			}
			if (filter !== null) apps = apps.filter(appFilter(org, filter));

			const limit = readLimit(query, { default: 20, max: 200 });
			const page = pageByKey(apps, (app) => app.id, { query, selfUrl: context.selfUrl, limit });
			const expandUser = expand.startsWith('user/') ? expand.slice('user/'.length) : undefined;

			return {
				body: page.items.map((app) => {
					const view = org.appView(app, baseUrl);
					if (!expandUser) return view;
					const record = org.appUser(app.id, expandUser);
					return record ? { ...view, _embedded: { user: org.appUserView(app.id, record, baseUrl) } } : view;
				}),
				next: page.next,
			};
		},
	},
	{
		method: 'GET',
		pattern: ['api', 'v1', 'apps', ':app'],
		handle({ org, params, baseUrl }) {
			return { body: org.appView(org.requireApp(params.app), baseUrl) };
		},
	},
	{
		method: 'GET',
		pattern: ['api', 'v1', 'apps', ':app', 'users'],
		handle(context) {
			const { org, params, query, baseUrl } = context;
			let records = org.appUsersOf(params.app);
			const q = query.get('q');
			if (q !== null) {
				const prefix = q.toLowerCase();
				records = records.filter((record) => {
					const user = org.users.get(record.id);
					return ['login', 'firstName', 'lastName', 'email'].some((field) => String(user?.profile[field] ?? '').toLowerCase().startsWith(prefix));
				});
			}
			const limit = readLimit(query, { default: 50, max: 500 });
			const page = pageByKey(records, (record) => record.id, { query, selfUrl: context.selfUrl, limit });
			const expandUser = query.get('expand') === 'user';
			return {
				body: page.items.map((record) => {
					const view = org.appUserView(params.app, record, baseUrl);
					const user = org.users.get(record.id);
					return expandUser && user ? { ...view, _embedded: { user: org.userView(user, baseUrl, { inList: true }) } } : view;
				}),
				next: page.next,
			};
		},
	},
	{
		method: 'POST',
		pattern: ['api', 'v1', 'apps', ':app', 'users'],
		handle({ org, params, body, baseUrl }) {
			const record = org.assignUser(params.app, body);
			return { body: org.appUserView(params.app, record, baseUrl) };
		},
	},
	{
		method: 'GET',
		pattern: ['api', 'v1', 'apps', ':app', 'users', ':user'],
		handle({ org, params, baseUrl }) {
			org.requireApp(params.app);
			const record = org.appUser(params.app, params.user);
			if (!record) throw notFound(`${params.user} (AppUser)`);
			return { body: org.appUserView(params.app, record, baseUrl) };
		},
	},
	{
		method: 'POST',
		pattern: ['api', 'v1', 'apps', ':app', 'users', ':user'],
		handle({ org, params, body, baseUrl }) {
			const record = org.updateAppUser(params.app, params.user, body);
			return { body: org.appUserView(params.app, record, baseUrl) };
		},
	},
	{
		method: 'DELETE',
		pattern: ['api', 'v1', 'apps', ':app', 'users', ':user'],
		handle({ org, params }) {
			org.unassignUser(params.app, params.user);
			return { status: 204 };
		},
	},
	{
		method: 'GET',
		pattern: ['api', 'v1', 'apps', ':app', 'groups'],
		handle(context) {
			const { org, params, query, baseUrl } = context;
			org.requireApp(params.app);
			const assignments = [...(org.appGroups.get(params.app)?.entries() ?? [])].sort((left, right) => left[1].priority - right[1].priority);
			const limit = readLimit(query, { default: 20, max: 200, min: 20 });
			const page = pageByKey(assignments, ([groupId]) => groupId, { query, selfUrl: context.selfUrl, limit });
			// `expand=group` embeds each assigned group, as Okta documents for this listing.
			const expandGroup = query.get('expand') === 'group';
			return {
				body: page.items.map(([groupId, assignment]) => {
					const group = org.groups.get(groupId);
					return {
						id: groupId,
						priority: assignment.priority,
						profile: {},
						...(expandGroup && group ? { _embedded: { group: org.groupView(group, baseUrl) } } : {}),
						_links: {
							app: { href: `${baseUrl}/api/v1/apps/${params.app}` },
							group: { href: `${baseUrl}/api/v1/groups/${groupId}` },
						},
					};
				}),
				next: page.next,
			};
		},
	},
];

module.exports = { routes };
