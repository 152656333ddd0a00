import { normalizeOrgUrl } from '../../nodes/transport/org-url';

describe('org URL normalisation', () => {
	test.each([
		['https://acme.okta.com', 'https://acme.okta.com'],
		['  https://acme.okta-emea.com/  ', 'https://acme.okta-emea.com'],
		['https://acme.oktapreview.com/api/v1/', 'https://acme.oktapreview.com'],
		['https://acme.oktapreview.com/API/V1', 'https://acme.oktapreview.com'],
		['https://login.example.com', 'https://login.example.com'],
		['https://acme.okta-gov.com', 'https://acme.okta-gov.com'],
		['https://acme.okta.mil', 'https://acme.okta.mil'],
		['https://acme.example.com:8443/', 'https://acme.example.com:8443'],
		['http://127.0.0.1:4010', 'http://127.0.0.1:4010'],
		['http://127.0.0.2:4010/api/v1', 'http://127.0.0.2:4010'],
		['http://localhost:4010', 'http://localhost:4010'],
		['http://[::1]:4010', 'http://[::1]:4010'],
	])('accepts %s', (input, origin) => {
		expect(normalizeOrgUrl(input)).toEqual({ origin });
	});

	test('rejects the Admin Console host with the org URL', () => {
		const result = normalizeOrgUrl('https://acme-admin.okta.com');

		expect(result.origin).toBeUndefined();
		expect(result.error).toContain('Admin Console');
		expect(result.error).toContain('https://acme.okta.com');
	});

	test('rejects a preview Admin Console host', () => {
		expect(normalizeOrgUrl('https://acme-admin.oktapreview.com/').error).toContain('https://acme.oktapreview.com');
	});

	test('accepts a custom domain ending in -admin', () => {
		expect(normalizeOrgUrl('https://sso-admin.example.com')).toEqual({ origin: 'https://sso-admin.example.com' });
	});

	test('rejects a bare subdomain with the full form', () => {
		const result = normalizeOrgUrl('acme');

		expect(result.error).toContain('https://acme.okta.com');
	});

	test('rejects a host without scheme', () => {
		expect(normalizeOrgUrl('acme.okta.com').error).toContain('https://acme.okta.com');
	});

	test('rejects plain http for a remote host', () => {
		expect(normalizeOrgUrl('http://acme.okta.com').error).toContain('must use https');
	});

	test('rejects http for a host that only looks local', () => {
		expect(normalizeOrgUrl('http://127.0.0.1.example.com').error).toContain('must use https');
	});

	test('rejects credentials in the URL', () => {
		expect(normalizeOrgUrl('https://admin:secret@acme.okta.com').error).toContain('user name or password');
	});

	test('rejects other paths with the origin', () => {
		expect(normalizeOrgUrl('https://acme.okta.com/app/UserHome').error).toContain('https://acme.okta.com');
	});

	test('rejects an empty URL', () => {
		expect(normalizeOrgUrl('   ').error).toContain('empty');
	});

	test('rejects a value that is not text', () => {
		expect(normalizeOrgUrl(undefined).error).toContain('empty');
	});
});
