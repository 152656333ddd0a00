import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { createOktaClient, oktaErrorDetails } from '../../transport';
import { operationsByResource } from './resources';
import type { OperationContext } from './types';

/**
 * Runs the chosen operation once per input item. The item loop, Continue On Fail and item
 * linking live here, so each operation handles one item and returns plain objects.
 */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;

	const handler = operationsByResource[resource]?.[operation];
	if (!handler) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of resource "${resource}" is not supported`);
	}

	const context: OperationContext = { client: await createOktaClient(this), cache: new Map() };
	const output: INodeExecutionData[] = [];

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const result = await handler.execute.call(this, context, itemIndex);
			const executionData = this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(result), {
				itemData: { item: itemIndex },
			});
			output.push(...executionData);
		} catch (error) {
			if (this.continueOnFail()) {
				output.push({ json: errorItem(error), pairedItem: { item: itemIndex } });
				continue;
			}
			throw withItemIndex(this, error, itemIndex);
		}
	}

	return [output];
}

/** The JSON of an error item under Continue On Fail: what failed, and Okta's details when there are any. */
export function errorItem(error: unknown): IDataObject {
	const item: IDataObject = { error: error instanceof Error ? error.message : String(error) };
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.description) item.description = error.description;
		const extra = (error.context as { item?: IDataObject }).item;
		if (extra) Object.assign(item, extra);
	}

	const okta = oktaErrorDetails(error);
	if (okta) {
		item.httpCode = okta.status ?? null;
		item.errorCode = okta.errorCode ?? null;
		item.errorSummary = okta.errorSummary ?? null;
		item.errorCauses = okta.errorCauses;
		item.errorId = okta.errorId ?? null;
		item.request = `${okta.method} ${okta.path}`;
	}
	return item;
}

function withItemIndex(context: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}

/** Attaches fields to an error that Continue On Fail copies into the error item, such as the user it concerns. */
export function describeFailure<T extends NodeApiError | NodeOperationError>(error: T, fields: IDataObject): T {
	const context = error.context as { item?: IDataObject };
	context.item = { ...context.item, ...fields };
	return error;
}
