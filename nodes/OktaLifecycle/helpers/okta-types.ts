import type { IDataObject } from 'n8n-workflow';

/** The fields of Okta's User object this package reads; Okta sends more. */
export interface OktaUser extends IDataObject {
	id: string;
	status: string;
	transitioningToStatus?: string | null;
	created?: string;
	activated?: string | null;
	statusChanged?: string | null;
	lastLogin?: string | null;
	lastUpdated?: string;
	passwordChanged?: string | null;
	profile: IDataObject & { login: string; email?: string; firstName?: string; lastName?: string };
}

export interface OktaGroup extends IDataObject {
	id: string;
	type: 'OKTA_GROUP' | 'APP_GROUP' | 'BUILT_IN';
	profile: IDataObject & { name: string; description?: string | null };
}

export interface OktaApp extends IDataObject {
	id: string;
	name: string;
	label: string;
	status: string;
	signOnMode?: string;
}

/** Okta's AppUser: one user's assignment to one app. */
export interface OktaAppUser extends IDataObject {
	id: string;
	scope: 'USER' | 'GROUP';
	status: string;
	syncState?: string;
	credentials?: IDataObject & { userName?: string };
	profile?: IDataObject;
}

export interface OktaLogEvent extends IDataObject {
	uuid: string;
	published: string;
	eventType: string;
	displayMessage?: string;
	actor?: IDataObject & { id?: string; type?: string; alternateId?: string; displayName?: string };
	target?: Array<IDataObject & { id?: string; type?: string; alternateId?: string; displayName?: string }>;
	outcome?: IDataObject & { result?: string; reason?: string | null };
	client?: IDataObject & { ipAddress?: string | null };
}

/** Every user status Okta reports. `ACTIVATING` is transient and never filterable. */
export const USER_STATUSES = [
	'STAGED',
	'PROVISIONED',
	'ACTIVE',
	'RECOVERY',
	'LOCKED_OUT',
	'PASSWORD_EXPIRED',
	'SUSPENDED',
	'DEPROVISIONED',
] as const;
