import { lifecycleOperation } from './lifecycle-operation';

export const { description, execute } = lifecycleOperation(
	'suspend',
	'This suspends the user in Okta: the user cannot sign in, and app assignments are kept. Only ACTIVE users can be suspended.',
);
