/**
 * Refresh tokens. Only a hash of each token is stored. Tokens rotate: each refresh uses up
 * one token and issues the next in the same family; presenting a used token again means it
 * leaked, so the whole family is revoked.
 */

export interface RefreshTokenRecord {
	/** SHA-256 of the token, hex. */
	readonly hash: string;
	readonly userId: string;
	/** Shared by every token rotated from one sign-in. */
	readonly family: string;
	readonly expiresAt: number;
	readonly usedAt: number | null;
	readonly revokedAt: number | null;
}

export interface TokenStore {
	saveRefreshToken(token: RefreshTokenRecord): Promise<void>;
	findRefreshToken(hash: string): Promise<RefreshTokenRecord | null>;
	/** False when the token was already used or revoked: of two racing refreshes, one wins. */
	markRefreshTokenUsed(hash: string, at: number): Promise<boolean>;
	revokeFamily(family: string, at: number): Promise<void>;
}
