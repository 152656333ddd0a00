#!/usr/bin/env node
/**
 * Runs every benchmark scenario against every contender and writes docs/benchmarks.md.
 *
 * Usage: npm run bench -- [options]   (see bench/settings.mjs, or --help)
 *
 * The package is built and packed once. Each scenario seeds a sandbox org in this process.
 * Each contender runs in a process of its own (a child process, or `n8n execute`), and its
 * requests are read from the sandbox's request log.
 */

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { createLog } from '../scripts/e2e/context.mjs';
import { executeCapped, manualWorkflow, prepareRealN8n } from './support/real-n8n.mjs';
import { runN8nCore, runSdk } from './support/launch.mjs';
import { loadAverage, machineFacts } from './support/machine.mjs';
import { buildPackage } from './support/package-build.mjs';
import { renderReport } from './support/report.mjs';
import { keepRequestLogCompact, measureRequests, resetSandboxCounters } from './support/request-log.mjs';
import { parseSettings, REPOSITORY_ROOT } from './settings.mjs';
import { scenario as usersWithGroups } from './scenarios/1-users-with-groups.mjs';
import { scenario as lastSignIn } from './scenarios/2-last-sign-in.mjs';
import { scenario as triggerCatchUp } from './scenarios/3-trigger-catch-up.mjs';
import { scenario as removeAppUsers } from './scenarios/4-remove-app-users.mjs';

/** @typedef {import('./support/types.mjs').Scenario} Scenario */
/** @typedef {import('./support/types.mjs').Runtime} Runtime */
/** @typedef {import('./support/types.mjs').ResultRow} ResultRow */
/** @typedef {import('./support/types.mjs').ContenderOutcome} ContenderOutcome */
/** @typedef {import('./support/report.mjs').ScenarioResult} ScenarioResult */
/** @typedef {import('../scripts/e2e/n8n-home.mjs').N8nHome} N8nHome */

const SCENARIOS = [usersWithGroups, lastSignIn, triggerCatchUp, removeAppUsers];

const IDLE_WORKFLOW_ID = 'benchIdleN8n0001';

const log = createLog('bench');

/**
 * Builds the shared runtime: the packed package, the idle memory baselines and, on first use,
 * a real n8n with the package installed.
 * @param {import('./settings.mjs').BenchSettings} settings
 * @returns {Promise<Runtime>}
 */
async function prepareRuntime(settings) {
	log('building and packing the package');
	const { tarball, distDir } = await buildPackage();

	log('measuring idle processes');
	const idleN8nCore = await runN8nCore({ kind: 'idle', distDir });
	const idleSdk = await runSdk({ kind: 'idle' });

	/** @type {Promise<N8nHome>|undefined} */
	let home;
	/** @type {Promise<number|undefined>|undefined} */
	let realIdle;
	const realN8n = () => {
		if (!settings.realN8n) throw new Error('The real n8n contenders are switched off (--no-real-n8n).');
		home ??= prepareRealN8n(tarball, log);
		return home;
	};

	return {
		distDir,
		tarball,
		idleRssMb: { n8nCore: idleN8nCore.peakRssMb, sdk: idleSdk.peakRssMb },
		realN8n,
		realN8nIdleRssMb: () => {
			realIdle ??= realN8n().then(async (ready) => {
				await ready.importWorkflows([manualWorkflow(IDLE_WORKFLOW_ID, 'Bench: idle', [])]);
				return (await executeCapped(ready, IDLE_WORKFLOW_ID, { capMs: 120_000 })).peakRssMb;
			});
			return realIdle;
		},
		log,
	};
}

/**
 * Runs one contender on a sandbox whose counters were just reset, and measures its requests.
 * A contender that throws is recorded as failed rather than stopping the benchmark.
 * @param {import('./support/types.mjs').Contender} contender
 * @param {import('./support/types.mjs').ContenderContext} context
 * @returns {Promise<ResultRow>}
 */
async function runContender(contender, context) {
	const { sandbox } = context;
	resetSandboxCounters(sandbox);
	const stopCompacting = keepRequestLogCompact(sandbox);
	const started = performance.now();

	/** @type {ContenderOutcome} */
	let outcome;
	try {
		outcome = await contender.run(context);
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		outcome = { finished: false, workMs: performance.now() - started, timeBasis: 'until it failed', check: 'not run to the end', error: message, notes: [] };
	} finally {
		stopCompacting();
	}

	const requests = measureRequests(sandbox);
	log(`  ${contender.name}: ${requests.sent} requests, ${requests.rateLimited} 429s, ${(outcome.workMs / 1000).toFixed(1)} s${outcome.error ? `, error: ${outcome.error.split('\n')[0]}` : ''}`);
	return { contender: contender.name, outcome, requests };
}

/**
 * @param {Scenario} scenario
 * @param {import('./settings.mjs').BenchSettings} settings
 * @param {Runtime} runtime
 * @returns {Promise<ScenarioResult>}
 */
async function runScenario(scenario, settings, runtime) {
	log(`scenario ${scenario.number}: ${scenario.title}`);
	let prepared = await scenario.setUp(settings);
	const floor = scenario.floor(prepared.sandbox, prepared.facts, settings);
	/** @type {ResultRow[]} */
	const rows = [];

	try {
		for (const [index, contender] of scenario.contenders.entries()) {
			if (contender.realN8n && !settings.realN8n) continue;
			if (scenario.freshOrgPerContender && index > 0) {
				await prepared.sandbox.close();
				prepared = await scenario.setUp(settings);
			}
			rows.push(await runContender(contender, { sandbox: prepared.sandbox, facts: prepared.facts, settings, runtime }));
		}
	} finally {
		await prepared.sandbox.close();
	}
	return { scenario, floor, rows };
}

async function main() {
	const settings = parseSettings(process.argv.slice(2));
	const started = performance.now();
	const machine = machineFacts();
	const runtime = await prepareRuntime(settings);

	/** @type {ScenarioResult[]} */
	const results = [];
	for (const scenario of SCENARIOS.filter((candidate) => settings.scenarios.includes(candidate.number))) {
		results.push(await runScenario(scenario, settings, runtime));
	}

	const realIdle = settings.realN8n && settings.scenarios.includes(1) ? await runtime.realN8nIdleRssMb() : undefined;
	const report = renderReport({
		machine,
		settings,
		results,
		durationMs: performance.now() - started,
		loadAtEnd: loadAverage(),
		idle: { ...runtime.idleRssMb, realN8n: realIdle },
	});
	await mkdir(path.dirname(settings.output), { recursive: true });
	await writeFile(settings.output, report);
	log(`wrote ${path.relative(REPOSITORY_ROOT, settings.output)}`);
}

main().then(
	// Temporary folders and any n8n process are cleaned up by the exit hook of scripts/e2e/processes.mjs.
	() => process.exit(0),
	(error) => {
		process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(1);
	},
);
