import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/** A user picker: from a server-side search list first, then by ID or login. */
export function userLocator(displayOptions: IDisplayOptions, overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'User',
		name: 'user',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The Okta user',
		displayOptions,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a user...',
				typeOptions: { searchListMethod: 'searchUsers', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: '00u1a2b3c4d5e6f7g8h9',
			},
			{
				displayName: 'By Login',
				name: 'login',
				type: 'string',
				placeholder: 'jane.roe@example.com',
			},
		],
		...overrides,
	};
}

/** A group picker: from a server-side search list first, then by ID or name. */
export function groupLocator(displayOptions: IDisplayOptions, overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Group',
		name: 'group',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The Okta group',
		displayOptions,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a group...',
				typeOptions: { searchListMethod: 'searchGroups', searchable: true },
			},
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: '00g1a2b3c4d5e6f7g8h9' },
			{ displayName: 'By Name', name: 'name', type: 'string', placeholder: 'Engineering' },
		],
		...overrides,
	};
}

/** An app picker: from a server-side list first, then by ID or label. */
export function appLocator(displayOptions: IDisplayOptions, overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Application',
		name: 'application',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The Okta application (app instance)',
		displayOptions,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select an application...',
				typeOptions: { searchListMethod: 'searchApps', searchable: true },
			},
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: '0oa1a2b3c4d5e6f7g8h9' },
			{ displayName: 'By Label', name: 'label', type: 'string', placeholder: 'Wiki' },
		],
		...overrides,
	};
}

/** Return All and Limit for a list operation. */
export function returnAllAndLimit(displayOptions: IDisplayOptions): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions,
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			default: 50,
			typeOptions: { minValue: 1 },
			description: 'Max number of results to return',
			displayOptions: { ...displayOptions, show: { ...displayOptions.show, returnAll: [false] } },
		},
	];
}

/** The Simplify toggle: a flat, documented shape, or Okta's whole object. */
export function simplifyParameter(displayOptions: IDisplayOptions): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: "Whether to return a flat object with the most used fields instead of Okta's full object",
		displayOptions,
	};
}

/** The Max Pages option: how far a listing may page before it stops with an error rather than return a partial list. */
export const maxPagesOption: INodeProperties = {
	displayName: 'Max Pages',
	name: 'maxPages',
	type: 'number',
	default: 1000,
	typeOptions: { minValue: 1 },
	description:
		'The most pages one listing may read. Reaching it stops with an error rather than returning an incomplete list.',
};

/** Builds the warning shown above the parameters of an operation that changes Okta. */
export function changesOktaNotice(displayOptions: IDisplayOptions, text: string): INodeProperties {
	return {
		displayName: text,
		name: 'changesOktaNotice',
		type: 'notice',
		default: '',
		displayOptions,
	};
}
