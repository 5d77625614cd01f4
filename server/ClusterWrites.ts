import * as Y from 'yjs';
import type { ClusterRoomSync } from './ClusterRoomSync.ts';
import type { Logger } from './Logger.ts';
import type { RelayRoom } from './RelayRoom.ts';
import type { RoomTransaction, SharedRoomStorage } from './RoomStorage.ts';
import type { RoomCommit } from './RedisRoomBus.ts';
import type { ScopedWrite, WriteScope, WriteScopes } from './WriteScope.ts';

export interface ClusterWritesOptions {
	readonly storage: SharedRoomStorage;
	readonly sync: ClusterRoomSync;
	/** Null without Redis: other nodes then find commits by polling storage. */
	readonly publish: ((commit: RoomCommit) => void) | null;
	/**
	 * Write transactions open at once on this node. Kept below the connection pool's size:
	 * a write holding a room's lock may need another connection (to load a room), and must
	 * not find them all taken by writes waiting for that lock.
	 */
	readonly maxConcurrentWrites: number;
	readonly log: Logger;
}

/** A FIFO of waiters: one holder per key (a room name), nothing held while waiting. */
class KeyedQueue {
	readonly #tails = new Map<string, Promise<void>>();

	async run<T>(key: string, task: () => Promise<T>): Promise<T> {
		const previous = this.#tails.get(key) ?? Promise.resolve();
		let release = (): void => {};
		const tail = new Promise<void>((resolve) => (release = resolve));
		const mine = previous.then(() => tail);
		this.#tails.set(key, mine);
		await previous;
		try {
			return await task();
		} finally {
			release();
			if (this.#tails.get(key) === mine) this.#tails.delete(key);
		}
	}
}

class Semaphore {
	#free: number;
	readonly #waiting: (() => void)[] = [];

	constructor(size: number) {
		this.#free = size;
	}

	async acquire(): Promise<void> {
		if (this.#free > 0) {
			this.#free--;
			return;
		}
		await new Promise<void>((resolve) => this.#waiting.push(resolve));
	}

	release(): void {
		const next = this.#waiting.shift();
		if (next !== undefined) next();
		else this.#free++;
	}
}

/** One write's transaction: the rooms it locked and whether it committed. */
class ClusterScope implements WriteScope {
	readonly refreshes = true;
	readonly #tx: RoomTransaction;
	readonly #sync: ClusterRoomSync;
	readonly #publish: ((commit: RoomCommit) => void) | null;
	readonly #locked = new Set<RelayRoom>();
	ended = false;

	constructor(tx: RoomTransaction, sync: ClusterRoomSync, publish: ((commit: RoomCommit) => void) | null) {
		this.#tx = tx;
		this.#sync = sync;
		this.#publish = publish;
	}

	async refresh(room: RelayRoom): Promise<boolean> {
		// A locked room is already exactly the stored state, and nobody else can change it.
		if (this.#locked.has(room)) return false;
		return this.#sync.catchUp(room);
	}

	async lock(room: RelayRoom): Promise<void> {
		if (this.#locked.has(room)) return;
		const changes = await this.#tx.lock(room.name, room.seq);
		// With the lock held nothing more can be committed: after this the room is the stored state.
		this.#sync.apply(room, changes);
		this.#locked.add(room);
	}

	async commit(writes: readonly ScopedWrite[]): Promise<void> {
		for (const { room } of writes) await this.lock(room);
		const seqs = await this.#tx.append(writes.map((w) => w.write));
		this.ended = true;
		await this.#tx.commit();
		for (const { room, write } of writes) {
			const seq = seqs.get(room.name);
			if (seq === undefined) continue;
			// Max: another node's next commit may have been caught up already, between our
			// COMMIT and its answer reaching us.
			room.seq = Math.max(room.seq, seq);
			room.noteLogged(write.update);
			this.#publish?.({
				room: room.name,
				seq,
				update: write.update ?? new Uint8Array([0, 0]),
				clientOwners: write.clientOwners,
				accessChangedFor: write.accessChangedFor ?? []
			});
		}
	}

	async compact(room: RelayRoom, minEntries: number): Promise<void> {
		const snapshot = Y.encodeStateAsUpdate(room.doc);
		const done = await this.#tx.compact(room.name, snapshot, room.seq, minEntries);
		this.ended = true;
		await this.#tx.commit();
		if (done) room.noteCompacted(snapshot.length, room.logLength);
	}

	async rollback(): Promise<void> {
		if (this.ended) return;
		this.ended = true;
		await this.#tx.rollback();
	}
}

/**
 * The write path's ordering when several relay nodes share PostgreSQL: per room, the
 * PostgreSQL advisory lock is held across "catch up from the log → validate → apply →
 * append → commit", and the commit is published on Redis after it is durable. See
 * docs/ARCHITECTURE.md, "Several relay nodes".
 */
export class ClusterWrites implements WriteScopes {
	readonly refreshes = true;
	readonly #storage: SharedRoomStorage;
	readonly #sync: ClusterRoomSync;
	readonly #publish: ((commit: RoomCommit) => void) | null;
	readonly #log: Logger;
	/** Writes to one room on this node queue here, so at most one of them waits in PostgreSQL. */
	readonly #rooms = new KeyedQueue();
	readonly #slots: Semaphore;

	constructor(options: ClusterWritesOptions) {
		this.#storage = options.storage;
		this.#sync = options.sync;
		this.#publish = options.publish;
		this.#log = options.log;
		this.#slots = new Semaphore(options.maxConcurrentWrites);
	}

	run<T>(room: RelayRoom, write: (scope: WriteScope) => Promise<T>): Promise<T> {
		return this.#inTransaction(room, async (scope) => write(scope));
	}

	refresh(room: RelayRoom): Promise<boolean> {
		return this.#sync.catchUp(room);
	}

	async compact(room: RelayRoom, minEntries: number): Promise<void> {
		await this.#inTransaction(room, (scope) => scope.compact(room, minEntries));
	}

	async #inTransaction<T>(room: RelayRoom, body: (scope: ClusterScope) => Promise<T>): Promise<T> {
		return this.#rooms.run(room.name, async () => {
			await this.#slots.acquire();
			try {
				const scope = new ClusterScope(await this.#storage.begin(), this.#sync, this.#publish);
				try {
					await scope.lock(room);
					return await body(scope);
				} finally {
					// A write that was refused (or failed) ends here without writing anything.
					await scope.rollback().catch((error: unknown) => this.#log.warn('cluster: rollback failed', { error: String(error) }));
				}
			} finally {
				this.#slots.release();
			}
		});
	}
}
