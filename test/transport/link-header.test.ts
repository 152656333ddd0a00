import { findNextLink, parseLinkHeader } from '../../nodes/transport/link-header';

const self = '<https://acme.example.com/api/v1/users?after=00u200&limit=200>; rel="self"';
const next = '<https://acme.example.com/api/v1/users?after=00u400&limit=200>; rel="next"';

describe('Link header parsing', () => {
	test('separate header lines', () => {
		expect(findNextLink([self, next])).toBe('https://acme.example.com/api/v1/users?after=00u400&limit=200');
	});

	test('one combined header line', () => {
		expect(findNextLink(`${self}, ${next}`)).toBe('https://acme.example.com/api/v1/users?after=00u400&limit=200');
	});

	test('next listed before self', () => {
		expect(findNextLink([next, self])).toBe('https://acme.example.com/api/v1/users?after=00u400&limit=200');
	});

	test('only self means no next page', () => {
		expect(findNextLink(self)).toBeUndefined();
	});

	test('no header means no next page', () => {
		expect(findNextLink(undefined)).toBeUndefined();
	});

	test('rel must be exactly next', () => {
		expect(findNextLink('<https://acme.example.com/a>; rel="nextpage", <https://acme.example.com/b>; rel="prev"')).toBeUndefined();
	});

	test('rel with several types and odd spacing', () => {
		expect(findNextLink('<https://acme.example.com/b> ;REL = "prefetch NEXT"')).toBe('https://acme.example.com/b');
	});

	test('commas inside the URL and quoted parameters', () => {
		const links = parseLinkHeader('<https://acme.example.com/x?a=1,2>; title="a, b"; rel="next", <https://acme.example.com/y>; rel="self"');

		expect(links).toEqual([
			{ url: 'https://acme.example.com/x?a=1,2', rels: ['next'] },
			{ url: 'https://acme.example.com/y', rels: ['self'] },
		]);
	});

	test('malformed parts are skipped', () => {
		expect(parseLinkHeader('garbage, <https://acme.example.com/z>; rel="next", <unterminated')).toEqual([
			{ url: 'https://acme.example.com/z', rels: ['next'] },
		]);
	});

	test('hostile input is parsed in linear time', () => {
		const hostile = '<'.repeat(50_000) + ';'.repeat(50_000) + '"'.repeat(50_000);
		const started = Date.now();

		parseLinkHeader(hostile);

		expect(Date.now() - started).toBeLessThan(500);
	});
});
