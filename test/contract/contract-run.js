'use strict';
/**
 * Reads the exchanges the sandbox recorded during `jest` and checks each against Okta's OpenAPI
 * document, whose path comes from OKTA_OPENAPI_SPEC. The document is parsed and compiled once.
 */
const fs = require('node:fs');
const path = require('node:path');

const { OpenApiContract } = require('./openapi');
const { KNOWN_GAPS } = require('./known-gaps');

const RECORD_DIR = path.join(__dirname, '..', '..', '.contract', 'records');
const SPEC_SOURCE = 'https://github.com/okta/okta-management-openapi-spec (dist/current/management-minimal.yaml, checked with version 2026.06.3)';
const USER_AGENT_PREFIX = 'n8n-nodes-okta-lifecycle/';

/**
 * @returns {{ skipped: string } | { skipped?: undefined, exchanges: number, requestsChecked: number, userDeletes: string[],
 *   operations: Record<string, { exchanges: number, problems: string[] }>, knownGapsSeen: Record<string, number> }}
 */
function runContract() {
	const specPath = process.env.OKTA_OPENAPI_SPEC;
	if (!specPath) return skip(`set OKTA_OPENAPI_SPEC to Okta's management-minimal.yaml, published at ${SPEC_SOURCE}`);
	if (!fs.existsSync(RECORD_DIR)) return skip(`no recorded exchanges in ${RECORD_DIR}; run jest first`);

	const contract = new OpenApiContract(specPath);
	/** @type {Record<string, { exchanges: number, problems: string[] }>} */
	const operations = {};
	/** @type {Record<string, number>} */
	const knownGapsSeen = {};
	let exchanges = 0;
	let requestsChecked = 0;
	/** @type {string[]} */
	const userDeletes = [];

	for (const file of fs.readdirSync(RECORD_DIR).sort()) {
		for (const line of fs.readFileSync(path.join(RECORD_DIR, file), 'utf8').split('\n')) {
			if (!line) continue;
			const exchange = JSON.parse(line);
			const sentByNodes = String(exchange.headers?.['user-agent'] ?? '').startsWith(USER_AGENT_PREFIX);
			// The transport test that proves a list answer is refused asks for /api/v1/users/ on purpose.
			if (exchange.path === '/api/v1/users/') continue;

			const result = contract.check(exchange, { checkRequest: sentByNodes });
			const name = result.operation ?? `${exchange.method} ${exchange.path}`;
			const entry = (operations[name] ??= { exchanges: 0, problems: [] });
			entry.exchanges += 1;
			exchanges += 1;
			if (sentByNodes) requestsChecked += 1;
			// DELETE /api/v1/users/{id} deactivates a live user and deletes a deactivated one for good.
			if (sentByNodes && exchange.method === 'DELETE' && /^\/api\/v1\/users\/[^/]+$/.test(exchange.path)) userDeletes.push(exchange.path);

			for (const problem of result.problems) {
				const gap = KNOWN_GAPS.find((candidate) => candidate.matches(name, problem, exchange));
				if (gap) {
					knownGapsSeen[gap.id] = (knownGapsSeen[gap.id] ?? 0) + 1;
					continue;
				}
				const text = `${exchange.method} ${exchange.path}${exchange.rawQuery ? `?${exchange.rawQuery}` : ''} → ${exchange.status}: ${problem.where} ${problem.message} (value: ${JSON.stringify(problem.data)?.slice(0, 200)})`;
				if (!entry.problems.includes(text) && entry.problems.length < 5) entry.problems.push(text);
			}
		}
	}

	return { exchanges, requestsChecked, userDeletes, operations, knownGapsSeen };
}

/**
 * Reports why the check is skipped on stderr too, because jest's summary shows only a count of skipped tests.
 * @param {string} reason
 */
function skip(reason) {
	process.stderr.write(`Contract check skipped: ${reason}\n`);
	return { skipped: reason };
}

module.exports = { runContract };
