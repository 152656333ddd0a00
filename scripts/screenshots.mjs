// `npm run screenshots`: takes the README's screenshots from a real n8n editor running this
// package, with headless Chromium, and saves them into docs/screenshots/.
//
// It starts the same sandbox org and n8n as `npm start` (built from the working tree), signs in
// through the editor as the demo owner, and stops n8n, the sandbox org and Chromium afterwards,
// also on failure. Chromium is the system one at CHROMIUM_PATH (default /usr/bin/chromium);
// playwright-core drives it and downloads no browser.
//
// OKTA_SANDBOX_PORT (default 4011) and OKTA_SANDBOX_N8N_PORT (default 5681) choose the ports.
// The defaults differ from `npm start`'s, so both can run at once. Fixed ports keep the Org URL
// in credential.png the same from run to run.

import { mkdir } from 'node:fs/promises';
import path from 'node:path';

import { chromium, selectors } from 'playwright-core';

import { ALERT_WORKFLOW_ID, DEMO_N8N_VERSION, DEMO_OWNER, LEAVER_WORKFLOW_ID, prepareDemoN8n } from './e2e/demo-n8n.mjs';
import { startDemoSandbox } from './e2e/demo-org.mjs';
import { REPOSITORY_ROOT } from './e2e/package-tarball.mjs';
import { makeTemporaryFolder, secondsSince } from './e2e/processes.mjs';
import { CREDENTIAL_NAME } from './e2e/workflows.mjs';

/** @typedef {import('playwright-core').BrowserContext} BrowserContext */
/** @typedef {import('playwright-core').Page} Page */

const OUTPUT_FOLDER = path.join(REPOSITORY_ROOT, 'docs', 'screenshots');
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const sandboxPort = Number(process.env.OKTA_SANDBOX_PORT ?? 4011);
const n8nPort = Number(process.env.OKTA_SANDBOX_N8N_PORT ?? 5681);

// Without the background-networking flags Chromium calls Google services on its own, and a
// closed network refuses those connections.
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

const CANVAS_VIEWPORT = { width: 1400, height: 800 };
const PANEL_VIEWPORT = { width: 1400, height: 900 };

/** The node names of examples/workflows/offboard-leaver.json and failed-sign-in-alert.json. */
const PREVIEW_NODE = 'Preview Offboarding';
const TRIGGER_NODE = 'Okta Sign-Ins';

const UI_TIMEOUT_MS = 30_000;

const log = (/** @type {string} */ message) => process.stdout.write(`[screenshots] ${message}\n`);

async function main() {
	const started = performance.now();
	await mkdir(OUTPUT_FOLDER, { recursive: true });

	log(`Starting the sandbox org on port ${sandboxPort} and n8n ${DEMO_N8N_VERSION} on port ${n8nPort}.`);
	const sandbox = await startDemoSandbox({ port: sandboxPort }).catch((error) => {
		throw new Error(`The sandbox org could not listen on 127.0.0.1:${sandboxPort} (${error.message}). Set OKTA_SANDBOX_PORT to a free port.`);
	});

	/** @type {import('./e2e/n8n-server.mjs').N8nServer|undefined} */
	let server;
	/** @type {BrowserContext|undefined} */
	let browser;
	try {
		const home = await prepareDemoN8n(sandbox, log);
		server = await home.start({ port: n8nPort }).catch((error) => {
			throw new Error(`${error.message}\nIf port ${n8nPort} is taken, set OKTA_SANDBOX_N8N_PORT to a free port.`);
		});
		await server.setUpOwner(DEMO_OWNER);

		browser = await launchChromium(server.url);
		const page = browser.pages()[0] ?? (await browser.newPage());
		page.setDefaultTimeout(UI_TIMEOUT_MS);

		await signIn(page, server.url);
		await captureOffboardingWorkflow(page, server.url);
		await captureNodePanel(page);
		await captureCredential(page, server.url);
		await captureTriggerPanel(page, server.url);
	} finally {
		// Each stop runs even when an earlier one fails, so nothing keeps running.
		await browser?.close().catch((error) => log(`Chromium did not close: ${error.message}`));
		await server?.stop().catch((error) => log(`n8n did not stop: ${error.message}`));
		await sandbox.close().catch((error) => log(`The sandbox org did not close: ${error.message}`));
	}

	log(`Done in ${secondsSince(started)} s. The screenshots are in ${path.relative(process.cwd(), OUTPUT_FOLDER) || '.'}.`);
}

/**
 * Launches Chromium with a fresh profile. Every request to another origin than n8n's is aborted
 * and logged, so the editor talks only to the n8n this script started.
 * @param {string} n8nUrl
 */
async function launchChromium(n8nUrl) {
	const profile = await makeTemporaryFolder('okta-lifecycle-chromium-');
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM_PATH,
		headless: true,
		args: CHROMIUM_ARGS,
		viewport: CANVAS_VIEWPORT,
		deviceScaleFactor: 1,
		colorScheme: 'light',
		locale: 'en-US',
	});

	// n8n's editor marks its elements with data-test-id, not Playwright's default data-testid.
	selectors.setTestIdAttribute('data-test-id');

	const n8nOrigin = new URL(n8nUrl).origin;
	await context.route('**/*', async (route) => {
		const url = route.request().url();
		if (url.startsWith('data:') || url.startsWith('blob:') || new URL(url).origin === n8nOrigin) {
			await route.continue();
			return;
		}
		log(`blocked a request to ${url}`);
		await route.abort('blockedbyclient');
	});
	return context;
}

/**
 * Signs in through the editor's sign-in form, as a person would.
 * @param {Page} page
 * @param {string} n8nUrl
 */
async function signIn(page, n8nUrl) {
	await page.goto(`${n8nUrl}/signin`);
	await page.locator('input[name="emailOrLdapLoginId"]').fill(DEMO_OWNER.email);
	await page.locator('input[name="password"]').fill(DEMO_OWNER.password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
	log(`signed in as ${DEMO_OWNER.email}`);

	// n8n 2.40.7, with OFFLINE_ENV of scripts/e2e/n8n-home.mjs, opens no welcome or feature
	// dialog after sign-in. A later version might, and it would cover the screenshots, so this
	// stops with the dialog's text instead.
	await page.waitForTimeout(1_000);
	const dialogs = await page.getByRole('dialog').filter({ visible: true }).allInnerTexts();
	if (dialogs.length > 0) {
		throw new Error(`The editor opened a dialog after sign-in. Close it in signIn() before the screenshots: ${dialogs.join(' | ').slice(0, 300)}`);
	}
}

/**
 * Saves the offboarding example on the canvas, before any run, so no node shows run data.
 * @param {Page} page
 * @param {string} n8nUrl
 */
async function captureOffboardingWorkflow(page, n8nUrl) {
	await page.setViewportSize(CANVAS_VIEWPORT);
	await openWorkflow(page, n8nUrl, LEAVER_WORKFLOW_ID);

	// The editor fits the workflow to the view, which puts the node subtitles under the floating
	// Execute Workflow button. Scrolling the canvas moves the workflow up until they clear it.
	// One wheel step pans less than its delta, so it takes a few steps.
	const canvas = await boxOf(page.getByTestId('canvas'));
	await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
	for (let attempt = 0; attempt < 10; attempt++) {
		const button = await boxOf(page.getByTestId('execute-workflow-button'));
		const overlap = (await lowestNodeEdge(page)) + 12 - button.y;
		if (overlap <= 0) break;
		await page.mouse.wheel(0, Math.ceil(overlap));
		await page.waitForTimeout(200);
	}

	await moveMouseToEmptyCanvas(page);
	// Panning shows the minimap for a moment.
	await page.getByTestId('canvas-minimap').waitFor({ state: 'hidden' });
	await saveScreenshot(page, 'offboarding-workflow.png');
}

/**
 * Opens the dry-run offboarding node, runs it (n8n runs the nodes before it first) and saves the
 * panel with its parameters, its notice and the plan in the output pane.
 * Expects the offboarding workflow to be open.
 * @param {Page} page
 */
async function captureNodePanel(page) {
	await page.setViewportSize(PANEL_VIEWPORT);
	await page.getByTestId('canvas-node').filter({ hasText: PREVIEW_NODE }).dblclick();
	const panel = page.getByTestId('ndv');
	await panel.waitFor();

	await panel.getByTestId('node-execute-button').click();
	const output = page.getByTestId('output-panel');
	await output.getByText('1 item').waitFor();
	await output.getByTestId('radio-button-json').click();
	await output.getByText('"appsToRemove"').waitFor();

	await page.mouse.move(PANEL_VIEWPORT.width / 2, 10);
	await saveScreenshot(page, 'node-panel.png');
	await panel.getByTestId('ndv-close-button').click();
}

/**
 * Opens the sandbox credential from the Credentials list, waits for n8n's automatic connection
 * test to pass and saves the dialog. It also checks that the editor masks the API token.
 * @param {Page} page
 * @param {string} n8nUrl
 */
async function captureCredential(page, n8nUrl) {
	await page.setViewportSize(CANVAS_VIEWPORT);
	await page.goto(`${n8nUrl}/home/credentials`);
	await page.getByTestId('resources-list-item').filter({ hasText: CREDENTIAL_NAME }).click();
	const dialog = page.getByTestId('credential-edit-dialog');
	await dialog.getByTestId('credentials-config-container-test-success').waitFor();

	const tokenType = await dialog.getByTestId('parameter-input-apiToken').locator('input').getAttribute('type');
	if (tokenType !== 'password') throw new Error(`The API Token field is a "${tokenType}" input, so the screenshot would show the token`);

	await page.mouse.move(10, CANVAS_VIEWPORT.height - 10);
	await saveScreenshot(page, 'credential.png');
	await page.keyboard.press('Escape');
}

/**
 * Opens the failed sign-in alert's trigger, fetches test events from the sandbox org and saves
 * the panel with the events in the output pane.
 * @param {Page} page
 * @param {string} n8nUrl
 */
async function captureTriggerPanel(page, n8nUrl) {
	await page.setViewportSize(PANEL_VIEWPORT);
	await openWorkflow(page, n8nUrl, ALERT_WORKFLOW_ID);
	await page.getByTestId('canvas-node').filter({ hasText: TRIGGER_NODE }).dblclick();
	const panel = page.getByTestId('ndv');
	await panel.waitFor();

	await panel.getByTestId('node-execute-button').click();
	const output = page.getByTestId('output-panel');
	await output.getByText(/\d+ items?/).waitFor();
	await output.getByTestId('radio-button-json').click();
	await output.getByText('"eventType"').first().waitFor();

	await page.mouse.move(PANEL_VIEWPORT.width / 2, 10);
	await saveScreenshot(page, 'trigger-panel.png');
	await panel.getByTestId('ndv-close-button').click();
}

/**
 * @param {Page} page
 * @param {string} n8nUrl
 * @param {string} workflowId
 */
async function openWorkflow(page, n8nUrl, workflowId) {
	await page.goto(`${n8nUrl}/workflow/${workflowId}`);
	await page.getByTestId('canvas-node').first().waitFor();
	// The editor fits the view to the workflow after the nodes appear.
	await page.waitForTimeout(1_000);
}

/**
 * Returns the lowest bottom edge on screen of any node on the canvas, including the name and
 * subtitle that n8n draws below the node's box.
 * @param {Page} page
 */
async function lowestNodeEdge(page) {
	const edges = await page.getByTestId('canvas-node').evaluateAll((nodes) =>
		nodes.flatMap((node) => [node, ...node.querySelectorAll('*')]).map((element) => element.getBoundingClientRect().bottom),
	);
	return Math.max(...edges);
}

/**
 * Moves the pointer over an empty part of the canvas, so no node or sticky note shows its hover
 * toolbar.
 * @param {Page} page
 */
async function moveMouseToEmptyCanvas(page) {
	const canvas = await boxOf(page.getByTestId('canvas'));
	await page.mouse.move(canvas.x + canvas.width - 140, canvas.y + canvas.height / 2);
	await page.waitForTimeout(500);
}

/**
 * Saves a screenshot of the viewport into docs/screenshots/. Throws when the page is the sign-in
 * page or shows an error notification, and closes other notifications first.
 * @param {Page} page
 * @param {string} fileName
 */
async function saveScreenshot(page, fileName) {
	if (new URL(page.url()).pathname.startsWith('/signin')) throw new Error(`${fileName}: the editor shows its sign-in page`);

	const errors = await page.locator('.el-notification:has(.el-notification--error)').allInnerTexts();
	if (errors.length > 0) throw new Error(`${fileName}: the editor shows an error: ${errors.join(' | ')}`);

	for (const closeButton of await page.locator('.el-notification .el-notification__closeBtn').all()) await closeButton.click();
	await page.locator('.el-notification').first().waitFor({ state: 'detached' });

	await waitForTransitions(page);
	const file = path.join(OUTPUT_FOLDER, fileName);
	await page.screenshot({ path: file });
	log(`saved ${path.relative(REPOSITORY_ROOT, file)}`);
}

/**
 * Waits until every finite CSS animation and transition on the page has ended. The editor fades
 * some labels in (the credential test's Retry button, for one), and a screenshot taken earlier
 * shows them blank. Playwright 1.65's `animations: 'disabled'` still left that button blank.
 * @param {Page} page
 */
async function waitForTransitions(page) {
	// A string, because the type-check of scripts/ has no DOM types.
	await page.evaluate(`Promise.all(
		document.getAnimations()
			.filter((animation) => animation.effect?.getComputedTiming().endTime !== Infinity)
			.map((animation) => animation.finished.catch(() => undefined))
	)`);
}

/** @param {import('playwright-core').Locator} locator */
async function boxOf(locator) {
	const box = await locator.boundingBox();
	if (!box) throw new Error(`${locator} is not visible`);
	return box;
}

main().catch((error) => {
	process.stderr.write(`npm run screenshots failed: ${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
