import { NodeOperationError, sleep } from 'n8n-workflow';
import type { IDataObject, INode } from 'n8n-workflow';

import { apiPath } from '../../transport';
import type { OktaClient } from '../../transport';
import type { OktaUser } from './okta-types';
import { getUser } from './users';

/** The user lifecycle operations this package offers. Okta's `reactivate` is deliberately absent: it only resends an unfinished activation. */
export type LifecycleOperation = 'activate' | 'deactivate' | 'suspend' | 'unsuspend';

interface LifecycleRule {
	/** Statuses Okta accepts the operation from. */
	from: string[];
	/** Statuses in which the operation has nothing left to do. */
	done: string[];
}

const ACTIVATED = ['ACTIVE', 'RECOVERY', 'LOCKED_OUT', 'PASSWORD_EXPIRED', 'PROVISIONED'];

/**
 * Okta's lifecycle state rules.
 * https://developer.okta.com/docs/api/openapi/okta-management/management/tag/UserLifecycle/
 */
export const LIFECYCLE_RULES: Record<LifecycleOperation, LifecycleRule> = {
	activate: { from: ['STAGED', 'DEPROVISIONED'], done: ACTIVATED },
	deactivate: {
		from: ['STAGED', 'PROVISIONED', 'ACTIVE', 'RECOVERY', 'LOCKED_OUT', 'PASSWORD_EXPIRED', 'SUSPENDED'],
		done: ['DEPROVISIONED'],
	},
	suspend: { from: ['ACTIVE'], done: ['SUSPENDED'] },
	unsuspend: { from: ['SUSPENDED'], done: ['ACTIVE'] },
};

/** Returns the operation that works instead, for the status that blocks this one. */
function suggestion(operation: LifecycleOperation, status: string): string {
	if (status === 'DEPROVISIONED') return 'The user is deactivated; use Activate to re-enable the user first.';
	if (operation === 'suspend' && (status === 'STAGED' || status === 'PROVISIONED')) {
		return 'Suspend works only for ACTIVE users; this user was never activated, so use Deactivate instead.';
	}
	if (operation === 'suspend') return 'Suspend works only for ACTIVE users; use Deactivate to block this user.';
	if (operation === 'unsuspend') return 'Unsuspend works only for SUSPENDED users.';
	if (operation === 'activate') return 'Activate works only for STAGED or DEPROVISIONED (deactivated) users.';
	return 'Check the user\'s status in Okta.';
}

export interface LifecycleOptions {
	/** For Activate: whether Okta emails the activation link to the user. */
	sendEmail?: boolean;
	/** How long to wait for Okta to finish an asynchronous status change before reporting it in progress. */
	waitSeconds: number;
	/** Pause between reads while Okta finishes; tests shorten it. */
	pollIntervalMs?: number;
}

export interface LifecycleResult extends IDataObject {
	id: string;
	login: string;
	operation: LifecycleOperation;
	previousStatus: string;
	status: string;
	transitioningToStatus: string | null;
	alreadyInState: boolean;
	inProgress: boolean;
}

/** The result of applying a lifecycle operation: the user read back and what changed. */
export interface LifecycleOutcome {
	/** False when the user's status does not allow the operation; nothing was changed then. */
	ok: boolean;
	user: OktaUser;
	previousStatus: string;
	alreadyInState: boolean;
	inProgress: boolean;
}

/**
 * Runs one lifecycle operation safely: reads the user first, sends nothing when the user is
 * already in the requested state, refuses (without sending) a change Okta would reject, and
 * reports the status read back afterwards, because lifecycle calls return an empty body.
 * Never uses `DELETE /api/v1/users/{id}`, which deletes a deactivated user for good.
 */
export async function runLifecycle(
	node: INode,
	client: OktaClient,
	key: string,
	operation: LifecycleOperation,
	options: LifecycleOptions,
	itemIndex: number,
): Promise<LifecycleResult> {
	const outcome = await applyLifecycle(client, await getUser(client, key), operation, options);
	if (!outcome.ok) throw wrongStatus(node, outcome.user, operation, itemIndex);
	return result(outcome, operation);
}

/** Runs one lifecycle operation for an offboarding step: a status that blocks it is a result, not an exception. */
export async function runLifecycleStep(
	client: OktaClient,
	userId: string,
	operation: LifecycleOperation,
	options: LifecycleOptions,
): Promise<LifecycleResult & { ok: boolean; message: string | null }> {
	const outcome = await applyLifecycle(client, await getUser(client, userId), operation, options);
	const message = outcome.ok ? null : `Cannot ${operation} the user: the user's status is ${outcome.user.status}. ${suggestion(operation, outcome.user.status)}`;
	return { ...result(outcome, operation), ok: outcome.ok, message };
}

async function applyLifecycle(
	client: OktaClient,
	current: OktaUser,
	operation: LifecycleOperation,
	options: LifecycleOptions,
): Promise<LifecycleOutcome> {
	const rule = LIFECYCLE_RULES[operation];
	let user = await settleTransition(client, current, options);
	const previousStatus = user.status;
	const unchanged = (flags: { ok: boolean; alreadyInState: boolean; inProgress: boolean }) => ({ user, previousStatus, ...flags });

	if (user.transitioningToStatus) return unchanged({ ok: true, alreadyInState: false, inProgress: true });
	if (rule.done.includes(user.status)) return unchanged({ ok: true, alreadyInState: true, inProgress: false });
	if (!rule.from.includes(user.status)) return unchanged({ ok: false, alreadyInState: false, inProgress: false });

	const query = operation === 'activate' ? { sendEmail: options.sendEmail ?? true } : operation === 'deactivate' ? { sendEmail: false } : undefined;
	// Okta rejects some changes (a deactivated user, a status it will not leave) with 400, 403 or
	// even 404. Reading the user's status again shows which case it is.
	const response = await client.request({
		method: 'POST',
		path: apiPath`/api/v1/users/${user.id}/lifecycle/${operation}`,
		query,
		acceptStatuses: [400, 403, 404],
	});
	if (response.status >= 400) {
		user = await getUser(client, user.id);
		const done = rule.done.includes(user.status);
		return { user, previousStatus, ok: done, alreadyInState: done, inProgress: false };
	}

	user = await settleTransition(client, await getUser(client, user.id), options);
	return { user, previousStatus, ok: true, alreadyInState: false, inProgress: Boolean(user.transitioningToStatus) };
}

/** Reads the user again while Okta is still finishing a status change, up to the configured wait. */
async function settleTransition(client: OktaClient, user: OktaUser, options: LifecycleOptions): Promise<OktaUser> {
	const interval = options.pollIntervalMs ?? 1000;
	let current = user;
	let waited = 0;

	while (current.transitioningToStatus && waited + interval <= options.waitSeconds * 1000) {
		await sleep(interval);
		waited += interval;
		current = await getUser(client, current.id);
	}

	return current;
}

function wrongStatus(node: INode, user: OktaUser, operation: LifecycleOperation, itemIndex: number): NodeOperationError {
	const login = String(user.profile?.login ?? user.id);
	const error = new NodeOperationError(node, `Cannot ${operation} user ${login}: the user's status is ${user.status}`, {
		itemIndex,
		description: suggestion(operation, user.status),
	});
	(error.context as { item?: IDataObject }).item = { userId: user.id, login, status: user.status, operation };
	return error;
}

function result(outcome: LifecycleOutcome, operation: LifecycleOperation): LifecycleResult {
	const { user } = outcome;
	return {
		id: user.id,
		login: String(user.profile?.login ?? ''),
		operation,
		previousStatus: outcome.previousStatus,
		status: user.status,
		transitioningToStatus: user.transitioningToStatus ?? null,
		alreadyInState: outcome.alreadyInState,
		inProgress: outcome.inProgress,
	};
}
