import type { PostgresDatabase } from './PostgresDatabase.ts';
import type { RefreshTokenRecord, TokenStore } from './TokenStore.ts';

interface TokenRow {
	hash: string;
	user_id: string;
	family: string;
	expires_at: string;
	used_at: string | null;
	revoked_at: string | null;
}

const optionalNumber = (value: string | null): number | null => (value === null ? null : Number(value));

/** Refresh tokens in PostgreSQL: a token issued by one node refreshes on any other. */
export class PostgresTokenStore implements TokenStore {
	readonly #db: PostgresDatabase;

	constructor(db: PostgresDatabase) {
		this.#db = db;
	}

	async saveRefreshToken(token: RefreshTokenRecord): Promise<void> {
		await this.#db.query('INSERT INTO refresh_token (hash, user_id, family, expires_at) VALUES ($1, $2, $3, $4)', [
			token.hash,
			token.userId,
			token.family,
			token.expiresAt
		]);
	}

	async findRefreshToken(hash: string): Promise<RefreshTokenRecord | null> {
		const { rows } = await this.#db.query<TokenRow>('SELECT * FROM refresh_token WHERE hash = $1', [hash]);
		const row = rows[0];
		if (row === undefined) return null;
		return {
			hash: row.hash,
			userId: row.user_id,
			family: row.family,
			expiresAt: Number(row.expires_at),
			usedAt: optionalNumber(row.used_at),
			revokedAt: optionalNumber(row.revoked_at)
		};
	}

	/** One UPDATE with the condition in it: of two nodes refreshing the same token at once, one wins. */
	async markRefreshTokenUsed(hash: string, at: number): Promise<boolean> {
		const result = await this.#db.query('UPDATE refresh_token SET used_at = $1 WHERE hash = $2 AND used_at IS NULL AND revoked_at IS NULL', [
			at,
			hash
		]);
		return result.rowCount === 1;
	}

	async revokeFamily(family: string, at: number): Promise<void> {
		await this.#db.query('UPDATE refresh_token SET revoked_at = $1 WHERE family = $2 AND revoked_at IS NULL', [at, family]);
	}

	/** Expired rows are useless even for reuse detection; called at start-up. */
	async purgeExpired(now: number): Promise<void> {
		await this.#db.query('DELETE FROM refresh_token WHERE expires_at < $1', [now]);
	}
}
