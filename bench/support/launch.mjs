/** Starts the child-process contenders: this package through n8n-core, and the Okta SDK scripts. */

import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { runChild } from './child.mjs';

const CONTENDERS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'contenders');
const N8N_CORE_CHILD = path.join(CONTENDERS_DIR, 'n8n-core.mjs');
const SDK_CHILD = path.join(CONTENDERS_DIR, 'okta-sdk.mjs');

/** The longest a child may run when it has no time cap of its own. */
const UNCAPPED_TIMEOUT_MS = 20 * 60_000;

/**
 * @typedef {{
 *   peakRssMb: number,
 *   workMs: number,
 *   items?: number,
 *   error?: string,
 *   digests?: any,
 *   outcomes?: Record<string, number>,
 *   window?: { since: string, until: string },
 *   polls?: Array<{ items: number, ms: number }>,
 *   staticData?: import('n8n-workflow').IDataObject,
 *   progress?: { done: number, total: number, unit: string },
 * }} ChildResult
 */

/**
 * @param {import('../contenders/n8n-core.mjs').N8nCoreTask} task
 * @returns {Promise<ChildResult>}
 */
export async function runN8nCore(task) {
	return await runChild(N8N_CORE_CHILD, task, { timeoutMs: UNCAPPED_TIMEOUT_MS });
}

/**
 * @param {import('../contenders/okta-sdk.mjs').SdkTask} task
 * @returns {Promise<ChildResult>}
 */
export async function runSdk(task) {
	const capMs = 'capMs' in task ? task.capMs : 0;
	return await runChild(SDK_CHILD, task, { timeoutMs: capMs || UNCAPPED_TIMEOUT_MS });
}
