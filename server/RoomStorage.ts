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
	/**
	 * The position in the room's log that `updates` reach, for stores shared by several
	 * relay nodes ({@link SharedRoomStorage}); absent (0) for the embedded store.
	 */
	readonly seq?: number;
}

/** One room's part of an atomic write. */
export interface RoomWrite {
	readonly room: string;
	/** Null when the write only binds clientIDs. */
	readonly update: Uint8Array | null;
	readonly clientOwners: readonly (readonly [clientId: number, owner: string])[];
	/**
	 * Users whose read access this write may have narrowed. A shared store keeps them with
	 * the entry so that every node re-checks its own sockets of those users.
	 */
	readonly accessChangedFor?: readonly string[];
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

/** One committed entry of a room's log, as another node catches up with it. */
export interface RoomLogEntry {
	/** Position in the room's log: 1, 2, 3… with no gaps, in commit order. */
	readonly seq: number;
	readonly update: Uint8Array;
	readonly accessChangedFor: readonly string[];
}

/** What was committed to one room after a known position of its log. */
export interface RoomChanges {
	/**
	 * Set when entries after that position have been folded into a snapshot: apply it first
	 * (it contains every entry up to its `seq`), then `entries`.
	 */
	readonly snapshot: { readonly seq: number; readonly data: Uint8Array } | null;
	/** Oldest first, contiguous. */
	readonly entries: readonly RoomLogEntry[];
	readonly clientOwners: readonly (readonly [clientId: number, owner: string])[];
}

/**
 * A write in progress on a store that several relay nodes share. Every room the write
 * touches is locked first; the locks are held until `commit` or `rollback`, so the writes
 * of all nodes to one room are serialised and the room's log positions follow commit order.
 */
export interface RoomTransaction {
	/**
	 * Waits for the room's write lock and returns what other nodes committed to it after
	 * `afterSeq`: with the lock held nothing else can be committed, so applying the changes
	 * makes the caller's copy exactly the stored state.
	 */
	lock(room: string, afterSeq: number): Promise<RoomChanges>;
	/** Appends to locked rooms; returns each room's new log position. */
	append(writes: readonly RoomWrite[]): Promise<ReadonlyMap<string, number>>;
	/**
	 * Replaces a locked room's snapshot with `snapshot` (which covers its log up to `seq`) and
	 * drops those entries; false (nothing written) when fewer than `minEntries` would go.
	 */
	compact(room: string, snapshot: Uint8Array, seq: number, minEntries: number): Promise<boolean>;
	/** Durable when it resolves; releases the locks. */
	commit(): Promise<void>;
	/** Releases the locks; nothing is written. Never throws. */
	rollback(): Promise<void>;
}

/** A room store that several relay nodes share (PostgreSQL). */
export interface SharedRoomStorage extends RoomStorage {
	readonly shared: true;
	begin(): Promise<RoomTransaction>;
	/** What was committed to the room after `afterSeq`, without taking its lock. */
	changesSince(room: string, afterSeq: number): Promise<RoomChanges>;
	/** The latest log position of each room (rooms never written are absent). */
	heads(rooms: readonly string[]): Promise<ReadonlyMap<string, number>>;
}

export function isSharedRoomStorage(storage: RoomStorage): storage is SharedRoomStorage {
	return 'shared' in storage && storage.shared === true;
}
