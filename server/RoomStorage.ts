/**
 * Where rooms live between restarts. Async so that a networked store (PostgreSQL) can
 * implement it; the embedded default is {@link SqliteRoomStorage}.
 */

/** What the relay needs to rebuild a room. */
export interface StoredRoom {
	/** The snapshot (when there is one) then the log, oldest first: apply all of them in order. */
	readonly updates: readonly Uint8Array[];
	/** Updates in the log since the snapshot: compaction is due when this reaches the relay's limit. */
	readonly logLength: number;
	/** Yjs clientID → the user id (or the relay's owner tag) that wrote under it in this room. */
	readonly clientOwners: ReadonlyMap<number, string>;
}

/** One room's part of an atomic write. */
export interface RoomWrite {
	readonly room: string;
	/** Null when the write only binds clientIDs. */
	readonly update: Uint8Array | null;
	readonly clientOwners: readonly (readonly [clientId: number, owner: string])[];
}

export interface RoomStorage {
	loadRoom(room: string): Promise<StoredRoom>;
	/**
	 * Commits every write or none. Resolves only once they are durable: the relay acks and
	 * broadcasts after this resolves, never before.
	 */
	append(writes: readonly RoomWrite[]): Promise<void>;
	/**
	 * Replaces the room's snapshot and drops every log entry appended before this call; the
	 * snapshot must contain all of them (the relay encodes it from its in-memory document,
	 * which is ahead of or equal to the log).
	 */
	compact(room: string, snapshot: Uint8Array): Promise<void>;
	close(): Promise<void>;
}
