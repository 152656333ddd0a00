import { NodeOperationError } from 'n8n-workflow';
import type { INode, INodePropertyOptions } from 'n8n-workflow';

import { and, checkRawExpression, or, quote } from '../OktaLifecycle/helpers/search-expression';

interface EventCategory {
	name: string;
	description: string;
	eventTypes: string[];
}

/**
 * The Events choices and the System Log event types behind each. Only types in Okta's event
 * catalog are listed: Okta has no `application.user_membership.change_status`, for example;
 * app assignment state changes arrive as approve, provision, revoke or deprovision.
 * https://developer.okta.com/docs/reference/api/event-types/
 */
export const EVENT_CATEGORIES: Record<string, EventCategory> = {
	appAssignmentChanges: {
		name: 'App Assignment Changes',
		description: 'A user is assigned to or removed from an app, or the assignment changes state',
		eventTypes: [
			'application.user_membership.add',
			'application.user_membership.remove',
			'application.user_membership.update',
			'application.user_membership.change_username',
			'application.user_membership.approve',
			'application.user_membership.provision',
			'application.user_membership.revoke',
			'application.user_membership.deprovision',
			'application.user_membership.restore',
		],
	},
	groupMembershipChanges: {
		name: 'Group Membership Changes',
		description: 'A user is added to or removed from a group',
		eventTypes: ['group.user_membership.add', 'group.user_membership.remove'],
	},
	signInsToApps: {
		name: 'Sign-Ins to Apps',
		description: 'Single sign-on into an app (user.authentication.sso), successful or not',
		eventTypes: ['user.authentication.sso'],
	},
	signInsToOkta: {
		name: 'Sign-Ins to Okta',
		description: 'An Okta session starts (user.session.start), successful or not',
		eventTypes: ['user.session.start'],
	},
	userLifecycleChanges: {
		name: 'User Lifecycle Changes',
		description: 'A user is created, activated, deactivated, suspended, unsuspended, reactivated or deleted',
		eventTypes: [
			'user.lifecycle.create',
			'user.lifecycle.activate',
			'user.lifecycle.deactivate',
			'user.lifecycle.suspend',
			'user.lifecycle.unsuspend',
			'user.lifecycle.reactivate',
			'user.lifecycle.delete.initiated',
			'user.lifecycle.delete.completed',
		],
	},
};

export const EVENT_CATEGORY_OPTIONS: INodePropertyOptions[] = Object.entries(EVENT_CATEGORIES)
	.map(([value, category]) => ({ name: category.name, value, description: category.description }))
	.sort((left, right) => left.name.localeCompare(right.name));

/** The event types that Successful Sign-Ins Only narrows to `outcome.result eq "SUCCESS"`. */
export const SIGN_IN_EVENT_TYPES = ['user.session.start', 'user.authentication.sso'];

/** Names people try that Okta's catalog does not have, with what Okta records instead. */
const NONEXISTENT_EVENT_TYPES: Record<string, string> = {
	'application.user_membership.change_status':
		'Okta records app assignment state changes as application.user_membership.approve, .provision, .revoke or .deprovision.',
	'app.auth.sso': 'Okta records single sign-on into an app as user.authentication.sso.',
};

/** Okta event types are lowercase words joined by dots: user.lifecycle.create. */
const EVENT_TYPE_PATTERN = /^[a-z0-9_]+(\.[a-z0-9_]+)+$/;

export interface EventSelectionInput {
	categories: string[];
	customEventTypes: string[];
	rawFilter: string;
	successfulSignInsOnly: boolean;
}

export interface EventSelection {
	/** Every selected event type, sorted and without repeats. */
	eventTypes: string[];
	/** The System Log `filter` sent to Okta, or undefined for every event. */
	filter: string | undefined;
	/**
	 * A stable text of everything that decides which events match. A stored position read with a
	 * different key belongs to another selection.
	 */
	key: string;
}

/**
 * Turns the Events, Custom Event Types, Filter and Successful Sign-Ins Only parameters into the
 * System Log filter. Invalid input is rejected here, before any request is sent.
 */
export function buildEventSelection(node: INode, input: EventSelectionInput): EventSelection {
	const types = new Set<string>();

	for (const category of input.categories) {
		const known = EVENT_CATEGORIES[category];
		if (!known) {
			throw new NodeOperationError(node, `Events contains an unknown choice "${category}"`, {
				description: `Choose from: ${EVENT_CATEGORY_OPTIONS.map((option) => option.name).join(', ')}.`,
			});
		}
		known.eventTypes.forEach((type) => types.add(type));
	}

	for (const entry of input.customEventTypes) {
		types.add(checkCustomEventType(node, entry));
	}

	const rawFilter = input.rawFilter.trim() === '' ? undefined : checkRawExpression(node, input.rawFilter, 'Filter', 0);
	if (types.size === 0 && rawFilter === undefined) {
		throw new NodeOperationError(node, 'No events are selected', {
			description: 'Choose at least one option in Events, add a Custom Event Type, or enter a Filter.',
		});
	}

	const eventTypes = [...types].sort();
	const successOnlyTypes = input.successfulSignInsOnly ? eventTypes.filter((type) => SIGN_IN_EVENT_TYPES.includes(type)) : [];
	const otherTypes = eventTypes.filter((type) => !successOnlyTypes.includes(type));

	const typeTerms = otherTypes.map(eventTypeEquals);
	if (successOnlyTypes.length > 0) {
		const successTerm = `(${or(...successOnlyTypes.map(eventTypeEquals))}) and outcome.result eq "SUCCESS"`;
		// Bracketed among other terms, so the outcome condition narrows the sign-in types only.
		typeTerms.unshift(typeTerms.length > 0 ? `(${successTerm})` : successTerm);
	}
	const typeFilter = typeTerms.length > 0 ? or(...typeTerms) : undefined;

	return {
		eventTypes,
		filter: and(typeFilter, rawFilter),
		key: JSON.stringify({ eventTypes, successOnlyTypes, filter: rawFilter ?? '' }),
	};
}

function eventTypeEquals(type: string): string {
	return `eventType eq ${quote(type)}`;
}

function checkCustomEventType(node: INode, entry: string): string {
	const type = String(entry).trim();

	if (!EVENT_TYPE_PATTERN.test(type)) {
		throw new NodeOperationError(node, `Custom Event Types contains an invalid event type "${type}"`, {
			description: 'Enter an Okta event type: lowercase words joined by dots, for example user.account.lock',
		});
	}

	const replacement = NONEXISTENT_EVENT_TYPES[type];
	if (replacement !== undefined) {
		throw new NodeOperationError(node, `Custom Event Types contains "${type}", which Okta never records`, {
			description: replacement,
		});
	}

	return type;
}
