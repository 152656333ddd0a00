/** One link of an RFC 8288 `Link` header: its target and its relation types. */
export interface LinkValue {
	url: string;
	rels: string[];
}

/**
 * Parses one or several `Link` header values into links, in the order they arrive.
 *
 * Okta sends `self` and `next` as two header lines; HTTP clients often join them with commas:
 *   `<https://acme.okta.com/api/v1/users?limit=200>; rel="self", <…?after=00u1&limit=200>; rel="next"`
 *   → [{ url: '…?limit=200', rels: ['self'] }, { url: '…?after=00u1&limit=200', rels: ['next'] }]
 * A character scan, not a regular expression, so hostile input cannot make it backtrack.
 */
export function parseLinkHeader(header: string | string[] | undefined): LinkValue[] {
	if (header === undefined) return [];
	const values = Array.isArray(header) ? header : [header];
	const links: LinkValue[] = [];

	for (const value of values) {
		for (const part of splitOutsideBrackets(value)) {
			const link = parseLinkValue(part);
			if (link) links.push(link);
		}
	}

	return links;
}

/** Returns the URL of the one link whose relation type is exactly `next`, if there is one. */
export function findNextLink(header: string | string[] | undefined): string | undefined {
	const next = parseLinkHeader(header).filter((link) => link.rels.includes('next'));
	return next.length > 0 ? next[0].url : undefined;
}

function splitOutsideBrackets(value: string): string[] {
	const parts: string[] = [];
	let start = 0;
	let inBrackets = false;
	let inQuotes = false;

	for (let index = 0; index < value.length; index++) {
		const char = value[index];
		if (inQuotes) {
			if (char === '\\') index++;
			else if (char === '"') inQuotes = false;
		} else if (char === '<') {
			inBrackets = true;
		} else if (char === '>') {
			inBrackets = false;
		} else if (char === '"' && !inBrackets) {
			inQuotes = true;
		} else if (char === ',' && !inBrackets) {
			parts.push(value.slice(start, index));
			start = index + 1;
		}
	}

	parts.push(value.slice(start));
	return parts;
}

function parseLinkValue(part: string): LinkValue | undefined {
	const text = part.trim();
	if (!text.startsWith('<')) return undefined;

	const end = text.indexOf('>');
	if (end < 0) return undefined;

	const url = text.slice(1, end).trim();
	const rels: string[] = [];

	for (const parameter of text.slice(end + 1).split(';')) {
		const equals = parameter.indexOf('=');
		if (equals < 0) continue;

		const name = parameter.slice(0, equals).trim().toLowerCase();
		if (name !== 'rel') continue;

		const raw = parameter.slice(equals + 1).trim();
		const unquoted = raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
		// A rel value may list several relation types separated by spaces (RFC 8288 §3.3).
		for (const rel of unquoted.split(/\s+/)) {
			if (rel) rels.push(rel.toLowerCase());
		}
	}

	return { url, rels };
}
