'use strict';
/** Cursor paging with Okta's `limit`/`after` parameters and `Link` headers. */
const { OktaHttpError } = require('./errors');

/**
 * Reads `limit` the way Okta does: a default when absent, capped at the endpoint's maximum.
 * @param {URLSearchParams} query
 * @param {{ default: number, max: number, min?: number }} bounds
 */
function readLimit(query, bounds) {
	const raw = query.get('limit');
	if (raw === null || raw === '') return bounds.default;
	const limit = Number(raw);
	if (!Number.isInteger(limit)) {
		throw new OktaHttpError(400, 'E0000001', 'Api validation failed: limit', ['limit: must be a whole number']);
	}
	if (limit < 0) return bounds.default;
	return Math.min(Math.max(limit, bounds.min ?? 1), bounds.max);
}

/**
 * The URL of the next page: the request's own parameters with a new `after`.
 * @param {string} selfUrl
 * @param {string} after
 * @param {string[]} [drop] parameters that must not travel with the cursor (such as `since`)
 */
function nextUrl(selfUrl, after, drop = []) {
	const url = new URL(selfUrl);
	const params = new URLSearchParams(url.search);
	params.delete('after');
	for (const name of drop) params.delete(name);

	const pairs = [`after=${encodeURIComponent(after)}`];
	params.forEach((value, name) => pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`));
	return `${url.origin}${url.pathname}?${pairs.join('&')}`;
}

/**
 * Pages a list by an id cursor: `after` names the last id of the previous page.
 * @template T
 * @param {T[]} items in list order
 * @param {(item: T) => string} keyOf
 * @param {{ query: URLSearchParams, selfUrl: string, limit: number }} request
 * @returns {{ items: T[], next?: string }}
 */
function pageByKey(items, keyOf, request) {
	const after = request.query.get('after');
	let start = 0;
	if (after) {
		const index = items.findIndex((item) => keyOf(item) === after);
		if (index < 0) throw new OktaHttpError(400, 'E0000031', 'Invalid search criteria.', [`after: unknown cursor ${after}`]);
		start = index + 1;
	}

	const page = items.slice(start, start + request.limit);
	const more = start + request.limit < items.length;
	return { items: page, next: more && page.length > 0 ? nextUrl(request.selfUrl, keyOf(page[page.length - 1])) : undefined };
}

module.exports = { readLimit, nextUrl, pageByKey };
