import { NodeOperationError } from 'n8n-workflow';
import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readMaxPages } from '../../helpers/list-parameters';
import type { UserOutputOptions } from '../../helpers/user-output';
import { RESERVED_OUTPUT_FIELDS } from '../../helpers/users';
import { maxPagesOption, simplifyParameter } from '../common/parameters';

/** Builds the Simplify toggle of the user operations, with the simplified shape spelled out. */
export function simplifyUserParameter(displayOptions: IDisplayOptions): INodeProperties {
	return {
		...simplifyParameter(displayOptions),
		description:
			"Whether to return a flat object (id, status, login, email, names, title, userType, employeeNumber, costCenter, department, manager, managerId and the dates, null when unset) instead of Okta's full object",
	};
}

/** The Custom Attributes option of every operation that outputs users. */
export const customAttributesOption: INodeProperties = {
	displayName: 'Custom Attributes',
	name: 'customAttributes',
	type: 'string',
	default: '',
	placeholder: 'startDate, badgeId',
	description:
		'Comma-separated custom profile attributes to add to the simplified output; a missing one is null. The full output already carries the whole profile.',
};

/** Builds the Options collection shared by User Get and Get Many. */
export function userOutputOptions(displayOptions: IDisplayOptions): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions,
		options: [
			customAttributesOption,
			{
				displayName: 'Include Groups',
				name: 'includeGroups',
				type: 'boolean',
				default: false,
				description:
					"Whether to add each user's groups (ID, name and type of each). Costs extra requests: one per user, or about one per group, whichever is fewer.",
			},
			maxPagesOption,
			{
				displayName: 'Resolve Manager Email',
				name: 'resolveManagerEmail',
				type: 'boolean',
				default: false,
				description:
					"Whether to add managerEmail, looked up from the user's managerId (an Okta user ID or an employee number). Costs extra requests; null when the manager cannot be found.",
			},
		],
	};
}

/** Reads Simplify and the Options collection, rejecting values that cannot work before any request is sent. */
export function readUserOutputOptions(this: IExecuteFunctions, itemIndex: number): UserOutputOptions {
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	const options = this.getNodeParameter('options', itemIndex, {}) as {
		customAttributes?: string;
		includeGroups?: boolean;
		maxPages?: number;
		resolveManagerEmail?: boolean;
	};

	return {
		simplify,
		includeGroups: options.includeGroups === true,
		resolveManagerEmail: options.resolveManagerEmail === true,
		customAttributes: readCustomAttributes(this, options.customAttributes, itemIndex),
		maxPages: readMaxPages(this, options.maxPages, itemIndex),
	};
}

/** Splits the comma-separated attribute names and drops a leading `profile.`, since the names are profile attributes. */
export function readCustomAttributes(context: IExecuteFunctions, value: string | undefined, itemIndex: number): string[] {
	const names = String(value ?? '')
		.split(',')
		.map((part) => part.trim().replace(/^profile\./, ''))
		.filter((part) => part !== '');

	const reserved = names.filter((name) => RESERVED_OUTPUT_FIELDS.includes(name));
	if (reserved.length > 0) {
		throw new NodeOperationError(context.getNode(), `Custom Attributes cannot include ${reserved.map((name) => `"${name}"`).join(', ')}`, {
			itemIndex,
			description: `These names are output fields that do not come from the profile: ${RESERVED_OUTPUT_FIELDS.join(', ')}. Remove them from Custom Attributes.`,
		});
	}
	return [...new Set(names)];
}
