// `npm run demo`: runs the example workflows of examples/workflows in a real n8n against a fresh
// sandbox org, without a browser, and prints what each did.
//
// OKTA_SANDBOX_N8N_VERSION chooses the n8n version (default 2.40.7).

import { DEMO_N8N_VERSION, LEAVER_WORKFLOW_ID, prepareDemoN8n, REPORT_WORKFLOW_ID } from './e2e/demo-n8n.mjs';
import { LEAVER_LOGIN, REPORT_APP_LABEL, REPORT_GROUP_NAME, startDemoSandbox } from './e2e/demo-org.mjs';
import { secondsSince, waitFor } from './e2e/processes.mjs';

/** The alert workflow looks 15 minutes back when activated, so its first poll, right after start, finds the failed sign-in. */
const ALERT_WAIT_MS = 120_000;

const log = (/** @type {string} */ message) => process.stdout.write(`${message}\n`);

async function main() {
	const started = performance.now();
	const sandbox = await startDemoSandbox();
	log(`Sandbox org on ${sandbox.url}: ${sandbox.org.users.size} users, ${sandbox.org.groups.size} groups, ${sandbox.org.apps.size} apps.`);
	const home = await prepareDemoN8n(sandbox, log);

	log('');
	log(`1. "Okta: offboard a leaver" (n8n execute, n8n ${DEMO_N8N_VERSION})`);
	const leaverRun = await home.execute(LEAVER_WORKFLOW_ID);
	const plan = leaverRun.json('Preview Offboarding')[0];
	const leaver = leaverRun.json('Offboard Leaver')[0];
	const summary = leaver.summary;
	log(`   dry run: would remove ${plan.summary.appsToRemove} app assignments and ${plan.summary.groupsToRemove} group memberships`);
	log(`   ${LEAVER_LOGIN}: ${leaver.statusBefore} -> ${leaver.statusAfter}`);
	log(`   removed ${summary.appsRemoved} app assignments and ${summary.groupsRemoved} group memberships (${summary.groupsSkipped} built-in group kept),`);
	log(`   sessions cleared: ${summary.sessionsCleared}, suspended: ${summary.suspended}, every step finished: ${summary.allDone}`);

	log('');
	log(`2. "Okta: users inactive in an app for 30 days"`);
	const report = (await home.execute(REPORT_WORKFLOW_ID)).json('Inactive Code Hosting Users');
	log(`   ${report.length} members of ${REPORT_GROUP_NAME} have not signed in to ${REPORT_APP_LABEL} for 30 days:`);
	for (const item of report.slice(0, 5)) log(`   - ${item.login} (${item.status}), last sign-in: ${item.apps[0]?.lastSignIn ?? 'none in 90 days'}`);
	if (report.length > 5) log(`   ... and ${report.length - 5} more`);

	log('');
	log(`3. "Okta: alert on failed sign-ins" (active in a running n8n; the trigger polls when activated, then every minute)`);
	const server = await home.start();
	const alerts = await waitFor(() => (sandbox.sink.length > 0 ? /** @type {Array<Record<string, string>>} */ (sandbox.sink) : undefined), {
		timeoutMs: ALERT_WAIT_MS,
		what: 'the alert workflow to post its first alert',
		describe: () => server.service.tail(),
	});
	for (const alert of alerts) log(`   alert: ${alert.alert} by ${alert.user} (${alert.reason}) from ${alert.clientIp} at ${alert.published}`);
	await server.stop();

	log('');
	log(`Done in ${secondsSince(started)} s. The workflows are in examples/workflows; npm start imports them into a running n8n.`);
	await home.remove();
	await sandbox.close();
}

main().catch((error) => {
	process.stderr.write(`npm run demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
