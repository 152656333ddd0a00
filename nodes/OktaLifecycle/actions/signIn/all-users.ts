import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodePropertyOptions } from 'n8n-workflow';

import { apiPath, isOktaError } from '../../../transport';
import type { OktaClient } from '../../../transport';
import { requireIdentifier } from '../../helpers/identifiers';
import { USER_STATUSES } from '../../helpers/okta-types';
import type { OktaApp, OktaGroup, OktaUser } from '../../helpers/okta-types';
import { or, quote } from '../../helpers/search-expression';
import { APP_SIGN_IN_EVENT, OKTA_SIGN_IN_EVENT } from '../../helpers/sign-in-report';
import type { SignInIndex } from '../../helpers/sign-in-report';
import { describeFailure } from '../router';
import type { OperationContext } from '../types';
import type { ReportRequest } from './getLastSignIn.operation';
import { readSignIns } from './read-sign-ins';
import { reportItems } from './report-items';
import type { ReportWindow } from './report-items';

/** The Status filter, with the values and meaning of User Get Many's: Okta's default leaves out deactivated users. */
export const STATUS_OKTA_DEFAULT = 'oktaDefault';
export const STATUS_ALL = 'all';

const STATUS_NAMES: Record<(typeof USER_STATUSES)[number], string> = {
	ACTIVE: 'Active',
	DEPROVISIONED: 'Deprovisioned (Deactivated)',
	LOCKED_OUT: 'Locked Out',
	PASSWORD_EXPIRED: 'Password Expired',
	PROVISIONED: 'Provisioned',
	RECOVERY: 'Recovery',
	STAGED: 'Staged',
	SUSPENDED: 'Suspended',
};

export const STATUS_OPTIONS: INodePropertyOptions[] = [
	{ name: "Any Status Except Deactivated (Okta's Default)", value: STATUS_OKTA_DEFAULT },
	{ name: 'All Statuses (Including Deactivated)', value: STATUS_ALL },
	...USER_STATUSES.map((status) => ({ name: STATUS_NAMES[status], value: status })),
];

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

	const cacheKey = `signIn.allUsers:${JSON.stringify({ app, group, status, days: request.settings.window.days, maxPages: request.maxPages })}`;
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
	const app = filters.app ? await resolveApp(context, client, filters.app, itemIndex) : undefined;
	const groupId = filters.group ? await resolveGroupId(context, client, filters.group, itemIndex) : undefined;

	// The users come first: a wrong group then fails before the log's small budget is spent.
	const users = await listUsers(context, client, { groupId, status: filters.status, maxPages: request.maxPages, itemIndex });

	// A session start is a sign-in to Okta, not to an app, even where Identity Engine names the app
	// among its targets. So with one app, only the app's single sign-ons are read.
	const filter = app
		? `eventType eq ${quote(APP_SIGN_IN_EVENT)} and target.id eq ${quote(app.appId)}`
		: `eventType eq ${quote(OKTA_SIGN_IN_EVENT)} or eventType eq ${quote(APP_SIGN_IN_EVENT)}`;
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

/** Finds the chosen app: by label through the app list, otherwise by ID, which also checks that it exists. */
async function resolveApp(
	context: IExecuteFunctions,
	client: OktaClient,
	locator: Locator,
	itemIndex: number,
): Promise<{ appId: string; appLabel: string | null }> {
	if (locator.mode === 'label') {
		// `q` is a prefix match on name or label, so the exact label is picked out here.
		const apps = await client.collect<OktaApp>({ path: '/api/v1/apps', query: { q: locator.value, limit: 200 } });
		const exact = apps.filter((app) => String(app.label).toLowerCase() === locator.value.toLowerCase());
		if (exact.length !== 1) {
			const found = exact.length === 0 ? 'No Okta application has' : `${exact.length} Okta applications have`;
			throw new NodeOperationError(context.getNode(), `${found} the label "${locator.value}"`, {
				itemIndex,
				description: 'Pick the application from the list, or enter its ID.',
			});
		}
		return { appId: exact[0].id, appLabel: exact[0].label };
	}

	const response = await client.request<OktaApp>({ path: apiPath`/api/v1/apps/${locator.value}`, acceptStatuses: [404] });
	if (response.status === 404) {
		throw client.errorFor(response, `No Okta application has the ID "${locator.value}"`);
	}
	return { appId: response.body.id, appLabel: response.body.label ?? null };
}

/** Finds the chosen group's ID; a name is looked up with an exact search. */
async function resolveGroupId(context: IExecuteFunctions, client: OktaClient, locator: Locator, itemIndex: number): Promise<string> {
	if (locator.mode !== 'name') return locator.value;

	const search = `profile.name eq ${quote(locator.value)}`;
	const groups = await client.collect<OktaGroup>({ path: '/api/v1/groups', query: { search, limit: 200 } });
	if (groups.length !== 1) {
		const found = groups.length === 0 ? 'No Okta group has' : `${groups.length} Okta groups have`;
		throw new NodeOperationError(context.getNode(), `${found} the name "${locator.value}"`, {
			itemIndex,
			description: 'Pick the group from the list, or enter its ID.',
		});
	}
	return groups[0].id;
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
	const search = status === STATUS_OKTA_DEFAULT ? undefined : or(...statuses.map((value) => `status eq ${quote(value)}`));
	return await client.collect<OktaUser>({ path: '/api/v1/users', query: { search, limit: USER_PAGE_SIZE } }, { maxPages });
}

function matchesStatus(user: OktaUser, status: string): boolean {
	if (status === STATUS_ALL) return true;
	if (status === STATUS_OKTA_DEFAULT) return user.status !== 'DEPROVISIONED';
	return user.status === status;
}
