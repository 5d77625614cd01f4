/**
 * Two relay nodes sharing PostgreSQL and Redis (issue #7): the writer on node A, the
 * observers on node B, against the same scenario on one node. Member changes on the account
 * room, validation on, each node its own child process (`bench/server.ts` with
 * `databaseUrl` + `redisUrl`, as `npm start` with DATABASE_URL and REDIS_URL).
 *
 * PostgreSQL and Redis come from DATABASE_URL / REDIS_URL, or else from `.ci/services.sh`
 * (throwaway servers on loopback). The bench works in a fresh schema and a fresh Redis key
 * prefix, and drops both at the end.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { Redis } from 'ioredis';
import { BenchSocket, openSockets, sleep, wireOf } from './clients.ts';
import { ServerKind } from './kinds.ts';
import { startServer, type ServerProcess } from './processes.ts';
import { deliver } from './relay.ts';
import { buildAccount } from './setup.ts';
import { percentile } from './stats.ts';

const secret = 'bench-secret-0123456789abcdef';

export interface ClusterParams {
	readonly observerCounts: readonly number[];
	readonly warmup: number;
	readonly latencyUpdates: number;
	readonly throughputUpdates: number;
	readonly window: number;
}

export const ClusterLayout = {
	/** One node on PostgreSQL + Redis: writer and observers on it. */
	OneNode: 'one node (PostgreSQL + Redis), writer and observers on it',
	/** Writer on node A, observers on node B. */
	TwoNodes: 'two nodes, writer on A, observers on B'
} as const;
export type ClusterLayout = (typeof ClusterLayout)[keyof typeof ClusterLayout];

export interface ClusterRow {
	readonly layout: ClusterLayout;
	readonly observers: number;
	readonly updatesPerSecond: number;
	readonly p50: number;
	readonly p99: number;
}

export interface ClusterResult {
	readonly rows: ClusterRow[];
	/** Why nothing (or not everything) was measured. */
	readonly problem: string;
	readonly services: string;
}

const run = promisify(execFile);

async function serviceUrls(projectRoot: string, log: (line: string) => void): Promise<{ databaseUrl: string; redisUrl: string; source: string }> {
	if (process.env.DATABASE_URL && process.env.REDIS_URL) return { databaseUrl: process.env.DATABASE_URL, redisUrl: process.env.REDIS_URL, source: 'DATABASE_URL / REDIS_URL from the environment' };
	log('  DATABASE_URL / REDIS_URL not set: starting them with .ci/services.sh');
	const { stdout } = await run('bash', [join(projectRoot, '.ci', 'services.sh')], { cwd: projectRoot, timeout: 240_000, maxBuffer: 1 << 20 });
	const value = (name: string): string => {
		const match = new RegExp(`${name}=('?)([^'\\s]+)\\1`).exec(stdout);
		if (!match) throw new Error(`.ci/services.sh printed no ${name}`);
		return match[2]!;
	};
	return { databaseUrl: value('DATABASE_URL'), redisUrl: value('REDIS_URL'), source: 'throwaway servers from `.ci/services.sh` (fsync off)' };
}

export async function runClusterBench(projectRoot: string, params: ClusterParams, log: (line: string) => void): Promise<ClusterResult> {
	let urls: Awaited<ReturnType<typeof serviceUrls>>;
	try {
		urls = await serviceUrls(projectRoot, log);
	} catch (error) {
		const why = `PostgreSQL/Redis could not be started: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`;
		log(`  ${why}`);
		return { rows: [], problem: why, services: '' };
	}
	const schema = `bc_bench_${randomBytes(6).toString('hex')}`;
	const redisPrefix = `bc-bench-${randomBytes(6).toString('hex')}:`;
	const admin = new pg.Client({ connectionString: urls.databaseUrl });
	const rows: ClusterRow[] = [];
	let problem = '';
	const procs: ServerProcess[] = [];
	const sockets: BenchSocket[] = [];
	try {
		await admin.connect();
		await admin.query(`CREATE SCHEMA ${schema}`);
		const url = new URL(urls.databaseUrl);
		url.searchParams.set('options', `-c search_path=${schema}`);
		const options = { dataDir: '/nonexistent-bench-cluster', secret, databaseUrl: url.toString(), redisUrl: urls.redisUrl, redisPrefix };
		// One after the other: both would create the schema's tables at once.
		const nodeA = await startServer(ServerKind.Validated, options);
		procs.push(nodeA);
		const nodeB = await startServer(ServerKind.Validated, options);
		procs.push(nodeB);
		const maxObservers = Math.max(...params.observerCounts);
		const account = await buildAccount(nodeA.port, maxObservers, 'cluster');
		const wire = wireOf(ServerKind.Validated);
		const writer = new BenchSocket(wire, nodeA.port, account.accountRoom, account.admin.token);
		sockets.push(writer);
		await writer.joined;
		const perScenario = params.warmup + params.latencyUpdates + params.throughputUpdates;
		for (const layout of [ClusterLayout.OneNode, ClusterLayout.TwoNodes]) {
			const observerNode = layout === ClusterLayout.OneNode ? nodeA : nodeB;
			for (const n of params.observerCounts) {
				const frames = Array.from({ length: perScenario }, () => wire.update(account.accountRoom, account.nextMemberChange()));
				const observers = await openSockets(n, (i) => new BenchSocket(wire, observerNode.port, account.accountRoom, account.observers[i]!.token));
				try {
					await sleep(200);
					await deliver(writer, observers, frames.slice(0, params.warmup), 1);
					const latency = await deliver(writer, observers, frames.slice(params.warmup, params.warmup + params.latencyUpdates), 1);
					const throughput = await deliver(writer, observers, frames.slice(params.warmup + params.latencyUpdates), params.window);
					const row: ClusterRow = {
						layout,
						observers: n,
						updatesPerSecond: params.throughputUpdates / (throughput.ms / 1000),
						p50: percentile(latency.latencies, 50),
						p99: percentile(latency.latencies, 99)
					};
					rows.push(row);
					log(`  ${layout}, ${n} observers: ${row.updatesPerSecond.toFixed(0)} updates/s, p50 ${row.p50.toFixed(2)} ms, p99 ${row.p99.toFixed(2)} ms`);
				} finally {
					for (const o of observers) o.close();
					await sleep(300);
				}
			}
		}
	} catch (error) {
		problem = `failed: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`;
		log(`  cluster ${problem}`);
	} finally {
		for (const s of sockets) s.close();
		for (const p of procs) await p.stop();
		await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {});
		await admin.end().catch(() => {});
		const redis = new Redis(urls.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
		try {
			await redis.connect();
			let cursor = '0';
			do {
				const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisPrefix}*`, 'COUNT', 1000);
				cursor = next;
				if (keys.length > 0) await redis.del(...keys);
			} while (cursor !== '0');
		} catch {
			// Best effort: the keys carry a prefix of their own.
		} finally {
			redis.disconnect();
		}
	}
	return { rows, problem, services: urls.source };
}
