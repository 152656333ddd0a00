'use strict';
/** `/api/v1/groups` and group membership. */
const { invalidSearch } = require('../errors');
const { pageByKey, readLimit } = require('../paging');
const { comparisons, evaluate, parseFilter, FilterSyntaxError } = require('../scim-filter');

const FILTER_ATTRIBUTES = new Set(['id', 'type', 'lastUpdated', 'lastMembershipUpdated']);

/**
 * @param {string} expression
 * @param {'search'|'filter'} kind
 */
function parseGroupExpression(expression, kind) {
	let tree;
	try {
		tree = parseFilter(expression);
	} catch (error) {
		throw invalidSearch(`${kind}: ${error instanceof FilterSyntaxError ? error.message : 'invalid expression'}`);
	}
	for (const comparison of comparisons(tree)) {
		if (kind === 'filter' && !FILTER_ATTRIBUTES.has(comparison.path)) {
			throw invalidSearch(`filter: ${comparison.path} cannot be filtered; use search`);
		}
		if (kind === 'search' && !['eq', 'sw', 'co', 'gt', 'ge', 'lt', 'le', 'pr'].includes(comparison.op)) {
			throw invalidSearch(`search: ${comparison.op} is not supported`);
		}
	}
	return tree;
}

/** @type {import('../server').Route[]} */
const routes = [
	{
		method: 'GET',
		pattern: ['api', 'v1', 'groups'],
		handle(context) {
			const { org, query, baseUrl } = context;
			let groups = [...org.groups.values()];
			const q = query.get('q');
			const search = query.get('search');
			const filter = query.get('filter');
			const expand = (query.get('expand') ?? '').split(',');

			const view = (/** @type {import('../org').Group} */ group) => {
				const base = org.groupView(group, baseUrl);
				if (!expand.includes('stats')) return base;
				const appsCount = [...org.appGroups.values()].filter((assigned) => assigned.has(group.id)).length;
				return {
					...base,
					_embedded: { stats: { usersCount: org.memberMap(group.id).size, appsCount, groupPushMappingsCount: 0, hasAdminPrivilege: false } },
				};
			};

			if (q !== null) {
				// A name prefix match; Okta does not page it, so a full page may hide more groups.
				const prefix = q.toLowerCase();
				const limit = readLimit(query, { default: 300, max: 10000 });
				const matches = groups.filter((group) => String(group.profile.name).toLowerCase().startsWith(prefix));
				return { body: matches.slice(0, limit).map(view) };
			}
			if (search !== null) {
				const tree = parseGroupExpression(search, 'search');
				groups = groups.filter((group) => group._searchVisibleAt <= org.now() && evaluate(tree, group));
			} else if (filter !== null) {
				const tree = parseGroupExpression(filter, 'filter');
				groups = groups.filter((group) => evaluate(tree, group));
			}

			const limit = readLimit(query, { default: 10000, max: 10000 });
			const page = pageByKey(groups, (group) => group.id, { query, selfUrl: context.selfUrl, limit });
			return { body: page.items.map(view), next: page.next };
		},
	},
	{
		method: 'GET',
		pattern: ['api', 'v1', 'groups', ':group'],
		handle({ org, params, baseUrl }) {
			return { body: org.groupView(org.requireGroup(params.group), baseUrl) };
		},
	},
	{
		method: 'GET',
		pattern: ['api', 'v1', 'groups', ':group', 'users'],
		handle(context) {
			const { org, params, query, baseUrl } = context;
			org.requireGroup(params.group);
			const users = [...org.memberMap(params.group).keys()]
				.map((userId) => org.users.get(userId))
				.filter(/** @returns {user is import('../org').User} */ (user) => user !== undefined);
			const limit = readLimit(query, { default: 1000, max: 10000 });
			const page = pageByKey(users, (user) => user.id, { query, selfUrl: context.selfUrl, limit });
			return { body: page.items.map((user) => org.userView(user, baseUrl, { inList: true })), next: page.next };
		},
	},
	{
		method: 'PUT',
		pattern: ['api', 'v1', 'groups', ':group', 'users', ':user'],
		handle({ org, params }) {
			org.addMember(params.group, params.user);
			return { status: 204 };
		},
	},
	{
		method: 'DELETE',
		pattern: ['api', 'v1', 'groups', ':group', 'users', ':user'],
		handle({ org, params }) {
			org.removeMember(params.group, params.user);
			return { status: 204 };
		},
	},
	{
		method: 'GET',
		pattern: ['api', 'v1', 'groups', ':group', 'apps'],
		handle(context) {
			const { org, params, query, baseUrl } = context;
			org.requireGroup(params.group);
			const apps = [...org.apps.values()].filter((app) => org.appGroups.get(app.id)?.has(params.group));
			const limit = readLimit(query, { default: 20, max: 200 });
			const page = pageByKey(apps, (app) => app.id, { query, selfUrl: context.selfUrl, limit });
			return { body: page.items.map((app) => org.appView(app, baseUrl)), next: page.next };
		},
	},
];

module.exports = { routes };
