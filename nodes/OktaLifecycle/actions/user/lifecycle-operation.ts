import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requireIdentifier } from '../../helpers/identifiers';
import { runLifecycle } from '../../helpers/lifecycle';
import { toNodeError } from '../../helpers/node-errors';
import type { LifecycleOperation } from '../../helpers/lifecycle';
import { describeFailure } from '../router';
import { userLocator } from '../common/parameters';
import type { OperationContext, OperationModule } from '../types';

/** Builds the description and execute of one lifecycle operation (Activate, Deactivate, Suspend, Unsuspend). */
export function lifecycleOperation(operation: LifecycleOperation, notice: string, extra: INodeProperties[] = []): OperationModule {
	const displayOptions = { show: { resource: ['user'], operation: [operation] } };

	const description: INodeProperties[] = [
		{
			displayName: notice,
			name: `${operation}Notice`,
			type: 'notice',
			default: '',
			displayOptions,
		},
		userLocator(displayOptions),
		...extra.map((property) => ({ ...property, displayOptions })),
		{
			displayName: 'Wait for Completion (Seconds)',
			name: 'waitSeconds',
			type: 'number',
			default: 10,
			typeOptions: { minValue: 0, maxValue: 120 },
			description:
				'How long to wait for Okta to finish an asynchronous status change. If it is still running after this time, the output says inProgress: true.',
			displayOptions,
		},
	];

	async function execute(this: IExecuteFunctions, context: OperationContext, itemIndex: number): Promise<IDataObject> {
		const key = requireIdentifier(this.getNode(), this.getNodeParameter('user', itemIndex, '', { extractValue: true }), 'User', itemIndex);
		const waitSeconds = this.getNodeParameter('waitSeconds', itemIndex, 10) as number;
		const sendEmail = operation === 'activate' ? (this.getNodeParameter('sendEmail', itemIndex, true) as boolean) : undefined;

		try {
			return await runLifecycle(this.getNode(), context.client, key, operation, { waitSeconds, sendEmail }, itemIndex);
		} catch (error) {
			throw describeFailure(toNodeError(this.getNode(), error, itemIndex), { user: key, operation });
		}
	}

	return { description, execute };
}
