import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requireIdentifier } from '../../helpers/identifiers';
import { toNodeError } from '../../helpers/node-errors';
import { planOffboard, runOffboard } from '../../helpers/offboard';
import type { OffboardSettings, OffboardStep } from '../../helpers/offboard';
import { getUser } from '../../helpers/users';
import { readRemovalStrategy, removalStrategyParameters } from '../application/parameters';
import { userLocator } from '../common/parameters';
import { describeFailure } from '../router';
import type { OperationContext } from '../types';
import { APP_SESSIONS_NOTE, forgetDevicesOption } from './clearSessions.operation';

const displayOptions = { show: { resource: ['user'], operation: ['offboard'] } };
const show = (fields: Record<string, unknown[]>) => ({ show: { ...displayOptions.show, ...fields } });

export const description: INodeProperties[] = [
	{
		displayName:
			'This offboards the user in Okta: it can set profile fields, remove app assignments and group memberships, end sessions and suspend or deactivate the user. Turn on Dry Run to see every request first.',
		name: 'offboardNotice',
		type: 'notice',
		default: '',
		displayOptions,
	},
	userLocator(displayOptions),
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		default: false,
		description: 'Whether to only return the plan, with each request that would be sent and what it would change. A dry run sends only reads.',
		displayOptions,
	},
	{
		displayName: 'Profile Fields to Set',
		name: 'profileFields',
		type: 'fixedCollection',
		placeholder: 'Add Field',
		default: {},
		typeOptions: { multipleValues: true },
		description: 'Profile attributes set first, while the user can still be updated, for example an end date',
		displayOptions,
		options: [
			{
				displayName: 'Field',
				name: 'field',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'endDate' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
	{
		displayName: 'Remove App Assignments',
		name: 'removeApps',
		type: 'boolean',
		default: true,
		description: "Whether to remove the user's app assignments, individual and group-granted",
		displayOptions,
	},
	...removalStrategyParameters(show({ removeApps: [true] })),
	{
		displayName: 'Remove Group Memberships',
		name: 'removeGroups',
		type: 'boolean',
		default: true,
		description: 'Whether to remove the user from every Okta group (OKTA_GROUP). Built-in and imported groups are skipped, with the reason.',
		displayOptions,
	},
	{
		displayName: 'Clear Sessions',
		name: 'clearSessions',
		type: 'boolean',
		default: true,
		description: "Whether to end the user's Okta sessions",
		displayOptions,
	},
	{
		displayName: 'Revoke OAuth Tokens',
		name: 'revokeOAuthTokens',
		type: 'boolean',
		default: true,
		description: 'Whether to also revoke the OAuth and OpenID Connect tokens Okta issued to the user',
		displayOptions: show({ clearSessions: [true] }),
	},
	{
		displayName: 'Final Status',
		name: 'finalStatus',
		type: 'options',
		default: 'suspend',
		description: 'The status the user ends in, set last',
		options: [
			{ name: 'Deactivate', value: 'deactivate', description: 'Deactivate the user. Okta also removes every remaining app assignment. The user is not deleted.' },
			{ name: 'Keep Current Status', value: 'none', description: "Leave the user's status as it is" },
			{ name: 'Suspend', value: 'suspend', description: 'Suspend the user, who cannot sign in; Unsuspend reverses it' },
		],
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
			forgetDevicesOption,
			{
				displayName: 'Keep Apps',
				name: 'keepApps',
				type: 'string',
				default: '',
				placeholder: '0oa1a2b3c4d5e6f7g8h9, Payroll',
				description: 'Comma-separated app IDs or labels to leave assigned',
			},
			{
				displayName: 'Keep Groups',
				name: 'keepGroups',
				type: 'string',
				default: '',
				placeholder: 'Alumni, 00g1a2b3c4d5e6f7g8h9',
				description: 'Comma-separated group IDs or names to leave the user in',
			},
			{
				displayName: 'Wait for Completion (Seconds)',
				name: 'waitSeconds',
				type: 'number',
				default: 10,
				typeOptions: { minValue: 0, maxValue: 120 },
				description: 'How long to wait for Okta to finish an asynchronous deactivation before reporting it in progress',
			},
		],
	},
];

interface OffboardOptions {
	forgetDevices?: boolean;
	keepApps?: string;
	keepGroups?: string;
	waitSeconds?: number;
}

export async function execute(this: IExecuteFunctions, context: OperationContext, itemIndex: number): Promise<IDataObject> {
	const node = this.getNode();
	const key = requireIdentifier(node, this.getNodeParameter('user', itemIndex, '', { extractValue: true }), 'User', itemIndex);
	const settings = readSettings(this, itemIndex);
	const dryRun = this.getNodeParameter('dryRun', itemIndex, false) as boolean;

	if (settings.strategy === 'removeFromGrantingGroups' && !settings.allowGroupRemoval && !dryRun) {
		throw new NodeOperationError(node, 'Remove From Granting Groups needs Allow Removing Group Memberships turned on', {
			itemIndex,
			description: 'It also takes away every other app those groups grant. Turn on the opt-in, run with Dry Run first, or choose "Convert, Then Remove".',
		});
	}

	let report: IDataObject;
	try {
		const plan = await planOffboard(context.client, key, settings, context.cache);
		const statusBefore = plan.user.status;
		const base = { userId: plan.user.id, login: plan.user.profile.login, dryRun, statusBefore };

		if (dryRun) {
			const steps = plan.steps.map(({ appPlan, ...step }) => step);
			return { ...base, statusAfter: statusBefore, summary: summarize(steps), steps, warnings: plan.warnings, note: APP_SESSIONS_NOTE };
		}

		const steps = await runOffboard(context.client, plan);
		const after = await getUser(context.client, plan.user.id);
		report = { ...base, statusAfter: after.status, summary: summarize(steps), steps, warnings: plan.warnings, note: APP_SESSIONS_NOTE };
	} catch (error) {
		throw describeFailure(toNodeError(node, error, itemIndex), { user: key });
	}

	const failed = (report.steps as OffboardStep[]).filter((step) => step.status === 'failed');
	if (failed.length === 0) return report;

	// A partly finished offboarding must not pass as success; Continue On Fail keeps the whole report.
	const error = new NodeOperationError(
		node,
		`Offboarding of ${String(report.login)} finished with ${failed.length} failed step${failed.length === 1 ? '' : 's'}: ${failed.map(describeStep).join('; ')}`,
		{ itemIndex, description: `Steps that succeeded: ${succeeded(report.steps as OffboardStep[])}. Running again is safe: finished steps are reported as already done.` },
	);
	throw describeFailure(error, report);
}

function readSettings(context: IExecuteFunctions, itemIndex: number): OffboardSettings {
	const node = context.getNode();
	const profile: Record<string, string> = {};
	const fields = context.getNodeParameter('profileFields', itemIndex, {}) as { field?: Array<{ name?: string; value?: string }> };
	for (const field of fields.field ?? []) {
		const name = field.name?.trim();
		if (!name) {
			throw new NodeOperationError(node, 'A profile field to set has no name', { itemIndex, description: 'Enter the attribute name as it appears in the Okta profile, such as endDate.' });
		}
		profile[name] = field.value ?? '';
	}

	const removeApps = context.getNodeParameter('removeApps', itemIndex, true) as boolean;
	const strategy = removeApps ? readRemovalStrategy(context, itemIndex) : 'convertThenRemove';
	const clearSessions = context.getNodeParameter('clearSessions', itemIndex, true) as boolean;
	const options = context.getNodeParameter('options', itemIndex, {}) as OffboardOptions;

	return {
		profile,
		removeApps,
		strategy,
		allowGroupRemoval: strategy === 'removeFromGrantingGroups' && (context.getNodeParameter('allowGroupRemoval', itemIndex, false) as boolean),
		keepApps: splitList(options.keepApps),
		removeGroups: context.getNodeParameter('removeGroups', itemIndex, true) as boolean,
		keepGroups: splitList(options.keepGroups),
		clearSessions,
		revokeOAuthTokens: clearSessions && (context.getNodeParameter('revokeOAuthTokens', itemIndex, true) as boolean),
		forgetDevices: options.forgetDevices ?? true,
		finalStatus: context.getNodeParameter('finalStatus', itemIndex, 'suspend') as OffboardSettings['finalStatus'],
		waitSeconds: options.waitSeconds ?? 10,
	};
}

/** Counts what the offboarding did (or, in a dry run, would do), per kind of step. */
function summarize(steps: OffboardStep[]): IDataObject {
	const count = (kind: OffboardStep['step'], statuses: string[]) => steps.filter((step) => step.step === kind && statuses.includes(step.status)).length;
	const state = (kind: OffboardStep['step']) => {
		const found = steps.find((step) => step.step === kind);
		return found ? found.status : 'notRequested';
	};
	const finished = ['done', 'alreadyDone'];

	return {
		profileUpdated: state('updateProfile'),
		appsRemoved: count('removeAppAssignment', ['done']),
		appsToRemove: count('removeAppAssignment', ['planned']),
		appsFailed: count('removeAppAssignment', ['failed']),
		groupsRemoved: count('removeGroupMembership', ['done']),
		groupsToRemove: count('removeGroupMembership', ['planned']),
		groupsSkipped: count('removeGroupMembership', ['skipped']),
		groupsFailed: count('removeGroupMembership', ['failed']),
		sessionsCleared: state('clearSessions'),
		suspended: state('suspend'),
		deactivated: state('deactivate'),
		succeeded: steps.every((step) => step.status !== 'failed'),
		allDone: steps.every((step) => finished.includes(step.status) || step.status === 'skipped'),
	};
}

function describeStep(step: OffboardStep): string {
	const target = step.target as { appLabel?: string; groupName?: string } | null;
	const what = target?.appLabel ?? target?.groupName;
	return `${step.step}${what ? ` (${what})` : ''}: ${step.error ?? step.reason ?? 'failed'}`;
}

function succeeded(steps: OffboardStep[]): string {
	const names = steps.filter((step) => step.status === 'done' || step.status === 'alreadyDone').map((step) => {
		const target = step.target as { appLabel?: string; groupName?: string } | null;
		const what = target?.appLabel ?? target?.groupName;
		return what ? `${step.step} (${what})` : step.step;
	});
	return names.length > 0 ? names.join(', ') : 'none';
}

function splitList(value: string | undefined): string[] {
	return (value ?? '')
		.split(',')
		.map((part) => part.trim())
		.filter(Boolean);
}
