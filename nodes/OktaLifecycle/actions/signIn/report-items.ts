import type { IDataObject } from 'n8n-workflow';

import type { OktaUser } from '../../helpers/okta-types';
import type { AppSignIns, UserSignIns } from '../../helpers/sign-in-report';

/** The System Log period a report read, as sent to Okta. */
export interface ReportWindow {
	since: string;
	until: string;
	days: number;
}

export type ReportOutput = 'perUser' | 'perUserAndApp';

/** The app ID of the one pair that a user with no app entry gets; output as null. */
const NO_APP = '';

export interface ReportSettings {
	window: ReportWindow;
	output: ReportOutput;
	includeFailed: boolean;
	/** Whether sign-ins to Okta itself are read; off reads only app sign-ins, in fewer requests. */
	includeOktaSignIns: boolean;
	/** With Inactive For (Days): only sign-ins before this instant count as inactive. */
	inactiveBeforeMs?: number;
	/** The one app the report is about. Okta sign-ins are then not read, so their fields are left out. */
	app?: { appId: string; appLabel: string | null };
	/**
	 * The user's assigned apps (one-user report): each is listed even without a sign-in, and
	 * every app entry gets `assigned`.
	 */
	assignedApps?: Array<{ appId: string; appLabel: string | null }>;
}

/**
 * Builds the output items of one user: one item with an `apps` list, or one item per app.
 * Returns no item when Inactive For (Days) is set and the user (or pair) signed in since then.
 */
export function reportItems(user: OktaUser, signIns: UserSignIns | undefined, settings: ReportSettings): IDataObject[] {
	const base = userFields(user, signIns, settings);
	const apps = appEntries(signIns, settings);

	if (settings.output === 'perUser') {
		// Inactivity is judged by the chosen app, by Okta sign-ins, or else by the newest app sign-in.
		const subject = settings.app || !settings.includeOktaSignIns ? (apps[0]?.lastSignIn ?? null) : (signIns?.lastOktaSignIn ?? null);
		if (!passesInactiveFilter(subject, settings)) return [];

		return [
			{
				...base,
				apps: apps.map((app) => appFields(app, settings)),
				noSignInSince: subject === null ? settings.window.since : null,
				window: { ...settings.window },
			},
		];
	}

	// A user with no app entry still gets one pair, with a null app, so that every listed user
	// appears in the report.
	const pairs: AppSignIns[] = apps.length > 0 ? apps : [{ appId: NO_APP, appLabel: null, lastSignIn: null, lastFailedSignIn: null }];
	return pairs
		.filter((app) => passesInactiveFilter(app.lastSignIn, settings))
		.map((app) => {
			const fields = appFields(app, settings);
			if (app.appId === NO_APP) {
				fields.appId = null;
				if ('assigned' in fields) fields.assigned = null;
			}
			return {
				...base,
				...fields,
				noSignInSince: app.lastSignIn === null ? settings.window.since : null,
				window: { ...settings.window },
			};
		});
}

function userFields(user: OktaUser, signIns: UserSignIns | undefined, settings: ReportSettings): IDataObject {
	const fields: IDataObject = {
		userId: user.id,
		login: user.profile?.login ?? null,
		status: user.status,
		// Okta's own field on the user, kept apart from what the System Log shows.
		lastLogin: user.lastLogin ?? null,
	};
	if (settings.app || !settings.includeOktaSignIns) return fields;

	fields.lastOktaSignIn = signIns?.lastOktaSignIn ?? null;
	if (settings.includeFailed) fields.lastFailedOktaSignIn = signIns?.lastFailedOktaSignIn ?? null;
	return fields;
}

/**
 * Lists the app entries to report, newest sign-in first. Without Include Failed Sign-Ins, an
 * app with only failed sign-ins is left out unless it is assigned or is the report's one app.
 */
function appEntries(signIns: UserSignIns | undefined, settings: ReportSettings): AppSignIns[] {
	const found = signIns?.apps ?? new Map<string, AppSignIns>();

	if (settings.app) {
		const entry = found.get(settings.app.appId);
		return [
			{
				appId: settings.app.appId,
				appLabel: entry?.appLabel ?? settings.app.appLabel,
				lastSignIn: entry?.lastSignIn ?? null,
				lastFailedSignIn: entry?.lastFailedSignIn ?? null,
			},
		];
	}

	const entries = new Map<string, AppSignIns>();
	for (const entry of found.values()) {
		if (entry.lastSignIn !== null || settings.includeFailed) entries.set(entry.appId, { ...entry });
	}
	for (const assigned of settings.assignedApps ?? []) {
		const entry = entries.get(assigned.appId) ?? found.get(assigned.appId);
		entries.set(assigned.appId, {
			appId: assigned.appId,
			appLabel: entry?.appLabel ?? assigned.appLabel,
			lastSignIn: entry?.lastSignIn ?? null,
			lastFailedSignIn: entry?.lastFailedSignIn ?? null,
		});
	}

	return [...entries.values()].sort(newestFirst);
}

function appFields(app: AppSignIns, settings: ReportSettings): IDataObject {
	const fields: IDataObject = { appId: app.appId, appLabel: app.appLabel, lastSignIn: app.lastSignIn };
	if (settings.includeFailed) fields.lastFailedSignIn = app.lastFailedSignIn;
	if (settings.assignedApps) fields.assigned = settings.assignedApps.some((assigned) => assigned.appId === app.appId);
	return fields;
}

/** Checks a last sign-in against Inactive For (Days): it passes when the option is off, when there is no sign-in, or when it is before the cutoff. */
function passesInactiveFilter(lastSignIn: string | null, settings: ReportSettings): boolean {
	if (settings.inactiveBeforeMs === undefined || lastSignIn === null) return true;
	return Date.parse(lastSignIn) < settings.inactiveBeforeMs;
}

function newestFirst(left: AppSignIns, right: AppSignIns): number {
	const leftTime = left.lastSignIn === null ? -Infinity : Date.parse(left.lastSignIn);
	const rightTime = right.lastSignIn === null ? -Infinity : Date.parse(right.lastSignIn);
	if (leftTime !== rightTime) return rightTime - leftTime;
	if (left.appId === right.appId) return 0;
	return left.appId < right.appId ? -1 : 1;
}
