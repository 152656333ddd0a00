/** Query parameters; undefined values are left out. */
export type QueryValues = Record<string, string | number | boolean | undefined>;

/**
 * Builds an API path whose interpolated values are each encoded as one path segment:
 * apiPath`/api/v1/users/${'pat#ops@example.com'}/groups` → `/api/v1/users/pat%23ops%40example.com/groups`.
 * Empty, `.` and `..` values are rejected, because URL normalisation would turn them into a
 * different endpoint (`/api/v1/users/.` is the user list).
 */
export function apiPath(strings: TemplateStringsArray, ...values: string[]): string {
	let path = strings[0];

	values.forEach((value, index) => {
		const segment = String(value);
		if (segment.trim() === '' || segment === '.' || segment === '..') {
			throw new Error(`Refusing to build an Okta path with the segment "${segment}"`);
		}
		path += encodeURIComponent(segment) + strings[index + 1];
	});

	return path;
}

/** Encodes query parameters exactly once; a space becomes %20 and a plus sign %2B. */
export function encodeQuery(query: QueryValues | undefined): string {
	if (!query) return '';

	const pairs = Object.entries(query)
		.filter(([, value]) => value !== undefined)
		.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);

	return pairs.length > 0 ? `?${pairs.join('&')}` : '';
}

/** Whether two absolute URLs share scheme, host and port. */
export function sameOrigin(url: string, origin: string): boolean {
	try {
		return new URL(url).origin === new URL(origin).origin;
	} catch {
		return false;
	}
}

/** The path and query of an absolute URL, for messages and logs. */
export function pathOf(url: string): string {
	try {
		const parsed = new URL(url);
		return parsed.pathname + parsed.search;
	} catch {
		return url;
	}
}
