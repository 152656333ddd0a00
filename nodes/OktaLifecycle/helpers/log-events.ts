import type { IDataObject } from 'n8n-workflow';

import type { OktaLogEvent } from './okta-types';

/** One entry of a System Log event's `target` array. */
export type LogTarget = NonNullable<OktaLogEvent['target']>[number];

/**
 * Finds the first target of a type, such as `AppInstance`, `AppUser`, `User` or `UserGroup`.
 * Okta does not promise an order of targets, so a target is never read by its position.
 */
export function findTarget(event: OktaLogEvent, type: string): LogTarget | undefined {
	return findTargets(event, type)[0];
}

/** Finds every target of a type, in the order the event lists them. */
export function findTargets(event: OktaLogEvent, type: string): LogTarget[] {
	const targets = Array.isArray(event.target) ? event.target : [];
	return targets.filter((target) => isEntry(target) && target.type === type);
}

/**
 * Builds a flat view of a System Log event. `eventId` is Okta's `uuid`, for deduplication
 * downstream, and `published` is passed through as Okta sent it. `user` is the event's User
 * target (the person a change is about), or else the actor when the actor is a user (the person
 * signing in). `app` and `group` come from the AppInstance and UserGroup targets, found by type.
 * A missing target gives null; `targets` keeps every target's identity.
 */
export function simplifyLogEvent(event: OktaLogEvent): IDataObject {
	const actor = isEntry(event.actor) ? event.actor : undefined;
	const userTarget = findTarget(event, 'User') ?? (actor?.type === 'User' ? actor : undefined);
	const appTarget = findTarget(event, 'AppInstance');
	const groupTarget = findTarget(event, 'UserGroup');
	const targets = Array.isArray(event.target) ? event.target.filter(isEntry) : [];

	return {
		eventId: event.uuid,
		eventType: event.eventType,
		published: event.published,
		user: userTarget
			? { id: userTarget.id ?? null, login: userTarget.alternateId ?? null, displayName: userTarget.displayName ?? null }
			: null,
		app: appTarget ? { id: appTarget.id ?? null, label: appTarget.displayName ?? appTarget.alternateId ?? null } : null,
		group: groupTarget ? { id: groupTarget.id ?? null, name: groupTarget.displayName ?? groupTarget.alternateId ?? null } : null,
		actor: actor ? identityOf(actor) : null,
		outcome: { result: event.outcome?.result ?? null, reason: event.outcome?.reason ?? null },
		clientIp: event.client?.ipAddress ?? null,
		message: event.displayMessage ?? null,
		targets: targets.map(identityOf),
	};
}

/** Returns Okta's whole event, with its uuid also as `eventId` so both output forms share the key. */
export function fullLogEvent(event: OktaLogEvent): IDataObject {
	return { eventId: event.uuid, ...event };
}

function identityOf(entry: LogTarget): IDataObject {
	return {
		id: entry.id ?? null,
		type: entry.type ?? null,
		alternateId: entry.alternateId ?? null,
		displayName: entry.displayName ?? null,
	};
}

function isEntry(value: unknown): value is LogTarget {
	return typeof value === 'object' && value !== null;
}
