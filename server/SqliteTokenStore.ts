import type { RefreshTokenRecord, TokenStore } from './TokenStore.ts';
import type { SqliteDatabase } from './SqliteDatabase.ts';

interface TokenRow {
	hash: string;
	user_id: string;
	family: string;
	expires_at: number;
	used_at: number | null;
	revoked_at: number | null;
}

export class SqliteTokenStore implements TokenStore {
	readonly #insert;
	readonly #byHash;
	readonly #markUsed;
	readonly #revokeFamily;
	readonly #purgeExpired;

	constructor(db: SqliteDatabase) {
		this.#insert = db.prepare<[string, string, string, number]>(
			'INSERT INTO refresh_token (hash, user_id, family, expires_at) VALUES (?, ?, ?, ?)'
		);
		this.#byHash = db.prepare<[string], TokenRow>('SELECT * FROM refresh_token WHERE hash = ?');
		this.#markUsed = db.prepare<[number, string]>(
			'UPDATE refresh_token SET used_at = ? WHERE hash = ? AND used_at IS NULL AND revoked_at IS NULL'
		);
		this.#revokeFamily = db.prepare<[number, string]>('UPDATE refresh_token SET revoked_at = ? WHERE family = ? AND revoked_at IS NULL');
		this.#purgeExpired = db.prepare<[number]>('DELETE FROM refresh_token WHERE expires_at < ?');
	}

	async saveRefreshToken(token: RefreshTokenRecord): Promise<void> {
		this.#insert.run(token.hash, token.userId, token.family, token.expiresAt);
	}

	async findRefreshToken(hash: string): Promise<RefreshTokenRecord | null> {
		const row = this.#byHash.get(hash);
		if (row === undefined) return null;
		return {
			hash: row.hash,
			userId: row.user_id,
			family: row.family,
			expiresAt: row.expires_at,
			usedAt: row.used_at,
			revokedAt: row.revoked_at
		};
	}

	async markRefreshTokenUsed(hash: string, at: number): Promise<boolean> {
		return this.#markUsed.run(at, hash).changes === 1;
	}

	async revokeFamily(family: string, at: number): Promise<void> {
		this.#revokeFamily.run(at, family);
	}

	/** Expired rows are useless even for reuse detection; called at start-up. */
	purgeExpired(now: number): void {
		this.#purgeExpired.run(now);
	}
}
