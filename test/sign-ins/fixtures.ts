/**
 * Exact System Log fixtures for the sign-in tests: users, apps and sign-in events with chosen
 * outcomes, target orders and publish times, stored in a sandbox org.
 */
import type { Sandbox } from '../../sandbox/server';

export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;

/** Okta's query time format: UTC with milliseconds. */
export const OKTA_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

type Org = Sandbox['org'];
type User = ReturnType<Org['addUser']>;
type App = ReturnType<Org['addApp']>;

export function addPerson(sandbox: Sandbox, name: string, fields: Record<string, unknown> = {}): User {
	const login = `${name.toLowerCase()}@example.com`;
	return sandbox.org.addUser({ profile: { login, email: login, firstName: name, lastName: 'Example' }, ...fields });
}

/** Builds the AppUser target that Okta adds beside the AppInstance target of a single sign-on. */
export function appUserTarget(user: User, app: App) {
	return { id: `0ua${app.id.slice(3, 10)}${user.id.slice(3, 12)}`, type: 'AppUser', alternateId: user.profile.login, displayName: user.profile.firstName };
}

export interface SignInFixture {
	type: 'user.session.start' | 'user.authentication.sso';
	user: User;
	/** Milliseconds before now. */
	ago: number;
	targets?: Array<Record<string, unknown>>;
	outcome?: 'SUCCESS' | 'FAILURE' | 'ALLOW';
}

/** Stores one sign-in event and returns its `published` value. */
export function storeSignIn(sandbox: Sandbox, fixture: SignInFixture): string {
	const published = Date.now() - fixture.ago;
	const event = sandbox.org.buildEvent(fixture.type, {
		actor: sandbox.org.userTarget(fixture.user),
		targets: fixture.targets ?? [],
		outcome: fixture.outcome ?? 'SUCCESS',
		published,
	});
	sandbox.org.storeEvent(event, published);
	return event.published;
}

/** Stores a single sign-on into an app, with the AppInstance target first or last. */
export function storeAppSignIn(
	sandbox: Sandbox,
	user: User,
	app: App,
	ago: number,
	options: { appInstanceLast?: boolean; outcome?: 'SUCCESS' | 'FAILURE' } = {},
): string {
	const targets = [sandbox.org.appTarget(app), appUserTarget(user, app)];
	if (options.appInstanceLast) targets.reverse();
	return storeSignIn(sandbox, { type: 'user.authentication.sso', user, ago, targets, outcome: options.outcome });
}

/** Rate limits high enough that a test file never waits for a reset. */
export const GENEROUS_RATE_LIMITS = { limits: { logs: 100_000, users: 100_000, 'users/{id}': 100_000, other: 100_000, apps: 100_000, 'apps/{id}': 100_000, groups: 100_000, 'groups/{id}': 100_000 } };
