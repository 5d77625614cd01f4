import type { DbFailure, SessionUser } from '$lib/db';

/** The whole client's link with the relay, for the header's status indicator. */
export const ConnectionStatus = {
	/** No session: sign in first. */
	SignedOut: 'signed-out',
	/** Working from IndexedDB only (no network, or switched off). */
	Offline: 'offline',
	/** Some rooms are (re)connecting or resyncing. */
	Connecting: 'connecting',
	/** Every open room is in step with the relay. */
	Online: 'online'
} as const;
export type ConnectionStatus = (typeof ConnectionStatus)[keyof typeof ConnectionStatus];

export const RoomStatus = {
	Offline: 'offline',
	Connecting: 'connecting',
	Synced: 'synced',
	/** A rejection is being handled: local copy dropped, resync and replay under way. */
	Resetting: 'resetting',
	/** The relay took read access away (4401/4403): local copy deleted, not reconnecting. */
	Revoked: 'revoked'
} as const;
export type RoomStatus = (typeof RoomStatus)[keyof typeof RoomStatus];

export interface SyncState {
	readonly status: ConnectionStatus;
	readonly user: SessionUser | null;
	readonly rooms: Readonly<Record<string, RoomStatus>>;
	/** The last storage failure (quota, closed database), for the UI to say so. */
	readonly storageError: DbFailure | null;
}

export const initialSyncState: SyncState = { status: ConnectionStatus.SignedOut, user: null, rooms: {}, storageError: null };
