import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, it } from 'vitest';

/** The external servers a suite needs; `.ci/services.sh` starts both and prints their URLs. */
export const Service = { Postgres: 'DATABASE_URL', Redis: 'REDIS_URL' } as const;
export type Service = (typeof Service)[keyof typeof Service];

export type ServiceUrls = Readonly<Record<Service, string>>;

const howToStart = 'start them with: eval "$(bash .ci/services.sh)"';

/**
 * `describe` for a suite that needs PostgreSQL and/or Redis. tests/globalSetup.ts starts
 * throwaway servers when the variables are not set; if that failed too, the suite fails and
 * says how to start them — never a silent skip: a skipped cluster test proves nothing.
 */
export function describeWithServices(name: string, needs: readonly Service[], body: (urls: ServiceUrls) => void): void {
	const missing = needs.filter((variable) => !process.env[variable]);
	if (missing.length === 0) {
		const urls = { DATABASE_URL: process.env.DATABASE_URL ?? '', REDIS_URL: process.env.REDIS_URL ?? '' };
		describe(name, () => body(urls));
		return;
	}
	describe(name, () => {
		it(`needs ${missing.join(' and ')}`, () => {
			throw new Error(`${missing.join(' and ')} not set and could not be started: ${howToStart}`);
		});
	});
}

export interface TestSchema {
	/** DATABASE_URL whose connections use a fresh, empty schema. */
	readonly url: string;
	drop(): Promise<void>;
}

/**
 * A fresh schema per suite: suites run in parallel against one PostgreSQL and must not see
 * each other's rooms and users. The relay's tables go wherever search_path points.
 */
export async function createTestSchema(databaseUrl: string): Promise<TestSchema> {
	const schema = `bc_test_${randomBytes(6).toString('hex')}`;
	const admin = new pg.Client({ connectionString: databaseUrl });
	await admin.connect();
	try {
		await admin.query(`CREATE SCHEMA ${schema}`);
	} finally {
		await admin.end();
	}
	const url = new URL(databaseUrl);
	url.searchParams.set('options', `-c search_path=${schema}`);
	return {
		url: url.toString(),
		drop: async () => {
			const client = new pg.Client({ connectionString: databaseUrl });
			await client.connect();
			try {
				await client.query(`DROP SCHEMA ${schema} CASCADE`);
			} finally {
				await client.end();
			}
		}
	};
}

/** A Redis key prefix per suite, for the same reason as the schema. */
export function testRedisPrefix(): string {
	return `bc-test-${randomBytes(6).toString('hex')}:`;
}
