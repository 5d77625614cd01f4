import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RelayOptions } from '../../../server/Relay.ts';
import { makeDataDir, removeDataDir, startTestRelay, type CapturingLogger, type TestRelay } from '../helpers.ts';
import { createTestSchema, testRedisPrefix, type ServiceUrls, type TestSchema } from '../storage/testServices.ts';

const projectRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** The secret startTestRelay uses: nodes of one cluster must sign tokens with one key. */
const testSecret = 'test-secret-0123456789abcdef';

/**
 * Several relay nodes sharing one fresh PostgreSQL schema and one Redis prefix: a cluster
 * of its own, invisible to the suites running next to it.
 */
export class TestCluster {
	readonly schema: TestSchema;
	readonly redisUrl: string;
	readonly redisPrefix = testRedisPrefix();
	readonly #nodes: TestRelay[] = [];
	readonly #children: ChildProcess[] = [];
	readonly #dirs: string[] = [];

	private constructor(schema: TestSchema, redisUrl: string) {
		this.schema = schema;
		this.redisUrl = redisUrl;
	}

	static async create(urls: ServiceUrls): Promise<TestCluster> {
		return new TestCluster(await createTestSchema(urls.DATABASE_URL), urls.REDIS_URL);
	}

	/** An in-process node. Polling is off unless asked for: these tests prove the Redis path. */
	async startNode(options: Partial<RelayOptions> = {}): Promise<TestRelay> {
		const node = await startTestRelay({
			databaseUrl: this.schema.url,
			redisUrl: this.redisUrl,
			redisPrefix: this.redisPrefix,
			clusterPollMs: 0,
			databasePoolSize: 8,
			...options
		});
		this.#dirs.push(node.dataDir);
		this.#nodes.push(node);
		return node;
	}

	/** `npm start` as a child process on this cluster, for kill -9. */
	async startChildNode(): Promise<{ child: ChildProcess; relay: TestRelay }> {
		const dataDir = await makeDataDir();
		this.#dirs.push(dataDir);
		const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
			cwd: projectRoot,
			env: {
				...process.env,
				PORT: '0',
				HOST: '127.0.0.1',
				DATA_DIR: dataDir,
				SKIP_BUILD: '1',
				RELAY_SECRET: testSecret,
				DATABASE_URL: this.schema.url,
				DATABASE_POOL_SIZE: '8',
				REDIS_URL: this.redisUrl,
				REDIS_PREFIX: this.redisPrefix
			},
			stdio: ['ignore', 'pipe', 'pipe']
		});
		this.#children.push(child);
		const url = await new Promise<string>((resolve, reject) => {
			let output = '';
			const timer = setTimeout(() => reject(new Error(`relay did not start: ${output}`)), 20_000);
			child.stdout?.on('data', (chunk: Buffer) => {
				output += chunk.toString();
				const match = /"url":"(http:\/\/[^"]+)"/.exec(output);
				if (match?.[1] !== undefined) {
					clearTimeout(timer);
					resolve(match[1]);
				}
			});
			child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
			child.on('exit', (code) => {
				clearTimeout(timer);
				reject(new Error(`relay exited (${code}): ${output}`));
			});
		});
		const relay: TestRelay = {
			url,
			wsUrl: url.replace(/^http/, 'ws'),
			port: Number(new URL(url).port),
			dataDir,
			log: null as unknown as CapturingLogger,
			options: { dataDir },
			close: async () => {
				if (child.exitCode === null) {
					child.kill('SIGTERM');
					await new Promise((resolve) => child.once('exit', resolve));
				}
			}
		};
		return { child, relay };
	}

	async close(): Promise<void> {
		for (const child of this.#children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
		for (const node of this.#nodes) await node.close();
		for (const dir of this.#dirs) await removeDataDir(dir);
		await this.schema.drop();
	}
}
