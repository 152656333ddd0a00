import type { IDataObject } from 'n8n-workflow';

import type { Sandbox } from '../../sandbox/server';
import {
	AD_SALES,
	appKey,
	assignDirectly,
	CHAT,
	CRM,
	DESIGN,
	ENGINEERING,
	EVERYONE,
	JANE,
	requestLines,
	runApplication,
	SAM,
	startFixtureOrg,
	TRACKER,
	userKey,
	WIKI,
} from './fixtures';

let sandbox: Sandbox;

beforeEach(async () => {
	sandbox = await startFixtureOrg();
});

afterEach(async () => {
	await sandbox.close();
});

const engineering = { id: ENGINEERING, name: 'Engineering', type: 'OKTA_GROUP' };
const everyone = { id: EVERYONE, name: 'Everyone', type: 'BUILT_IN' };

async function assignmentsOfApp(appId: string, parameters: IDataObject = { returnAll: true }) {
	return await runApplication(sandbox, { operation: 'getAssignments', assignmentsOf: 'application', application: appKey(appId), ...parameters });
}

async function assignmentsOfUser(userId: string, parameters: IDataObject = { returnAll: true }) {
	return await runApplication(sandbox, { operation: 'getAssignments', assignmentsOf: 'user', user: userKey(userId), ...parameters });
}

/** Adds users who are members of Engineering, so they have Wiki and CRM through it. */
function addEngineers(count: number): string[] {
	return Array.from({ length: count }, (_, index) => {
		const login = `engineer${index}@example.com`;
		const user = sandbox.org.addUser({ profile: { login, email: login, firstName: 'Eng', lastName: String(index) } });
		sandbox.org.memberMap(ENGINEERING).set(user.id, Date.now());
		return user.id;
	});
}

describe('for an application', () => {
	test('lists users with scope and granting groups', async () => {
		assignDirectly(sandbox, WIKI, SAM, 'slee');

		const result = await assignmentsOfApp(WIKI);

		expect(result.error).toBeUndefined();
		expect(result.json).toEqual([
			{
				appId: WIKI,
				appLabel: 'Wiki',
				appName: 'wiki_bookmark',
				userId: JANE,
				login: 'jane.roe@example.com',
				scope: 'GROUP',
				status: 'ACTIVE',
				syncState: 'DISABLED',
				grantingGroups: [engineering],
				appUserName: 'jane.roe@example.com',
			},
			{
				appId: WIKI,
				appLabel: 'Wiki',
				appName: 'wiki_bookmark',
				userId: SAM,
				login: 'sam.lee@example.com',
				scope: 'USER',
				status: 'ACTIVE',
				syncState: 'DISABLED',
				grantingGroups: null,
				appUserName: 'slee',
			},
		]);
	});

	test('reads few users groups one by one', async () => {
		await assignmentsOfApp(WIKI);

		expect(requestLines(sandbox)).toEqual([
			`GET /api/v1/apps/${WIKI}`,
			`GET /api/v1/apps/${WIKI}/users?limit=500&expand=user`,
			`GET /api/v1/apps/${WIKI}/groups?limit=200&expand=group`,
			`GET /api/v1/users/${JANE}/groups`,
		]);
	});

	test('pages group members for many users', async () => {
		const engineers = addEngineers(5);

		const result = await assignmentsOfApp(WIKI);

		expect(result.json).toHaveLength(6);
		expect(result.json.every((row) => JSON.stringify(row.grantingGroups) === JSON.stringify([engineering]))).toBe(true);
		expect(result.json.map((row) => row.userId)).toEqual([JANE, ...engineers]);
		expect(sandbox.requestsTo('GET', /^\/api\/v1\/users\/[^/]+\/groups$/)).toHaveLength(0);
		expect(requestLines(sandbox).filter((line) => line.includes('/groups/'))).toEqual([`GET /api/v1/groups/${ENGINEERING}/users?limit=1000`]);
	});

	test('follows next links to the last page', async () => {
		addEngineers(600);

		const result = await assignmentsOfApp(WIKI);

		const pages = sandbox.requestsTo('GET', `/api/v1/apps/${WIKI}/users`);
		expect(result.json).toHaveLength(601);
		expect(pages).toHaveLength(2);
		expect(pages[1].query.after).toBeDefined();
		expect(pages[1].query.limit).toBe('500');
		expect(result.json[600].grantingGroups).toEqual([engineering]);
	});

	test('skips group reads without group scope', async () => {
		assignDirectly(sandbox, TRACKER, SAM);

		const result = await assignmentsOfApp(TRACKER);

		expect(result.json.map((row) => [row.userId, row.scope])).toEqual([[SAM, 'USER']]);
		expect(requestLines(sandbox)).toEqual([`GET /api/v1/apps/${TRACKER}`, `GET /api/v1/apps/${TRACKER}/users?limit=500&expand=user`]);
	});

	test('stops at the limit', async () => {
		addEngineers(3);

		const result = await assignmentsOfApp(WIKI, { returnAll: false, limit: 2 });

		expect(result.json).toHaveLength(2);
		expect(sandbox.requestsTo('GET', `/api/v1/apps/${WIKI}/users`)[0].query.limit).toBe('2');
	});

	test('finds the app by label', async () => {
		const result = await runApplication(sandbox, {
			operation: 'getAssignments',
			assignmentsOf: 'application',
			application: appKey('Wiki', 'label'),
			returnAll: true,
		});

		expect(result.json.map((row) => row.userId)).toEqual([JANE]);
		expect(sandbox.requestsTo('GET', '/api/v1/apps')[0].query.q).toBe('Wiki');
	});
});

describe('for a user', () => {
	const janeRows = [
		{ appId: WIKI, appLabel: 'Wiki', scope: 'GROUP', grantingGroups: [engineering] },
		{ appId: CRM, appLabel: 'CRM', scope: 'GROUP', grantingGroups: [engineering] },
		{ appId: CHAT, appLabel: 'Chat', scope: 'GROUP', grantingGroups: [everyone] },
		{ appId: TRACKER, appLabel: 'Tracker', scope: 'USER', grantingGroups: null },
	];

	test('lists every app with scope', async () => {
		assignDirectly(sandbox, TRACKER, JANE);

		const result = await assignmentsOfUser(JANE);

		expect(result.error).toBeUndefined();
		expect(result.json.map((row) => ({ appId: row.appId, appLabel: row.appLabel, scope: row.scope, grantingGroups: row.grantingGroups }))).toEqual(janeRows);
		expect(result.json[0]).toEqual({
			appId: WIKI,
			appLabel: 'Wiki',
			appName: 'wiki_bookmark',
			userId: JANE,
			login: 'jane.roe@example.com',
			scope: 'GROUP',
			status: 'ACTIVE',
			syncState: 'DISABLED',
			grantingGroups: [engineering],
			appUserName: 'jane.roe@example.com',
		});
	});

	test('reads all apps in one request', async () => {
		assignDirectly(sandbox, TRACKER, JANE);

		await assignmentsOfUser(JANE);

		const listing = sandbox.requestsTo('GET', '/api/v1/apps');
		expect(listing).toHaveLength(1);
		expect(listing[0].rawQuery).toBe(`filter=user.id%20eq%20%22${JANE}%22&expand=user%2F${JANE}&limit=200`);
		expect(sandbox.requestsTo('GET', /^\/api\/v1\/apps\/[^/]+\/users\//)).toHaveLength(0);
	});

	test('reads group apps when the user has few groups', async () => {
		await assignmentsOfUser(JANE);

		expect(sandbox.requestsTo('GET', /^\/api\/v1\/apps\/[^/]+\/groups$/)).toHaveLength(0);
		expect(requestLines(sandbox).filter((line) => line.includes('/groups')).sort()).toEqual([
			`GET /api/v1/groups/${ENGINEERING}/apps?limit=200`,
			`GET /api/v1/groups/${EVERYONE}/apps?limit=200`,
			`GET /api/v1/users/${JANE}/groups`,
		]);
	});

	test('reads app groups when the user has many groups', async () => {
		for (let index = 0; index < 4; index++) {
			const group = sandbox.org.addGroup({ name: `Project ${index}` });
			sandbox.org.memberMap(group.id).set(JANE, Date.now());
		}

		const result = await assignmentsOfUser(JANE);

		expect(result.json.map((row) => row.grantingGroups)).toEqual([[engineering], [engineering], [everyone]]);
		expect(sandbox.requestsTo('GET', /^\/api\/v1\/groups\/[^/]+\/apps$/)).toHaveLength(0);
		expect(sandbox.requestsTo('GET', /^\/api\/v1\/apps\/[^/]+\/groups$/)).toHaveLength(3);
	});

	test('falls back to app links on 400', async () => {
		assignDirectly(sandbox, TRACKER, JANE);
		const withFilter = await assignmentsOfUser(JANE);
		sandbox.clearRequests();
		sandbox.script({
			method: 'GET',
			path: '/api/v1/apps',
			status: 400,
			body: { errorCode: 'E0000031', errorSummary: 'Invalid search criteria.', errorCauses: [{ errorSummary: 'filter: user.id cannot be filtered' }] },
		});

		const withLinks = await assignmentsOfUser(JANE);

		expect(withLinks.error).toBeUndefined();
		expect(withLinks.json).toEqual(withFilter.json);
		expect(sandbox.requestsTo('GET', `/api/v1/users/${JANE}/appLinks`)).toHaveLength(1);
		expect(sandbox.requestsTo('GET', /^\/api\/v1\/apps\/[^/]+\/users\/[^/]+$/)).toHaveLength(4);
	});

	test('finds the user by login', async () => {
		const result = await runApplication(sandbox, {
			operation: 'getAssignments',
			assignmentsOf: 'user',
			user: userKey('jane.roe@example.com', 'login'),
			returnAll: true,
		});

		expect(result.json.map((row) => row.appId)).toEqual([WIKI, CRM, CHAT]);
	});

	test('lists nothing for a user without apps', async () => {
		sandbox.org.memberMap(EVERYONE).delete(SAM);
		sandbox.org.memberMap(AD_SALES).delete(SAM);

		const result = await assignmentsOfUser(SAM);

		expect(result.error).toBeUndefined();
		expect(result.json).toEqual([]);
		expect(sandbox.requestsTo('GET', `/api/v1/users/${SAM}/groups`)).toHaveLength(0);
	});

	test('names another granting group', async () => {
		sandbox.org.memberMap(DESIGN).set(JANE, Date.now());
		sandbox.org.assignGroup(WIKI, DESIGN);

		const result = await assignmentsOfUser(JANE);

		expect(result.json[0].grantingGroups).toEqual([engineering, { id: DESIGN, name: 'Design', type: 'OKTA_GROUP' }]);
	});
});
