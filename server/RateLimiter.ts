export interface RateLimit {
	/** Attempts allowed at once. */
	readonly burst: number;
	/** Attempts regained per second. */
	readonly perSecond: number;
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
