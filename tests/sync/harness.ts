import 'fake-indexeddb/auto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Observable } from 'dexie';
import { WebSocket as NodeWebSocket } from 'ws';
import { createDatabase, type BusinessCenterDb, type StoredSession } from '$lib/db';
import { AuthClient, SyncManager, type SyncManagerOptions, type WebSocketConstructor, type WebSocketLike } from '$lib/sync';
import { startRelay, type RunningRelay } from '../../server/Relay.ts';
import { silentLogger } from '../../server/Logger.ts';

// y-dexie logs every released document with console.debug; tests release many.
const debug = console.debug.bind(console);
console.debug = (...args: unknown[]) => {
	if (typeof args[0] === 'string' && /^Y\.Doc .* was destroyed$/.test(args[0])) return;
	debug(...args);
};

export interface TestRelay extends RunningRelay {
	readonly dataDir: string;
	stop(): Promise<void>;
}

/** The real relay, in-process, on a free loopback port, with its own temporary DATA_DIR. */
export async function startTestRelay(options: { accessTokenTtlMs?: number } = {}): Promise<TestRelay> {
	const dataDir = await mkdtemp(join(tmpdir(), 'bc-sync-'));
	const relay = await startRelay({
		dataDir,
		port: 0,
		host: '127.0.0.1',
		secret: 'sync-test-secret-0123456789',
		scryptCost: { N: 2 ** 12, r: 8, p: 1 },
		authLimits: { signupPerAddress: { burst: 10_000, perSecond: 1000 }, lookupPerUser: { burst: 10_000, perSecond: 1000 } },
		log: silentLogger,
		...options
	});
	return {
		...relay,
		dataDir,
		stop: async () => {
			await relay.close();
			await rm(dataDir, { recursive: true, force: true });
		}
	};
}

let users = 0;

/** Signs up a fresh user through the relay's HTTP API. */
export async function signUp(relay: { url: string }, name: string): Promise<StoredSession> {
	const email = `${name.toLowerCase()}-${process.pid}-${++users}@example.com`;
	const result = await new AuthClient(relay.url).signUp({ email, password: 'correct horse battery', name });
	if (!result.ok) throw new Error(`signup failed: ${result.reason}`);
	return result.value;
}

/** Counts the sockets opened per room, to see that a client does not reconnect in a loop. */
export class SocketLog {
	readonly opened = new Map<string, number>();

	readonly WebSocket: WebSocketConstructor = ((log: SocketLog) =>
		class extends NodeWebSocket {
			constructor(url: string) {
				super(url);
				const room = new URL(url).pathname.replace(/^\/sync\//, '');
				log.opened.set(room, (log.opened.get(room) ?? 0) + 1);
			}
		} as unknown as WebSocketConstructor)(this);

	count(room: string): number {
		return this.opened.get(room) ?? 0;
	}
}

let dbs = 0;

export function uniqueDbName(prefix: string): string {
	return `${prefix}-${process.pid}-${++dbs}-${Date.now()}`;
}

/** One browser tab: a Dexie instance over the named IndexedDB store, and a sync manager on it. */
export class Tab {
	private constructor(
		readonly db: BusinessCenterDb,
		readonly sync: SyncManager,
		readonly sockets: SocketLog
	) {}

	static async open(
		relay: { url: string },
		dbName: string,
		options: { session?: StoredSession; online?: boolean; extra?: Partial<SyncManagerOptions> } = {}
	): Promise<Tab> {
		const db = createDatabase({ name: dbName, indexedDB, IDBKeyRange, compactUpdates: false });
		const sockets = new SocketLog();
		const sync = await SyncManager.open({
			db,
			relayUrl: relay.url,
			WebSocket: sockets.WebSocket,
			online: options.online ?? true,
			backoff: { initialMs: 50, maxMs: 400 },
			...options.extra
		});
		if (options.session !== undefined) await sync.signIn(options.session);
		return new Tab(db, sync, sockets);
	}

	/** Closing the tab: sockets closed, documents released, the Dexie instance closed. */
	async close(): Promise<void> {
		await this.sync.close();
		this.db.close();
	}
}

/** Polls an async condition (a live view, a row, a document) until it holds. */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
	const started = Date.now();
	for (;;) {
		if (await condition()) return;
		if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

/** The first value a liveQuery emits that satisfies `accept`. */
export function liveValue<T>(
	observable: Observable<T>,
	accept: (value: T) => boolean,
	timeoutMs = 10_000
): Promise<T> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			sub.unsubscribe();
			reject(new Error('live query never produced the expected value'));
		}, timeoutMs);
		const sub = observable.subscribe({
			next: (value) => {
				if (!accept(value)) return;
				clearTimeout(timer);
				resolve(value);
				queueMicrotask(() => sub.unsubscribe());
			},
			error: (error) => {
				clearTimeout(timer);
				reject(error instanceof Error ? error : new Error(String(error)));
			}
		});
	});
}

export type { WebSocketLike };
