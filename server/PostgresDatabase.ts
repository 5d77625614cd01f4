import pg from 'pg';

export type PostgresDatabase = pg.Pool;

/**
 * Each entry upgrades the schema by one version. Append only: a deployed database has run
 * the earlier ones. Tables live in the connection's search_path (normally `public`).
 */
const migrations: readonly string[] = [
	`CREATE TABLE room_head (
		room TEXT PRIMARY KEY,
		seq BIGINT NOT NULL
	);
	CREATE TABLE room_snapshot (
		room TEXT PRIMARY KEY,
		seq BIGINT NOT NULL,
		data BYTEA NOT NULL,
		updated_at BIGINT NOT NULL
	);
	CREATE TABLE room_update (
		room TEXT NOT NULL,
		seq BIGINT NOT NULL,
		data BYTEA NOT NULL,
		access_changed TEXT[] NOT NULL DEFAULT '{}',
		created_at BIGINT NOT NULL,
		PRIMARY KEY (room, seq)
	);
	CREATE TABLE room_client (
		room TEXT NOT NULL,
		client_id BIGINT NOT NULL,
		owner TEXT NOT NULL,
		seq BIGINT NOT NULL,
		PRIMARY KEY (room, client_id)
	);
	CREATE INDEX room_client_by_seq ON room_client (room, seq);
	CREATE TABLE app_user (
		id TEXT PRIMARY KEY,
		email TEXT NOT NULL UNIQUE,
		name TEXT NOT NULL,
		password_hash TEXT NOT NULL,
		created_at BIGINT NOT NULL
	);
	CREATE TABLE refresh_token (
		hash TEXT PRIMARY KEY,
		user_id TEXT NOT NULL,
		family TEXT NOT NULL,
		expires_at BIGINT NOT NULL,
		used_at BIGINT,
		revoked_at BIGINT
	);
	CREATE INDEX refresh_token_by_family ON refresh_token (family);
	CREATE TABLE relay_secret (
		id INTEGER PRIMARY KEY CHECK (id = 1),
		secret TEXT NOT NULL
	);`
];

/** Any constant: every node migrating at start-up takes this lock, so one migrates at a time. */
const migrationLockKey = 0x6263_6d69; // "bcmi"

export interface PostgresOptions {
	/** Connections per relay node. */
	readonly poolSize?: number;
}

/**
 * Connects to `DATABASE_URL` and brings the schema up to date. Several nodes starting at
 * once serialise on an advisory lock, so each migration runs exactly once.
 */
export async function openPostgresDatabase(url: string, options: PostgresOptions = {}): Promise<PostgresDatabase> {
	const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 16, application_name: 'business-center-relay' });
	// An idle client that loses its connection emits 'error' on the pool; unhandled, it would
	// crash the process. The next query gets a fresh connection.
	pool.on('error', () => {});
	try {
		await migrate(pool);
	} catch (error) {
		await pool.end();
		throw error;
	}
	return pool;
}

async function migrate(pool: PostgresDatabase): Promise<void> {
	const client = await pool.connect();
	try {
		await client.query('SELECT pg_advisory_lock($1)', [migrationLockKey]);
		try {
			await client.query('CREATE TABLE IF NOT EXISTS bc_schema_version (version INTEGER NOT NULL)');
			const { rows } = await client.query<{ version: number }>('SELECT version FROM bc_schema_version');
			let current = rows[0]?.version ?? 0;
			if (rows.length === 0) await client.query('INSERT INTO bc_schema_version (version) VALUES (0)');
			for (; current < migrations.length; current++) {
				const sql = migrations[current];
				if (sql === undefined) break;
				await client.query('BEGIN');
				try {
					await client.query(sql);
					await client.query('UPDATE bc_schema_version SET version = $1', [current + 1]);
					await client.query('COMMIT');
				} catch (error) {
					await client.query('ROLLBACK');
					throw error;
				}
			}
		} finally {
			await client.query('SELECT pg_advisory_unlock($1)', [migrationLockKey]);
		}
	} finally {
		client.release();
	}
}
