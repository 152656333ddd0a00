import type { IDataObject } from 'n8n-workflow';

import { apiPath, oktaErrorDetails } from '../../transport';
import type { OktaClient } from '../../transport';
import { listGroupApps, listUserAssignments } from './app-assignments';
import { executeAppRemoval, planAppRemoval } from './app-deprovision';
import type { AppRemovalPlan, RemovalStrategy } from './app-deprovision';
import { groupName, listUserGroups } from './groups';
import { LIFECYCLE_RULES, runLifecycleStep } from './lifecycle';
import type { OktaGroup, OktaUser } from './okta-types';
import { getUser } from './users';

/** The steps of a leaver's offboarding, each of which can be switched off. */
export interface OffboardSettings {
	/** Profile attributes to set first, such as an end date. */
	profile: Record<string, string>;
	removeApps: boolean;
	strategy: RemovalStrategy;
	allowGroupRemoval: boolean;
	/** App ids or labels to leave assigned. */
	keepApps: string[];
	removeGroups: boolean;
	/** Group ids or names to leave the user in. */
	keepGroups: string[];
	clearSessions: boolean;
	revokeOAuthTokens: boolean;
	forgetDevices: boolean;
	finalStatus: 'none' | 'suspend' | 'deactivate';
	waitSeconds: number;
}

export type StepStatus = 'planned' | 'done' | 'alreadyDone' | 'skipped' | 'failed';

export interface RequestDescription extends IDataObject {
	method: string;
	path: string;
	query?: IDataObject;
	body?: IDataObject;
}

/** One step of an offboarding: what it would send, what it changes, and its result. */
export interface OffboardStep extends IDataObject {
	step: 'updateProfile' | 'removeAppAssignment' | 'removeGroupMembership' | 'clearSessions' | 'suspend' | 'deactivate';
	target: IDataObject | null;
	requests: RequestDescription[];
	change: string;
	status: StepStatus;
	reason: string | null;
	error: string | null;
}

interface PlannedStep extends OffboardStep {
	/** For app steps, the removal plan that `executeAppRemoval` carries out. */
	appPlan?: AppRemovalPlan;
}

export interface OffboardPlan {
	user: OktaUser;
	/** The node run's cache, shared by the app removals of every item. */
	cache?: Map<string, unknown>;
	settings: OffboardSettings;
	steps: PlannedStep[];
	warnings: string[];
}

/**
 * Plans an offboarding with reads only, in the safe order: profile fields first (a deactivated
 * user's profile may no longer be writable), then app assignments, group memberships, sessions
 * and tokens, and the final status last. A step whose effect is already in place is marked
 * alreadyDone, so a second run plans no change at all.
 */
export async function planOffboard(
	client: OktaClient,
	key: string,
	settings: OffboardSettings,
	cache?: Map<string, unknown>,
): Promise<OffboardPlan> {
	const user = await getUser(client, key);
	const plan: OffboardPlan = { user, settings, cache, steps: [], warnings: [] };

	plan.steps.push(planProfile(user, settings));
	if (settings.removeApps) plan.steps.push(...(await planApps(client, plan)));
	if (settings.removeGroups) plan.steps.push(...(await planGroups(client, user, settings)));
	if (settings.clearSessions) plan.steps.push(planSessions(user, settings));
	if (settings.finalStatus !== 'none') plan.steps.push(planStatus(user, settings.finalStatus));

	return plan;
}

/**
 * Carries out a plan step by step. A failed step does not stop the ones after it, so the user
 * is still locked out when one app removal fails. Each step reports its own result.
 */
export async function runOffboard(client: OktaClient, plan: OffboardPlan): Promise<OffboardStep[]> {
	const results: OffboardStep[] = [];

	for (const step of plan.steps) {
		const { appPlan, ...report } = step;
		if (step.status !== 'planned') {
			results.push(report);
			continue;
		}

		try {
			results.push({ ...report, ...(await runStep(client, plan, step, appPlan)) });
		} catch (error) {
			const details = oktaErrorDetails(error);
			results.push({
				...report,
				status: 'failed',
				error: error instanceof Error ? error.message : String(error),
				...(details ? { httpCode: details.status ?? null, errorCode: details.errorCode ?? null, errorId: details.errorId ?? null } : {}),
			});
		}
	}

	return results;
}

async function runStep(
	client: OktaClient,
	plan: OffboardPlan,
	step: PlannedStep,
	appPlan: AppRemovalPlan | undefined,
): Promise<Partial<OffboardStep>> {
	if (appPlan) {
		const result = await executeAppRemoval(client, appPlan, plan.cache);
		const statusByOutcome: Record<string, StepStatus> = { removed: 'done', alreadyAbsent: 'alreadyDone' };
		const status = statusByOutcome[result.outcome] ?? 'failed';
		return {
			status,
			error: status === 'failed' ? result.message : null,
			outcome: result.outcome,
			finalState: result.finalState,
			warnings: result.warnings,
		};
	}

	if (step.step === 'suspend' || step.step === 'deactivate') {
		const result = await runLifecycleStep(client, plan.user.id, step.step, { waitSeconds: plan.settings.waitSeconds });
		let status: StepStatus = result.ok ? 'done' : 'failed';
		if (result.alreadyInState) status = 'alreadyDone';
		return {
			status,
			error: result.ok ? null : result.message,
			statusAfter: result.status,
			inProgress: result.inProgress,
		};
	}

	for (const request of step.requests) {
		await client.request({
			method: request.method as 'POST' | 'DELETE',
			path: request.path,
			query: request.query as Record<string, string | boolean> | undefined,
			body: request.body,
			// A membership or session already gone counts as done.
			acceptStatuses: step.step === 'removeGroupMembership' ? [404] : undefined,
		});
	}
	return { status: 'done' };
}

function step(fields: Pick<OffboardStep, 'step' | 'target' | 'requests' | 'change' | 'status'> & { reason?: string | null }): PlannedStep {
	return { ...fields, reason: fields.reason ?? null, error: null };
}

function planProfile(user: OktaUser, settings: OffboardSettings): PlannedStep {
	const changes = Object.fromEntries(
		Object.entries(settings.profile).filter(([name, value]) => String(user.profile?.[name] ?? '') !== value),
	);
	const names = Object.keys(settings.profile);

	if (names.length === 0) {
		return step({ step: 'updateProfile', target: null, requests: [], change: 'No profile fields to set', status: 'skipped', reason: 'No profile fields were given' });
	}
	if (Object.keys(changes).length === 0) {
		return step({
			step: 'updateProfile',
			target: { fields: settings.profile },
			requests: [],
			change: `Set ${names.join(', ')}`,
			status: 'alreadyDone',
			reason: 'Every field already holds the requested value',
		});
	}

	return step({
		step: 'updateProfile',
		target: { fields: changes },
		// POST is a partial update; PUT would replace the whole profile.
		requests: [{ method: 'POST', path: apiPath`/api/v1/users/${user.id}`, body: { profile: changes } }],
		change: `Set ${Object.entries(changes)
			.map(([name, value]) => `${name} to "${value}"`)
			.join(', ')}`,
		status: 'planned',
	});
}

async function planApps(client: OktaClient, plan: OffboardPlan): Promise<PlannedStep[]> {
	const { user, settings, warnings } = plan;
	const assignments = await listUserAssignments(client, user);
	const keep = new Set(settings.keepApps.map((key) => key.toLowerCase()));

	if (assignments.length === 0) {
		return [step({ step: 'removeAppAssignment', target: null, requests: [], change: 'Remove app assignments', status: 'alreadyDone', reason: 'The user has no app assignments' })];
	}

	const steps: PlannedStep[] = [];
	for (const assignment of assignments) {
		const target = { appId: assignment.appId, appLabel: assignment.appLabel, scope: assignment.scope };
		if (keep.has(assignment.appId.toLowerCase()) || keep.has(assignment.appLabel.toLowerCase())) {
			steps.push(step({ step: 'removeAppAssignment', target, requests: [], change: `Keep ${assignment.appLabel}`, status: 'skipped', reason: 'Listed in Keep Apps' }));
			continue;
		}

		const appPlan = await planAppRemoval(client, {
			appId: assignment.appId,
			userId: user.id,
			user,
			strategy: settings.strategy,
			allowGroupRemoval: settings.allowGroupRemoval,
			cache: plan.cache,
		});
		warnings.push(...appPlan.warnings);

		const blocked = appPlan.blocked;
		let status: StepStatus = blocked ? 'failed' : 'planned';
		if (appPlan.alreadyAbsent) status = 'alreadyDone';
		steps.push({
			...step({
				step: 'removeAppAssignment',
				target: { ...target, grantingGroups: appPlan.grantingGroups },
				requests: appPlan.steps.map((removal) => ({ ...removal.request, runs: removal.runs })),
				change: appPlan.alreadyAbsent ? `Remove ${assignment.appLabel}` : appPlan.steps.map((removal) => removal.change).join(' '),
				status,
				reason: blocked ? blocked.message : null,
			}),
			otherAppsAffected: appPlan.otherAppsAffected,
			appPlan: blocked || appPlan.alreadyAbsent ? undefined : appPlan,
		});
	}
	return steps;
}

async function planGroups(client: OktaClient, user: OktaUser, settings: OffboardSettings): Promise<PlannedStep[]> {
	const groups = await listUserGroups(client, user.id);
	const keep = new Set(settings.keepGroups.map((key) => key.toLowerCase()));
	const removable = groups.filter((group) => group.type === 'OKTA_GROUP' && !isKept(group, keep));

	// Each removal also ends the access its group grants; the plan names those apps.
	const appsByGroup = await client.mapConcurrent(removable, async (group) => await listGroupApps(client, group.id));
	const steps: PlannedStep[] = [];

	for (const group of groups) {
		const name = groupName(group) ?? group.id;
		const target = { groupId: group.id, groupName: name, type: group.type };

		if (group.type !== 'OKTA_GROUP') {
			const reason =
				group.type === 'BUILT_IN'
					? 'Everyone and other built-in groups always contain every user'
					: 'Membership of an APP_GROUP is imported from an app or directory; remove the user there';
			steps.push(step({ step: 'removeGroupMembership', target, requests: [], change: `Keep ${name}`, status: 'skipped', reason }));
			continue;
		}
		if (isKept(group, keep)) {
			steps.push(step({ step: 'removeGroupMembership', target, requests: [], change: `Keep ${name}`, status: 'skipped', reason: 'Listed in Keep Groups' }));
			continue;
		}

		const apps = appsByGroup[removable.indexOf(group)] ?? [];
		steps.push({
			...step({
				step: 'removeGroupMembership',
				target,
				requests: [{ method: 'DELETE', path: apiPath`/api/v1/groups/${group.id}/users/${user.id}` }],
				change: `Remove from ${name}`,
				status: 'planned',
			}),
			appsGrantedByGroup: apps.map((app) => ({ appId: app.id, appLabel: app.label })),
		});
	}

	if (steps.length === 0) {
		steps.push(step({ step: 'removeGroupMembership', target: null, requests: [], change: 'Remove group memberships', status: 'alreadyDone', reason: 'The user is in no group' }));
	}
	return steps;
}

function isKept(group: OktaGroup, keep: Set<string>): boolean {
	return keep.has(group.id.toLowerCase()) || keep.has(String(groupName(group) ?? '').toLowerCase());
}

function planSessions(user: OktaUser, settings: OffboardSettings): PlannedStep {
	const target = { oauthTokens: settings.revokeOAuthTokens, forgetDevices: settings.forgetDevices };
	const change = settings.revokeOAuthTokens ? 'End Okta sessions and revoke OAuth tokens' : 'End Okta sessions';

	// NOTE: Okta has no API to list a user's sessions. A suspended or deactivated user cannot sign
	// in, so once an earlier run has reached that status there is nothing new to clear.
	if (user.status === 'SUSPENDED' || user.status === 'DEPROVISIONED') {
		return step({
			step: 'clearSessions',
			target,
			requests: [],
			change,
			status: 'alreadyDone',
			reason: `The user is already ${user.status} and cannot have started a session since`,
		});
	}

	return step({
		step: 'clearSessions',
		target,
		requests: [
			{
				method: 'DELETE',
				path: apiPath`/api/v1/users/${user.id}/sessions`,
				query: { oauthTokens: settings.revokeOAuthTokens, forgetDevices: settings.forgetDevices },
			},
		],
		change,
		status: 'planned',
	});
}

function planStatus(user: OktaUser, finalStatus: 'suspend' | 'deactivate'): PlannedStep {
	const rule = LIFECYCLE_RULES[finalStatus];
	const request = {
		method: 'POST',
		path: apiPath`/api/v1/users/${user.id}/lifecycle/${finalStatus}`,
		...(finalStatus === 'deactivate' ? { query: { sendEmail: false } } : {}),
	};
	const change = finalStatus === 'suspend' ? 'Suspend the user' : 'Deactivate the user';

	if (rule.done.includes(user.status)) {
		return step({ step: finalStatus, target: { status: user.status }, requests: [], change, status: 'alreadyDone', reason: `The user is already ${user.status}` });
	}
	if (finalStatus === 'suspend' && user.status === 'DEPROVISIONED') {
		return step({
			step: finalStatus,
			target: { status: user.status },
			requests: [],
			change,
			status: 'alreadyDone',
			reason: 'The user is already deactivated, which blocks sign-in more than suspension does',
		});
	}
	if (!rule.from.includes(user.status)) {
		return step({
			step: finalStatus,
			target: { status: user.status },
			requests: [request],
			change,
			status: 'failed',
			reason: `Okta does not ${finalStatus} a user whose status is ${user.status}; choose Deactivate as the final status`,
		});
	}

	return step({ step: finalStatus, target: { status: user.status }, requests: [request], change, status: 'planned' });
}
