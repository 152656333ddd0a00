import { lifecycleOperation } from './lifecycle-operation';

// Activates a STAGED user or re-enables a deactivated one. Okta's reactivate is different: it
// only restarts an unfinished activation, so it is never used here.
export const { description, execute } = lifecycleOperation(
	'activate',
	'This changes the user in Okta: a STAGED or deactivated user becomes active again. A user who is already active is left as is.',
	[
		{
			displayName: 'Send Activation Email',
			name: 'sendEmail',
			type: 'boolean',
			default: true,
			description: 'Whether Okta emails the user an activation link',
		},
	],
);
