import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { apiPath } from '../../../transport';
import type { OktaClient } from '../../../transport';
import { requireIdentifier } from '../../helpers/identifiers';
import { getUser } from '../../helpers/users';
import { describeFailure } from '../router';
import type { OperationContext } from '../types';
import type { ReportRequest } from './getLastSignIn.operation';
import { readSignIns, signInFilter } from './read-sign-ins';
import { reportItems } from './report-items';

/** One entry of `GET /api/v1/users/{id}/appLinks`; an app can have several. */
interface AppLink {
	appInstanceId?: string;
	label?: string;
}

/**
 * Reports one user's last sign-ins from one System Log query for the user's Okta and app
 * sign-ins in the window. One appLinks request, outside the small apps rate-limit bucket, adds
 * the user's assigned apps, so that those without a sign-in are listed with null.
 */
export async function reportOneUser(
	this: IExecuteFunctions,
	context: OperationContext,
	itemIndex: number,
	request: ReportRequest,
): Promise<IDataObject[]> {
	const key = requireIdentifier(this.getNode(), this.getNodeParameter('user', itemIndex, '', { extractValue: true }), 'User', itemIndex);

	try {
		const user = await getUser(context.client, key);

		const filter = signInFilter(request.settings, { actorId: user.id });
		const index = await readSignIns(context.client, { window: request.settings.window, filter, maxPages: request.maxPages });
		const assignedApps = await readAssignedApps(context.client, user.id);

		return reportItems(user, index.get(user.id), { ...request.settings, assignedApps });
	} catch (error) {
		if (error instanceof NodeApiError || error instanceof NodeOperationError) throw describeFailure(error, { user: key });
		throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
	}
}

/** Lists the user's apps, direct or through groups, one entry per app. */
async function readAssignedApps(client: OktaClient, userId: string): Promise<Array<{ appId: string; appLabel: string | null }>> {
	// Okta documents appLinks as unpaged; paging on `next` still reads all of it if an org pages it.
	const links = await client.collect<AppLink>({ path: apiPath`/api/v1/users/${userId}/appLinks` });
	const apps = new Map<string, string | null>();

	for (const link of links) {
		if (link.appInstanceId && !apps.has(link.appInstanceId)) apps.set(link.appInstanceId, link.label ?? null);
	}

	return [...apps].map(([appId, appLabel]) => ({ appId, appLabel }));
}
