/**
 * Contender: this package run through n8n-core, in a child process of its own. It loads the
 * packed package's `dist/` and n8n-core once, then either stays idle (the memory baseline),
 * runs the action node once, or calls the trigger's poll until it has caught up.
 */

import { createRequire } from 'node:module';

import { readTask, sendResult } from '../support/child.mjs';
import { appSignInsDigest, eventsDigest, usersWithGroupsDigest } from '../support/output-digests.mjs';

const require = createRequire(import.meta.url);
/** @type {typeof import('../support/n8n-core-harness.js')} */
const { createHarness } = require('../support/n8n-core-harness.js');

/** @typedef {import('n8n-workflow').IDataObject} IDataObject */
/** @typedef {import('n8n-workflow').INodeParameters} INodeParameters */

/**
 * @typedef {{ url: string, apiToken: string }} Credentials
 * @typedef {'usersWithGroups'|'appSignIns'|'removals'} OutputKind
 * @typedef {{ kind: 'idle', distDir: string }} IdleTask
 * @typedef {{ kind: 'node', distDir: string, credentials: Credentials, parameters: INodeParameters, input?: IDataObject[], output: OutputKind }} NodeTask
 * @typedef {{ kind: 'polls', distDir: string, credentials: Credentials, parameters: INodeParameters, staticData?: IDataObject, maxPolls: number }} PollTask
 * @typedef {IdleTask|NodeTask|PollTask} N8nCoreTask
 */

/**
 * Summarises the node's output for the benchmark: the digests it compares with the org, and
 * what a run of Remove User did per item.
 * @param {OutputKind} kind
 * @param {IDataObject[]} json
 */
function summarize(kind, json) {
	if (kind === 'usersWithGroups') return { digests: usersWithGroupsDigest(json) };
	if (kind === 'appSignIns') return { digests: appSignInsDigest(json), window: json[0]?.window ?? null };

	/** @type {Record<string, number>} */
	const outcomes = {};
	for (const item of json) {
		const outcome = String(item.outcome ?? (item.error ? 'error' : 'unknown'));
		outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
	}
	return { outcomes };
}

/** @param {unknown} error */
function describeError(error) {
	if (!error) return undefined;
	const details = /** @type {{ message?: string, description?: string|null, httpCode?: string|null }} */ (error);
	return [details.httpCode ? `HTTP ${details.httpCode}` : undefined, details.message, details.description].filter(Boolean).join(': ');
}

/** @param {NodeTask} task @param {ReturnType<typeof createHarness>} harness */
async function runNodeTask(task, harness) {
	const started = performance.now();
	const result = await harness.runNode({ credentials: task.credentials, parameters: task.parameters, input: task.input });
	const workMs = performance.now() - started;
	return { workMs, items: result.json.length, error: describeError(result.error), ...summarize(task.output, result.json) };
}

/**
 * Polls as an active workflow would, one poll after another, until a poll emits nothing.
 * @param {PollTask} task @param {ReturnType<typeof createHarness>} harness
 */
async function runPollTask(task, harness) {
	let staticData = task.staticData ?? {};
	/** @type {Array<{ uuid: unknown }>} */
	const emitted = [];
	/** @type {Array<{ items: number, ms: number }>} */
	const polls = [];
	/** @type {string|undefined} */
	let error;
	const started = performance.now();

	for (let poll = 0; poll < task.maxPolls; poll++) {
		const pollStarted = performance.now();
		const result = await harness.runPoll({ credentials: task.credentials, parameters: task.parameters, staticData });
		const items = result.output?.[0] ?? [];
		polls.push({ items: items.length, ms: Math.round(performance.now() - pollStarted) });
		for (const item of items) emitted.push({ uuid: item.json.eventId });

		if (result.error) {
			error = describeError(result.error);
			break;
		}
		staticData = result.staticData;
		if (items.length === 0) break;
	}

	return { workMs: performance.now() - started, items: emitted.length, polls, staticData, error, digests: eventsDigest(emitted) };
}

const task = /** @type {N8nCoreTask} */ (readTask());
const harness = createHarness(task.distDir);

if (task.kind === 'idle') sendResult({ workMs: 0 });
else if (task.kind === 'node') sendResult(await runNodeTask(task, harness));
else sendResult(await runPollTask(task, harness));
