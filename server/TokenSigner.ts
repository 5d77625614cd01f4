import { createHmac, timingSafeEqual } from 'node:crypto';
import { parsePeerJson } from '../src/lib/protocol/parsePeerJson.ts';
import { isId } from '../src/lib/domain/validation.ts';

/** What a session token asserts. Times are milliseconds since the epoch. */
export interface AccessClaims {
	/** The user id. */
	readonly sub: string;
	/** Display name, stamped into awareness states so that peers see who is there. */
	readonly name: string;
	readonly iat: number;
	readonly exp: number;
}

export const TokenProblem = {
	Invalid: 'invalid',
	Expired: 'expired'
} as const;
export type TokenProblem = (typeof TokenProblem)[keyof typeof TokenProblem];

export type VerifiedToken = { readonly ok: true; readonly claims: AccessClaims } | { readonly ok: false; readonly problem: TokenProblem };

const version = 'v1';

/**
 * Stateless session tokens: `v1.<base64url JSON claims>.<base64url HMAC-SHA256>`, keyed with
 * RELAY_SECRET. Short-lived (15 minutes by default); refresh tokens (TokenStore) renew them.
 */
export class TokenSigner {
	readonly #secret: Buffer;

	constructor(secret: string | Buffer) {
		this.#secret = Buffer.isBuffer(secret) ? secret : Buffer.from(secret, 'utf8');
		if (this.#secret.length < 16) throw new Error('RELAY_SECRET must be at least 16 bytes');
	}

	sign(claims: AccessClaims): string {
		const payload = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
		return `${version}.${payload}.${this.#mac(payload).toString('base64url')}`;
	}

	verify(token: string, now: number): VerifiedToken {
		const invalid = { ok: false, problem: TokenProblem.Invalid } as const;
		const parts = token.split('.');
		if (parts.length !== 3 || parts[0] !== version) return invalid;
		const payload = parts[1] ?? '';
		const signature = Buffer.from(parts[2] ?? '', 'base64url');
		const expected = this.#mac(payload);
		if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return invalid;
		const parsed = parsePeerJson(Buffer.from(payload, 'base64url').toString('utf8'));
		if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) return invalid;
		const { sub, name, iat, exp } = parsed.value as Record<string, unknown>;
		if (!isId(sub) || typeof name !== 'string' || typeof iat !== 'number' || typeof exp !== 'number') return invalid;
		if (exp <= now) return { ok: false, problem: TokenProblem.Expired };
		return { ok: true, claims: { sub, name, iat, exp } };
	}

	#mac(payload: string): Buffer {
		return createHmac('sha256', this.#secret).update(`${version}.${payload}`).digest();
	}
}
