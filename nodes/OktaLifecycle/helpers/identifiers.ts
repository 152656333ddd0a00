import { NodeOperationError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

/**
 * Checks an id, login or name before it goes into a path: trimmed, not empty, and not `.` or
 * `..`, which URL normalisation would turn into another endpoint (`/users/.` is the user list).
 */
export function requireIdentifier(node: INode, value: unknown, field: string, itemIndex: number): string {
	const text = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';

	if (text === '') {
		throw new NodeOperationError(node, `${field} is empty`, {
			itemIndex,
			description: `Enter an ID, login or name in ${field}, or pick one from the list.`,
		});
	}
	if (text === '.' || text === '..') {
		throw new NodeOperationError(node, `${field} "${text}" is not a valid identifier`, {
			itemIndex,
			description: `Enter a real ID or login in ${field}; "." and ".." would address a different Okta endpoint.`,
		});
	}

	return text;
}
