import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from './Logger.ts';
import { localRateLimiter, type RateDecision, type RateLimit, type SharedRateLimiter } from './RateLimiter.ts';

/**
 * The token bucket of RateLimiter, run inside Redis so that reading and updating a bucket
 * is one atomic step for every node. Redis' clock (TIME), not the nodes', so nodes with
 * skewed clocks still agree. Tokens are kept as strings: Lua numbers returned to Redis
 * would be truncated to integers.
 */
const takeScript = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local burst = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(bucket[1]) or burst
local at = tonumber(bucket[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) / 1000 * rate)
local wait = 0
if tokens >= cost then
  tokens = tokens - cost
else
  wait = math.ceil((cost - tokens) / rate * 1000)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return wait
`;

/**
 * A rate limit counted in Redis (`REDIS_URL`), shared by every relay node. Keys are hashed:
 * Redis holds no email addresses. When Redis fails, the node falls back to counting alone
 * (logged) rather than refusing every sign-in or letting every attempt through.
 */
export class RedisRateLimiter implements SharedRateLimiter {
	readonly #redis: Redis;
	readonly #prefix: string;
	readonly #limit: RateLimit;
	readonly #fallback: SharedRateLimiter;
	readonly #log: Logger;
	#lastFailureLogged = 0;

	constructor(redis: Redis, prefix: string, limit: RateLimit, log: Logger) {
		this.#redis = redis;
		this.#prefix = prefix;
		this.#limit = limit;
		this.#fallback = localRateLimiter(limit);
		this.#log = log;
	}

	async take(key: string, cost = 1): Promise<RateDecision> {
		const bucket = `${this.#prefix}${createHash('sha256').update(key).digest('base64url').slice(0, 22)}`;
		try {
			const wait = await this.#redis.eval(takeScript, 1, bucket, this.#limit.burst, this.#limit.perSecond, cost);
			const ms = Number(wait);
			return ms > 0 ? { ok: false, retryAfterMs: ms } : { ok: true };
		} catch (error) {
			const now = Date.now();
			if (now - this.#lastFailureLogged > 60_000) {
				this.#lastFailureLogged = now;
				this.#log.error('redis: rate limit check failed, counting on this node only', { error: String(error) });
			}
			return this.#fallback.take(key, cost);
		}
	}
}
