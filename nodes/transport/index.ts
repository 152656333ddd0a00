import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, ILoadOptionsFunctions, IPollFunctions } from 'n8n-workflow';

import { version } from '../../package.json';
import { OktaClient } from './okta-client';
import type { HttpResponse, OktaClientOptions, SendRequest } from './okta-client';
import { normalizeOrgUrl } from './org-url';

export { OktaClient } from './okta-client';
export type { OktaRequest, OktaResponse } from './okta-client';
export { apiPath } from './url';
export { isOktaError, oktaErrorDetails } from './errors';

export const CREDENTIAL_TYPE = 'oktaLifecycleApi';
export const USER_AGENT = `n8n-nodes-okta-lifecycle/${version}`;

type OktaContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

/** Options a node may set on its client; the rest comes from the credential. */
export type ClientSettings = Pick<OktaClientOptions, 'maxPages' | 'maxConcurrency' | 'throttleThreshold' | 'retry'>;

/**
 * Builds the Okta client for one node run. The org URL is checked here, so a wrong URL fails
 * before any request; requests then go through n8n's own HTTP helper with the credential.
 */
export async function createOktaClient(context: OktaContext, settings: ClientSettings = {}): Promise<OktaClient> {
	const credentials = await context.getCredentials<{ url?: string }>(CREDENTIAL_TYPE);

	const { origin, error } = normalizeOrgUrl(credentials.url);
	if (origin === undefined) {
		throw new NodeOperationError(context.getNode(), error, {
			description: 'Fix the Org URL in the Okta credential.',
		});
	}

	const send: SendRequest = async (request) => {
		const response = (await context.helpers.httpRequestWithAuthentication.call(context, CREDENTIAL_TYPE, {
			method: request.method,
			url: request.url,
			headers: request.headers,
			body: request.body,
			json: false,
			encoding: 'text',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
			timeout: 60_000,
		})) as { statusCode: number; headers: HttpResponse['headers']; body: unknown };

		return {
			statusCode: response.statusCode,
			headers: response.headers ?? {},
			body: typeof response.body === 'string' ? response.body : response.body === undefined ? '' : JSON.stringify(response.body),
		};
	};

	return new OktaClient({
		origin,
		send,
		node: context.getNode(),
		userAgent: USER_AGENT,
		logger: context.logger,
		...settings,
	});
}
