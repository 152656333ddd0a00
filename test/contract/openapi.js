'use strict';
/**
 * Checks recorded sandbox exchanges against Okta's OpenAPI document. The document is OpenAPI
 * 3.0, so schemas are turned into JSON Schema for Ajv first: `nullable` becomes a null type,
 * keys beside a `$ref` are dropped, `oneOf` becomes `anyOf` (its branches overlap in this
 * document), and formats Ajv does not know are accepted as free text.
 */
const fs = require('node:fs');
const yaml = require('js-yaml');
const { default: Ajv } = require('ajv');
const { default: addFormats } = require('ajv-formats');

const SCHEMA_ID = 'okta';
const ANNOTATIONS = new Set(['example', 'examples', 'discriminator', 'xml', 'externalDocs', 'deprecated', 'readOnly', 'writeOnly']);

/**
 * @typedef {{ method: string, path: string, rawQuery: string, headers: Record<string, string|undefined>, body: unknown,
 *   status: number, responseBody: unknown, fault: boolean, route?: string }} Exchange
 * @typedef {{ where: string, message: string, data?: unknown }} Problem
 * @typedef {{ template: string, method: string, operation: any, pathParameters: any[], pattern: RegExp, literals: number }} Operation
 */

/**
 * Turns an OpenAPI 3.0 schema into JSON Schema (draft 7) for Ajv.
 * @param {any} schema
 * @returns {any}
 */
function toJsonSchema(schema) {
	if (Array.isArray(schema)) return schema.map(toJsonSchema);
	if (!schema || typeof schema !== 'object') return schema;

	if (typeof schema.$ref === 'string') {
		const ref = { $ref: schema.$ref.replace(/^#\//, `${SCHEMA_ID}#/`) };
		return schema.nullable ? { anyOf: [ref, { type: 'null' }] } : ref;
	}

	/** @type {Record<string, any>} */
	const result = {};
	for (const [key, value] of Object.entries(schema)) {
		if (ANNOTATIONS.has(key) || key.startsWith('x-') || key === 'nullable') continue;
		if (key === 'properties' || key === 'patternProperties') {
			result[key] = Object.fromEntries(Object.entries(value).map(([name, property]) => [name, toJsonSchema(property)]));
		} else if (key === 'oneOf') {
			result.anyOf = toJsonSchema(value);
		} else {
			result[key] = toJsonSchema(value);
		}
	}

	if (schema.nullable) {
		if (typeof result.type === 'string') result.type = [result.type, 'null'];
		else if (!result.type) return { anyOf: [result, { type: 'null' }] };
		if (Array.isArray(result.enum)) result.enum = [...result.enum, null];
	}
	return result;
}

/** @param {any} node @param {Set<string>} formats */
function collectFormats(node, formats) {
	if (Array.isArray(node)) node.forEach((item) => collectFormats(item, formats));
	else if (node && typeof node === 'object') {
		if (typeof node.format === 'string') formats.add(node.format);
		Object.values(node).forEach((value) => collectFormats(value, formats));
	}
}

class OpenApiContract {
	/** @param {string} specPath */
	constructor(specPath) {
		this.spec = /** @type {any} */ (yaml.load(fs.readFileSync(specPath, 'utf8')));
		this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
		addFormats(this.ajv);

		const formats = new Set();
		// Parameter schemas use free-text formats too ("ISO 8601 compliant timestamp"), so the whole document is read.
		collectFormats(this.spec, formats);
		for (const format of formats) {
			if (!this.ajv.formats[format]) this.ajv.addFormat(format, true);
		}
		this.ajv.addSchema({ $id: SCHEMA_ID, components: { schemas: toJsonSchema(this.spec.components.schemas) } });

		/** @type {Map<string, import('ajv').ValidateFunction>} */
		this.validators = new Map();
		this.operations = this.indexOperations();
	}

	/** @returns {Operation[]} */
	indexOperations() {
		/** @type {Operation[]} */
		const operations = [];
		for (const [template, item] of Object.entries(this.spec.paths)) {
			const segments = template.split('/');
			const pattern = new RegExp(`^${segments.map((segment) => (/^\{.+\}$/.test(segment) ? '[^/]+' : escape(segment))).join('/')}$`);
			const literals = segments.filter((segment) => segment && !segment.startsWith('{')).length;
			for (const method of ['get', 'post', 'put', 'delete', 'patch']) {
				const operation = /** @type {any} */ (item)[method];
				if (!operation) continue;
				operations.push({ template, method: method.toUpperCase(), operation, pathParameters: /** @type {any} */ (item).parameters ?? [], pattern, literals });
			}
		}
		// The most specific template first: /users/me before /users/{id}.
		return operations.sort((left, right) => right.literals - left.literals);
	}

	/**
	 * @param {string} method
	 * @param {string} rawPath
	 */
	findOperation(method, rawPath) {
		return this.operations.find((candidate) => candidate.method === method && candidate.pattern.test(rawPath));
	}

	/** @param {any} value */
	resolve(value) {
		let current = value;
		while (current && typeof current.$ref === 'string') {
			current = current.$ref
				.replace(/^#\//, '')
				.split('/')
				.reduce((/** @type {any} */ node, /** @type {string} */ key) => node?.[key], this.spec);
		}
		return current;
	}

	/**
	 * @param {string} key
	 * @param {any} schema
	 * @returns {import('ajv').ValidateFunction}
	 */
	validator(key, schema) {
		let validate = this.validators.get(key);
		if (!validate) {
			validate = this.ajv.compile(toJsonSchema(schema));
			this.validators.set(key, validate);
		}
		return validate;
	}

	/**
	 * Checks one exchange and returns what does not conform.
	 * @param {Exchange} exchange
	 * @param {{ checkRequest: boolean }} options
	 * @returns {{ operation?: string, problems: Problem[] }}
	 */
	check(exchange, options) {
		const found = this.findOperation(exchange.method, exchange.path);
		if (!found) return { problems: [{ where: 'path', message: `no operation ${exchange.method} ${exchange.path} in the spec` }] };

		const name = `${found.method} ${found.template}`;
		/** @type {Problem[]} */
		const problems = [];
		if (options.checkRequest) problems.push(...this.checkRequest(found, exchange, name));
		if (!exchange.fault && exchange.status > 0) problems.push(...this.checkResponse(found, exchange, name));
		return { operation: name, problems };
	}

	/**
	 * @param {Operation} found
	 * @param {Exchange} exchange
	 * @param {string} name
	 */
	checkRequest(found, exchange, name) {
		/** @type {Problem[]} */
		const problems = [];
		const parameters = [...found.pathParameters, ...(found.operation.parameters ?? [])].map((parameter) => this.resolve(parameter));
		const queryParameters = new Map(parameters.filter((parameter) => parameter.in === 'query').map((parameter) => [parameter.name, parameter]));

		for (const [name, value] of new URLSearchParams(exchange.rawQuery)) {
			const parameter = queryParameters.get(name);
			if (!parameter) {
				problems.push({ where: `query ${name}`, message: 'is not a parameter of this operation' });
				continue;
			}
			const schema = parameter.schema ?? {};
			const typed = schema.type === 'integer' || schema.type === 'number' ? Number(value) : schema.type === 'boolean' ? value === 'true' ? true : value === 'false' ? false : value : value;
			const validate = this.validator(`${name}#query:${parameter.name}:${JSON.stringify(schema)}`, schema);
			if (!validate(typed)) problems.push(...ajvProblems(`query ${name}`, validate.errors, typed));
		}
		for (const parameter of queryParameters.values()) {
			if (parameter.required && !new URLSearchParams(exchange.rawQuery).has(parameter.name)) {
				problems.push({ where: `query ${parameter.name}`, message: 'is required' });
			}
		}

		if (exchange.body !== undefined) {
			const requestBody = this.resolve(found.operation.requestBody);
			const schema = requestBody?.content?.['application/json']?.schema;
			if (!schema) {
				problems.push({ where: 'request body', message: 'the operation takes no JSON body' });
			} else {
				const validate = this.validator(`${name}#request`, schema);
				if (!validate(exchange.body)) problems.push(...ajvProblems('request body', validate.errors, exchange.body));
			}
		}
		return problems;
	}

	/**
	 * @param {Operation} found
	 * @param {Exchange} exchange
	 * @param {string} name
	 */
	checkResponse(found, exchange, name) {
		const responses = found.operation.responses ?? {};
		const declared = responses[String(exchange.status)] ?? responses[`${String(exchange.status)[0]}XX`] ?? responses.default;
		if (!declared) {
			return [{ where: `response ${exchange.status}`, message: 'status is not declared for this operation', data: exchange.responseBody }];
		}

		const response = this.resolve(declared);
		const schema = response?.content?.['application/json']?.schema;
		if (!schema || exchange.responseBody === undefined) return [];

		const validate = this.validator(`${name}#${exchange.status}`, schema);
		return validate(exchange.responseBody) ? [] : ajvProblems(`response ${exchange.status}`, validate.errors, exchange.responseBody);
	}
}

/**
 * @param {string} where
 * @param {import('ajv').ErrorObject[] | null | undefined} errors
 * @param {unknown} root
 * @returns {Problem[]}
 */
function ajvProblems(where, errors, root) {
	return (errors ?? []).map((error) => ({
		where: `${where} ${error.instancePath || '/'}`,
		message: `${error.keyword}: ${error.message}`,
		data: readPointer(root, error.instancePath),
	}));
}

/** @param {unknown} root @param {string} pointer */
function readPointer(root, pointer) {
	return pointer
		.split('/')
		.slice(1)
		.reduce((/** @type {any} */ node, key) => node?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], root);
}

/** @param {string} text */
function escape(text) {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

module.exports = { OpenApiContract, toJsonSchema };
