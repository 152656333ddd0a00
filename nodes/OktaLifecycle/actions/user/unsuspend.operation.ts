import { lifecycleOperation } from './lifecycle-operation';

export const { description, execute } = lifecycleOperation(
	'unsuspend',
	'This unsuspends the user in Okta, who becomes ACTIVE again and can sign in.',
);
