export interface RateLimit {
	/** Attempts allowed at once. */
	readonly burst: number;
	/** Attempts regained per second. */
	readonly perSecond: number;
}

export type RateDecision = { readonly ok: true } | { readonly ok: false; readonly retryAfterMs: number };

/**
 * A rate limit that may be counted outside this process (Redis), so that several relay
 * nodes count one user's or one address's attempts together.
 */
export interface SharedRateLimiter {
	/** Takes `cost` tokens when the key has them; otherwise says how long to wait. */
	take(key: string, cost?: number): Promise<RateDecision>;
}

/** The in-process limiter behind the shared interface (one node). */
export function localRateLimiter(limit: RateLimit, now: () => number = Date.now): SharedRateLimiter {
	const limiter = new RateLimiter(limit, now);
	return {
		take: async (key, cost = 1) => (limiter.take(key, cost) ? { ok: true } : { ok: false, retryAfterMs: limiter.retryAfterMs(key, cost) })
	};
}

interface Bucket {
	tokens: number;
	at: number;
}

/**
 * A token bucket per key (an address, an email, a user id). Memory stays bounded: buckets
 * that have refilled carry no information and are dropped when the map grows.
 */
export class RateLimiter {
	readonly #limit: RateLimit;
	readonly #buckets = new Map<string, Bucket>();
	readonly #now: () => number;
	readonly #pruneAbove: number;

	constructor(limit: RateLimit, now: () => number = Date.now, pruneAbove = 10_000) {
		this.#limit = limit;
		this.#now = now;
		this.#pruneAbove = pruneAbove;
	}

	/** Takes `cost` tokens when the key has them; false (and nothing taken) when it does not. */
	take(key: string, cost = 1): boolean {
		const now = this.#now();
		const bucket = this.#refill(key, now);
		if (bucket.tokens < cost) return false;
		bucket.tokens -= cost;
		return true;
	}

	/** Milliseconds until `cost` tokens are available for the key. */
	retryAfterMs(key: string, cost = 1): number {
		const bucket = this.#refill(key, this.#now());
		if (bucket.tokens >= cost) return 0;
		return Math.ceil(((cost - bucket.tokens) / this.#limit.perSecond) * 1000);
	}

	#refill(key: string, now: number): Bucket {
		let bucket = this.#buckets.get(key);
		if (bucket === undefined) {
			if (this.#buckets.size >= this.#pruneAbove) this.#prune(now);
			bucket = { tokens: this.#limit.burst, at: now };
			this.#buckets.set(key, bucket);
			return bucket;
		}
		const elapsed = Math.max(0, now - bucket.at) / 1000;
		bucket.tokens = Math.min(this.#limit.burst, bucket.tokens + elapsed * this.#limit.perSecond);
		bucket.at = now;
		return bucket;
	}

	#prune(now: number): void {
		for (const [key, bucket] of this.#buckets) {
			const tokens = bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * this.#limit.perSecond;
			if (tokens >= this.#limit.burst) this.#buckets.delete(key);
		}
	}
}
