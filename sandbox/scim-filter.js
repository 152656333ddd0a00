'use strict';
/**
 * A parser and evaluator for the SCIM-style expressions Okta accepts in `search` and `filter`
 * parameters: `profile.department eq "Sales" and (status eq "ACTIVE" or status eq "SUSPENDED")`.
 * https://developer.okta.com/docs/api/#filter
 */

/** @typedef {'eq'|'ne'|'co'|'sw'|'ew'|'gt'|'ge'|'lt'|'le'|'pr'} Operator */
/**
 * @typedef {{ type: 'compare', path: string, op: Operator, value: string|number|boolean|null }
 *   | { type: 'and'|'or', left: Node, right: Node }
 *   | { type: 'not', operand: Node }} Node
 */

const OPERATORS = new Set(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le', 'pr']);

class FilterSyntaxError extends Error {}

/**
 * @param {string} text
 * @returns {string[]}
 */
function tokenize(text) {
	/** @type {string[]} */
	const tokens = [];
	let index = 0;

	while (index < text.length) {
		const char = text[index];

		if (/\s/.test(char)) {
			index++;
		} else if (char === '(' || char === ')') {
			tokens.push(char);
			index++;
		} else if (char === '"') {
			let value = '"';
			index++;
			while (index < text.length && text[index] !== '"') {
				if (text[index] === '\\' && index + 1 < text.length) {
					value += text[index + 1];
					index += 2;
				} else {
					value += text[index++];
				}
			}
			if (index >= text.length) throw new FilterSyntaxError('unterminated string');
			tokens.push(value + '"');
			index++;
		} else {
			let word = '';
			while (index < text.length && !/[\s()"]/.test(text[index])) word += text[index++];
			tokens.push(word);
		}
	}

	return tokens;
}

/**
 * @param {string} text
 * @returns {Node}
 */
function parseFilter(text) {
	const tokens = tokenize(text);
	let position = 0;

	const peek = () => tokens[position];
	const take = () => tokens[position++];
	const isWord = (/** @type {string} */ word) => (peek() ?? '').toLowerCase() === word;

	/** @returns {Node} */
	function parseOr() {
		let left = parseAnd();
		while (isWord('or')) {
			take();
			left = { type: 'or', left, right: parseAnd() };
		}
		return left;
	}

	/** @returns {Node} */
	function parseAnd() {
		let left = parseNot();
		while (isWord('and')) {
			take();
			left = { type: 'and', left, right: parseNot() };
		}
		return left;
	}

	/** @returns {Node} */
	function parseNot() {
		if (isWord('not')) {
			take();
			return { type: 'not', operand: parsePrimary() };
		}
		return parsePrimary();
	}

	/** @returns {Node} */
	function parsePrimary() {
		const token = take();
		if (token === undefined) throw new FilterSyntaxError('unexpected end of expression');

		if (token === '(') {
			const inner = parseOr();
			if (take() !== ')') throw new FilterSyntaxError('missing )');
			return inner;
		}
		if (!/^[A-Za-z_$][\w.$-]*$/.test(token)) throw new FilterSyntaxError(`unexpected "${token}"`);

		const op = (take() ?? '').toLowerCase();
		if (!OPERATORS.has(op)) throw new FilterSyntaxError(`unknown operator "${op}"`);
		if (op === 'pr') return { type: 'compare', path: token, op: 'pr', value: null };

		const raw = take();
		if (raw === undefined) throw new FilterSyntaxError('missing value');
		return { type: 'compare', path: token, op: /** @type {Operator} */ (op), value: parseValue(raw) };
	}

	const tree = parseOr();
	if (position < tokens.length) throw new FilterSyntaxError(`unexpected "${tokens[position]}"`);
	return tree;
}

/**
 * @param {string} raw
 * @returns {string|number|boolean|null}
 */
function parseValue(raw) {
	if (raw.startsWith('"')) return raw.slice(1, -1);
	if (raw === 'true') return true;
	if (raw === 'false') return false;
	if (raw === 'null') return null;
	if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
	throw new FilterSyntaxError(`values must be quoted: ${raw}`);
}

/**
 * Lists every comparison in a tree, so endpoints can reject attributes or operators they do not support.
 * @param {Node} node
 * @returns {Array<Extract<Node, { type: 'compare' }>>}
 */
function comparisons(node) {
	if (node.type === 'compare') return [node];
	if (node.type === 'not') return comparisons(node.operand);
	return [...comparisons(node.left), ...comparisons(node.right)];
}

/**
 * Reads a dotted path; arrays on the way fan out, so `target.id` reads every target's id.
 * @param {unknown} object
 * @param {string} path
 * @returns {unknown[]}
 */
function readPath(object, path) {
	/** @type {unknown[]} */
	let values = [object];
	for (const key of path.split('.')) {
		/** @type {unknown[]} */
		const next = [];
		for (const value of values) {
			if (Array.isArray(value)) {
				for (const element of value) {
					if (element && typeof element === 'object') next.push(/** @type {Record<string, unknown>} */ (element)[key]);
				}
			} else if (value && typeof value === 'object') {
				next.push(/** @type {Record<string, unknown>} */ (value)[key]);
			}
		}
		values = next.flatMap((value) => (Array.isArray(value) ? value : [value]));
	}
	return values.filter((value) => value !== undefined);
}

/**
 * @param {Node} node
 * @param {unknown} object
 * @param {{ caseSensitiveValues?: boolean }} [options]
 * @returns {boolean}
 */
function evaluate(node, object, options = {}) {
	switch (node.type) {
		case 'and':
			return evaluate(node.left, object, options) && evaluate(node.right, object, options);
		case 'or':
			return evaluate(node.left, object, options) || evaluate(node.right, object, options);
		case 'not':
			return !evaluate(node.operand, object, options);
		default: {
			const values = readPath(object, node.path);
			if (node.op === 'pr') return values.some((value) => value !== null && value !== '');
			if (node.op === 'ne') return !values.some((value) => compare(value, 'eq', node.value, options));
			return values.some((value) => compare(value, node.op, node.value, options));
		}
	}
}

/**
 * @param {unknown} actual
 * @param {Operator} op
 * @param {string|number|boolean|null} expected
 * @param {{ caseSensitiveValues?: boolean }} options
 */
function compare(actual, op, expected, options) {
	if (expected === null) return op === 'eq' && actual === null;
	if (actual === null || actual === undefined) return false;

	if (typeof expected === 'number' || typeof expected === 'boolean') {
		const left = typeof expected === 'number' ? Number(actual) : actual;
		return ordered(left, op, expected);
	}

	const fold = (/** @type {unknown} */ value) => (options.caseSensitiveValues ? String(value) : String(value).toLowerCase());
	const left = fold(actual);
	const right = fold(expected);

	switch (op) {
		case 'co':
			return left.includes(right);
		case 'sw':
			return left.startsWith(right);
		case 'ew':
			return left.endsWith(right);
		default:
			return ordered(left, op, right);
	}
}

/**
 * @param {any} left
 * @param {Operator} op
 * @param {any} right
 */
function ordered(left, op, right) {
	switch (op) {
		case 'eq':
			return left === right;
		case 'gt':
			return left > right;
		case 'ge':
			return left >= right;
		case 'lt':
			return left < right;
		case 'le':
			return left <= right;
		default:
			return false;
	}
}

module.exports = { parseFilter, evaluate, comparisons, FilterSyntaxError };
