import { randomBytes } from 'node:crypto';
import type { PostgresDatabase } from './PostgresDatabase.ts';

/**
 * The session-token key when RELAY_SECRET is unset and the relay runs on PostgreSQL: every
 * node must sign and verify with the same key, so it is generated once and kept in the
 * database (the first node to start wins the insert; the others read its key).
 */
export async function loadPostgresRelaySecret(db: PostgresDatabase): Promise<string> {
	await db.query('INSERT INTO relay_secret (id, secret) VALUES (1, $1) ON CONFLICT DO NOTHING', [randomBytes(32).toString('base64url')]);
	const { rows } = await db.query<{ secret: string }>('SELECT secret FROM relay_secret WHERE id = 1');
	const secret = rows[0]?.secret;
	if (secret === undefined) throw new Error('relay_secret has no row after insert');
	return secret;
}
