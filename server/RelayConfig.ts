import { resolve } from 'node:path';
import { defaultMaxFrameBytes } from '../src/lib/protocol/protocol.ts';
import type { RelayOptions } from './Relay.ts';
import { SqliteSynchronous } from './SqliteDatabase.ts';

export type ConfigResult = { readonly ok: true; readonly options: RelayOptions; readonly skipBuild: boolean } | { readonly ok: false; readonly problems: string[] };

/**
 * Reads the relay's configuration from the environment (DESIGN §3 Configuration):
 * PORT (8787), HOST (127.0.0.1), DATA_DIR (./data), RELAY_SECRET, SMTP_URL, PUBLIC_URL,
 * MAX_FRAME_BYTES (1 MiB), COMPACT_AFTER (500), MAX_SOCKETS_PER_USER (256),
 * MESSAGES_PER_SECOND (200), SQLITE_SYNCHRONOUS (FULL|NORMAL), VALIDATION (on|off),
 * SKIP_BUILD (1 to serve build/ as it is), DATABASE_URL (PostgreSQL instead of SQLite),
 * DATABASE_POOL_SIZE (16), REDIS_URL (pub/sub and rate limits shared by several nodes;
 * needs DATABASE_URL), REDIS_PREFIX (bc:). See docs/SELF-HOSTING.md.
 */
export function readRelayConfig(env: NodeJS.ProcessEnv): ConfigResult {
	const problems: string[] = [];
	const int = (name: string, fallback: number, min: number, max: number): number => {
		const raw = env[name];
		if (raw === undefined || raw === '') return fallback;
		const value = Number(raw);
		if (!Number.isSafeInteger(value) || value < min || value > max) {
			problems.push(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
			return fallback;
		}
		return value;
	};
	const port = int('PORT', 8787, 0, 65535);
	const maxFrameBytes = int('MAX_FRAME_BYTES', defaultMaxFrameBytes, 1024, 64 * 1024 * 1024);
	const compactAfter = int('COMPACT_AFTER', 500, 1, 1_000_000);
	const maxSocketsPerUser = int('MAX_SOCKETS_PER_USER', 256, 1, 100_000);
	const perSecond = int('MESSAGES_PER_SECOND', 200, 1, 1_000_000);
	const synchronousRaw = (env.SQLITE_SYNCHRONOUS ?? 'FULL').toUpperCase();
	if (synchronousRaw !== SqliteSynchronous.Full && synchronousRaw !== SqliteSynchronous.Normal) {
		problems.push(`SQLITE_SYNCHRONOUS must be FULL or NORMAL, got ${JSON.stringify(env.SQLITE_SYNCHRONOUS)}`);
	}
	const secret = env.RELAY_SECRET;
	if (secret !== undefined && secret !== '' && secret.length < 16) problems.push('RELAY_SECRET must be at least 16 characters');
	const validation = (env.VALIDATION ?? 'on').toLowerCase();
	if (validation !== 'on' && validation !== 'off') problems.push(`VALIDATION must be on or off, got ${JSON.stringify(env.VALIDATION)}`);
	const databaseUrl = env.DATABASE_URL || undefined;
	const redisUrl = env.REDIS_URL || undefined;
	const databasePoolSize = int('DATABASE_POOL_SIZE', 16, 5, 1000);
	if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push('DATABASE_URL must start with postgres:// or postgresql://');
	if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl)) problems.push('REDIS_URL must start with redis:// or rediss://');
	// Redis without shared storage would fan out writes that the other nodes cannot load.
	if (redisUrl !== undefined && databaseUrl === undefined) problems.push('REDIS_URL needs DATABASE_URL: several nodes must share one PostgreSQL');
	if (problems.length > 0) return { ok: false, problems };
	const options: RelayOptions = {
		dataDir: resolve(env.DATA_DIR || './data'),
		port,
		host: env.HOST || '127.0.0.1',
		maxFrameBytes,
		compactAfter,
		maxSocketsPerUser,
		messageRate: { burst: perSecond * 2, perSecond },
		sqliteSynchronous: synchronousRaw === SqliteSynchronous.Normal ? SqliteSynchronous.Normal : SqliteSynchronous.Full,
		...(secret ? { secret } : {}),
		...(validation === 'off' ? { validation: false as const } : {}),
		...(env.PUBLIC_URL ? { publicUrl: env.PUBLIC_URL } : {}),
		...(env.SMTP_URL ? { smtpUrl: env.SMTP_URL } : {}),
		...(databaseUrl === undefined ? {} : { databaseUrl, databasePoolSize }),
		...(redisUrl === undefined ? {} : { redisUrl, redisPrefix: env.REDIS_PREFIX || 'bc:' })
	};
	return { ok: true, options, skipBuild: env.SKIP_BUILD === '1' };
}
