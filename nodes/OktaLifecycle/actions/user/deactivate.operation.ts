import { lifecycleOperation } from './lifecycle-operation';

export const { description, execute } = lifecycleOperation(
	'deactivate',
	'This deactivates the user in Okta: the user can no longer sign in and is removed from every app assignment. The user is not deleted, and Activate re-enables the account.',
);
