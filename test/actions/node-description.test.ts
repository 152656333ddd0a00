import type { INodeProperties } from 'n8n-workflow';

import { OktaLifecycle } from '../../nodes/OktaLifecycle/OktaLifecycle.node';
import { OktaLifecycleTrigger } from '../../nodes/OktaLifecycleTrigger/OktaLifecycleTrigger.node';

const action = new OktaLifecycle().description;
const trigger = new OktaLifecycleTrigger().description;

/** Operations that change Okta, by resource. */
const MUTATING: Record<string, string[]> = {
	user: ['activate', 'clearSessions', 'create', 'deactivate', 'offboard', 'suspend', 'unsuspend'],
	group: ['addUser', 'removeUser'],
	application: ['assignUser', 'convertAssignment', 'removeUser'],
};

function operationsOf(resource: string): Array<{ name: string; value: string; action?: string; description?: string }> {
	const parameter = action.properties.find(
		(property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes(resource),
	);
	return (parameter?.options ?? []) as Array<{ name: string; value: string; action?: string; description?: string }>;
}

function shownFor(property: INodeProperties, resource: string, operation: string): boolean {
	const show = property.displayOptions?.show ?? {};
	return (show.resource ?? []).includes(resource) && (show.operation ?? []).includes(operation);
}

describe('action node description', () => {
	test('is usable as an AI tool', () => {
		expect(action.usableAsTool).toBe(true);
	});

	test('shows resource and operation in the subtitle', () => {
		expect(action.subtitle).toBe('={{$parameter["operation"] + ": " + $parameter["resource"]}}');
	});

	test.each(Object.entries(MUTATING).flatMap(([resource, operations]) => operations.map((operation) => [resource, operation])))(
		'%s %s warns that it changes Okta',
		(resource, operation) => {
			const notices = action.properties.filter((property) => property.type === 'notice' && shownFor(property, resource, operation));

			expect(notices).toHaveLength(1);
		},
	);

	test.each(['application', 'group', 'signIn', 'systemLog', 'user'])('every %s operation has an action text', (resource) => {
		const operations = operationsOf(resource);

		expect(operations.length).toBeGreaterThan(0);
		for (const operation of operations) {
			expect(operation.action).toMatch(/^[A-Z][a-z]/);
			expect(operation.description).toBeTruthy();
		}
	});

	test('boolean descriptions start with Whether', () => {
		const booleans: INodeProperties[] = [];
		const collect = (properties: INodeProperties[]) => {
			for (const property of properties) {
				if (property.type === 'boolean') booleans.push(property);
				if (property.type === 'collection') collect((property.options ?? []) as INodeProperties[]);
			}
		};
		collect([...action.properties, ...trigger.properties]);

		expect(booleans.length).toBeGreaterThan(10);
		expect(booleans.filter((property) => !String(property.description).startsWith('Whether')).map((property) => property.name)).toEqual([]);
	});
});

describe('trigger description', () => {
	test('is a polling trigger and not an AI tool', () => {
		expect(trigger.polling).toBe(true);
		expect(trigger.usableAsTool).toBeUndefined();
		expect(trigger.inputs).toEqual([]);
	});
});
