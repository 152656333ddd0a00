import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../sandbox/server';
import { runNode } from '../support/harness';

let sandbox: Sandbox;

beforeEach(async () => {
	sandbox = await startSandbox({ empty: true });
});

afterEach(async () => {
	await sandbox.close();
});

const newHire = { login: 'new.hire@example.com', email: 'new.hire@example.com', firstName: 'New', lastName: 'Hire' };

async function create(parameters: Record<string, unknown> = {}, continueOnFail = false) {
	return await runNode({
		credentials: { url: sandbox.url, apiToken: sandbox.token },
		parameters: { resource: 'user', operation: 'create', ...newHire, ...parameters },
		continueOnFail,
	});
}

describe('create', () => {
	test('creates an active user with an activation email', async () => {
		const result = await create({ additionalFields: { department: 'Engineering', employeeNumber: 'E1042' } });

		expect(result.error).toBeUndefined();
		expect(result.json[0]).toMatchObject({
			login: 'new.hire@example.com',
			status: 'PROVISIONED',
			department: 'Engineering',
			employeeNumber: 'E1042',
			title: null,
			alreadyExisted: false,
			activationEmailSent: true,
		});
		expect(sandbox.requests[0].rawQuery).toBe('activate=true');
		expect(sandbox.requests[0].body).toEqual({
			profile: { ...newHire, department: 'Engineering', employeeNumber: 'E1042' },
		});
	});

	test('creates a staged user', async () => {
		const result = await create({ activate: false });

		expect(result.json[0]).toMatchObject({ status: 'STAGED', activationEmailSent: false });
		expect(sandbox.requests[0].rawQuery).toBe('activate=false');
	});

	test('sets a password and asks for a change', async () => {
		const initial = ['Corr3ct', 'Horse', 'Battery'].join('-');
		const result = await create({ additionalFields: { password: initial, changePasswordAtFirstSignIn: true } });

		expect(result.json[0]).toMatchObject({ status: 'ACTIVE', activationEmailSent: false });
		expect(sandbox.requests[0].rawQuery).toBe('activate=true&nextLogin=changePassword');
		expect(JSON.stringify(result.json)).not.toContain(initial);
	});

	test('adds custom attributes and groups', async () => {
		const engineering = sandbox.org.addGroup({ name: 'Engineering' });

		const result = await create({
			additionalFields: {
				customAttributes: { attribute: [{ name: 'startDate', value: '2026-12-07' }] },
				groupIds: ` ${engineering.id} `,
			},
		});

		expect(result.json[0].groupIds).toEqual([engineering.id]);
		expect(sandbox.requests[0].body).toMatchObject({ profile: { startDate: '2026-12-07' }, groupIds: [engineering.id] });
		expect(sandbox.org.memberMap(engineering.id).has(String(result.json[0].id))).toBe(true);
	});

	test('a taken login names the field', async () => {
		sandbox.org.addUser({ profile: { ...newHire } });

		const result = await create();

		expect(result.error?.message).toBe(
			'Could not create user new.hire@example.com: login: An object with this field already exists in the current organization',
		);
		expect(sandbox.requests).toHaveLength(1);
	});

	test('a re-run can return the existing user', async () => {
		const existing = sandbox.org.addUser({ profile: { ...newHire } });

		const result = await create({ additionalFields: { ifExists: 'return' } });

		expect(result.json[0]).toMatchObject({ id: existing.id, alreadyExisted: true });
		expect(sandbox.requests.map((request) => request.method)).toEqual(['POST', 'GET']);
	});

	test('an invalid email sends nothing', async () => {
		const result = await create({ email: 'not-an-email' });

		expect(result.error?.message).toBe('Email "not-an-email" is not a valid email address');
		expect(sandbox.requests).toHaveLength(0);
	});

	test('more than 20 groups sends nothing', async () => {
		const ids = Array.from({ length: 21 }, (_unused, index) => `00g${String(index).padStart(17, '0')}`);

		const result = await create({ additionalFields: { groupIds: ids.join(',') } });

		expect(result.error?.message).toBe('Group IDs lists 21 groups; Okta accepts at most 20');
		expect(sandbox.requests).toHaveLength(0);
	});

	test('a password change without a password sends nothing', async () => {
		const result = await create({ additionalFields: { changePasswordAtFirstSignIn: true } });

		expect(result.error?.message).toBe('Require Password Change needs Activate on and a Password');
		expect(sandbox.requests).toHaveLength(0);
	});

	test('a blank login sends nothing', async () => {
		const result = await create({ login: '  ' });

		expect(result.error?.message).toBe('Login is empty');
		expect(sandbox.requests).toHaveLength(0);
	});

	test('the created user is found before search catches up', async () => {
		sandbox.configure({ behaviour: { searchLagMs: 60_000 } });

		const created = await create();
		const added = await runNode({
			credentials: { url: sandbox.url, apiToken: sandbox.token },
			parameters: {
				resource: 'user',
				operation: 'get',
				user: { __rl: true, mode: 'login', value: 'new.hire@example.com' },
			},
		});

		expect(added.json[0].id).toBe(created.json[0].id);
		expect(sandbox.requestsTo('GET', '/api/v1/users')).toHaveLength(0);
	});

	test('a new user joins a group and an app before search finds it', async () => {
		sandbox.configure({ behaviour: { searchLagMs: 60_000 } });
		const engineering = sandbox.org.addGroup({ name: 'Engineering' });
		const wiki = sandbox.org.addApp({ label: 'Wiki', name: 'wiki_bookmark' });
		const credentials = { url: sandbox.url, apiToken: sandbox.token };

		const created = await create();
		const userId = String(created.json[0].id);
		const joined = await runNode({
			credentials,
			parameters: {
				resource: 'group',
				operation: 'addUser',
				group: { __rl: true, mode: 'id', value: engineering.id },
				user: { __rl: true, mode: 'id', value: userId },
			},
		});
		const assigned = await runNode({
			credentials,
			parameters: {
				resource: 'application',
				operation: 'assignUser',
				application: { __rl: true, mode: 'id', value: wiki.id },
				user: { __rl: true, mode: 'id', value: userId },
			},
		});

		expect(joined.json[0]).toMatchObject({ userId, added: true });
		expect(assigned.json[0]).toMatchObject({ scope: 'USER' });
		expect(sandbox.org.appUser(wiki.id, userId)?.scope).toBe('USER');
		expect(sandbox.requests.filter((request) => request.query.search !== undefined)).toHaveLength(0);
	});
});
