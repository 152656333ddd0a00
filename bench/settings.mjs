/**
 * The benchmark's settings and their command-line flags. The defaults make one run take a few
 * minutes on a 2-core machine: Okta's per-minute windows are shortened tenfold, and the
 * contenders that cannot finish in reasonable time are stopped at a time cap.
 */

import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPOSITORY_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The n8n release the real-n8n contenders run; the newest that installs from the npm registry. */
export const N8N_VERSION = '2.40.7';

/** Okta's rate-limit window: per-minute buckets. */
export const OKTA_WINDOW_MS = 60_000;

/** The share of a bucket under which a careful client stops sending until the reset. */
export const THRESHOLD_SHARE = 0.1;

/**
 * @typedef {{
 *   seed: number,
 *   latencyMs: number,
 *   windowMs: number,
 *   builtinCapSeconds: number,
 *   sdkCapSeconds: number,
 *   scenarios: number[],
 *   realN8n: boolean,
 *   output: string,
 * }} BenchSettings
 */

/** @type {BenchSettings} */
export const DEFAULT_SETTINGS = {
	seed: 1,
	latencyMs: 50,
	windowMs: 6_000,
	builtinCapSeconds: 120,
	sdkCapSeconds: 90,
	scenarios: [1, 2, 3, 4],
	realN8n: true,
	output: path.join(REPOSITORY_ROOT, 'docs', 'benchmarks.md'),
};

const USAGE = `Usage: npm run bench -- [options]
  --window-ms N        length of a rate-limit window in ms (default ${DEFAULT_SETTINGS.windowMs}; Okta's is ${OKTA_WINDOW_MS})
  --latency-ms N       fixed latency the sandbox adds to each request (default ${DEFAULT_SETTINGS.latencyMs})
  --builtin-cap-s N    seconds before n8n's built-in Okta node is stopped (default ${DEFAULT_SETTINGS.builtinCapSeconds})
  --sdk-cap-s N        seconds before an Okta SDK script is stopped and extrapolated (default ${DEFAULT_SETTINGS.sdkCapSeconds})
  --scenarios 1,2,3,4  which scenarios to run (default all)
  --seed N             seed of the sandbox orgs (default ${DEFAULT_SETTINGS.seed})
  --no-real-n8n        skip the contenders that run inside a real n8n ${N8N_VERSION}
  --output FILE        where to write the report (default docs/benchmarks.md)`;

/**
 * Reads the command-line flags over the defaults; throws with the usage text on a bad flag.
 * @param {string[]} args
 * @returns {BenchSettings}
 */
export function parseSettings(args) {
	const settings = { ...DEFAULT_SETTINGS };

	for (let index = 0; index < args.length; index++) {
		const flag = args[index];
		const value = () => {
			const next = args[++index];
			if (next === undefined) throw new Error(`${flag} needs a value.\n${USAGE}`);
			return next;
		};

		switch (flag) {
			case '--window-ms':
				settings.windowMs = positiveNumber(flag, value());
				break;
			case '--latency-ms':
				settings.latencyMs = positiveNumber(flag, value(), { allowZero: true });
				break;
			case '--builtin-cap-s':
				settings.builtinCapSeconds = positiveNumber(flag, value());
				break;
			case '--sdk-cap-s':
				settings.sdkCapSeconds = positiveNumber(flag, value());
				break;
			case '--seed':
				settings.seed = positiveNumber(flag, value(), { allowZero: true });
				break;
			case '--scenarios':
				settings.scenarios = readScenarioList(value());
				break;
			case '--no-real-n8n':
				settings.realN8n = false;
				break;
			case '--output':
				settings.output = path.resolve(value());
				break;
			case '--help':
			case '-h':
				throw new Error(USAGE);
			default:
				throw new Error(`Unknown option ${flag}.\n${USAGE}`);
		}
	}

	return settings;
}

/**
 * @param {string} flag
 * @param {string} text
 * @param {{ allowZero?: boolean }} [options]
 */
function positiveNumber(flag, text, options = {}) {
	const number = Number(text);
	const valid = Number.isInteger(number) && (number > 0 || (options.allowZero === true && number === 0));
	if (!valid) throw new Error(`${flag} must be a whole number${options.allowZero ? '' : ' above 0'}, not "${text}".`);
	return number;
}

/** @param {string} text */
function readScenarioList(text) {
	const numbers = text.split(',').map((part) => Number(part.trim()));
	if (numbers.length === 0 || numbers.some((number) => ![1, 2, 3, 4].includes(number))) {
		throw new Error(`--scenarios takes numbers from 1 to 4 separated by commas, not "${text}".`);
	}
	return [...new Set(numbers)].sort();
}

/**
 * How much faster than Okta's clock the sandbox's rate-limit windows run.
 * @param {BenchSettings} settings
 */
export function timeScale(settings) {
	return OKTA_WINDOW_MS / settings.windowMs;
}
