import { NodeOperationError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

/** Quotes a value for an Okta search or filter expression, escaping backslashes and double quotes. */
export function quote(value: string): string {
	return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Joins expressions with `and`, bracketing each one; empty parts are skipped. */
export function and(...parts: Array<string | undefined>): string | undefined {
	const present = parts.filter((part): part is string => part !== undefined && part.trim() !== '');
	if (present.length === 0) return undefined;
	if (present.length === 1) return present[0];
	return present.map((part) => `(${part})`).join(' and ');
}

/** Joins expressions with `or`. */
export function or(...parts: string[]): string {
	return parts.length === 1 ? parts[0] : parts.join(' or ');
}

/**
 * Checks a raw expression a user typed. Okta expects plain text; the transport encodes it once.
 * Text that is already URL-encoded (`status%20eq%20%22ACTIVE%22`) or joined with `+` as in a URL
 * (`user.id+eq+"00u1"`) would be sent double-encoded and rejected by Okta, so it is refused here
 * with the form Okta expects.
 */
export function checkRawExpression(node: INode, text: string, field: string, itemIndex: number): string {
	const expression = text.trim();
	const outsideQuotes = expression.replace(/"(?:[^"\\]|\\.)*"/g, '""');

	if (/%[0-9a-f]{2}/i.test(outsideQuotes)) {
		let decoded = expression;
		try {
			decoded = decodeURIComponent(expression);
		} catch {
			// Not valid percent-encoding after all; the message below still applies.
		}
		throw new NodeOperationError(node, `${field} looks URL-encoded`, {
			itemIndex,
			description: `Enter the expression as plain text, for example: ${decoded}`,
		});
	}
	if (/\+(eq|ne|co|sw|ew|gt|ge|lt|le|pr|and|or)\b/i.test(outsideQuotes) || /\b(eq|and|or)\+/i.test(outsideQuotes)) {
		throw new NodeOperationError(node, `${field} uses + between terms`, {
			itemIndex,
			description: `Separate terms with spaces, not +, for example: ${replaceOutsideQuotes(expression, '+', ' ')}`,
		});
	}

	return expression;
}

function replaceOutsideQuotes(text: string, search: string, replacement: string): string {
	return text
		.split(/("(?:[^"\\]|\\.)*")/)
		.map((part) => (part.startsWith('"') ? part : part.split(search).join(replacement)))
		.join('');
}
