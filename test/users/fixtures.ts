/** Small builders shared by the user and group tests. */
import type { INodeParameterResourceLocator } from 'n8n-workflow';

import type { Sandbox } from '../../sandbox/server';
import type { OktaCredentialData } from '../support/harness';

export function credentialsOf(sandbox: Sandbox): OktaCredentialData {
	return { url: sandbox.url, apiToken: sandbox.token };
}

/**
 * Adds a user with any other profile fields and user fields given. The email is the login, with
 * quotes and non-ASCII letters dropped, because Okta's OpenAPI document types email as an
 * `email` format that allows neither, while a login may contain both.
 */
export function addPerson(
	sandbox: Sandbox,
	login: string,
	profile: Record<string, unknown> = {},
	fields: Record<string, unknown> = {},
) {
	const email = login.normalize('NFD').replace(/[^\x20-\x7e]|"/g, '');
	return sandbox.org.addUser({ profile: { login, email, firstName: 'Test', lastName: 'Person', ...profile }, ...fields });
}

/** Builds a user resource locator value. */
export function userKey(mode: 'id' | 'login' | 'list', value: string): INodeParameterResourceLocator {
	return { __rl: true, mode, value };
}

/** Builds a group resource locator value. */
export function groupKey(mode: 'id' | 'name' | 'list', value: string): INodeParameterResourceLocator {
	return { __rl: true, mode, value };
}

/** Checks whether any recorded request used Okta's unpaged `q` parameter. */
export function usedQ(sandbox: Sandbox): boolean {
	return sandbox.requests.some((request) => 'q' in request.query);
}
