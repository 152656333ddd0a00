import type { IDataObject } from 'n8n-workflow';

import { apiPath, isOktaError, oktaErrorDetails } from '../../transport';
import type { OktaClient } from '../../transport';
import { grantingGroupsAmong, listAppGroups, listGroupApps, readAssignment } from './app-assignments';
import type { AppGroupAssignment } from './app-assignments';
import { listUserGroups } from './groups';
import type { GroupReference } from './groups';
import { getApp } from './apps';
import type { OktaApp, OktaAppUser, OktaGroup, OktaUser } from './okta-types';
import { getUser } from './users';

/**
 * The strategy for an app that a group grants:
 * - `convertThenRemove`: change the assignment to USER scope, then remove it; memberships stay.
 * - `removeFromGrantingGroups`: remove the user from the granting OKTA_GROUP groups, which also
 *   takes away every other app those groups grant; needs `allowGroupRemoval`.
 * - `fail`: change nothing and report the granting groups.
 */
export type RemovalStrategy = 'convertThenRemove' | 'removeFromGrantingGroups' | 'fail';

export const REMOVAL_STRATEGIES: readonly RemovalStrategy[] = ['convertThenRemove', 'removeFromGrantingGroups', 'fail'];

/** A request exactly as a step sends it. */
export interface PlannedRequest extends IDataObject {
	method: 'POST' | 'DELETE';
	path: string;
	query?: { sendEmail: boolean };
	body?: { scope: 'USER' | 'GROUP' };
}

export interface StepResult extends IDataObject {
	/** `alreadyAbsent`: Okta returned 404, so there was nothing left to change. `forbidden`: 403 E0000046. */
	status: 'done' | 'alreadyAbsent' | 'forbidden' | 'failed' | 'notRun';
	httpCode: number | null;
	errorCode: string | null;
	error?: string;
}

export interface RemovalStep extends IDataObject {
	action: 'convertToUserScope' | 'removeGroupMembership' | 'removeAssignment' | 'restoreGroupScope';
	/** `ifRemovalForbidden` steps run only after Okta refuses the removal with 403 E0000046. */
	runs: 'always' | 'ifRemovalForbidden';
	request: PlannedRequest;
	/** The change the request makes in Okta. */
	change: string;
	group?: GroupReference;
	result?: StepResult;
}

/** Another app the user has through a group the plan removes them from. */
export interface OtherAppEffect extends IDataObject {
	appId: string;
	appLabel: string;
	appName: string;
	grantedByRemovedGroups: GroupReference[];
	/** Groups of the user that are not removed and still grant the app. */
	stillGrantedBy: GroupReference[];
	/** Whether the user also has a USER-scope assignment; null when other groups keep the app anyway, so it was not read. */
	userAssignment: boolean | null;
	accessLost: boolean;
}

export interface RemovalBlock extends IDataObject {
	/**
	 * - `groupGrant`: the strategy is `fail` and groups grant the app.
	 * - `optInRequired`: group removal was chosen without `allowGroupRemoval`.
	 * - `groupTypeNotRemovable`: a granting group is BUILT_IN or APP_GROUP, whose membership the API cannot change.
	 * - `noGrantingGroupFound`: Okta reports GROUP scope but none of the app's groups contains the user.
	 */
	reason: 'groupGrant' | 'optInRequired' | 'groupTypeNotRemovable' | 'noGrantingGroupFound';
	message: string;
	groups: GroupReference[];
}

export interface AppRemovalPlan extends IDataObject {
	appId: string;
	appLabel: string;
	appName: string;
	userId: string;
	login: string;
	strategy: RemovalStrategy;
	allowGroupRemoval: boolean;
	alreadyAbsent: boolean;
	/** The assignment's scope when the plan was made; null when there is none. */
	scope: 'USER' | 'GROUP' | null;
	assignmentStatus: string | null;
	grantingGroups: GroupReference[];
	blocked: RemovalBlock | null;
	steps: RemovalStep[];
	otherAppsAffected: OtherAppEffect[];
	warnings: string[];
}

export type RemovalOutcome = 'removed' | 'alreadyAbsent' | 'blocked' | 'forbiddenByGroupGrant' | 'stillAssigned' | 'failed';

export interface AppRemovalResult extends AppRemovalPlan {
	outcome: RemovalOutcome;
	/** Whether the user no longer has the app, whether or not this run removed it. */
	removed: boolean;
	/** From reading the assignment after the steps; `unknown` when that read failed. */
	finalState: 'removed' | 'stillAssigned' | 'unknown';
	finalScope: 'USER' | 'GROUP' | null;
	stillAssignedReason: 'grantedByGroups' | 'keptByOkta' | null;
	stillGrantedByGroups: GroupReference[];
	/** After a 403 on a converted assignment: whether it was converted back to GROUP scope. Null when not needed. */
	scopeRestored: boolean | null;
	message: string;
}

export interface AppRemovalOptions {
	appId: string;
	userId: string;
	strategy: RemovalStrategy;
	allowGroupRemoval?: boolean;
	/** The app and user when the caller has already read them; saves two requests. */
	app?: OktaApp;
	user?: OktaUser;
	/** The node run's cache, so an app's group list is read once per run, not once per item. */
	cache?: Map<string, unknown>;
}

/**
 * Plans taking one app away from one user. Sends only GET requests: the app, the user, the
 * assignment, the app's groups and the user's groups, and for group removal the other apps
 * those groups grant. The plan lists each step with the exact request it would send.
 */
export async function planAppRemoval(client: OktaClient, options: AppRemovalOptions): Promise<AppRemovalPlan> {
	const app = options.app ?? (await getApp(client, options.appId, 'id'));
	const user = options.user ?? (await getUser(client, options.userId));
	const allowGroupRemoval = options.allowGroupRemoval === true;

	const plan: AppRemovalPlan = {
		appId: app.id,
		appLabel: app.label,
		appName: app.name,
		userId: user.id,
		login: user.profile.login,
		strategy: options.strategy,
		allowGroupRemoval,
		alreadyAbsent: false,
		scope: null,
		assignmentStatus: null,
		grantingGroups: [],
		blocked: null,
		steps: [],
		otherAppsAffected: [],
		warnings: [],
	};

	const assignment = await readAssignment(client, app.id, user.id);
	if (!assignment) return { ...plan, alreadyAbsent: true };

	// Okta reports USER scope even when a group also grants the app, so the groups are read for both scopes.
	const [appGroups, userGroups] = await Promise.all([appGroupsOf(client, app.id, options.cache), listUserGroups(client, user.id)]);
	plan.scope = assignment.scope;
	plan.assignmentStatus = assignment.status;
	plan.grantingGroups = grantingGroupsAmong(appGroups, userGroups);

	if (options.strategy === 'removeFromGrantingGroups' && plan.grantingGroups.length > 0) {
		await planGroupRemoval(client, plan, assignment, userGroups, options.cache);
	} else if (assignment.scope === 'GROUP') {
		planGroupScopedRemoval(plan);
	} else {
		plan.steps.push(removeAssignmentStep(plan));
	}

	if (plan.grantingGroups.length > 0 && options.strategy !== 'removeFromGrantingGroups') {
		plan.warnings.push(
			`${plan.login} stays a member of ${describeGroups(plan.grantingGroups)}, which ${grantVerb(plan.grantingGroups)} ${plan.appLabel}. Access can return through that membership while it lasts, because Okta does not document that an individual removal stays in force against a group grant. Remove the membership, or the group's assignment to the app, to make the removal permanent.`,
		);
	}
	return plan;
}

/** GROUP scope with the convert or fail strategy, or with group removal when no granting group was found. */
function planGroupScopedRemoval(plan: AppRemovalPlan): void {
	if (plan.strategy === 'fail') {
		plan.blocked = {
			reason: 'groupGrant',
			message: `${plan.login} has ${plan.appLabel} through ${describeGroups(plan.grantingGroups)}, and the strategy is to fail when a group grants the app. Nothing was changed.`,
			groups: plan.grantingGroups,
		};
		return;
	}

	if (plan.strategy === 'removeFromGrantingGroups') {
		plan.blocked = {
			reason: 'noGrantingGroupFound',
			message: `Okta reports that ${plan.login} has ${plan.appLabel} through a group, but none of the app's groups contains the user (a membership change may still be in progress). Nothing was changed.`,
			groups: [],
		};
		return;
	}

	plan.steps.push(convertStep(plan, 'USER', 'always'), removeAssignmentStep(plan), convertStep(plan, 'GROUP', 'ifRemovalForbidden'));
}

/**
 * Plans removal through group membership: every granting group must be an OKTA_GROUP, and the
 * other apps those groups grant are listed, even without the opt-in, so a dry run shows them.
 */
async function planGroupRemoval(
	client: OktaClient,
	plan: AppRemovalPlan,
	assignment: OktaAppUser,
	userGroups: OktaGroup[],
	cache: Map<string, unknown> | undefined,
): Promise<void> {
	const unmanaged = plan.grantingGroups.filter((group) => group.type !== 'OKTA_GROUP');
	if (unmanaged.length > 0) {
		plan.blocked = {
			reason: 'groupTypeNotRemovable',
			message: `${plan.login} has ${plan.appLabel} through ${describeGroups(unmanaged)}, whose membership the Okta API cannot change: it edits only OKTA_GROUP memberships, because BUILT_IN and APP_GROUP memberships come from Okta itself or from a directory import. Nothing was changed.`,
			groups: unmanaged,
		};
		return;
	}

	for (const group of plan.grantingGroups) plan.steps.push(removeMembershipStep(plan, group));
	// The user's own assignment outlives the group removal, so it is removed after the memberships.
	if (assignment.scope === 'USER') plan.steps.push(removeAssignmentStep(plan));

	plan.otherAppsAffected = await findOtherAppsAffected(client, plan, userGroups, cache);
	const lost = plan.otherAppsAffected.filter((effect) => effect.accessLost);
	for (const step of plan.steps) {
		if (step.action === 'removeGroupMembership' && lost.length > 0) {
			step.change += ` The user also loses ${lost.map((effect) => effect.appLabel).join(', ')}.`;
		}
	}

	if (!plan.allowGroupRemoval) {
		plan.blocked = {
			reason: 'optInRequired',
			message: `Removing ${plan.login} from ${describeGroups(plan.grantingGroups)} needs the explicit opt-in to remove group memberships. ${lost.length > 0 ? `It also takes away ${lost.map((effect) => effect.appLabel).join(', ')}.` : 'No other app would be lost.'} Nothing was changed.`,
			groups: plan.grantingGroups,
		};
	}
}

/**
 * Lists the other apps the removed groups grant and whether the user keeps each one, through
 * a group that stays or a USER-scope assignment. Apps the user does not have are left out.
 */
async function findOtherAppsAffected(
	client: OktaClient,
	plan: AppRemovalPlan,
	userGroups: OktaGroup[],
	cache: Map<string, unknown> | undefined,
): Promise<OtherAppEffect[]> {
	const removedIds = new Set(plan.grantingGroups.map((group) => group.id));
	const remainingGroups = userGroups.filter((group) => !removedIds.has(group.id));

	const appsOfGroups = await client.mapConcurrent(plan.grantingGroups, async (group) => await listGroupApps(client, group.id));
	const candidates = new Map<string, { app: OktaApp; groups: GroupReference[] }>();
	plan.grantingGroups.forEach((group, index) => {
		for (const app of appsOfGroups[index]) {
			if (app.id === plan.appId) continue;
			const candidate = candidates.get(app.id) ?? { app, groups: [] };
			candidate.groups.push(group);
			candidates.set(app.id, candidate);
		}
	});

	const effects = await client.mapConcurrent([...candidates.values()], async ({ app, groups }): Promise<OtherAppEffect | undefined> => {
		const stillGrantedBy = remainingGroups.length > 0 ? grantingGroupsAmong(await appGroupsOf(client, app.id, cache), remainingGroups) : [];
		let userAssignment: boolean | null = null;
		if (stillGrantedBy.length === 0) {
			const assignment = await readAssignment(client, app.id, plan.userId);
			// An earlier individual removal can leave a group's app without an assignment for this user.
			if (!assignment) return undefined;
			userAssignment = assignment.scope === 'USER';
		}

		return {
			appId: app.id,
			appLabel: app.label,
			appName: app.name,
			grantedByRemovedGroups: groups,
			stillGrantedBy,
			userAssignment,
			accessLost: stillGrantedBy.length === 0 && userAssignment !== true,
		};
	});
	return effects.filter((effect): effect is OtherAppEffect => effect !== undefined);
}

/**
 * Carries out a plan. The steps are sent in order and the run stops at the first failure.
 * When Okta rejects the removal of a converted assignment with 403 E0000046, the assignment
 * is converted back to GROUP scope, and the 403 is never retried. Afterwards the assignment
 * is read again to report the final state. Okta errors on steps become step results rather
 * than exceptions, so a caller gets the whole record of what changed. A blocked or
 * already-absent plan sends nothing.
 */
export async function executeAppRemoval(client: OktaClient, plan: AppRemovalPlan, cache?: Map<string, unknown>): Promise<AppRemovalResult> {
	const result: AppRemovalResult = {
		...plan,
		steps: plan.steps.map((step) => ({ ...step })),
		warnings: [...plan.warnings],
		outcome: 'removed',
		removed: false,
		finalState: 'unknown',
		finalScope: plan.scope,
		stillAssignedReason: null,
		stillGrantedByGroups: [],
		scopeRestored: null,
		message: '',
	};

	if (plan.alreadyAbsent) {
		return { ...result, outcome: 'alreadyAbsent', removed: true, finalState: 'removed', finalScope: null, message: `${plan.login} has no assignment to ${plan.appLabel}; nothing was changed.` };
	}
	if (plan.blocked) {
		return { ...result, outcome: 'blocked', finalState: 'stillAssigned', message: plan.blocked.message };
	}

	const { forbidden, failed } = await runSteps(client, result);
	await readFinalState(client, result, cache);

	if (failed) {
		result.outcome = 'failed';
		result.message = `A step failed while removing ${plan.appLabel} from ${plan.login}: ${failed.result?.error ?? 'unknown error'}. The steps before it were carried out, the ones after it were not.`;
	} else if (forbidden) {
		result.outcome = 'forbiddenByGroupGrant';
		result.message = forbiddenMessage(result);
	} else if (result.finalState === 'removed') {
		// When every step found its target gone (404), someone else removed the assignment meanwhile.
		const changed = result.steps.some((step) => step.result?.status === 'done');
		result.outcome = changed ? 'removed' : 'alreadyAbsent';
		result.alreadyAbsent = !changed;
		result.removed = true;
		result.message = changed
			? `${plan.login} no longer has ${plan.appLabel}.`
			: `${plan.login}'s assignment to ${plan.appLabel} was already gone when the steps ran; nothing was changed.`;
	} else if (result.finalState === 'stillAssigned') {
		result.outcome = 'stillAssigned';
		result.message = stillAssignedMessage(result);
	} else {
		result.outcome = 'failed';
		result.message = `The steps ran, but reading ${plan.login}'s assignment to ${plan.appLabel} afterwards failed, so the final state is unknown.`;
	}
	return result;
}

/** Sends the steps that always run, and the restore step after a refused removal of a converted assignment. */
async function runSteps(client: OktaClient, result: AppRemovalResult): Promise<{ forbidden: boolean; failed?: RemovalStep }> {
	let converted = false;
	let forbidden = false;
	let stopped = false;

	for (const step of result.steps) {
		if (stopped || step.runs !== 'always') {
			step.result = notRun();
			continue;
		}

		step.result = await sendStep(client, step);
		if (step.result.status === 'failed') return { forbidden, failed: markRestNotRun(result, step) };

		if (step.action === 'convertToUserScope') {
			// A 404 here means the assignment went away meanwhile: nothing is left to remove.
			converted = step.result.status === 'done';
			stopped = !converted;
		}
		if (step.action === 'removeAssignment' && step.result.status === 'forbidden') {
			forbidden = true;
			stopped = true;
		}
	}

	const restore = result.steps.find((step) => step.runs === 'ifRemovalForbidden');
	if (forbidden && converted && restore) {
		restore.result = await sendStep(client, restore);
		result.scopeRestored = restore.result.status === 'done';
	}
	return { forbidden };
}

/**
 * Sends one step. A 404 means that what the step would remove is already gone, so it counts
 * as done and a re-run or a race never stops the removal. Any other error is recorded, not thrown.
 */
async function sendStep(client: OktaClient, step: RemovalStep): Promise<StepResult> {
	try {
		const response = await client.request({
			method: step.request.method,
			path: step.request.path,
			query: step.request.query,
			body: step.request.body,
			acceptStatuses: [404],
		});
		if (response.status === 404) return { status: 'alreadyAbsent', httpCode: 404, errorCode: 'E0000007' };
		return { status: 'done', httpCode: response.status, errorCode: null };
	} catch (error) {
		const details = oktaErrorDetails(error);
		const status = step.action === 'removeAssignment' && isOktaError(error, 403, ['E0000046']) ? 'forbidden' : 'failed';
		return {
			status,
			httpCode: details?.status ?? null,
			errorCode: details?.errorCode ?? null,
			error: error instanceof Error ? error.message : String(error),
		};
	}
}

/** Reads the assignment after the steps; for GROUP scope, reads which groups grant it now. */
async function readFinalState(client: OktaClient, result: AppRemovalResult, cache: Map<string, unknown> | undefined): Promise<void> {
	try {
		const assignment = await readAssignment(client, result.appId, result.userId);
		if (!assignment) {
			result.finalState = 'removed';
			result.finalScope = null;
			return;
		}

		result.finalState = 'stillAssigned';
		result.finalScope = assignment.scope;
		if (assignment.scope === 'GROUP') {
			const [appGroups, userGroups] = await Promise.all([appGroupsOf(client, result.appId, cache), listUserGroups(client, result.userId)]);
			result.stillGrantedByGroups = grantingGroupsAmong(appGroups, userGroups);
		}
		result.stillAssignedReason = result.stillGrantedByGroups.length > 0 ? 'grantedByGroups' : 'keptByOkta';
	} catch (error) {
		result.finalState = 'unknown';
		result.warnings.push(`Reading the assignment after the steps failed: ${error instanceof Error ? error.message : String(error)}`);
	}
}

/**
 * Lists an app's groups, once per node run when the run's cache is given: many items that
 * remove users from one app then spend one request of Okta's small apps bucket on it, not one each.
 */
async function appGroupsOf(client: OktaClient, appId: string, cache: Map<string, unknown> | undefined): Promise<AppGroupAssignment[]> {
	if (!cache) return await listAppGroups(client, appId);

	const key = `app-deprovision:app-groups:${appId}`;
	let pending = cache.get(key) as Promise<AppGroupAssignment[]> | undefined;
	if (!pending) {
		pending = listAppGroups(client, appId);
		cache.set(key, pending);
		// A failed read is not kept, so the next item tries again.
		pending.catch(() => cache.delete(key));
	}
	return await pending;
}

function forbiddenMessage(result: AppRemovalResult): string {
	const grantors =
		result.grantingGroups.length > 0 ? `${describeGroups(result.grantingGroups)} ${grantVerb(result.grantingGroups)}` : 'a group grants';
	const head = `Okta refused to remove ${result.login}'s assignment to ${result.appLabel} (403 E0000046) because ${grantors} the app.`;
	if (result.scopeRestored === true) return `${head} The assignment was converted back to GROUP scope, as it was before this run.`;
	if (result.scopeRestored === false) {
		return `${head} Converting the assignment back to GROUP scope failed, so it is now USER scope; run Convert Assignment to GROUP scope to undo it.`;
	}
	return `${head} The USER-scope assignment is unchanged.`;
}

function stillAssignedMessage(result: AppRemovalResult): string {
	const head = `Okta accepted the removal, but ${result.login} still has ${result.appLabel} (${result.finalScope} scope)`;
	if (result.stillAssignedReason === 'grantedByGroups') return `${head} through ${describeGroups(result.stillGrantedByGroups)}.`;
	return `${head}, and no group of the user grants it: Okta kept the assignment.`;
}

function markRestNotRun(result: AppRemovalResult, failed: RemovalStep): RemovalStep {
	for (const step of result.steps.slice(result.steps.indexOf(failed) + 1)) step.result = notRun();
	return failed;
}

function notRun(): StepResult {
	return { status: 'notRun', httpCode: null, errorCode: null };
}

function convertStep(plan: AppRemovalPlan, scope: 'USER' | 'GROUP', runs: RemovalStep['runs']): RemovalStep {
	const request: PlannedRequest = { method: 'POST', path: apiPath`/api/v1/apps/${plan.appId}/users/${plan.userId}`, body: { scope } };
	if (scope === 'USER') {
		return {
			action: 'convertToUserScope',
			runs,
			request,
			change: `Converts ${plan.login}'s assignment to ${plan.appLabel} from GROUP to USER scope; group memberships stay as they are.`,
		};
	}
	return {
		action: 'restoreGroupScope',
		runs,
		request,
		change: `Only if Okta refuses the removal with 403 E0000046: converts the assignment back to GROUP scope, so the run leaves no individual assignment behind.`,
	};
}

function removeAssignmentStep(plan: AppRemovalPlan): RemovalStep {
	return {
		action: 'removeAssignment',
		runs: 'always',
		request: { method: 'DELETE', path: apiPath`/api/v1/apps/${plan.appId}/users/${plan.userId}`, query: { sendEmail: false } },
		change: `Removes ${plan.login}'s assignment to ${plan.appLabel} without emailing anyone. Okta deletes the app profile of the assignment, and provisioning may deactivate the account in the app.`,
	};
}

function removeMembershipStep(plan: AppRemovalPlan, group: GroupReference): RemovalStep {
	return {
		action: 'removeGroupMembership',
		runs: 'always',
		request: { method: 'DELETE', path: apiPath`/api/v1/groups/${group.id}/users/${plan.userId}` },
		change: `Removes ${plan.login} from the group ${group.name ?? group.id} (${group.id}), and with it every app the group grants the user.`,
		group,
	};
}

function grantVerb(groups: GroupReference[]): string {
	return groups.length === 1 ? 'grants' : 'grant';
}

function describeGroups(groups: GroupReference[]): string {
	const names = groups.map((group) => `${group.name ?? 'unnamed group'} (${group.id})`);
	return `the group${groups.length === 1 ? '' : 's'} ${names.join(', ')}`;
}
