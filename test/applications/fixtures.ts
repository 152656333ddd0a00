/**
 * A small exact org for the application tests: Jane is in Engineering, which grants Wiki and
 * CRM; Everyone grants Chat; AD-Sales (an imported APP_GROUP) grants Payroll.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../sandbox/server';
import { runNode } from '../support/harness';
import type { RunResult } from '../support/harness';

export const JANE = '00uJANE0000000000001';
export const SAM = '00uSAM00000000000002';
export const EVERYONE = '00gEVERYONE000000001';
export const ENGINEERING = '00gENGINEERING000002';
export const DESIGN = '00gDESIGN00000000003';
export const AD_SALES = '00gADSALES0000000004';
export const WIKI = '0oaWIKI0000000000001';
export const CRM = '0oaCRM00000000000002';
export const CHAT = '0oaCHAT0000000000003';
export const PAYROLL = '0oaPAYROLL000000004';
export const TRACKER = '0oaTRACKER000000005';

export type Behaviour = 'removed' | 'forbidden' | 'revert';

/** Starts an empty sandbox with the fixture org; rate limits stay on, as in Okta. */
export async function startFixtureOrg(options: { behaviour?: Behaviour } = {}): Promise<Sandbox> {
	const sandbox = await startSandbox({
		empty: true,
		behaviour: { userAssignmentDeleteWhileGroupGrants: options.behaviour ?? 'removed' },
	});
	const { org } = sandbox;

	org.addGroup({ id: EVERYONE, name: 'Everyone', type: 'BUILT_IN' });
	org.addUser({ id: JANE, profile: { login: 'jane.roe@example.com', email: 'jane.roe@example.com', firstName: 'Jane', lastName: 'Roe' } });
	org.addUser({ id: SAM, profile: { login: 'sam.lee@example.com', email: 'sam.lee@example.com', firstName: 'Sam', lastName: 'Lee' } });

	org.addGroup({ id: ENGINEERING, name: 'Engineering' });
	org.addGroup({ id: DESIGN, name: 'Design' });
	org.addGroup({ id: AD_SALES, name: 'AD-Sales', type: 'APP_GROUP' });
	org.memberMap(ENGINEERING).set(JANE, Date.now());
	org.memberMap(AD_SALES).set(SAM, Date.now());

	org.addApp({ id: WIKI, label: 'Wiki', name: 'wiki_bookmark' });
	org.addApp({ id: CRM, label: 'CRM', name: 'crm_bookmark' });
	org.addApp({ id: CHAT, label: 'Chat', name: 'chat_bookmark' });
	org.addApp({ id: PAYROLL, label: 'Payroll', name: 'payroll_bookmark' });
	org.addApp({ id: TRACKER, label: 'Tracker', name: 'tracker_bookmark' });

	org.assignGroup(WIKI, ENGINEERING);
	org.assignGroup(CRM, ENGINEERING);
	org.assignGroup(CHAT, EVERYONE);
	org.assignGroup(PAYROLL, AD_SALES);
	return sandbox;
}

/** Gives a user a direct (USER-scope) assignment without a request. */
export function assignDirectly(sandbox: Sandbox, appId: string, userId: string, userName?: string): void {
	sandbox.org.assignUser(appId, { id: userId, scope: 'USER', credentials: userName ? { userName } : undefined });
}

export function appKey(value: string, mode: 'id' | 'label' | 'list' = 'id') {
	return { __rl: true, mode, value };
}

export function userKey(value: string, mode: 'id' | 'login' | 'list' = 'id') {
	return { __rl: true, mode, value };
}

/** Runs the node's Application resource against the sandbox. */
export async function runApplication(
	sandbox: Sandbox,
	parameters: INodeParameters,
	options: { continueOnFail?: boolean; input?: IDataObject[] } = {},
): Promise<RunResult> {
	return await runNode({
		credentials: { url: sandbox.url, apiToken: sandbox.token },
		parameters: { resource: 'application', ...parameters },
		continueOnFail: options.continueOnFail,
		input: options.input,
	});
}

/** The requests that change something in Okta. */
export function mutatingRequests(sandbox: Sandbox) {
	return sandbox.requests.filter((request) => request.method !== 'GET');
}

/** Requests that add or remove a group membership. */
export function membershipChanges(sandbox: Sandbox) {
	return sandbox.requests.filter((request) => request.method !== 'GET' && /^\/api\/v1\/groups\/[^/]+\/users\/[^/]+$/.test(request.path));
}

/** The recorded requests as `METHOD path?query`, for exact assertions on what was sent. */
export function requestLines(sandbox: Sandbox): string[] {
	return sandbox.requests.map((request) => `${request.method} ${request.path}${request.rawQuery ? `?${request.rawQuery}` : ''}`);
}
