import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const keyLength = 32;
const saltLength = 16;

function scryptAsync(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		scrypt(password, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
	});
}

export interface ScryptCost {
	/** CPU/memory cost, a power of two. */
	readonly N: number;
	readonly r: number;
	readonly p: number;
}

/** ~70 ms on a small 2024 server core; tests may pass a cheaper cost. */
export const defaultScryptCost: ScryptCost = { N: 2 ** 15, r: 8, p: 1 };

/**
 * scrypt from node:crypto (DESIGN §3 Auth). The stored string carries its own parameters
 * (`scrypt$N$r$p$salt$key`), so the cost can be raised later without invalidating hashes.
 * The async scrypt runs on libuv's pool: a login never blocks the event loop.
 */
export class PasswordHasher {
	readonly #cost: ScryptCost;
	/** A hash of nothing in particular, verified against when the email is unknown (see verifyNothing). */
	#decoy: Promise<string> | null = null;

	constructor(cost: ScryptCost = defaultScryptCost) {
		this.#cost = cost;
	}

	async hash(password: string): Promise<string> {
		const salt = randomBytes(saltLength);
		const { N, r, p } = this.#cost;
		const key = await scryptAsync(password, salt, options(N, r, p));
		return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
	}

	/** Constant-time comparison; a malformed stored hash verifies as false. */
	async verify(password: string, stored: string): Promise<boolean> {
		const parts = stored.split('$');
		if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
		const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
		if (![N, r, p].every((n) => Number.isSafeInteger(n) && n > 0)) return false;
		const salt = Buffer.from(parts[4] ?? '', 'base64url');
		const expected = Buffer.from(parts[5] ?? '', 'base64url');
		if (expected.length !== keyLength) return false;
		const key = await scryptAsync(password, salt, options(N, r, p));
		return timingSafeEqual(key, expected);
	}

	/**
	 * Spends the same time as a real verification and returns false: a login for an unknown
	 * email must not answer faster than one with a wrong password.
	 */
	async verifyNothing(password: string): Promise<false> {
		this.#decoy ??= this.hash('decoy password, never matches');
		await this.verify(password, await this.#decoy);
		return false;
	}
}

function options(N: number, r: number, p: number): ScryptOptions {
	// Node's default maxmem (32 MiB) is exactly 128·N·r at N=2^15, r=8: leave headroom.
	return { N, r, p, maxmem: 256 * N * r };
}
