import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/**
 * The org URL as the credential test sends it: trimmed, without a trailing slash or `/api/v1`.
 * An Admin Console host, a URL without https (except on loopback hosts) or text that is not a
 * URL becomes an address under the reserved `.invalid` domain, which never resolves, so the
 * token is never sent there. The nodes apply the same rules in `normalizeOrgUrl`, with messages.
 */
export const CREDENTIAL_TEST_BASE_URL = `={{ (() => {
	const url = String($credentials.url).trim().replace(/\\/+$/, '').replace(/\\/api\\/v1$/i, '');
	const match = /^(https?):\\/\\/([^/:?#]+)(:\\d+)?$/i.exec(url);
	const rejected = 'https://invalid-org-url.invalid';
	if (!match) return rejected;
	const host = match[2].toLowerCase();
	const loopback = host === 'localhost' || /^127(\\.\\d{1,3}){3}$/.test(host);
	if (match[1].toLowerCase() !== 'https' && !loopback) return rejected;
	if (/^[^.]+-admin\\.(okta|oktapreview|okta-emea|okta-gov|okta-miltest|trex-gov)\\.com$/.test(host) || /^[^.]+-admin\\.okta\\.mil$/.test(host)) return rejected;
	return url;
})() }}`;

export class OktaLifecycleApi implements ICredentialType {
	name = 'oktaLifecycleApi';

	// n8n's lint requires credential names to end in API. This credential contains an Okta API token.
	displayName = 'Okta Lifecycle API';

	icon: Icon = { light: 'file:okta.svg', dark: 'file:okta.dark.svg' };

	documentationUrl = 'https://github.com/okta-lifecycle/n8n-nodes-okta-lifecycle#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Org URL',
			name: 'url',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://acme.okta.com',
			description:
				'Your Okta org\'s address, such as https://acme.okta.com, https://acme.oktapreview.com or a custom domain. Not the Admin Console address (acme-admin.okta.com).',
		},
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'An Okta API token (Security > API > Tokens). It acts with the privileges of the admin who created it; use a dedicated service account with only the permissions you need.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=SSWS {{$credentials.apiToken}}',
			},
		},
	};

	// GET /api/v1/users/me returns the token's own admin: one cheap request any admin token may make.
	test: ICredentialTestRequest = {
		request: {
			baseURL: CREDENTIAL_TEST_BASE_URL,
			url: '/api/v1/users/me',
			headers: { Accept: 'application/json' },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'The API token is invalid, revoked or expired. Create a new token in Okta under Security > API > Tokens.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: "The token's admin may not read users. Give the service account the Read-only Administrator role.",
				},
			},
		],
	};
}
