import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { DAY_MS, RETENTION_DAYS, toOktaTime } from '../../helpers/log-window';
import { appLocator, groupLocator, maxPagesOption, userLocator } from '../common/parameters';
import type { OperationContext } from '../types';
import { STATUS_OKTA_DEFAULT, STATUS_OPTIONS } from '../../helpers/user-search';
import { reportAllUsers } from './all-users';
import { reportOneUser } from './one-user';
import type { ReportOutput, ReportSettings } from './report-items';

const displayOptions = { show: { resource: ['signIn'], operation: ['getLastSignIn'] } };
const oneUser = { show: { ...displayOptions.show, scope: ['oneUser'] } };
const allUsers = { show: { ...displayOptions.show, scope: ['allUsers'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Scope',
		name: 'scope',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'All Users',
				value: 'allUsers',
				description: 'Read the System Log once for the window and report every user, including those with no sign-in',
			},
			{
				name: 'One User',
				value: 'oneUser',
				description: "Report one user's sign-ins to Okta and to each app, with the user's assigned apps",
			},
		],
		default: 'oneUser',
		displayOptions,
	},
	userLocator(oneUser),
	appLocator(allUsers, {
		required: false,
		description:
			'Only sign-ins to this application count, and Okta sign-ins are not read. Every listed user is reported, assigned to the app or not; choose a Group to narrow the list. Leave empty to report Okta sign-ins and every app.',
	}),
	groupLocator(allUsers, {
		required: false,
		description: 'Only members of this group are reported. Leave empty to report every user.',
	}),
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		options: STATUS_OPTIONS,
		default: STATUS_OKTA_DEFAULT,
		description:
			"Which users to report. Okta's plain user listing leaves out deactivated (DEPROVISIONED) users; All Statuses adds them.",
		displayOptions: allUsers,
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		options: [
			{ name: 'One Item per User', value: 'perUser', description: 'Each item has an apps list' },
			{
				name: 'One Item per User and App',
				value: 'perUserAndApp',
				description: 'A user with no app sign-in gets one item whose app ID is null',
			},
		],
		default: 'perUser',
		displayOptions,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions,
		options: [
			{
				displayName: 'Inactive For (Days)',
				name: 'inactiveDays',
				type: 'number',
				default: 30,
				typeOptions: { minValue: 1, maxValue: RETENTION_DAYS },
				description:
					'Output only users with no successful sign-in in this many days: to Okta, or to the chosen application. With one item per user and app, each pair is judged by its app. At most Window (Days).',
			},
			{
				displayName: 'Include Failed Sign-Ins',
				name: 'includeFailed',
				type: 'boolean',
				default: false,
				description:
					'Whether to add the last failed sign-in (outcome FAILURE) to Okta and to each app as separate fields. Failed sign-ins never count as sign-ins.',
			},
			{
				displayName: 'Include Okta Sign-Ins',
				name: 'includeOktaSignIns',
				type: 'boolean',
				default: true,
				description:
					"Whether to read sign-ins to Okta itself as well as to apps. Off reads only app sign-ins, which in a large org needs about half the System Log requests; lastOktaSignIn is then left out, and Inactive For judges each user by the newest app sign-in. The user's lastLogin is always shown.",
			},
			maxPagesOption,
			{
				displayName: 'Window (Days)',
				name: 'windowDays',
				type: 'number',
				default: RETENTION_DAYS,
				typeOptions: { minValue: 1, maxValue: RETENTION_DAYS },
				description: 'How many days of System Log to read, ending now. Okta keeps 90 days, so 90 is the maximum.',
			},
		],
	},
];

interface SignInOptions {
	inactiveDays?: number;
	includeFailed?: boolean;
	includeOktaSignIns?: boolean;
	maxPages?: number;
	windowDays?: number;
}

/** The report settings and page cap that both scopes use, read and checked before any request. */
export interface ReportRequest {
	settings: ReportSettings;
	maxPages?: number;
}

export async function execute(this: IExecuteFunctions, context: OperationContext, itemIndex: number): Promise<IDataObject[]> {
	const request = readReportRequest(this, itemIndex);
	const scope = this.getNodeParameter('scope', itemIndex) as string;

	if (scope === 'allUsers') return await reportAllUsers.call(this, context, itemIndex, request);
	return await reportOneUser.call(this, context, itemIndex, request);
}

function readReportRequest(context: IExecuteFunctions, itemIndex: number): ReportRequest {
	const node = context.getNode();
	const options = context.getNodeParameter('options', itemIndex, {}) as SignInOptions;
	const output = context.getNodeParameter('output', itemIndex, 'perUser') as ReportOutput;

	const windowDays = options.windowDays ?? RETENTION_DAYS;
	if (!Number.isInteger(windowDays) || windowDays < 1 || windowDays > RETENTION_DAYS) {
		throw new NodeOperationError(node, `Window (Days) is ${windowDays}, but it must be a whole number from 1 to ${RETENTION_DAYS}`, {
			itemIndex,
			description: `Okta keeps System Log events for ${RETENTION_DAYS} days, so no sign-in before that can be found. Enter ${RETENTION_DAYS} or less.`,
		});
	}

	const inactiveDays = options.inactiveDays;
	if (inactiveDays !== undefined && (!Number.isInteger(inactiveDays) || inactiveDays < 1 || inactiveDays > windowDays)) {
		throw new NodeOperationError(
			node,
			`Inactive For (Days) is ${inactiveDays}, but it must be a whole number from 1 to Window (Days), ${windowDays}`,
			{
				itemIndex,
				description: `A sign-in older than the window cannot be seen. Lower Inactive For (Days), or raise Window (Days) up to ${RETENTION_DAYS}.`,
			},
		);
	}

	const maxPages = options.maxPages;
	if (maxPages !== undefined && (!Number.isInteger(maxPages) || maxPages < 1)) {
		throw new NodeOperationError(node, `Max Pages is ${maxPages}, but it must be a whole number of at least 1`, { itemIndex });
	}

	// Times on the wire are UTC with milliseconds whatever the instance's time zone.
	const untilMs = Date.now();
	const sinceMs = untilMs - windowDays * DAY_MS;

	return {
		maxPages,
		settings: {
			window: { since: toOktaTime(sinceMs), until: toOktaTime(untilMs), days: windowDays },
			output: output === 'perUserAndApp' ? 'perUserAndApp' : 'perUser',
			includeFailed: options.includeFailed === true,
			includeOktaSignIns: options.includeOktaSignIns !== false,
			inactiveBeforeMs: inactiveDays === undefined ? undefined : untilMs - inactiveDays * DAY_MS,
		},
	};
}
