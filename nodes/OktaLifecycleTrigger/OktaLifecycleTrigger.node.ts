import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';

import { createOktaClient } from '../transport';
import { EVENT_CATEGORY_OPTIONS } from './event-selection';
import { pollNewEvents } from './poll';
import { DEFAULT_PAGES_PER_POLL, MAX_LOOKBACK_MINUTES, MAX_PAGES_PER_POLL, readTriggerSettings } from './settings';
import { fetchTestEvents } from './test-events';

/**
 * Starts workflows from Okta's System Log by polling: no public URL and no event hook slot
 * needed. The position is Okta's own polling cursor (the `next` link), kept in the node's
 * static data with the uuids of recently emitted events.
 */
export class OktaLifecycleTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Okta Lifecycle Trigger',
		name: 'oktaLifecycleTrigger',
		icon: { light: 'file:okta.svg', dark: 'file:okta.dark.svg' },
		group: ['trigger'],
		version: 1,
		description: 'Starts the workflow when Okta records sign-ins, assignment changes or user lifecycle changes',
		subtitle: 'System Log events',
		defaults: { name: 'Okta Lifecycle Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'oktaLifecycleApi', required: true }],
		properties: [
			{
				displayName:
					"Each item's eventId is Okta's event uuid. n8n can repeat a poll after a restart, so deduplicate on eventId where a repeat matters. Changing Events, Custom Event Types, Filter or Successful Sign-Ins Only restarts polling from the last emitted event's time with the new selection.",
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: EVENT_CATEGORY_OPTIONS,
				default: ['appAssignmentChanges', 'groupMembershipChanges', 'userLifecycleChanges'],
				description: 'The kinds of System Log events that start the workflow',
			},
			{
				displayName: 'Custom Event Types',
				name: 'customEventTypes',
				type: 'string',
				typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Event Type' },
				default: [],
				placeholder: 'user.account.lock',
				description: "More event types from Okta's event catalog that start the workflow, such as user.account.lock",
			},
			{
				displayName: 'Filter',
				name: 'filter',
				type: 'string',
				default: '',
				placeholder: 'target.displayName eq "Engineering"',
				description:
					'An optional System Log filter in plain text, combined with the events above by "and". For example target.displayName eq "Engineering" for one group, or actor.alternateId eq "jane.roe@example.com" for one person.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'First-Run Lookback',
						name: 'firstRunLookback',
						type: 'number',
						default: 0,
						typeOptions: { minValue: 0, maxValue: MAX_LOOKBACK_MINUTES },
						description:
							'Minutes of past events to emit when the workflow is first activated; 0 starts at the moment of activation. At most 10080 (7 days).',
					},
					{
						displayName: 'Max Pages Per Poll',
						name: 'maxPagesPerPoll',
						type: 'number',
						default: DEFAULT_PAGES_PER_POLL,
						typeOptions: { minValue: 1, maxValue: MAX_PAGES_PER_POLL },
						description:
							"The most pages of up to 1,000 events one poll reads; the next poll continues where it stopped. Keeps each poll inside Okta's small System Log rate limit.",
					},
					{
						displayName: 'Simplify',
						name: 'simplify',
						type: 'boolean',
						default: true,
						description:
							"Whether to return a flat object (event ID, type, time, user, app, group, actor, outcome, client IP, message) instead of Okta's full event",
					},
					{
						displayName: 'Successful Sign-Ins Only',
						name: 'successfulSignInsOnly',
						type: 'boolean',
						default: false,
						description: 'Whether to skip sign-in events whose outcome is not SUCCESS. Other events are not affected.',
					},
				],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const settings = readTriggerSettings(this);
		const client = await createOktaClient(this);

		// "Fetch Test Event" must not touch the stored position of an active workflow.
		if (this.getMode() === 'manual') return await fetchTestEvents(this, client, settings);

		return await pollNewEvents(this, client, settings);
	}
}
