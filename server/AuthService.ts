import { createHash, randomBytes } from 'node:crypto';
import { RejectReason } from '../src/lib/domain/RejectReason.ts';
import { isEmail, isName, normaliseEmail, maxNameLength, maxPasswordLength, minPasswordLength } from '../src/lib/domain/validation.ts';
import type { PasswordHasher } from './PasswordHasher.ts';
import { localRateLimiter, type RateLimit, type SharedRateLimiter } from './RateLimiter.ts';
import type { AccessClaims, TokenSigner, VerifiedToken } from './TokenSigner.ts';
import type { TokenStore } from './TokenStore.ts';
import { CreateUserOutcome, type UserRecord, type UserStore } from './UserStore.ts';


export interface PublicUser {
	readonly id: string;
	readonly email: string;
	readonly name: string;
}

export interface Session {
	readonly user: PublicUser;
	readonly token: string;
	/** When `token` expires, ms since the epoch. */
	readonly expiresAt: number;
	readonly refreshToken: string;
}

/** An expected failure: the HTTP status and the reason code the response carries. */
export interface AuthFailure {
	readonly ok: false;
	readonly status: 400 | 401 | 404 | 409 | 429;
	readonly reason: RejectReason;
	readonly detail?: Readonly<Record<string, string | number>>;
	/** Seconds, for the Retry-After header of a 429. */
	readonly retryAfter?: number;
}

export type AuthResult<T> = { readonly ok: true; readonly value: T } | AuthFailure;

export interface AuthLimits {
	/** Login attempts per client address. */
	readonly loginPerAddress: RateLimit;
	/** Login attempts per email, from anywhere: slows a distributed guess at one account. */
	readonly loginPerEmail: RateLimit;
	/** Signups per client address. */
	readonly signupPerAddress: RateLimit;
	/** User lookups per signed-in user: slows harvesting who is registered. */
	readonly lookupPerUser: RateLimit;
}

export const defaultAuthLimits: AuthLimits = {
	loginPerAddress: { burst: 20, perSecond: 20 / 60 },
	loginPerEmail: { burst: 10, perSecond: 10 / 600 },
	signupPerAddress: { burst: 10, perSecond: 10 / 600 },
	lookupPerUser: { burst: 60, perSecond: 1 }
};

export interface AuthServiceOptions {
	readonly users: UserStore;
	readonly tokens: TokenStore;
	readonly hasher: PasswordHasher;
	readonly signer: TokenSigner;
	readonly accessTtlMs?: number;
	readonly refreshTtlMs?: number;
	readonly limits?: AuthLimits;
	readonly now?: () => number;
	/**
	 * Where each named limit is counted. Default: in this process. Several relay nodes pass
	 * Redis-backed limiters so that an attacker cannot multiply the limits by the node count.
	 */
	readonly limiter?: (name: keyof AuthLimits, limit: RateLimit) => SharedRateLimiter;
}

const fail = (
	status: AuthFailure['status'],
	reason: RejectReason,
	detail?: Readonly<Record<string, string | number>>
): AuthFailure => (detail === undefined ? { ok: false, status, reason } : { ok: false, status, reason, detail });

/** Null when the attempt may go ahead; else the 429 to answer. */
async function rateLimited(limiter: SharedRateLimiter, key: string): Promise<AuthFailure | null> {
	const decision = await limiter.take(key);
	if (decision.ok) return null;
	return { ok: false, status: 429, reason: RejectReason.RateLimited, retryAfter: Math.max(1, Math.ceil(decision.retryAfterMs / 1000)) };
}

/** A random user id matching the domain's id pattern (/^[A-Za-z0-9_-]{1,64}$/). */
export function newUserId(): string {
	return randomBytes(12).toString('base64url');
}

const hashRefreshToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * Sign-up, sign-in, refresh, sign-out and the checks on a session token (DESIGN §3 Auth).
 * Every method returns expected failures as values with the HTTP status to answer.
 */
export class AuthService {
	readonly #users: UserStore;
	readonly #tokens: TokenStore;
	readonly #hasher: PasswordHasher;
	readonly #signer: TokenSigner;
	readonly #accessTtlMs: number;
	readonly #refreshTtlMs: number;
	readonly #now: () => number;
	readonly #loginPerAddress: SharedRateLimiter;
	readonly #loginPerEmail: SharedRateLimiter;
	readonly #signupPerAddress: SharedRateLimiter;
	readonly #lookupPerUser: SharedRateLimiter;

	constructor(options: AuthServiceOptions) {
		this.#users = options.users;
		this.#tokens = options.tokens;
		this.#hasher = options.hasher;
		this.#signer = options.signer;
		this.#accessTtlMs = options.accessTtlMs ?? 15 * 60_000;
		this.#refreshTtlMs = options.refreshTtlMs ?? 30 * 24 * 3_600_000;
		this.#now = options.now ?? Date.now;
		const limits = options.limits ?? defaultAuthLimits;
		const limiter = options.limiter ?? ((_name: keyof AuthLimits, limit: RateLimit) => localRateLimiter(limit, this.#now));
		this.#loginPerAddress = limiter('loginPerAddress', limits.loginPerAddress);
		this.#loginPerEmail = limiter('loginPerEmail', limits.loginPerEmail);
		this.#signupPerAddress = limiter('signupPerAddress', limits.signupPerAddress);
		this.#lookupPerUser = limiter('lookupPerUser', limits.lookupPerUser);
	}

	async signup(input: { email: unknown; password: unknown; name: unknown }, address: string): Promise<AuthResult<Session>> {
		const limited = await rateLimited(this.#signupPerAddress, address);
		if (limited !== null) return limited;
		if (!isEmail(input.email)) return fail(400, RejectReason.InvalidEmail);
		if (typeof input.password !== 'string' || input.password.length < minPasswordLength) {
			return fail(400, RejectReason.InvalidValue, { field: 'password', minLength: minPasswordLength });
		}
		if (input.password.length > maxPasswordLength) {
			return fail(400, RejectReason.TooLong, { field: 'password', maxLength: maxPasswordLength });
		}
		if (!isName(input.name)) return fail(400, RejectReason.InvalidName, { maxLength: maxNameLength });
		const email = normaliseEmail(input.email);
		// Checked before hashing so that a taken address costs no scrypt; the insert below is
		// what actually guarantees uniqueness when two signups race.
		if ((await this.#users.findByEmail(email)) !== null) return fail(409, RejectReason.AlreadyExists, { field: 'email' });
		const user: UserRecord = {
			id: newUserId(),
			email,
			name: input.name.trim(),
			passwordHash: await this.#hasher.hash(input.password),
			createdAt: this.#now()
		};
		const outcome = await this.#users.createUser(user);
		switch (outcome) {
			case CreateUserOutcome.Created:
				return { ok: true, value: await this.#startSession(user, randomBytes(12).toString('base64url')) };
			case CreateUserOutcome.EmailTaken:
				return fail(409, RejectReason.AlreadyExists, { field: 'email' });
			default:
				return assertNeverOutcome(outcome);
		}
	}

	/** Unknown email and wrong password get the same answer, after the same work. */
	async login(input: { email: unknown; password: unknown }, address: string): Promise<AuthResult<Session>> {
		const limitedAddress = await rateLimited(this.#loginPerAddress, address);
		if (limitedAddress !== null) return limitedAddress;
		const badCredentials = fail(401, RejectReason.NotSignedIn, { why: 'credentials' });
		if (typeof input.email !== 'string' || typeof input.password !== 'string') return badCredentials;
		if (input.password.length > maxPasswordLength) return badCredentials;
		const email = normaliseEmail(input.email);
		const limitedEmail = await rateLimited(this.#loginPerEmail, email);
		if (limitedEmail !== null) return limitedEmail;
		const user = await this.#users.findByEmail(email);
		const valid =
			user === null ? await this.#hasher.verifyNothing(input.password) : await this.#hasher.verify(input.password, user.passwordHash);
		if (user === null || !valid) return badCredentials;
		return { ok: true, value: await this.#startSession(user, randomBytes(12).toString('base64url')) };
	}

	/** Rotates: the presented token is used up. A used token presented again revokes its family. */
	async refresh(input: { refreshToken: unknown }): Promise<AuthResult<Session>> {
		const denied = fail(401, RejectReason.NotSignedIn, { why: 'refresh-token' });
		if (typeof input.refreshToken !== 'string' || input.refreshToken.length > 256) return denied;
		const now = this.#now();
		const record = await this.#tokens.findRefreshToken(hashRefreshToken(input.refreshToken));
		if (record === null || record.revokedAt !== null || record.expiresAt <= now) return denied;
		if (record.usedAt !== null || !(await this.#tokens.markRefreshTokenUsed(record.hash, now))) {
			await this.#tokens.revokeFamily(record.family, now);
			return denied;
		}
		const user = await this.#users.findById(record.userId);
		if (user === null) return denied;
		return { ok: true, value: await this.#startSession(user, record.family) };
	}

	/** Revokes the refresh token's family. Idempotent: an unknown token is not an error. */
	async logout(input: { refreshToken: unknown }): Promise<void> {
		if (typeof input.refreshToken !== 'string' || input.refreshToken.length > 256) return;
		const record = await this.#tokens.findRefreshToken(hashRefreshToken(input.refreshToken));
		if (record !== null) await this.#tokens.revokeFamily(record.family, this.#now());
	}

	verifyToken(token: string): VerifiedToken {
		return this.#signer.verify(token, this.#now());
	}

	async lookup(caller: AccessClaims, email: unknown): Promise<AuthResult<{ id: string; name: string }>> {
		const limited = await rateLimited(this.#lookupPerUser, caller.sub);
		if (limited !== null) return limited;
		if (!isEmail(email)) return fail(400, RejectReason.InvalidEmail);
		const user = await this.#users.findByEmail(normaliseEmail(email));
		if (user === null) return fail(404, RejectReason.UserNotRegistered);
		return { ok: true, value: { id: user.id, name: user.name } };
	}

	async findUser(userId: string): Promise<PublicUser | null> {
		const user = await this.#users.findById(userId);
		return user === null ? null : { id: user.id, email: user.email, name: user.name };
	}

	async #startSession(user: UserRecord, family: string): Promise<Session> {
		const now = this.#now();
		const expiresAt = now + this.#accessTtlMs;
		const token = this.#signer.sign({ sub: user.id, name: user.name, iat: now, exp: expiresAt });
		const refreshToken = randomBytes(32).toString('base64url');
		await this.#tokens.saveRefreshToken({
			hash: hashRefreshToken(refreshToken),
			userId: user.id,
			family,
			expiresAt: now + this.#refreshTtlMs,
			usedAt: null,
			revokedAt: null
		});
		return { user: { id: user.id, email: user.email, name: user.name }, token, expiresAt, refreshToken };
	}
}

function assertNeverOutcome(outcome: never): never {
	throw new Error(`Unexpected outcome ${String(outcome)}`);
}
