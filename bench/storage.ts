/**
 * Storage: acked updates/s with the relay's commit-before-ack (SqliteRoomStorage,
 * synchronous=FULL and NORMAL) against the same relay with a store that keeps nothing, and
 * recovery time after a restart for a room with a long update log, with and without
 * compaction.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { accountRoom, addMember, changeMemberTypes, createAccount, type CommandEnv, type User } from '../src/lib/domain/index.ts';
import { openSqliteDatabase, SqliteSynchronous } from '../server/SqliteDatabase.ts';
import { SqliteRoomStorage } from '../server/SqliteRoomStorage.ts';
import { TokenSigner } from '../server/TokenSigner.ts';
import type { RoomWrite } from '../server/RoomStorage.ts';
import { BenchSocket, sleep, wireOf } from './clients.ts';
import { ServerKind, type BenchServerOptions } from './kinds.ts';
import { startServer } from './processes.ts';
import { buildAccount } from './setup.ts';

const secret = 'bench-secret-0123456789abcdef';

export interface AckRow {
	readonly store: string;
	readonly updatesPerSecond: number;
}

export interface RecoveryRow {
	readonly variant: string;
	readonly logEntries: number;
	readonly storedBytes: number;
	/** Spawn to listening (the room is loaded lazily, on its first socket). */
	readonly startMs: number;
	/** First socket opened → it holds the whole room. */
	readonly firstSyncMs: number;
}

export interface StorageResult {
	readonly acks: AckRow[];
	readonly ackUpdates: number;
	readonly recovery: RecoveryRow[];
	readonly recoveryUpdates: number;
	readonly generateMs: number;
}

/** One writer, no observers: K member changes, at most `window` unacknowledged. */
async function ackedPerSecond(options: BenchServerOptions, updates: number, window: number): Promise<number> {
	const dataDir = await mkdtemp(join(tmpdir(), 'bc-bench-store-'));
	const proc = await startServer(ServerKind.Validated, { ...options, dataDir, secret });
	try {
		const account = await buildAccount(proc.port, 0, 'store');
		const frames = Array.from({ length: updates + 50 }, () => wireOf(ServerKind.Validated).update(account.accountRoom, account.nextMemberChange()));
		const writer = new BenchSocket(wireOf(ServerKind.Validated), proc.port, account.accountRoom, account.admin.token);
		await writer.joined;
		const run = async (batch: Uint8Array[]): Promise<number> => {
			writer.acks = 0;
			let wake: (() => void) | null = null;
			writer.onAck = () => {
				const w = wake;
				wake = null;
				w?.();
			};
			const t0 = performance.now();
			const deadline = Date.now() + 120_000;
			for (let i = 0; i < batch.length; i++) {
				while (i - writer.acks >= window) {
					await new Promise<void>((resolve) => {
						wake = resolve;
						setTimeout(resolve, 1000).unref();
					});
					if (writer.failure !== null) throw new Error(writer.failure);
					if (Date.now() > deadline) throw new Error('acks stalled');
				}
				writer.send(batch[i]!);
			}
			while (writer.acks < batch.length) {
				await new Promise<void>((resolve) => {
					wake = resolve;
					setTimeout(resolve, 1000).unref();
				});
				if (writer.failure !== null) throw new Error(writer.failure);
				if (Date.now() > deadline) throw new Error('acks stalled');
			}
			return performance.now() - t0;
		};
		await run(frames.slice(0, 50));
		const ms = await run(frames.slice(50));
		writer.close();
		return updates / (ms / 1000);
	} finally {
		await proc.stop();
		await rm(dataDir, { recursive: true, force: true });
	}
}

/** A room's history made by the domain commands: an account, one member, `count` type changes. */
function makeHistory(count: number): { updates: Uint8Array[]; clientId: number; admin: User; final: Y.Doc } {
	const doc = new Y.Doc();
	const admin: User = { id: 'benchAdmin', email: 'admin@bench.test', name: 'Admin' };
	const target: User = { id: 'benchTarget', email: 'target@bench.test', name: 'Target' };
	const users = new Map([admin, target].map((u) => [u.id, u]));
	const updates: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => void updates.push(u));
	let seq = 0;
	const env = (): CommandEnv => ({
		doc,
		room: accountRoom('recover'),
		actor: { userId: admin.id },
		now: Date.now(),
		lookupUser: (id) => users.get(id) ?? null,
		otherAccount: () => null,
		newId: () => `r${++seq}`
	});
	createAccount(env(), { name: 'Recovery', displayEmail: 'recover@bench.test', creator: admin });
	addMember(env(), { email: target.email, user: target, types: ['catalog'] });
	while (updates.length < count) {
		const result = changeMemberTypes(env(), { userId: target.id, types: updates.length % 2 === 0 ? ['catalog', 'analytics'] : ['catalog'] });
		if (!result.ok) throw new Error(result.reason);
	}
	return { updates, clientId: doc.clientID, admin, final: doc };
}

async function writeStore(dataDir: string, room: string, clientId: number, owner: string, snapshot: Uint8Array | null, log: readonly Uint8Array[]): Promise<number> {
	const db = openSqliteDatabase(join(dataDir, 'relay.sqlite'), SqliteSynchronous.Normal);
	try {
		const storage = new SqliteRoomStorage(db);
		await storage.append([{ room, update: null, clientOwners: [[clientId, owner]] }]);
		if (snapshot !== null) await storage.compact(room, snapshot);
		for (let i = 0; i < log.length; i += 5000) {
			await storage.append(log.slice(i, i + 5000).map((update): RoomWrite => ({ room, update, clientOwners: [] })));
		}
		db.pragma('wal_checkpoint(TRUNCATE)');
	} finally {
		db.close();
	}
	return (await stat(join(dataDir, 'relay.sqlite'))).size;
}

async function recover(variant: string, dataDir: string, logEntries: number, storedBytes: number, admin: User, room: string): Promise<RecoveryRow> {
	const proc = await startServer(ServerKind.Validated, { dataDir, secret, compactAfter: 1_000_000 });
	try {
		const now = Date.now();
		const token = new TokenSigner(secret).sign({ sub: admin.id, name: admin.name, iat: now, exp: now + 600_000 });
		await sleep(100);
		const t0 = performance.now();
		const socket = new BenchSocket(wireOf(ServerKind.Validated), proc.port, room, token, 120_000);
		await socket.joined;
		const firstSyncMs = performance.now() - t0;
		socket.close();
		return { variant, logEntries, storedBytes, startMs: proc.startMs, firstSyncMs };
	} finally {
		await proc.stop();
	}
}

export async function runStorageBench(params: { ackUpdates: number; window: number; recoveryUpdates: number }, log: (line: string) => void): Promise<StorageResult> {
	const acks: AckRow[] = [];
	for (const [store, options] of [
		['SQLite, synchronous=FULL (default: fsync before ack)', { sqliteSynchronous: SqliteSynchronous.Full }],
		['SQLite, synchronous=NORMAL', { sqliteSynchronous: SqliteSynchronous.Normal }],
		['no storage (baseline: keeps nothing)', { memoryStorage: true }]
	] as const) {
		const updatesPerSecond = await ackedPerSecond(options, params.ackUpdates, params.window);
		acks.push({ store, updatesPerSecond });
		log(`  acked: ${store}: ${updatesPerSecond.toFixed(0)} updates/s`);
	}

	const t0 = performance.now();
	const history = makeHistory(params.recoveryUpdates);
	const generateMs = performance.now() - t0;
	log(`  made ${history.updates.length} updates in ${(generateMs / 1000).toFixed(1)} s`);
	const room = 'account/recover';
	const snapshot = Y.encodeStateAsUpdate(history.final);
	const recovery: RecoveryRow[] = [];
	const variants: [string, Uint8Array | null, readonly Uint8Array[]][] = [
		['no compaction: the whole log', null, history.updates],
		['compacted: snapshot + 499 log entries (worst case at COMPACT_AFTER=500)', snapshotOf(history.updates.slice(0, -499)), history.updates.slice(-499)],
		['compacted: snapshot only', snapshot, []]
	];
	for (const [variant, snap, entries] of variants) {
		const dataDir = await mkdtemp(join(tmpdir(), 'bc-bench-recover-'));
		try {
			const bytes = await writeStore(dataDir, room, history.clientId, history.admin.id, snap, entries);
			const row = await recover(variant, dataDir, entries.length, bytes, history.admin, room);
			recovery.push(row);
			log(`  recovery: ${variant}: ${(bytes / 2 ** 20).toFixed(1)} MB stored, first sync ${row.firstSyncMs.toFixed(0)} ms (process start ${row.startMs.toFixed(0)} ms)`);
		} finally {
			await rm(dataDir, { recursive: true, force: true });
		}
	}
	return { acks, ackUpdates: params.ackUpdates, recovery, recoveryUpdates: history.updates.length, generateMs };
}

function snapshotOf(updates: readonly Uint8Array[]): Uint8Array {
	const doc = new Y.Doc();
	doc.transact(() => {
		for (const u of updates) Y.applyUpdate(doc, u);
	});
	return Y.encodeStateAsUpdate(doc);
}
