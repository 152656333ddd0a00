import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { apiPath, isOktaError } from '../../../transport';
import type { OktaClient } from '../../../transport';
import { requireIdentifier } from '../../helpers/identifiers';
import { getApp } from '../../helpers/apps';
import { getGroupByLocator } from '../../helpers/groups';
import { USER_STATUSES } from '../../helpers/okta-types';
import type { OktaUser } from '../../helpers/okta-types';
import { STATUS_ALL, STATUS_OKTA_DEFAULT, STATUS_OPTIONS, statusExpression } from '../../helpers/user-search';
import type { SignInIndex } from '../../helpers/sign-in-report';
import { describeFailure } from '../router';
import type { OperationContext } from '../types';
import type { ReportRequest } from './getLastSignIn.operation';
import { readSignIns, signInFilter } from './read-sign-ins';
import { reportItems } from './report-items';
import type { ReportWindow } from './report-items';

const USER_PAGE_SIZE = 200;
const GROUP_MEMBER_PAGE_SIZE = 1000;

interface Locator {
	mode: string;
	value: string;
}

/** The users and sign-ins one all-users report is built from; items with the same filters share it. */
interface ReportSource {
	users: OktaUser[];
	index: SignInIndex;
	window: ReportWindow;
	app?: { appId: string; appLabel: string | null };
}

/**
 * Reports every user of the org, of a group or of a status. It lists the users, then reads the
 * System Log once for the whole window with the largest pages, never once per user. Joining the
 * two lists users without a sign-in with null. Input items with the same filters share one read
 * per run.
 */
export async function reportAllUsers(
	this: IExecuteFunctions,
	context: OperationContext,
	itemIndex: number,
	request: ReportRequest,
): Promise<IDataObject[]> {
	const app = readLocator(this, 'application', 'Application', itemIndex);
	const group = readLocator(this, 'group', 'Group', itemIndex);
	const status = this.getNodeParameter('status', itemIndex, STATUS_OKTA_DEFAULT) as string;
	if (!STATUS_OPTIONS.some((option) => option.value === status)) {
		throw new NodeOperationError(this.getNode(), `Status "${status}" is not a known user status`, {
			itemIndex,
			description: `Choose one of: ${STATUS_OPTIONS.map((option) => option.value).join(', ')}.`,
		});
	}

	const { includeFailed, includeOktaSignIns } = request.settings;
	const cacheKey = `signIn.allUsers:${JSON.stringify({ app, group, status, includeFailed, includeOktaSignIns, days: request.settings.window.days, maxPages: request.maxPages })}`;
	let source = context.cache.get(cacheKey) as Promise<ReportSource> | undefined;
	if (!source) {
		source = readReportSource(this, context.client, { app, group, status, request, itemIndex });
		context.cache.set(cacheKey, source);
	}
	const { users, index, window, app: chosenApp } = await source;

	const settings = { ...request.settings, window, app: chosenApp };
	return users.flatMap((user) => reportItems(user, index.get(user.id), settings));
}

async function readReportSource(
	context: IExecuteFunctions,
	client: OktaClient,
	filters: { app?: Locator; group?: Locator; status: string; request: ReportRequest; itemIndex: number },
): Promise<ReportSource> {
	const { request, itemIndex } = filters;
	const found = filters.app ? await getApp(client, filters.app.value, filters.app.mode === 'label' ? 'label' : 'id') : undefined;
	const app = found ? { appId: found.id, appLabel: found.label ?? null } : undefined;
	const groupId = filters.group ? (await getGroupByLocator(client, filters.group.value, filters.group.mode)).id : undefined;

	// The users come first: a wrong group then fails before the log's small budget is spent.
	const users = await listUsers(context, client, { groupId, status: filters.status, maxPages: request.maxPages, itemIndex });

	const filter = signInFilter(request.settings, { appId: app?.appId });
	const index = await readSignIns(client, {
		window: request.settings.window,
		filter,
		maxPages: request.maxPages,
		actorIds: new Set(users.map((user) => user.id)),
	});

	return { users, index, window: request.settings.window, app };
}

/** Reads an optional resource locator: undefined when it is left empty. */
function readLocator(context: IExecuteFunctions, name: string, field: string, itemIndex: number): Locator | undefined {
	const raw = context.getNodeParameter(name, itemIndex, { mode: 'list', value: '' }) as Partial<Locator> | string;
	const mode = typeof raw === 'object' && raw !== null ? (raw.mode ?? 'list') : 'id';
	const value = context.getNodeParameter(name, itemIndex, '', { extractValue: true });

	if (value === undefined || value === null || String(value).trim() === '') return undefined;
	return { mode, value: requireIdentifier(context.getNode(), value, field, itemIndex) };
}

/**
 * Lists the users to report: Okta's plain listing, which leaves out deactivated users, or a
 * search by status. Group members come with every status, so their status is checked here.
 */
async function listUsers(
	context: IExecuteFunctions,
	client: OktaClient,
	filters: { groupId?: string; status: string; maxPages?: number; itemIndex: number },
): Promise<OktaUser[]> {
	const { groupId, status, maxPages } = filters;

	if (groupId !== undefined) {
		let members: OktaUser[];
		try {
			members = await client.collect<OktaUser>(
				{ path: apiPath`/api/v1/groups/${groupId}/users`, query: { limit: GROUP_MEMBER_PAGE_SIZE } },
				{ maxPages },
			);
		} catch (error) {
			if (isOktaError(error, 404)) {
				throw new NodeOperationError(context.getNode(), `No Okta group has the ID "${groupId}"`, {
					itemIndex: filters.itemIndex,
					description: 'Pick the group from the list, or check its ID.',
				});
			}
			if (error instanceof NodeApiError) throw describeFailure(error, { group: groupId });
			throw new NodeOperationError(context.getNode(), error as Error, { itemIndex: filters.itemIndex });
		}
		return members.filter((user) => matchesStatus(user, status));
	}

	// Search has no `ne` operator, so All Statuses names every status.
	const statuses = status === STATUS_ALL ? USER_STATUSES : [status];
	const search = status === STATUS_OKTA_DEFAULT ? undefined : statusExpression(statuses);
	return await client.collect<OktaUser>({ path: '/api/v1/users', query: { search, limit: USER_PAGE_SIZE } }, { maxPages });
}

function matchesStatus(user: OktaUser, status: string): boolean {
	if (status === STATUS_ALL) return true;
	if (status === STATUS_OKTA_DEFAULT) return user.status !== 'DEPROVISIONED';
	return user.status === status;
}
