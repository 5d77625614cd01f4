import { Dexie, type Table } from 'dexie';
import yDexie from 'y-dexie';
import type * as Y from 'yjs';
import type {
	AccountRow,
	AssetRow,
	MemberRow,
	NotificationRow,
	OutboxRow,
	PartnerRow,
	RejectionRow,
	RequestRow,
	RoomRow,
	SessionRow,
	ShareRow,
	YDocInsert
} from './rows';

/**
 * The one Dexie database of the app: the Yjs documents of the rooms the user reads (through
 * y-dexie, Dexie's own Yjs addon), the materialised tables that lists and searches query,
 * the outbox of pending commands, the refused commands, and the session.
 *
 * Every schema version stays declared here forever: Dexie upgrades a database of any older
 * version by running each later version's upgrade in turn. Never delete a `version(n)`.
 *
 * Why y-dexie fits: it stores each document as an append-only table of updates (compacted in
 * the background), applies updates written by other tabs to every open copy (so several
 * tabs share one database), and destroys every open copy of a document when its row is
 * deleted — which is how a reset reaches the other tabs. Two gaps we close ourselves:
 * deleting a row does not delete its updates (`RoomStore` deletes them in the same
 * transaction), and a deleted-then-re-added row would keep its cached Y.Doc, so a reset
 * writes a new row (new key, new Y.Doc, new clientID) instead of reusing the old one.
 */

export interface YDocRow extends YDocInsert {
	readonly doc: Y.Doc;
}

export type BusinessCenterDb = Dexie & {
	rooms: Table<RoomRow, string>;
	ydocs: Table<YDocRow, string, YDocInsert>;
	accounts: Table<AccountRow, string>;
	members: Table<MemberRow, [string, string]>;
	assets: Table<AssetRow, [string, string]>;
	partners: Table<PartnerRow, [string, string]>;
	shares: Table<ShareRow, [string, string, string]>;
	requests: Table<RequestRow, [string, string]>;
	notifications: Table<NotificationRow, [string, string]>;
	outbox: Table<OutboxRow, number>;
	rejections: Table<RejectionRow, number>;
	session: Table<SessionRow, string>;
};

/** The materialised tables: derived from room documents, each row tagged with its room. */
export const MaterialisedTable = {
	Accounts: 'accounts',
	Members: 'members',
	Assets: 'assets',
	Partners: 'partners',
	Shares: 'shares',
	Requests: 'requests',
	Notifications: 'notifications'
} as const;
export type MaterialisedTable = (typeof MaterialisedTable)[keyof typeof MaterialisedTable];
export const allMaterialisedTables: readonly MaterialisedTable[] = Object.values(MaterialisedTable);

/** y-dexie's table of updates for `ydocs.doc` (its naming: `$<table>.<prop>_updates`). */
export const ydocUpdatesTable = '$ydocs.doc_updates';

export const currentSchemaVersion = 2;
export type SchemaVersion = 1 | 2;

/**
 * Declares every schema version up to `latest`. Tests declare only version 1 to build a
 * database as the previous release left it, then open it with the current code.
 */
export function declareVersions(db: Dexie, latest: SchemaVersion = currentSchemaVersion): void {
	db.version(1).stores({
		rooms: 'name',
		ydocs: 'id, room, doc:Y.Doc',
		accounts: 'accountId, room',
		members: '[accountId+userId], room, [accountId+email], [accountId+name]',
		assets: '[accountId+assetId], room, [accountId+kind]',
		partners: '[accountId+partnerAccountId], room',
		shares: '[accountId+assetId+partnerAccountId], room, [accountId+assetId], [accountId+partnerAccountId]',
		requests: '[scope+id], room, [scope+status], [scope+requestId]',
		notifications: '[userId+id], room, [userId+at]',
		outbox: '++id, room',
		session: 'key'
	});
	if (latest < 2) return;
	// Version 2: member search by name is case-insensitive (an index on `nameLower`, filled
	// for existing rows), and refused commands are kept until dismissed (`rejections`).
	db.version(2)
		.stores({
			members: '[accountId+userId], room, [accountId+email], [accountId+nameLower]',
			rejections: '++id, room, at'
		})
		.upgrade((tx) =>
			tx
				.table('members')
				.toCollection()
				.modify((member: { name?: unknown; nameLower?: string }) => {
					member.nameLower = typeof member.name === 'string' ? member.name.toLowerCase() : '';
				})
		);
}

export interface DatabaseOptions {
	/** IndexedDB database name; one per signed-in browser profile. Default `business-center`. */
	readonly name?: string;
	/** Injected in tests (fake-indexeddb); the browser's own by default. */
	readonly indexedDB?: IDBFactory;
	readonly IDBKeyRange?: typeof IDBKeyRange;
	/** y-dexie's background compaction of document updates (off in short tests). Default on. */
	readonly compactUpdates?: boolean;
}

export const defaultDatabaseName = 'business-center';

/** A Dexie instance over the database (not yet opened: Dexie opens it on first use). */
export function createDatabase(options: DatabaseOptions = {}): BusinessCenterDb {
	const addon = yDexie({ gc: options.compactUpdates ?? true }) as (db: Dexie) => void;
	const db = new Dexie(options.name ?? defaultDatabaseName, {
		addons: [addon],
		...(options.indexedDB === undefined ? {} : { indexedDB: options.indexedDB }),
		...(options.IDBKeyRange === undefined ? {} : { IDBKeyRange: options.IDBKeyRange })
	}) as BusinessCenterDb;
	declareVersions(db);
	return db;
}
