/**
 * The shapes that scenarios, contenders and the report share.
 *
 * @typedef {import('../../sandbox/server.js').Sandbox} Sandbox
 * @typedef {import('../settings.mjs').BenchSettings} BenchSettings
 * @typedef {import('./floor.mjs').Floor} Floor
 * @typedef {import('./request-log.mjs').RequestFigures} RequestFigures
 * @typedef {import('../../scripts/e2e/n8n-home.mjs').N8nHome} N8nHome
 *
 * @typedef {{
 *   distDir: string,
 *   tarball: string,
 *   idleRssMb: { n8nCore: number, sdk: number },
 *   realN8n: () => Promise<N8nHome>,
 *   realN8nIdleRssMb: () => Promise<number|undefined>,
 *   log: (message: string) => void,
 * }} Runtime
 *
 * @typedef {{ sandbox: Sandbox, facts: any, settings: BenchSettings, runtime: Runtime }} ContenderContext
 *
 * @typedef {{
 *   finished: boolean,
 *   workMs: number,
 *   timeBasis: string,
 *   peakRssMb?: number,
 *   idleRssMb?: number,
 *   correct?: boolean,
 *   check: string,
 *   error?: string,
 *   notes: string[],
 *   estimate?: { requests: number, timeMs: number, basis: string },
 * }} ContenderOutcome
 *
 * @typedef {{
 *   name: string,
 *   realN8n?: boolean,
 *   run: (context: ContenderContext) => Promise<ContenderOutcome>,
 * }} Contender
 *
 * @typedef {{
 *   number: number,
 *   title: string,
 *   description: string[],
 *   freshOrgPerContender: boolean,
 *   timeRatio: boolean,
 *   setUp: (settings: BenchSettings) => Promise<{ sandbox: Sandbox, facts: any }>,
 *   floor: (sandbox: Sandbox, facts: any, settings: BenchSettings) => Floor,
 *   contenders: Contender[],
 * }} Scenario
 *
 * @typedef {{ contender: string, outcome: ContenderOutcome, requests: RequestFigures }} ResultRow
 */

export {};
