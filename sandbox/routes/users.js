'use strict';
/** `/api/v1/users` and its sub-resources. */
const { invalidSearch } = require('../errors');
const { pageByKey, readLimit } = require('../paging');
const { comparisons, evaluate, parseFilter, FilterSyntaxError } = require('../scim-filter');

/** Attributes Okta's user `filter` parameter accepts; anything else needs `search`. */
const FILTER_ATTRIBUTES = new Set([
	'status', 'lastUpdated', 'id', 'profile.login', 'profile.email', 'profile.firstName', 'profile.lastName',
]);

/**
 * @param {string} expression
 * @param {'search'|'filter'} kind
 */
function parseUserExpression(expression, kind) {
	let tree;
	try {
		tree = parseFilter(expression);
	} catch (error) {
		throw invalidSearch(`${kind}: ${error instanceof FilterSyntaxError ? error.message : 'invalid expression'}`);
	}
	for (const comparison of comparisons(tree)) {
		if (comparison.op === 'ne') throw invalidSearch(`${kind}: the ne operator is not supported`);
		if (kind === 'filter') {
			if (!FILTER_ATTRIBUTES.has(comparison.path)) throw invalidSearch(`filter: ${comparison.path} cannot be filtered; use search`);
			const range = ['gt', 'ge', 'lt', 'le'].includes(comparison.op);
			if (comparison.op !== 'eq' && !(range && comparison.path === 'lastUpdated')) {
				throw invalidSearch(`filter: ${comparison.op} is not supported for ${comparison.path}`);
			}
		} else if (comparison.op === 'co' && !['profile.firstName', 'profile.lastName', 'profile.email', 'profile.login'].includes(comparison.path)) {
			throw invalidSearch(`search: co is only supported for firstName, lastName, email and login`);
		}
	}
	return tree;
}

/** @type {import('../server').Route[]} */
const routes = [
	{
		method: 'GET',
		pattern: ['api', 'v1', 'users'],
		handle(context) {
			const { org, query, baseUrl } = context;
			const now = org.now();
			let users = [...org.users.values()];
			const q = query.get('q');
			// Okta lists users as if an empty search were absent: n8n's built-in Okta node sends `search=`
			// on every page and gets users (https://github.com/n8n-io/n8n/issues/11444).
			const search = query.get('search') || null;
			const filter = query.get('filter');

			if (q !== null) {
				// `q` is a prefix match that Okta neither pages nor applies to deactivated users.
				const prefix = q.toLowerCase();
				const limit = readLimit(query, { default: 10, max: 200 });
				const matches = users.filter(
					(user) =>
						user.status !== 'DEPROVISIONED' &&
						['firstName', 'lastName', 'email', 'login'].some((field) => String(user.profile[field] ?? '').toLowerCase().startsWith(prefix)),
				);
				return { body: matches.slice(0, limit).map((user) => org.userView(user, baseUrl, { inList: true })) };
			}

			if (search !== null) {
				const tree = parseUserExpression(search, 'search');
				// The search index lags behind writes, so a user created a moment ago is not found yet.
				users = users.filter((user) => user._searchVisibleAt <= now && evaluate(tree, user));
				const sortBy = query.get('sortBy');
				if (sortBy) {
					const descending = query.get('sortOrder')?.toLowerCase() === 'desc';
					users.sort((left, right) => {
						const a = String(readDotted(left, sortBy) ?? '');
						const b = String(readDotted(right, sortBy) ?? '');
						return (a < b ? -1 : a > b ? 1 : 0) * (descending ? -1 : 1);
					});
				}
			} else if (filter !== null) {
				const tree = parseUserExpression(filter, 'filter');
				users = users.filter((user) => evaluate(tree, user));
			} else {
				users = users.filter((user) => user.status !== 'DEPROVISIONED');
			}

			const limit = readLimit(query, { default: 200, max: 200 });
			const page = pageByKey(users, (user) => user.id, { query, selfUrl: context.selfUrl, limit });
			return { body: page.items.map((user) => org.userView(user, baseUrl, { inList: true })), next: page.next };
		},
	},
	{
		method: 'POST',
		pattern: ['api', 'v1', 'users'],
		handle({ org, query, body, baseUrl }) {
			const activate = query.get('activate') !== 'false';
			const user = org.createUser(body, { activate, nextLogin: query.get('nextLogin') ?? undefined });
			return { body: org.userView(user, baseUrl) };
		},
	},
	{
		method: 'GET',
		pattern: ['api', 'v1', 'users', ':user'],
		handle({ org, params, baseUrl }) {
			const user = org.requireUser(params.user);
			return { body: org.userView(user, baseUrl, { countRead: true }) };
		},
	},
	{
		method: 'POST',
		pattern: ['api', 'v1', 'users', ':user'],
		handle({ org, params, body, baseUrl }) {
			return { body: org.userView(org.updateUser(params.user, body, false), baseUrl) };
		},
	},
	{
		method: 'PUT',
		pattern: ['api', 'v1', 'users', ':user'],
		handle({ org, params, body, baseUrl }) {
			return { body: org.userView(org.updateUser(params.user, body, true), baseUrl) };
		},
	},
	{
		method: 'DELETE',
		pattern: ['api', 'v1', 'users', ':user'],
		handle({ org, params }) {
			org.deleteUser(params.user);
			return { status: 204 };
		},
	},
	{
		method: 'GET',
		pattern: ['api', 'v1', 'users', ':user', 'groups'],
		handle(context) {
			const { org, params, baseUrl, sandbox } = context;
			const user = org.requireUser(params.user);
			const groups = org.groupsOfUser(user.id);
			return pageUnpaged(groups, (group) => group.id, context, sandbox.faults.pageUnpagedLists, (group) => org.groupView(group, baseUrl));
		},
	},
	{
		method: 'GET',
		pattern: ['api', 'v1', 'users', ':user', 'appLinks'],
		handle(context) {
			const { org, params, baseUrl, sandbox } = context;
			const user = org.requireUser(params.user);
			const links = org.appLinks(user.id, baseUrl);
			return pageUnpaged(links, (link) => link.id, context, sandbox.faults.pageUnpagedLists, (link) => link);
		},
	},
	{
		method: 'POST',
		pattern: ['api', 'v1', 'users', ':user', 'lifecycle', ':operation'],
		handle({ org, params, query, headers }) {
			const sendEmail = query.get('sendEmail');
			const operation = params.operation;
			const defaultEmail = operation === 'activate';
			const result = org.lifecycle(params.user, operation, {
				sendEmail: sendEmail === null ? defaultEmail : sendEmail === 'true',
				async: String(headers.prefer ?? '').includes('respond-async'),
			});
			return { status: result.status, body: result.body };
		},
	},
	{
		method: 'DELETE',
		pattern: ['api', 'v1', 'users', ':user', 'sessions'],
		handle({ org, params, query }) {
			// This path takes the user id only, not a login.
			org.clearSessions(params.user, {
				oauthTokens: query.get('oauthTokens') === 'true',
				forgetDevices: query.get('forgetDevices') !== 'false',
			});
			return { status: 204 };
		},
	},
];

/**
 * Serves a list Okta documents as unpaged; a fault switch makes it page, as some orgs do.
 * @template T
 * @param {T[]} items
 * @param {(item: T) => string} keyOf
 * @param {import('../server').RouteContext} context
 * @param {number} pageSize 0 for one unpaged answer
 * @param {(item: T) => unknown} view
 */
function pageUnpaged(items, keyOf, context, pageSize, view) {
	if (!pageSize) return { body: items.map(view) };
	const page = pageByKey(items, keyOf, { query: context.query, selfUrl: context.selfUrl, limit: pageSize });
	return { body: page.items.map(view), next: page.next };
}

/**
 * @param {unknown} object
 * @param {string} path
 */
function readDotted(object, path) {
	return path.split('.').reduce((/** @type {any} */ value, key) => (value == null ? undefined : value[key]), object);
}

module.exports = { routes, pageUnpaged };

