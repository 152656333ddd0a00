import type { IExecuteFunctions } from 'n8n-workflow';

/** Reads the Group locator's raw value and mode before any check, so error items can name what was entered. */
export function readGroupLocator(context: IExecuteFunctions, itemIndex: number): { value: unknown; mode: string } {
	const value = context.getNodeParameter('group', itemIndex, '', { extractValue: true });
	const locator = context.getNodeParameter('group', itemIndex, {}) as { mode?: string };
	return { value, mode: locator.mode ?? 'id' };
}
