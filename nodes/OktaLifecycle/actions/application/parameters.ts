import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getApp } from '../../helpers/apps';
import type { AppKeyKind } from '../../helpers/apps';
import { requireIdentifier } from '../../helpers/identifiers';
import type { OktaApp } from '../../helpers/okta-types';
import type { OperationContext } from '../types';

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
