/**
 * Compact fingerprints of a contender's output, so a child process, or a Code node in a real
 * n8n, can report 80,000 user-group pairs as two values that the benchmark compares with what
 * the sandbox org holds.
 */

/**
 * @typedef {{ count: number, hash: string }} Digest
 */

/**
 * Counts the distinct entries and hashes them in sorted order, so the order of a contender's
 * output does not matter. The hash is two 32-bit FNV-1a sums with different offsets, written
 * without imports so that n8n's Code node can run this function's source as it is. It detects
 * a wrong output, but it is no protection against a crafted collision.
 * @param {Iterable<string>} entries
 * @returns {Digest}
 */
export function digestOf(entries) {
	const sorted = [...new Set(entries)].sort();
	let first = 0x811c9dc5;
	let second = 0x050c5d1f;
	for (const entry of sorted) {
		const text = `${entry}\n`;
		for (let index = 0; index < text.length; index++) {
			const code = text.charCodeAt(index);
			first = Math.imul(first ^ code, 0x01000193);
			second = Math.imul(second ^ code, 0x01000193);
		}
	}
	const hex = (/** @type {number} */ value) => (value >>> 0).toString(16).padStart(8, '0');
	return { count: sorted.length, hash: `${hex(first)}${hex(second)}` };
}

/**
 * @param {Digest|undefined} actual
 * @param {Digest} expected
 */
export function sameDigest(actual, expected) {
	return actual !== undefined && actual.count === expected.count && actual.hash === expected.hash;
}
