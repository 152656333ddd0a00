import { Settings } from 'luxon';
import { getGlobalState, setGlobalState } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../sandbox/server';
import { runNode } from '../support/harness';
import { addPerson, DAY_MS, GENEROUS_RATE_LIMITS, HOUR_MS, OKTA_TIME, storeAppSignIn, storeSignIn } from './fixtures';

let sandbox: Sandbox;
let jane: ReturnType<Sandbox['org']['addUser']>;
let wiki: ReturnType<Sandbox['org']['addApp']>;
let crm: ReturnType<Sandbox['org']['addApp']>;
let chat: ReturnType<Sandbox['org']['addApp']>;
let payroll: ReturnType<Sandbox['org']['addApp']>;
const times: Record<string, string> = {};

beforeAll(async () => {
	sandbox = await startSandbox({ seed: 61, empty: true, rateLimits: GENEROUS_RATE_LIMITS });
	const org = sandbox.org;
	jane = addPerson(sandbox, 'Jane', { lastLogin: new Date(Date.now() - 3 * HOUR_MS).toISOString() });
	const sam = addPerson(sandbox, 'Sam');
	wiki = org.addApp({ label: 'Wiki', name: 'wiki_bookmark' });
	crm = org.addApp({ label: 'CRM', name: 'crm_bookmark' });
	chat = org.addApp({ label: 'Chat', name: 'chat_bookmark' });
	payroll = org.addApp({ label: 'Payroll', name: 'payroll_bookmark' });
	org.assignUser(wiki.id, { id: jane.id, scope: 'USER' });
	org.assignUser(chat.id, { id: jane.id, scope: 'USER' });

	// Okta sign-ins: an older and a newer success, and a still newer failure.
	times.oktaOld = storeSignIn(sandbox, { type: 'user.session.start', user: jane, ago: 20 * DAY_MS });
	times.oktaLast = storeSignIn(sandbox, { type: 'user.session.start', user: jane, ago: 12 * DAY_MS });
	times.oktaFailed = storeSignIn(sandbox, { type: 'user.session.start', user: jane, ago: 2 * DAY_MS, outcome: 'FAILURE' });

	// App sign-ins: the AppInstance target first for Wiki, last for CRM, then a newer failure to
	// Wiki, and a newest single sign-on that names no AppInstance at all.
	times.wikiLast = storeAppSignIn(sandbox, jane, wiki, 10 * DAY_MS);
	times.crmLast = storeAppSignIn(sandbox, jane, crm, 5 * DAY_MS, { appInstanceLast: true });
	times.wikiFailed = storeAppSignIn(sandbox, jane, wiki, 1 * DAY_MS, { outcome: 'FAILURE' });
	storeSignIn(sandbox, {
		type: 'user.authentication.sso',
		user: jane,
		ago: HOUR_MS,
		targets: [{ id: '0uaNoInstance', type: 'AppUser', alternateId: 'jane@example.com', displayName: 'Jane' }],
	});
	// An outcome other than SUCCESS or FAILURE is neither a sign-in nor a failed one.
	storeSignIn(sandbox, { type: 'user.session.start', user: jane, ago: 30 * 60 * 1000, outcome: 'ALLOW' });

	// Another user's sign-ins, and Jane's only sign-in to Payroll, older than a 30-day window.
	storeSignIn(sandbox, { type: 'user.session.start', user: sam, ago: 3 * HOUR_MS });
	storeAppSignIn(sandbox, sam, chat, 3 * HOUR_MS);
	times.payrollLast = storeAppSignIn(sandbox, jane, payroll, 40 * DAY_MS);
});

afterAll(async () => {
	await sandbox.close();
});

beforeEach(() => {
	sandbox.clearRequests();
});

const credentials = () => ({ url: sandbox.url, apiToken: sandbox.token });

function parameters(extra: IDataObject = {}) {
	return {
		resource: 'signIn',
		operation: 'getLastSignIn',
		scope: 'oneUser',
		user: { __rl: true, mode: 'id', value: jane.id },
		...extra,
	};
}

function logRequests() {
	return sandbox.requestsTo('GET', '/api/v1/logs');
}

describe('one user', () => {
	test('reports Okta and app sign-ins', async () => {
		const result = await runNode({ credentials: credentials(), parameters: parameters() });

		expect(result.error).toBeUndefined();
		expect(result.json).toHaveLength(1);
		const report = result.json[0];
		expect(report.userId).toBe(jane.id);
		expect(report.login).toBe('jane@example.com');
		expect(report.status).toBe('ACTIVE');
		expect(report.lastLogin).toBe(jane.lastLogin);
		expect(report.lastOktaSignIn).toBe(times.oktaLast);
		expect(report.noSignInSince).toBeNull();
		expect(report.apps).toEqual([
			{ appId: crm.id, appLabel: 'CRM', lastSignIn: times.crmLast, assigned: false },
			{ appId: wiki.id, appLabel: 'Wiki', lastSignIn: times.wikiLast, assigned: true },
			{ appId: payroll.id, appLabel: 'Payroll', lastSignIn: times.payrollLast, assigned: false },
			{ appId: chat.id, appLabel: 'Chat', lastSignIn: null, assigned: true },
		]);
		expect(report).not.toHaveProperty('lastFailedOktaSignIn');
	});

	test('sends one bounded log query', async () => {
		const result = await runNode({ credentials: credentials(), parameters: parameters() });

		expect(result.error).toBeUndefined();
		expect(sandbox.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
			`GET /api/v1/users/${jane.id}`,
			'GET /api/v1/logs',
			`GET /api/v1/users/${jane.id}/appLinks`,
		]);

		const query = logRequests()[0].query;
		expect(query.filter).toBe(
			`(actor.id eq "${jane.id}") and (eventType eq "user.session.start" or eventType eq "user.authentication.sso") and (outcome.result eq "SUCCESS")`,
		);
		expect(query.sortOrder).toBe('DESCENDING');
		expect(query.limit).toBe('1000');
		expect(query.since).toMatch(OKTA_TIME);
		expect(query.until).toMatch(OKTA_TIME);
		expect(Date.parse(query.until) - Date.parse(query.since)).toBe(90 * DAY_MS);
		expect(result.json[0].window).toEqual({ since: query.since, until: query.until, days: 90 });
	});

	test('finds the user by login', async () => {
		const result = await runNode({
			credentials: credentials(),
			parameters: parameters({ user: { __rl: true, mode: 'login', value: 'jane@example.com' } }),
		});

		expect(result.error).toBeUndefined();
		expect(result.json[0].userId).toBe(jane.id);
		expect(logRequests()[0].query.filter).toContain(`actor.id eq "${jane.id}"`);
	});

	test('adds failed sign-ins as separate fields', async () => {
		const result = await runNode({ credentials: credentials(), parameters: parameters({ options: { includeFailed: true } }) });

		expect(result.error).toBeUndefined();
		const report = result.json[0];
		expect(report.lastOktaSignIn).toBe(times.oktaLast);
		expect(report.lastFailedOktaSignIn).toBe(times.oktaFailed);
		expect(report.apps).toEqual([
			{ appId: crm.id, appLabel: 'CRM', lastSignIn: times.crmLast, lastFailedSignIn: null, assigned: false },
			{ appId: wiki.id, appLabel: 'Wiki', lastSignIn: times.wikiLast, lastFailedSignIn: times.wikiFailed, assigned: true },
			{ appId: payroll.id, appLabel: 'Payroll', lastSignIn: times.payrollLast, lastFailedSignIn: null, assigned: false },
			{ appId: chat.id, appLabel: 'Chat', lastSignIn: null, lastFailedSignIn: null, assigned: true },
		]);
	});

	test('outputs one item per app', async () => {
		const result = await runNode({ credentials: credentials(), parameters: parameters({ output: 'perUserAndApp' }) });

		expect(result.error).toBeUndefined();
		expect(result.json.map((item) => [item.appLabel, item.lastSignIn])).toEqual([
			['CRM', times.crmLast],
			['Wiki', times.wikiLast],
			['Payroll', times.payrollLast],
			['Chat', null],
		]);
		const chatPair = result.json[3];
		expect(chatPair.userId).toBe(jane.id);
		expect(chatPair.lastOktaSignIn).toBe(times.oktaLast);
		expect(chatPair.noSignInSince).toBe((chatPair.window as IDataObject).since);
		expect(result.json[0].noSignInSince).toBeNull();
		expect(result.json[0]).not.toHaveProperty('apps');
	});

	test('ignores sign-ins before the window', async () => {
		const result = await runNode({
			credentials: credentials(),
			parameters: parameters({ output: 'perUserAndApp', options: { windowDays: 30 } }),
		});

		expect(result.error).toBeUndefined();
		const query = logRequests()[0].query;
		expect(Date.parse(query.until) - Date.parse(query.since)).toBe(30 * DAY_MS);
		expect(result.json.map((item) => item.appLabel)).toEqual(['CRM', 'Wiki', 'Chat']);
	});

	test('outputs a user inactive for the days', async () => {
		const result = await runNode({ credentials: credentials(), parameters: parameters({ options: { inactiveDays: 11 } }) });

		expect(result.error).toBeUndefined();
		expect(result.json).toHaveLength(1);
		expect(result.json[0].lastOktaSignIn).toBe(times.oktaLast);
	});

	test('outputs nothing for a recently active user', async () => {
		const result = await runNode({ credentials: credentials(), parameters: parameters({ options: { inactiveDays: 13 } }) });

		expect(result.error).toBeUndefined();
		expect(result.json).toEqual([]);
		expect(logRequests()).toHaveLength(1);
	});

	test('reports a user who never signed in', async () => {
		const newcomer = addPerson(sandbox, 'Newcomer', { status: 'STAGED' });
		const result = await runNode({
			credentials: credentials(),
			parameters: parameters({ user: { __rl: true, mode: 'id', value: newcomer.id }, output: 'perUserAndApp' }),
		});

		expect(result.error).toBeUndefined();
		expect(result.json).toHaveLength(1);
		const pair = result.json[0];
		expect(pair.status).toBe('STAGED');
		expect(pair.lastLogin).toBeNull();
		expect(pair.lastOktaSignIn).toBeNull();
		expect(pair.appId).toBeNull();
		expect(pair.appLabel).toBeNull();
		expect(pair.lastSignIn).toBeNull();
		expect(pair.assigned).toBeNull();
		expect(pair.noSignInSince).toBe((pair.window as IDataObject).since);
	});

	test('keeps only inactive app pairs', async () => {
		const result = await runNode({
			credentials: credentials(),
			parameters: parameters({ output: 'perUserAndApp', options: { inactiveDays: 7 } }),
		});

		expect(result.error).toBeUndefined();
		expect(result.json.map((item) => item.appLabel)).toEqual(['Wiki', 'Payroll', 'Chat']);
	});
});

describe('one user, long history', () => {
	const busyEvents = 1500;
	let busy: ReturnType<Sandbox['org']['addUser']>;
	let newest: string;

	beforeAll(() => {
		busy = addPerson(sandbox, 'Busy');
		for (let index = busyEvents; index > 0; index--) {
			newest = storeSignIn(sandbox, { type: 'user.session.start', user: busy, ago: index * HOUR_MS });
		}
	});

	test('reads every page of the log', async () => {
		const result = await runNode({
			credentials: credentials(),
			parameters: parameters({ user: { __rl: true, mode: 'id', value: busy.id } }),
		});

		expect(result.error).toBeUndefined();
		const pages = logRequests();
		expect(pages).toHaveLength(Math.ceil(busyEvents / 1000));
		expect(pages[0].rawQuery).not.toContain('after=');
		expect(pages[1].rawQuery).toContain('after=');
		expect(pages.map((page) => (page.responseBody as unknown[]).length)).toEqual([1000, 500]);
		expect(result.json[0].lastOktaSignIn).toBe(newest);
	});
});

describe('one user, time zones', () => {
	const original = getGlobalState().defaultTimezone;
	const originalZone = Settings.defaultZone;

	afterEach(() => {
		setGlobalState({ defaultTimezone: original });
		Settings.defaultZone = originalZone;
		sandbox.configure({ faults: { strictLogTimestamps: false } });
	});

	test.each(['America/Chicago', 'Asia/Kolkata'])('sends UTC times in %s', async (zone) => {
		setGlobalState({ defaultTimezone: zone });
		Settings.defaultZone = zone;
		sandbox.configure({ faults: { strictLogTimestamps: true } });

		const result = await runNode({ credentials: credentials(), parameters: parameters() });

		expect(result.error).toBeUndefined();
		const query = logRequests()[0].query;
		expect(query.since).toMatch(OKTA_TIME);
		expect(query.until).toMatch(OKTA_TIME);
		expect(Math.abs(Date.parse(query.until) - Date.now())).toBeLessThan(60_000);
		expect(result.json[0].lastOktaSignIn).toBe(times.oktaLast);
		expect((result.json[0].window as IDataObject).since).toBe(query.since);
	});
});

describe('one user, input checks', () => {
	test('rejects a window over 90 days', async () => {
		const result = await runNode({ credentials: credentials(), parameters: parameters({ options: { windowDays: 120 } }) });

		expect(result.error?.message).toBe('Window (Days) is 120, but it must be a whole number from 1 to 90');
		expect(result.error?.description).toContain('Okta keeps System Log events for 90 days');
		expect(sandbox.requests).toHaveLength(0);
	});

	test('rejects inactive days beyond the window', async () => {
		const result = await runNode({
			credentials: credentials(),
			parameters: parameters({ options: { windowDays: 30, inactiveDays: 45 } }),
		});

		expect(result.error?.message).toBe('Inactive For (Days) is 45, but it must be a whole number from 1 to Window (Days), 30');
		expect(sandbox.requests).toHaveLength(0);
	});

	test('rejects a blank user', async () => {
		const result = await runNode({ credentials: credentials(), parameters: parameters({ user: { __rl: true, mode: 'id', value: '  ' } }) });

		expect(result.error?.message).toBe('User is empty');
		expect(sandbox.requests).toHaveLength(0);
	});

	test('names the user in an error item', async () => {
		const result = await runNode({
			credentials: credentials(),
			parameters: parameters({ user: { __rl: true, mode: 'login', value: 'nobody@example.com' } }),
			continueOnFail: true,
		});

		expect(result.error).toBeUndefined();
		expect(result.json).toHaveLength(1);
		expect(result.json[0].error).toBe('No Okta user has the ID or login "nobody@example.com"');
		expect(result.json[0].user).toBe('nobody@example.com');
		expect(logRequests()).toHaveLength(0);
	});
});
