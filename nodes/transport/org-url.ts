/** Okta's own org domains; a `-admin` host on one of them is the Admin Console, not the API. */
const OKTA_DOMAINS = [
	'okta.com',
	'okta-emea.com',
	'oktapreview.com',
	'okta-gov.com',
	'okta.mil',
	'okta-miltest.com',
	'trex-gov.com',
];

const EXAMPLE_URL = 'https://acme.okta.com';

/** The org's origin, or why the URL cannot be used and how to fix it. */
export type OrgUrlResult = { origin: string; error?: undefined } | { origin?: undefined; error: string };

/**
 * Turns the org URL a user typed into the origin every request goes to.
 *
 * `  https://acme.oktapreview.com/api/v1/ ` → `https://acme.oktapreview.com`.
 * Custom domains and any port are accepted; plain http only for loopback hosts, which the
 * sandbox org uses.
 */
export function normalizeOrgUrl(input: unknown): OrgUrlResult {
	const text = typeof input === 'string' ? input.trim() : '';
	if (text === '') {
		return invalid(`The org URL is empty. Enter your Okta org's URL, for example ${EXAMPLE_URL}`);
	}

	if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
		if (!text.includes('.')) {
			return invalid(
				`The org URL "${text}" is only a name. Enter the full URL, for example https://${text}.okta.com`,
			);
		}
		return invalid(`The org URL "${text}" has no scheme. Enter it as https://${text.replace(/\/+$/, '')}`);
	}

	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return invalid(`The org URL "${text}" is not a valid URL. Enter it like ${EXAMPLE_URL}`);
	}

	const host = url.hostname.toLowerCase();
	const loopback = isLoopbackHost(host);

	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
		return invalid(
			`The org URL "${text}" must use https. Enter it as https://${url.host}`,
		);
	}
	if (url.username || url.password) {
		return invalid('The org URL must not contain a user name or password. Put the API token in the API Token field');
	}
	if (url.search || url.hash) {
		return invalid(`The org URL "${text}" must not have a query or fragment. Enter it as ${url.origin}`);
	}

	const adminSuffix = adminConsoleSuffix(host);
	if (adminSuffix) {
		const orgHost = host.replace(adminSuffix.label, adminSuffix.replacement);
		return invalid(
			`The org URL "${text}" is the Admin Console. The API lives on the org's own host: enter https://${orgHost}${url.port ? `:${url.port}` : ''}`,
		);
	}

	const path = url.pathname.replace(/\/+$/, '');
	if (path !== '' && path.toLowerCase() !== '/api/v1') {
		return invalid(`The org URL "${text}" has a path (${url.pathname}). Enter only the org's address: ${url.origin}`);
	}

	return { origin: url.origin };
}

function invalid(error: string): OrgUrlResult {
	return { error };
}

/** Whether a host name is on the loopback interface: localhost, 127.0.0.0/8 or ::1. */
export function isLoopbackHost(host: string): boolean {
	const name = host.toLowerCase().replace(/^\[|\]$/g, '');
	if (name === 'localhost' || name === '::1') return true;

	const octets = name.split('.');
	return (
		octets.length === 4 &&
		octets[0] === '127' &&
		octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255)
	);
}

function adminConsoleSuffix(host: string): { label: string; replacement: string } | undefined {
	const firstDot = host.indexOf('.');
	if (firstDot < 0) return undefined;

	const label = host.slice(0, firstDot);
	const domain = host.slice(firstDot + 1);
	if (!label.endsWith('-admin') || !OKTA_DOMAINS.includes(domain)) return undefined;

	return { label, replacement: label.slice(0, -'-admin'.length) };
}
