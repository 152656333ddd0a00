/**
 * Shared setup for the trigger tests. The sandbox org runs on a fake clock that the trigger
 * reads too, through luxon's `Settings.now`. Tests store System Log events with chosen uuids,
 * publish and persistence times, and run polls that carry the static data from poll to poll.
 */
import { Settings } from 'luxon';
import { PollContext } from 'n8n-core';
import type { IDataObject, INodeParameters, Logger } from 'n8n-workflow';

import { OktaLifecycleTrigger } from '../../nodes/OktaLifecycleTrigger/OktaLifecycleTrigger.node';
import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../sandbox/server';
import { runPoll } from '../support/harness';
import type { PollResult } from '../support/harness';

export const NOW = Date.parse('2025-03-03T10:00:00.000Z');
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const DAY = 24 * 60 * MINUTE;

/** The state key n8n uses for the harness's node, named "Okta". */
export const NODE_KEY = 'node:Okta';

export const LIFECYCLE_FILTER = [
	'user.lifecycle.activate',
	'user.lifecycle.create',
	'user.lifecycle.deactivate',
	'user.lifecycle.delete.completed',
	'user.lifecycle.delete.initiated',
	'user.lifecycle.reactivate',
	'user.lifecycle.suspend',
	'user.lifecycle.unsuspend',
]
	.map((type) => `eventType eq "${type}"`)
	.join(' or ');

export const LIFECYCLE_PARAMETERS: INodeParameters = { events: ['userLifecycleChanges'], options: {} };

/** A sandbox org whose clock stays still until a test moves it. */
export class TriggerWorld {
	sandbox!: Sandbox;
	clock = NOW;

	async start(): Promise<void> {
		this.clock = NOW;
		Settings.now = () => this.clock;
		// Strict timestamps: the sandbox rejects any since or until not in YYYY-MM-DDTHH:mm:ss.SSSZ form.
		this.sandbox = await startSandbox({
			empty: true,
			rateLimits: { enabled: false },
			faults: { strictLogTimestamps: true },
			now: () => this.clock,
		});
	}

	async stop(): Promise<void> {
		Settings.now = () => Date.now();
		await this.sandbox.close();
	}

	advance(ms: number): void {
		this.clock += ms;
	}

	/**
	 * Stores a System Log event that becomes readable at `persistAt` (default: its publish time),
	 * as Okta stores late events after newer ones.
	 */
	addEvent(fields: {
		uuid: string;
		published: number;
		persistAt?: number;
		eventType?: string;
		targets?: IDataObject[];
		actor?: IDataObject;
		outcome?: string;
	}): IDataObject {
		const event = this.sandbox.org.buildEvent(fields.eventType ?? 'user.lifecycle.create', {
			published: fields.published,
			targets: fields.targets ?? [{ id: '00uJR', type: 'User', alternateId: 'jane.roe@example.com', displayName: 'Jane Roe' }],
			actor: fields.actor,
			outcome: fields.outcome,
		});
		event.uuid = fields.uuid;
		this.sandbox.org.storeEvent(event, fields.persistAt ?? fields.published);
		return event;
	}

	/** Runs one poll from `staticData` (a JSON copy of what n8n stored) and returns the result. */
	async poll(staticData: IDataObject, parameters: INodeParameters = LIFECYCLE_PARAMETERS, mode: 'trigger' | 'manual' = 'trigger'): Promise<PollResult> {
		return await runPoll(new OktaLifecycleTrigger(), {
			credentials: { url: this.sandbox.url, apiToken: this.sandbox.token },
			parameters,
			staticData,
			mode,
		});
	}

	/** Lists the System Log requests since the last `clearRequests`. */
	logRequests() {
		return this.sandbox.requestsTo('GET', '/api/v1/logs');
	}
}

/** Lists the eventIds a poll emitted, in order, or none when it returned null. */
export function emittedIds(result: PollResult): unknown[] {
	return (result.output?.[0] ?? []).map((item) => item.json.eventId);
}

/** Returns the trigger's own part of the workflow's static data. */
export function nodeState(result: PollResult): IDataObject {
	return result.staticData[NODE_KEY] as IDataObject;
}

export function iso(ms: number): string {
	return new Date(ms).toISOString();
}

/**
 * Returns the logger n8n-core gives every node context (one instance per process), so a test
 * can spy on the trigger's warnings.
 */
export function nodeLogger(): Logger {
	const descriptor = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(PollContext.prototype), 'logger');
	return descriptor?.get?.call({}) as Logger;
}
