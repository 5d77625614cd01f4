import * as Y from 'yjs';
import type { RelayRoom } from './RelayRoom.ts';
import type { RoomStorage, RoomWrite } from './RoomStorage.ts';

/** One room's part of a write, with the loaded room it changes. */
export interface ScopedWrite {
	readonly room: RelayRoom;
	readonly write: RoomWrite;
}

/**
 * What one write needs from wherever rooms are stored while it runs: rooms that are up to
 * date with every node's commits, and the commit itself. On one node the in-memory rooms
 * are the truth and the scope is trivial; with several nodes it is a storage transaction
 * holding the rooms' locks (ClusterWrites).
 */
export interface WriteScope {
	/** False when rooms in memory cannot fall behind storage (one node): nothing to refresh. */
	readonly refreshes: boolean;
	/** Brings a room the write only reads up to what storage has committed; true when it changed. */
	refresh(room: RelayRoom): Promise<boolean>;
	/** Takes the lock of another room the write will change (a follow-up) and brings it up to date. */
	lock(room: RelayRoom): Promise<void>;
	/** Stores the writes, all or none; resolves once they are durable. */
	commit(writes: readonly ScopedWrite[]): Promise<void>;
}

export interface WriteScopes {
	/** See {@link WriteScope.refreshes}. */
	readonly refreshes: boolean;
	/**
	 * Runs one write on `room`: when `write` starts, the room holds every committed change
	 * and no other writer (on any node) can commit to it until `write` ends.
	 */
	run<T>(room: RelayRoom, write: (scope: WriteScope) => Promise<T>): Promise<T>;
	/** {@link WriteScope.refresh} outside a write (read checks). */
	refresh(room: RelayRoom): Promise<boolean>;
	/** Folds the room's log into a snapshot when at least `minEntries` are in it. */
	compact(room: RelayRoom, minEntries: number): Promise<void>;
}

/**
 * One relay process: its in-memory documents are the only copy anyone writes through, and
 * the write path's synchronous validate-then-apply already orders writes, so there is
 * nothing to lock or refresh.
 */
export function singleNodeScopes(storage: RoomStorage): WriteScopes {
	const scope: WriteScope = {
		refreshes: false,
		refresh: async () => false,
		lock: async () => {},
		commit: async (writes) => {
			await storage.append(writes.map((w) => w.write));
			for (const { room, write } of writes) if (write.update !== null) room.noteLogged(write.update);
		}
	};
	return {
		refreshes: false,
		run: (_room, write) => write(scope),
		refresh: async () => false,
		compact: async (room, minEntries) => {
			if (!room.compactionDue(minEntries)) return;
			const covered = room.logLength;
			const snapshot = Y.encodeStateAsUpdate(room.doc);
			await storage.compact(room.name, snapshot);
			room.noteCompacted(snapshot.length, covered);
		}
	};
}
