import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type SqliteDatabase = Database.Database;

/**
 * Each entry upgrades the schema by one version (PRAGMA user_version). Append only: a
 * deployed database has run the earlier ones.
 */
const migrations: readonly string[] = [
	`CREATE TABLE room_snapshot (
		room TEXT PRIMARY KEY,
		data BLOB NOT NULL,
		updated_at INTEGER NOT NULL
	);
	CREATE TABLE room_update (
		id INTEGER PRIMARY KEY AUTOINCREMENT,
		room TEXT NOT NULL,
		data BLOB NOT NULL,
		created_at INTEGER NOT NULL
	);
	CREATE INDEX room_update_by_room ON room_update (room, id);
	CREATE TABLE room_client (
		room TEXT NOT NULL,
		client_id INTEGER NOT NULL,
		owner TEXT NOT NULL,
		PRIMARY KEY (room, client_id)
	) WITHOUT ROWID;
	CREATE TABLE user (
		id TEXT PRIMARY KEY,
		email TEXT NOT NULL UNIQUE,
		name TEXT NOT NULL,
		password_hash TEXT NOT NULL,
		created_at INTEGER NOT NULL
	);
	CREATE TABLE refresh_token (
		hash TEXT PRIMARY KEY,
		user_id TEXT NOT NULL,
		family TEXT NOT NULL,
		expires_at INTEGER NOT NULL,
		used_at INTEGER,
		revoked_at INTEGER
	);
	CREATE INDEX refresh_token_by_family ON refresh_token (family);`
];

export const SqliteSynchronous = { Full: 'FULL', Normal: 'NORMAL' } as const;
export type SqliteSynchronous = (typeof SqliteSynchronous)[keyof typeof SqliteSynchronous];

/**
 * Opens (creating when needed) the relay's database file and brings its schema up to date.
 * WAL with synchronous=FULL by default: a commit is fsynced before the relay acks it, so an
 * acked write survives a power loss, not only a killed process.
 */
export function openSqliteDatabase(file: string, synchronous: SqliteSynchronous = SqliteSynchronous.Full): SqliteDatabase {
	mkdirSync(dirname(file), { recursive: true });
	const db = new Database(file);
	db.pragma('journal_mode = WAL');
	db.pragma(`synchronous = ${synchronous}`);
	db.pragma('foreign_keys = ON');
	db.pragma('busy_timeout = 5000');
	const version = db.pragma('user_version', { simple: true });
	const current = typeof version === 'number' ? version : 0;
	for (let v = current; v < migrations.length; v++) {
		const sql = migrations[v];
		if (sql === undefined) break;
		db.transaction(() => {
			db.exec(sql);
			db.pragma(`user_version = ${v + 1}`);
		})();
	}
	return db;
}
