import { liveQuery } from 'dexie';
import type * as Y from 'yjs';
import { accountRoom, hasAccess, roomName, type AccessType } from '$lib/domain';
import type { AccountRow } from '$lib/db';
import { app } from './appState.svelte';
import { live } from './live.svelte';

export interface AccountContext {
	readonly accountId: string;
	readonly room: string;
	/** The materialised row; null until the account room has loaded (or when not a member). */
	readonly row: AccountRow | null;
	readonly loaded: boolean;
	readonly myTypes: readonly AccessType[];
	readonly isMember: boolean;
	has(type: AccessType): boolean;
	/** The account room's Y.Doc, for the guards' dry runs (null until the room is open). */
	doc(): Y.Doc | null;
}

/** The current business account of a page, from the materialised `accounts` table. */
export function useAccount(accountId: () => string): AccountContext {
	const row = live(() => {
		const db = app.db;
		const id = accountId();
		return db === null ? null : liveQuery(async () => (await db.accounts.get(id)) ?? null);
	}, null as AccountRow | null);
	return {
		get accountId() {
			return accountId();
		},
		get room() {
			return roomName(accountRoom(accountId()));
		},
		get row() {
			return row.current;
		},
		get loaded() {
			return row.loaded;
		},
		get myTypes() {
			return row.current?.myTypes ?? [];
		},
		get isMember() {
			return (row.current?.myTypes.length ?? 0) > 0;
		},
		has(type: AccessType) {
			return hasAccess(row.current?.myTypes ?? [], type);
		},
		doc() {
			// Read the published state so that callers re-run when the room opens or resets.
			void app.state.rooms;
			return app.sync?.doc(roomName(accountRoom(accountId()))) ?? null;
		}
	};
}
