import { NodeOperationError } from 'n8n-workflow';
import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { REMOVAL_STRATEGIES } from '../../helpers/app-deprovision';
import type { RemovalStrategy } from '../../helpers/app-deprovision';

import { getApp } from '../../helpers/apps';
import type { AppKeyKind } from '../../helpers/apps';
import { requireIdentifier } from '../../helpers/identifiers';
import type { OktaApp } from '../../helpers/okta-types';
import type { OperationContext } from '../types';

/** Reads the Application locator: the key, and whether it is an ID (From List, By ID) or a label. */
export function readAppKey(context: IExecuteFunctions, itemIndex: number): { key: string; kind: AppKeyKind } {
	const key = requireIdentifier(
		context.getNode(),
		context.getNodeParameter('application', itemIndex, '', { extractValue: true }),
		'Application',
		itemIndex,
	);
	const { mode } = context.getNodeParameter('application', itemIndex) as { mode: string };
	return { key, kind: mode === 'label' ? 'label' : 'id' };
}

/**
 * Reads an app once per run for each key, because the items of a run often name the same app,
 * and a lookup by label costs a request in Okta's small apps rate-limit bucket. A failed lookup
 * is not kept, so the next item tries again.
 */
export async function lookupApp(context: OperationContext, key: string, kind: AppKeyKind): Promise<OktaApp> {
	const cacheKey = `application:${kind}:${key}`;
	const cached = context.cache.get(cacheKey) as Promise<OktaApp> | undefined;
	if (cached) return await cached;

	const lookup = getApp(context.client, key, kind);
	context.cache.set(cacheKey, lookup);
	lookup.catch(() => context.cache.delete(cacheKey));
	return await lookup;
}

/** Reads the User locator: an ID or a login, which `getUser` resolves. */
export function readUserKey(context: IExecuteFunctions, itemIndex: number): string {
	return requireIdentifier(context.getNode(), context.getNodeParameter('user', itemIndex, '', { extractValue: true }), 'User', itemIndex);
}

/** The strategy for a group-granted app and the opt-in for group removal, shared by Remove User and Offboard. */
export function removalStrategyParameters(displayOptions: IDisplayOptions): INodeProperties[] {
	return [
		{
			displayName: 'If a Group Grants the App',
			name: 'strategy',
			type: 'options',
			default: 'convertThenRemove',
			options: [
				{
					name: 'Convert, Then Remove',
					value: 'convertThenRemove',
					description:
						'Convert the assignment to an individual one, then remove it. Group memberships and the other apps stay; access can return through the group.',
				},
				{
					name: 'Fail',
					value: 'fail',
					description:
						'When the user has the app only through groups, change nothing and return an error that names them. An individual assignment is still removed.',
				},
				{
					name: 'Remove From Granting Groups',
					value: 'removeFromGrantingGroups',
					description:
						'Remove the user from the groups that grant the app (Okta groups only). This also takes away every other app those groups grant.',
				},
			],
			description: 'What to do when the user has the app through a group membership',
			displayOptions,
		},
		{
			displayName: 'Allow Removing Group Memberships',
			name: 'allowGroupRemoval',
			type: 'boolean',
			default: false,
			description:
				'Whether the user may be removed from the granting groups, which takes away every other app those groups grant. Run with Dry Run first to see those apps.',
			displayOptions: { show: { ...displayOptions.show, strategy: ['removeFromGrantingGroups'] } },
		},
	];
}

/** Reads the removal strategy, which an expression could set to anything. */
export function readRemovalStrategy(context: IExecuteFunctions, itemIndex: number): RemovalStrategy {
	const value = context.getNodeParameter('strategy', itemIndex, 'convertThenRemove') as string;
	if ((REMOVAL_STRATEGIES as readonly string[]).includes(value)) return value as RemovalStrategy;

	throw new NodeOperationError(context.getNode(), `"${value}" is not a valid value for If a Group Grants the App`, {
		itemIndex,
		description: `Use one of: ${REMOVAL_STRATEGIES.join(', ')}.`,
	});
}
