import { describe, expect, it } from 'vitest';
import { readRelayConfig } from '../../../server/RelayConfig.ts';

describe('cluster configuration (DATABASE_URL, REDIS_URL)', () => {
	it('passes PostgreSQL and Redis through to the relay', () => {
		const config = readRelayConfig({ DATABASE_URL: 'postgres://bc@db:5432/bc', REDIS_URL: 'redis://cache:6379', REDIS_PREFIX: 'acme:', DATABASE_POOL_SIZE: '9' });
		expect(config).toMatchObject({
			ok: true,
			options: { databaseUrl: 'postgres://bc@db:5432/bc', databasePoolSize: 9, redisUrl: 'redis://cache:6379', redisPrefix: 'acme:' }
		});
	});

	it('PostgreSQL alone is a valid shape (one node, or nodes that poll)', () => {
		const config = readRelayConfig({ DATABASE_URL: 'postgresql://bc@db/bc' });
		expect(config.ok && config.options.databaseUrl).toBe('postgresql://bc@db/bc');
		expect(config.ok && config.options.redisUrl).toBeUndefined();
	});

	it('empty values mean unset: the embedded SQLite store', () => {
		const config = readRelayConfig({ DATABASE_URL: '', REDIS_URL: '' });
		expect(config.ok && config.options.databaseUrl).toBeUndefined();
	});

	it('refuses Redis without PostgreSQL, and URLs of the wrong kind', () => {
		const redisOnly = readRelayConfig({ REDIS_URL: 'redis://cache:6379' });
		expect(redisOnly.ok).toBe(false);
		expect(!redisOnly.ok && redisOnly.problems.join()).toMatch(/REDIS_URL needs DATABASE_URL/);
		const wrong = readRelayConfig({ DATABASE_URL: 'mysql://db/bc', REDIS_URL: 'http://cache' });
		expect(!wrong.ok && wrong.problems).toHaveLength(2);
	});
});
