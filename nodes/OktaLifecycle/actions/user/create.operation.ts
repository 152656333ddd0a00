import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { isOktaError, oktaErrorDetails } from '../../../transport';
import { requireIdentifier } from '../../helpers/identifiers';
import { toNodeError } from '../../helpers/node-errors';
import type { OktaUser } from '../../helpers/okta-types';
import { getUser, simplifyUser } from '../../helpers/users';
import { simplifyParameter } from '../common/parameters';
import { describeFailure } from '../router';
import type { OperationContext } from '../types';

const displayOptions = { show: { resource: ['user'], operation: ['create'] } };

/** Okta accepts at most this many groups in a create request. */
const MAX_GROUPS = 20;

const DIRECTORY_FIELD_OPTIONS = [
	['Cost Center', 'costCenter'],
	['Department', 'department'],
	['Division', 'division'],
	['Employee Number', 'employeeNumber'],
	['Manager', 'manager'],
	['Manager ID', 'managerId'],
	['Mobile Phone', 'mobilePhone'],
	['Organization', 'organization'],
	['Secondary Email', 'secondEmail'],
	['Title', 'title'],
	['User Type', 'userType'],
] as const;

export const description: INodeProperties[] = [
	{
		displayName: 'This creates a user in Okta. With Activate on and no password, Okta emails the user an activation link.',
		name: 'createNotice',
		type: 'notice',
		default: '',
		displayOptions,
	},
	{
		displayName: 'Login',
		name: 'login',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'jane.roe@example.com',
		description: "The user's Okta login, usually an email address",
		displayOptions,
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		required: true,
		displayOptions,
	},
	{
		displayName: 'First Name',
		name: 'firstName',
		type: 'string',
		default: '',
		required: true,
		displayOptions,
	},
	{
		displayName: 'Last Name',
		name: 'lastName',
		type: 'string',
		default: '',
		required: true,
		displayOptions,
	},
	{
		displayName: 'Activate',
		name: 'activate',
		type: 'boolean',
		default: true,
		description: 'Whether to activate the user now. Off creates a STAGED user who cannot sign in until activated.',
		displayOptions,
	},
	simplifyParameter(displayOptions),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions,
		options: [
			...DIRECTORY_FIELD_OPTIONS.map(([displayName, name]) => ({ displayName, name, type: 'string' as const, default: '' })),
			{
				displayName: 'Custom Attributes',
				name: 'customAttributes',
				type: 'fixedCollection',
				placeholder: 'Add Attribute',
				default: {},
				typeOptions: { multipleValues: true },
				description: 'Custom profile attributes; each must already exist in the Okta user profile schema',
				options: [
					{
						displayName: 'Attribute',
						name: 'attribute',
						values: [
							{ displayName: 'Name', name: 'name', type: 'string', default: '' },
							{ displayName: 'Value', name: 'value', type: 'string', default: '' },
						],
					},
				],
			},
			{
				displayName: 'Group IDs',
				name: 'groupIds',
				type: 'string',
				default: '',
				placeholder: '00g1a2b3c4d5e6f7g8h9, 00g9h8g7f6e5d4c3b2a1',
				description: 'Comma-separated IDs of OKTA_GROUP groups to add the user to, at most 20',
			},
			{
				displayName: 'If User Exists',
				name: 'ifExists',
				type: 'options',
				default: 'fail',
				description: 'What to do when a user with this login already exists, for example when a workflow runs again',
				options: [
					{ name: 'Fail', value: 'fail', description: 'Return an error that names the login' },
					{ name: 'Return Existing User', value: 'return', description: 'Return the existing user with alreadyExisted: true; nothing is changed' },
				],
			},
			{
				displayName: 'Password',
				name: 'password',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				description: 'An initial password. Without one, an activated user gets an activation email instead.',
			},
			{
				displayName: 'Require Password Change',
				name: 'changePasswordAtFirstSignIn',
				type: 'boolean',
				default: false,
				description: 'Whether the user must change the initial password at first sign-in (needs Activate and a password)',
			},
		],
	},
];

interface AdditionalFields extends IDataObject {
	customAttributes?: { attribute?: Array<{ name?: string; value?: string }> };
	groupIds?: string;
	ifExists?: 'fail' | 'return';
	password?: string;
	changePasswordAtFirstSignIn?: boolean;
}

export async function execute(this: IExecuteFunctions, context: OperationContext, itemIndex: number): Promise<IDataObject> {
	const node = this.getNode();
	const login = requireIdentifier(node, this.getNodeParameter('login', itemIndex, ''), 'Login', itemIndex);
	const email = requireIdentifier(node, this.getNodeParameter('email', itemIndex, ''), 'Email', itemIndex);
	const firstName = requireIdentifier(node, this.getNodeParameter('firstName', itemIndex, ''), 'First Name', itemIndex);
	const lastName = requireIdentifier(node, this.getNodeParameter('lastName', itemIndex, ''), 'Last Name', itemIndex);
	const activate = this.getNodeParameter('activate', itemIndex, true) as boolean;
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as AdditionalFields;

	if (!/^[^@\s]+@[^@\s]+$/.test(email)) {
		throw new NodeOperationError(node, `Email "${email}" is not a valid email address`, { itemIndex, description: 'Enter an address like name@example.com.' });
	}
	const groupIds = (fields.groupIds ?? '')
		.split(',')
		.map((id) => id.trim())
		.filter(Boolean);
	if (groupIds.length > MAX_GROUPS) {
		throw new NodeOperationError(node, `Group IDs lists ${groupIds.length} groups; Okta accepts at most ${MAX_GROUPS}`, {
			itemIndex,
			description: 'Add the user to the rest afterwards with Group → Add User.',
		});
	}
	const password = fields.password ?? '';
	const changePassword = fields.changePasswordAtFirstSignIn ?? false;
	if (changePassword && (!activate || password === '')) {
		throw new NodeOperationError(node, 'Require Password Change needs Activate on and a Password', {
			itemIndex,
			description: 'Turn on Activate and set a Password, or turn off Require Password Change.',
		});
	}

	const profile: IDataObject = { login, email, firstName, lastName };
	for (const [, name] of DIRECTORY_FIELD_OPTIONS) {
		const value = fields[name];
		if (typeof value === 'string' && value.trim() !== '') profile[name] = value.trim();
	}
	for (const attribute of fields.customAttributes?.attribute ?? []) {
		const name = attribute.name?.trim();
		if (!name) {
			throw new NodeOperationError(node, 'A custom attribute has no name', { itemIndex, description: 'Enter the attribute name as it appears in the Okta profile schema.' });
		}
		profile[name] = attribute.value ?? '';
	}

	const body: IDataObject = { profile };
	if (password !== '') body.credentials = { password: { value: password } };
	if (groupIds.length > 0) body.groupIds = groupIds;

	let user: OktaUser;
	try {
		const response = await context.client.request<OktaUser>({
			method: 'POST',
			path: '/api/v1/users',
			query: { activate, nextLogin: changePassword ? 'changePassword' : undefined },
			body,
		});
		user = response.body;
	} catch (error) {
		const loginTaken = isOktaError(error, 400, ['E0000001']) && (oktaErrorDetails(error)?.errorCauses ?? []).some((cause) => cause.startsWith('login:'));
		if (loginTaken && fields.ifExists === 'return') {
			const existing = await getUser(context.client, login);
			return { ...(simplify ? simplifyUser(existing) : existing), alreadyExisted: true };
		}
		const failure = toNodeError(node, error, itemIndex);
		const causes = oktaErrorDetails(error)?.errorCauses ?? [];
		// Okta names the rejected field in errorCauses ("login: An object with this field already exists…").
		if (causes.length > 0) failure.message = `Could not create user ${login}: ${causes.join('; ')}`;
		throw describeFailure(failure, { login });
	}

	const output = simplify ? simplifyUser(user) : user;
	return {
		...output,
		alreadyExisted: false,
		activationEmailSent: activate && password === '',
		groupIds,
	};
}
