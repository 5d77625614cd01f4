import type { RoomStorage, RoomWrite, StoredRoom } from './RoomStorage.ts';
import type { SqliteDatabase } from './SqliteDatabase.ts';

/**
 * The embedded room store: an update log per room plus one compacted snapshot.
 * better-sqlite3 is synchronous, so every method has finished its I/O when it returns;
 * the promises only satisfy the async interface.
 */
export class SqliteRoomStorage implements RoomStorage {
	readonly #selectSnapshot;
	readonly #selectLog;
	readonly #selectClients;
	readonly #insertUpdate;
	readonly #insertClient;
	readonly #upsertSnapshot;
	readonly #deleteLog;
	readonly #appendAll;
	readonly #compact;

	constructor(db: SqliteDatabase) {
		this.#selectSnapshot = db.prepare<[string], { data: Buffer }>('SELECT data FROM room_snapshot WHERE room = ?');
		this.#selectLog = db.prepare<[string], { data: Buffer }>('SELECT data FROM room_update WHERE room = ? ORDER BY id');
		this.#selectClients = db.prepare<[string], { client_id: number; owner: string }>(
			'SELECT client_id, owner FROM room_client WHERE room = ?'
		);
		this.#insertUpdate = db.prepare<[string, Uint8Array, number]>('INSERT INTO room_update (room, data, created_at) VALUES (?, ?, ?)');
		// A binding is never moved to another owner: the relay checks before it writes, so a
		// conflict here means two nodes raced, and the first owner keeps it.
		this.#insertClient = db.prepare<[string, number, string]>(
			'INSERT INTO room_client (room, client_id, owner) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'
		);
		this.#upsertSnapshot = db.prepare<[string, Uint8Array, number]>(
			'INSERT INTO room_snapshot (room, data, updated_at) VALUES (?, ?, ?) ON CONFLICT (room) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at'
		);
		this.#deleteLog = db.prepare<[string]>('DELETE FROM room_update WHERE room = ?');
		this.#appendAll = db.transaction((writes: readonly RoomWrite[], now: number) => {
			for (const write of writes) {
				if (write.update !== null) this.#insertUpdate.run(write.room, write.update, now);
				for (const [clientId, owner] of write.clientOwners) this.#insertClient.run(write.room, clientId, owner);
			}
		});
		this.#compact = db.transaction((room: string, snapshot: Uint8Array, now: number) => {
			this.#upsertSnapshot.run(room, snapshot, now);
			this.#deleteLog.run(room);
		});
	}

	async loadRoom(room: string): Promise<StoredRoom> {
		const updates: Uint8Array[] = [];
		const snapshot = this.#selectSnapshot.get(room);
		if (snapshot !== undefined) updates.push(new Uint8Array(snapshot.data));
		const log = this.#selectLog.all(room);
		for (const row of log) updates.push(new Uint8Array(row.data));
		const clientOwners = new Map<number, string>();
		for (const row of this.#selectClients.all(room)) clientOwners.set(row.client_id, row.owner);
		return { updates, logLength: log.length, clientOwners };
	}

	async append(writes: readonly RoomWrite[]): Promise<void> {
		if (writes.length > 0) this.#appendAll(writes, Date.now());
	}

	async compact(room: string, snapshot: Uint8Array): Promise<void> {
		this.#compact(room, snapshot, Date.now());
	}

	/** The database is shared with the user and token stores: its opener closes it. */
	async close(): Promise<void> {}
}
