'use strict';
/**
 * Where Okta's real behaviour differs from its OpenAPI document (management-minimal.yaml), each
 * with the reason. An exchange problem that matches one of these is not a contract failure.
 *
 * @typedef {{ where: string, message: string, data?: unknown }} Problem
 * @typedef {{ method: string, path: string, status: number, body: unknown }} Exchange
 * @typedef {{ id: string, reason: string, matches: (operation: string, problem: Problem, exchange: Exchange) => boolean }} KnownGap
 */

const LIST_OPERATIONS = ['GET /api/v1/users', 'GET /api/v1/groups', 'GET /api/v1/apps'];

/** @type {KnownGap[]} */
const KNOWN_GAPS = [
	{
		id: 'undeclared-401',
		reason: 'No operation lists 401, although every call answers 401 E0000011 to a bad, revoked or expired token.',
		matches: (_operation, problem) => problem.where === 'response 401' && problem.message.startsWith('status is not declared'),
	},
	{
		id: 'undeclared-400-on-lists',
		reason: 'The user, group and app lists declare no 400, although an invalid search or filter gets 400 E0000031.',
		matches: (operation, problem) => LIST_OPERATIONS.includes(operation) && problem.where === 'response 400',
	},
	{
		id: 'undeclared-405-get-user',
		reason: 'Getting a user declares no 405, although a login containing / gets 405 E0000022.',
		matches: (operation, problem) => operation === 'GET /api/v1/users/{id}' && problem.where === 'response 405',
	},
	{
		id: 'undeclared-409-assign',
		reason: 'Assigning a user to an app declares no 409, although an existing assignment gets 409 E0000062.',
		matches: (operation, problem) => operation === 'POST /api/v1/apps/{appId}/users' && problem.where === 'response 409',
	},
	{
		id: 'undeclared-411',
		reason: 'No operation declares 411, the answer to a body-less POST or PUT without Content-Length.',
		matches: (_operation, problem) => problem.where === 'response 411',
	},
	{
		id: 'app-user-scope',
		reason:
			'The app-user update body has no scope, although {"scope":"USER"} or {"scope":"GROUP"} is how Okta converts an assignment between group and individual.',
		matches: (operation, problem, exchange) =>
			operation === 'POST /api/v1/apps/{appId}/users/{userId}' &&
			problem.where.startsWith('request body') &&
			typeof exchange.body === 'object' &&
			exchange.body !== null &&
			'scope' in exchange.body,
	},
	{
		id: 'apps-embedded-user',
		reason: 'Application._embedded.user is declared so that no real embedded app user (from expand=user/{id}) fits it.',
		matches: (operation, problem) => operation === 'GET /api/v1/apps' && /\/_embedded/.test(problem.where),
	},
	{
		id: 'unpaged-lists-paging',
		reason:
			"A user's groups and app links are documented as unpaged, but Okta sends next links on them in large orgs, and the package follows every next link Okta sends.",
		matches: (operation, problem) =>
			['GET /api/v1/users/{id}/groups', 'GET /api/v1/users/{id}/appLinks'].includes(operation) && problem.where === 'query after',
	},
	{
		id: 'log-event-nulls',
		reason:
			'System Log events carry null in fields the document does not declare nullable (detailEntry, authenticationContext fields, client.id, postalCode, outcome.reason, ipChain source, legacyEventType).',
		matches: (operation, problem) =>
			operation === 'GET /api/v1/logs' && (problem.message.startsWith('type:') || problem.message.startsWith('enum:')) && problem.data === null,
	},
	{
		id: 'app-user-external-id',
		reason: 'AppUser.externalId is null on SSO-only apps, although the document does not declare it nullable.',
		matches: (operation, problem) =>
			operation.startsWith('GET /api/v1/apps') || operation.startsWith('POST /api/v1/apps')
				? /\/externalId$/.test(problem.where) && problem.data === null
				: false,
	},
	{
		id: 'app-accessibility-nulls',
		reason: 'The redirect URLs in Application.accessibility are null in real responses and in the document\'s own examples.',
		matches: (operation, problem) =>
			(operation.startsWith('GET /api/v1/apps') || operation === 'GET /api/v1/groups/{groupId}/apps') &&
			/\/accessibility\/(errorRedirectUrl|loginRedirectUrl)$/.test(problem.where) && problem.data === null,
	},
];

module.exports = { KNOWN_GAPS };
