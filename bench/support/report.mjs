/** Writes docs/benchmarks.md from one benchmark run. */

import { formatCount, formatDuration, seconds } from './floor.mjs';
import { N8N_VERSION, OKTA_WINDOW_MS, THRESHOLD_SHARE, timeScale } from '../settings.mjs';

/** @typedef {import('./types.mjs').Scenario} Scenario */
/** @typedef {import('./types.mjs').ResultRow} ResultRow */
/** @typedef {import('./floor.mjs').Floor} Floor */
/** @typedef {import('./machine.mjs').MachineFacts} MachineFacts */
/** @typedef {import('../settings.mjs').BenchSettings} BenchSettings */

/** The targets the package is measured against. */
export const TARGETS = { requestRatio: 1.05, timeRatio: 1.25, scenario1MemoryMb: 300 };

/**
 * @typedef {{ scenario: Scenario, floor: Floor, rows: ResultRow[] }} ScenarioResult
 */

/**
 * Returns the wall time a row is compared with the floor by. For a real n8n that is the span of
 * its requests, because its process time includes several seconds of start-up.
 * @param {ResultRow} row
 */
export function comparedTimeMs(row) {
	return row.outcome.timeBasis.includes('start-up') ? row.requests.spanMs : row.outcome.workMs;
}

/**
 * @param {number} value
 * @param {number} floor
 * @param {boolean} [partial] whether the value is of an unfinished run, so only a lower bound
 */
function ratio(value, floor, partial = false) {
	if (floor <= 0) return '–';
	return `${partial ? '≥ ' : ''}${(value / floor).toFixed(2)}×`;
}

/** @param {number|undefined} value */
function megabytes(value) {
	return value === undefined ? '–' : `${Math.round(value)}`;
}

/** @param {string} text */
function cell(text) {
	return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/**
 * @param {ScenarioResult} result
 * @returns {string[]}
 */
function scenarioSection(result) {
	const { scenario, floor, rows } = result;
	const lines = [`## Scenario ${scenario.number}: ${scenario.title}`, '', ...scenario.description.map((line) => `${line}`), ''];

	lines.push('### Floor', '', '| Step | Bucket | Requests | Arithmetic |', '|---|---|---:|---|');
	for (const step of floor.steps) lines.push(`| ${cell(step.label)} | ${step.bucket} | ${formatCount(step.count)} | ${cell(step.arithmetic)} |`);
	lines.push(`| **Total** | | **${formatCount(floor.requests)}** | |`, '');
	if (scenario.timeRatio) {
		lines.push(`Time floor: **${seconds(floor.timeMs)}**, the larger of:`, '', ...floor.timeArithmetic.map((line) => `- ${line}`), '');
	}
	if (floor.notes.length > 0) lines.push('Notes:', '', ...floor.notes.map((note) => `- ${note}`), '');

	lines.push(
		'### Results',
		'',
		'| Contender | Finished | Requests | × floor | 429s | Under threshold | Wall time | × floor | Peak RSS MB | Above idle MB | Result check |',
		'|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
	);
	for (const row of rows) {
		const { outcome, requests } = row;
		const time = comparedTimeMs(row);
		const timeText = outcome.timeBasis.includes('start-up') ? `${seconds(time)} (${seconds(outcome.workMs)} with start-up)` : seconds(time);
		const above = outcome.peakRssMb !== undefined && outcome.idleRssMb !== undefined ? outcome.peakRssMb - outcome.idleRssMb : undefined;
		let finished = 'no (capped)';
		if (outcome.finished) finished = 'yes';
		else if (outcome.error) finished = 'failed';
		lines.push(
			`| ${cell(row.contender)} | ${finished} | ${formatCount(requests.sent)} | ${ratio(requests.sent, floor.requests, !outcome.finished)} | ${requests.rateLimited} | ${requests.underThreshold} | ${timeText} | ${scenario.timeRatio ? ratio(time, floor.timeMs, !outcome.finished) : '–'} | ${megabytes(outcome.peakRssMb)} | ${megabytes(above)} | ${cell(outcome.check)}${outcome.correct === false ? ' ✗' : outcome.correct ? ' ✓' : ''} |`,
		);
	}
	lines.push('');

	for (const row of rows) {
		const notes = [...row.outcome.notes];
		const buckets = Object.entries(row.requests.byBucket)
			.sort((left, right) => right[1] - left[1])
			.map(([bucket, count]) => `${bucket} ${formatCount(count)}`)
			.join(', ');
		if (buckets) notes.push(`Requests per bucket: ${buckets}.`);
		const endpoints = Object.entries(row.requests.byEndpoint)
			.sort((left, right) => right[1] - left[1])
			.map(([endpoint, count]) => `${endpoint.replace(/:(\w+)/g, '{$1}')} ${formatCount(count)}`)
			.join(', ');
		if (endpoints) notes.push(`Requests per endpoint: ${endpoints}.`);
		if (row.requests.underThresholdExamples.length > 0) notes.push(`Under the threshold, for example: ${row.requests.underThresholdExamples.join('; ')}.`);
		if (row.outcome.error) notes.push(`Error: ${row.outcome.error.split('\n')[0]}`);
		if (row.outcome.estimate) {
			const estimate = row.outcome.estimate;
			notes.push(
				`Estimate for the whole job: ${formatCount(estimate.requests)} requests (${ratio(estimate.requests, floor.requests)} the floor)` +
					`${scenario.timeRatio ? `, ${formatDuration(estimate.timeMs)} (${ratio(estimate.timeMs, floor.timeMs)} the floor)` : ''}. Basis: ${estimate.basis}.`,
			);
		}
		notes.push(`Wall time measured: ${row.outcome.timeBasis}.`);
		lines.push(`**${row.contender}**`, '', ...notes.map((note) => `- ${note}`), '');
	}
	return lines;
}

/**
 * Builds the targets table from this package's n8n-core run in each scenario.
 * @param {ScenarioResult[]} results
 */
function targetsSection(results) {
	const lines = [
		'## Targets (this package through n8n-core)',
		'',
		`Targets: requests ≤ ${TARGETS.requestRatio}× the floor, wall time ≤ ${TARGETS.timeRatio}× the floor, no 429 reaching the user, no request sent under the threshold, peak memory in scenario 1 under ${TARGETS.scenario1MemoryMb} MB above an idle n8n-core process.`,
		'',
		'| Scenario | Requests (× floor) | Wall time (× floor) | 429 reaching the user | Sent under the threshold | Memory above idle |',
		'|---|---|---|---|---|---|',
	];

	for (const { scenario, floor, rows } of results) {
		const row = rows.find((candidate) => candidate.contender.startsWith('This package') && candidate.contender.endsWith('n8n-core'));
		if (!row) continue;
		const requestRatio = row.requests.sent / floor.requests;
		const timeRatio = comparedTimeMs(row) / floor.timeMs;
		const escaped = row.outcome.error !== undefined && /\b429\b/.test(row.outcome.error);
		const above = (row.outcome.peakRssMb ?? 0) - (row.outcome.idleRssMb ?? 0);
		const mark = (/** @type {boolean} */ met) => (met ? 'met' : '**missed**');

		lines.push(
			`| ${scenario.number}. ${cell(scenario.title)} | ${formatCount(row.requests.sent)} (${requestRatio.toFixed(2)}×): ${mark(requestRatio <= TARGETS.requestRatio)} | ` +
				`${scenario.timeRatio ? `${seconds(comparedTimeMs(row))} (${timeRatio.toFixed(2)}×): ${mark(timeRatio <= TARGETS.timeRatio)}` : 'not compared (poll interval)'} | ` +
				`${escaped ? '**yes**' : 'none'} (${row.requests.rateLimited} 429s received) | ${row.requests.underThreshold === 0 ? 'none: met' : `**${row.requests.underThreshold}**`} | ` +
				`${Math.round(above)} MB${scenario.number === 1 ? `: ${mark(above < TARGETS.scenario1MemoryMb)}` : ''} |`,
		);
	}
	lines.push('');
	return lines;
}

/**
 * @param {{ machine: MachineFacts, settings: BenchSettings, results: ScenarioResult[], durationMs: number, loadAtEnd: number, idle: { n8nCore: number, sdk: number, realN8n?: number } }} run
 */
export function renderReport(run) {
	const { machine, settings, results, idle } = run;
	const lines = [
		'# Benchmarks',
		'',
		`Written by \`npm run bench\` (bench/run.mjs) on ${machine.date}; each run replaces this file. The run took ${formatDuration(run.durationMs)}.`,
		'',
		'## Machine',
		'',
		'| CPU | Cores | RAM | Node.js | OS | Load average (1 min) at start, end |',
		'|---|---:|---:|---|---|---|',
		`| ${cell(machine.cpuModel)} | ${machine.cores} | ${machine.ramGb} GB | ${machine.node} | ${cell(machine.os)} | ${machine.loadAverage}, ${run.loadAtEnd} |`,
		'',
		'Wall times depend on what else runs on the machine: a load average near the core count means the contenders shared the CPU.',
		'',
		'## Settings',
		'',
		`- Sandbox org (sandbox/): seeded with seed ${settings.seed}, a fixed latency of ${settings.latencyMs} ms per request, Okta's Workforce per-minute limits with half of each bucket per token.`,
		`- Time scale ${timeScale(settings)}: rate-limit windows last ${settings.windowMs / 1000} s instead of Okta's ${OKTA_WINDOW_MS / 1000} s, and the latency is not scaled. Two parts of each wait for a reset do not shrink with the window: Okta's reset header counts whole seconds (up to 1 s late), and this package waits 1 s past the reset. At ${settings.windowMs / 1000} s windows they add up to about ${Math.round((1500 / settings.windowMs) * 100)}% to a wait, at Okta's ${OKTA_WINDOW_MS / 1000} s about ${Math.round((1500 / OKTA_WINDOW_MS) * 1000) / 10}%.`,
		`- Under the threshold: a request sent while the previous response of its bucket left less than ${THRESHOLD_SHARE * 100}% of the limit and its reset had not passed.`,
		`- This package runs from its packed tarball: through n8n-core (n8n-core and n8n-workflow from this repository's devDependencies, under ${machine.node}) in a child process, and inside a real n8n ${N8N_VERSION} (Node 24, \`n8n execute\`).`,
		`- Peak memory: maxRSS of the contender's child process, or the sampled VmHWM of the \`n8n execute\` process. Idle baselines: n8n-core with the package loaded ${Math.round(idle.n8nCore)} MB, Node with the Okta SDK loaded ${Math.round(idle.sdk)} MB${idle.realN8n === undefined ? '' : `, \`n8n execute\` of a workflow with only a Manual Trigger ${Math.round(idle.realN8n)} MB`}.`,
		`- Time caps: n8n's built-in Okta node ${settings.builtinCapSeconds} s, Okta SDK scripts ${settings.sdkCapSeconds} s; a capped SDK script is extrapolated from its progress.`,
		'',
		...targetsSection(results),
		...results.flatMap(scenarioSection),
	];
	return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
