import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * Reads Return All and Limit: the number of items to return, or undefined for all. Limit can
 * come from an expression and so escape the field's minimum, so it is checked here.
 */
export function readItemLimit(context: IExecuteFunctions, itemIndex: number): number | undefined {
	if (context.getNodeParameter('returnAll', itemIndex, false) as boolean) return undefined;

	const limit = context.getNodeParameter('limit', itemIndex, 50) as number;
	if (!Number.isInteger(limit) || limit < 1) {
		throw new NodeOperationError(context.getNode(), `Limit must be a whole number of 1 or more, not ${String(limit)}`, {
			itemIndex,
			description: 'Set Limit to the number of results to return, or turn on Return All.',
		});
	}
	return limit;
}

/** Checks the Max Pages option, which can also come from an expression. */
export function readMaxPages(context: IExecuteFunctions, value: unknown, itemIndex: number): number | undefined {
	if (value === undefined) return undefined;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
		throw new NodeOperationError(context.getNode(), `Max Pages must be a whole number of 1 or more, not ${String(value)}`, {
			itemIndex,
			description: 'Set Max Pages to the most pages one listing may read, for example 1000.',
		});
	}
	return value;
}
