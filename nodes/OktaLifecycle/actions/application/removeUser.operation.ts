import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { executeAppRemoval, planAppRemoval } from '../../helpers/app-deprovision';
import type { AppRemovalPlan, AppRemovalResult } from '../../helpers/app-deprovision';
import { getUser } from '../../helpers/users';
import { describeFailure } from '../router';
import { appLocator, changesOktaNotice, userLocator } from '../common/parameters';
import type { OperationContext } from '../types';
import { lookupApp, readAppKey, readRemovalStrategy, readUserKey, removalStrategyParameters } from './parameters';

const displayOptions = { show: { resource: ['application'], operation: ['removeUser'] } };

export const description: INodeProperties[] = [
	changesOktaNotice(
		displayOptions,
		"This operation changes Okta: it removes the user's access to the app, which deletes the app profile and can deactivate the account in the app. Turn on Dry Run to see the requests first.",
	),
	appLocator(displayOptions),
	userLocator(displayOptions),
	...removalStrategyParameters(displayOptions),
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		default: false,
		description:
			'Whether to only return the plan: each request that would be sent, what it would change, and the other apps a group removal would take away. A dry run sends only reads, and returns the plan even where the real run would stop; its blocked field says why.',
		displayOptions,
	},
];

export async function execute(this: IExecuteFunctions, context: OperationContext, itemIndex: number): Promise<IDataObject> {
	const { key: appKey, kind } = readAppKey(this, itemIndex);
	const userKey = readUserKey(this, itemIndex);
	const strategy = readRemovalStrategy(this, itemIndex);
	const allowGroupRemoval =
		strategy === 'removeFromGrantingGroups' && (this.getNodeParameter('allowGroupRemoval', itemIndex, false) as boolean);
	const dryRun = this.getNodeParameter('dryRun', itemIndex, false) as boolean;

	if (strategy === 'removeFromGrantingGroups' && !allowGroupRemoval && !dryRun) {
		throw new NodeOperationError(this.getNode(), 'Remove From Granting Groups needs Allow Removing Group Memberships turned on', {
			itemIndex,
			description:
				'"Remove From Granting Groups" also takes away every other app those groups grant. Turn on Allow Removing Group Memberships, run with Dry Run to see which apps would go, or choose "Convert, Then Remove".',
		});
	}

	const { client } = context;
	const app = await lookupApp(context, appKey, kind);
	const user = await getUser(client, userKey);
	const plan = await planAppRemoval(client, { appId: app.id, userId: user.id, app, user, strategy, allowGroupRemoval, cache: context.cache });

	if (dryRun) return { dryRun: true, ...plan };
	if (plan.blocked) {
		throw describeFailure(
			new NodeOperationError(this.getNode(), plan.blocked.message, { itemIndex, description: blockedHint(plan) }),
			{ dryRun: false, ...plan },
		);
	}

	const result = await executeAppRemoval(client, plan, context.cache);
	if (result.outcome === 'removed' || result.outcome === 'alreadyAbsent') return { dryRun: false, ...result };

	throw describeFailure(new NodeOperationError(this.getNode(), result.message, { itemIndex, description: failureHint(result) }), {
		dryRun: false,
		...result,
	});
}

function blockedHint(plan: AppRemovalPlan): string {
	switch (plan.blocked?.reason) {
		case 'groupGrant':
			return 'Choose "Convert, Then Remove" to take away only this app, or "Remove From Granting Groups" to remove the memberships (and the other apps they grant).';
		case 'groupTypeNotRemovable':
			return 'Change the membership where it comes from (the directory for APP_GROUP groups; Everyone always contains every user), or choose "Convert, Then Remove".';
		case 'optInRequired':
			return 'Turn on Allow Removing Group Memberships, or choose "Convert, Then Remove".';
		default:
			return 'Run again in a minute, or check the group assignments of the app in the Admin Console.';
	}
}

function failureHint(result: AppRemovalResult): string {
	switch (result.outcome) {
		case 'forbiddenByGroupGrant':
			return 'Okta does not let this org remove an assignment while a group grants the app. Choose "Remove From Granting Groups", or remove the group\'s assignment to the app.';
		case 'stillAssigned':
			return result.stillAssignedReason === 'grantedByGroups'
				? 'Okta gave the app back through the group. Choose "Remove From Granting Groups", or remove the group\'s assignment to the app.'
				: 'Check the assignment in the Admin Console under Applications > Assignments.';
		default:
			return 'The steps field shows which requests were sent and which failed. Running again is safe: it starts from what Okta has now.';
	}
}
