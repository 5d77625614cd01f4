import type { PostgresDatabase } from './PostgresDatabase.ts';
import { PostgresRoomTransaction, readRoomChanges } from './PostgresRoomTransaction.ts';
import type { RoomChanges, RoomTransaction, RoomWrite, SharedRoomStorage, StoredRoom } from './RoomStorage.ts';

/**
 * Rooms in PostgreSQL (`DATABASE_URL`): per room a log of updates numbered 1, 2, 3… under
 * the room's advisory lock, one compacted snapshot, and the clientID bindings. Several relay
 * nodes share it; see docs/ARCHITECTURE.md "Several relay nodes".
 */
export class PostgresRoomStorage implements SharedRoomStorage {
	readonly shared = true;
	readonly #db: PostgresDatabase;

	constructor(db: PostgresDatabase) {
		this.#db = db;
	}

	async loadRoom(room: string): Promise<StoredRoom> {
		const changes = await readRoomChanges(this.#db, room, 0);
		const updates: Uint8Array[] = [];
		if (changes.snapshot !== null) updates.push(changes.snapshot.data);
		for (const entry of changes.entries) updates.push(entry.update);
		const last = changes.entries.at(-1)?.seq ?? changes.snapshot?.seq ?? 0;
		return { updates, logLength: changes.entries.length, clientOwners: new Map(changes.clientOwners), seq: last };
	}

	/** Commits every write or none, each under its room's lock (for callers outside the cluster writer). */
	async append(writes: readonly RoomWrite[]): Promise<void> {
		if (writes.length === 0) return;
		const tx = await this.begin();
		try {
			// Sorted: two appends locking the same rooms take them in one order, so never deadlock.
			for (const room of [...new Set(writes.map((w) => w.room))].sort()) await tx.lock(room, Number.MAX_SAFE_INTEGER);
			await tx.append(writes);
			await tx.commit();
		} catch (error) {
			await tx.rollback();
			throw error;
		}
	}

	async compact(room: string, snapshot: Uint8Array): Promise<void> {
		const tx = await this.begin();
		try {
			await tx.lock(room, Number.MAX_SAFE_INTEGER);
			const head = await this.#db.query<{ seq: string }>('SELECT seq FROM room_head WHERE room = $1', [room]);
			// The interface promises the snapshot covers every entry appended before this call.
			await tx.compact(room, snapshot, Number(head.rows[0]?.seq ?? 0), 1);
			await tx.commit();
		} catch (error) {
			await tx.rollback();
			throw error;
		}
	}

	begin(): Promise<RoomTransaction> {
		return PostgresRoomTransaction.begin(this.#db);
	}

	changesSince(room: string, afterSeq: number): Promise<RoomChanges> {
		return readRoomChanges(this.#db, room, afterSeq);
	}

	async heads(rooms: readonly string[]): Promise<ReadonlyMap<string, number>> {
		if (rooms.length === 0) return new Map();
		const { rows } = await this.#db.query<{ room: string; seq: string }>('SELECT room, seq FROM room_head WHERE room = ANY($1::text[])', [
			[...rooms]
		]);
		return new Map(rows.map((row) => [row.room, Number(row.seq)]));
	}

	/** The pool is shared with the user and token stores: its opener closes it. */
	async close(): Promise<void> {}
}
