import { findTarget } from './log-events';
import type { OktaLogEvent } from './okta-types';

/** A sign-in to Okta itself: the start of an Okta session. */
export const OKTA_SIGN_IN_EVENT = 'user.session.start';

/** A single sign-on into an app; the app is the event's AppInstance target. */
export const APP_SIGN_IN_EVENT = 'user.authentication.sso';

/** One user's latest sign-ins to one app. Times are the events' `published` values, unchanged. */
export interface AppSignIns {
	appId: string;
	/** The app's label as the newest event of this app names it. */
	appLabel: string | null;
	lastSignIn: string | null;
	lastFailedSignIn: string | null;
}

/** One user's latest sign-ins to Okta and to each app, as found in the System Log. */
export interface UserSignIns {
	lastOktaSignIn: string | null;
	lastFailedOktaSignIn: string | null;
	/** Keyed by app id. */
	apps: Map<string, AppSignIns>;
}

/** The sign-ins found in the System Log, keyed by the actor's user id. */
export type SignInIndex = Map<string, UserSignIns>;

/**
 * Adds one System Log event to the index. Only outcome SUCCESS counts as a sign-in. Outcome
 * FAILURE is kept apart as a failed sign-in, and any other outcome is ignored. An app sign-in
 * belongs to the event's AppInstance target, whatever its position among the targets. An app
 * sign-in without an AppInstance target cannot be attributed, so it is skipped.
 */
export function recordSignInEvent(index: SignInIndex, event: OktaLogEvent): void {
	const actorId = event.actor?.id;
	const result = event.outcome?.result;
	const failed = result === 'FAILURE';
	if (!actorId || (result !== 'SUCCESS' && !failed)) return;
	if (!Number.isFinite(Date.parse(event.published))) return;

	if (event.eventType === OKTA_SIGN_IN_EVENT) {
		const user = entryOf(index, actorId);
		if (failed) user.lastFailedOktaSignIn = later(user.lastFailedOktaSignIn, event.published);
		else user.lastOktaSignIn = later(user.lastOktaSignIn, event.published);
		return;
	}
	if (event.eventType !== APP_SIGN_IN_EVENT) return;

	const target = findTarget(event, 'AppInstance');
	if (!target?.id) return;

	const user = entryOf(index, actorId);
	let app = user.apps.get(target.id);
	if (!app) {
		app = { appId: target.id, appLabel: null, lastSignIn: null, lastFailedSignIn: null };
		user.apps.set(target.id, app);
	}

	// Apps can be renamed, so the label comes from the newest event seen for the app.
	const newest = later(app.lastSignIn, app.lastFailedSignIn);
	if (newest === null || later(newest, event.published) !== newest) {
		app.appLabel = target.displayName ?? target.alternateId ?? app.appLabel;
	}

	if (failed) app.lastFailedSignIn = later(app.lastFailedSignIn, event.published);
	else app.lastSignIn = later(app.lastSignIn, event.published);
}

/** Returns the later of two `published` times, keeping the original text; null counts as never. */
export function later(current: string | null, candidate: string | null): string | null {
	if (candidate === null) return current;
	if (current === null) return candidate;
	return Date.parse(candidate) > Date.parse(current) ? candidate : current;
}

function entryOf(index: SignInIndex, userId: string): UserSignIns {
	let entry = index.get(userId);
	if (!entry) {
		entry = { lastOktaSignIn: null, lastFailedOktaSignIn: null, apps: new Map() };
		index.set(userId, entry);
	}
	return entry;
}
