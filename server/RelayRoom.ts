import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import type { Room } from '../src/lib/domain/Room.ts';
import type { StoredRoom } from './RoomStorage.ts';

/**
 * The owner tag of clientIDs the relay writes under (follow-ups). Not a valid user id (ids
 * match /^[A-Za-z0-9_-]+$/), so no user can ever be its owner.
 */
export const relayOwner = ':relay';

/** The part of a socket session a room needs: to send it bytes and to close it. */
export interface RoomPeer {
	readonly userId: string;
	send(bytes: Uint8Array): void;
}

/**
 * One loaded room: its Yjs document (the relay's authoritative copy), awareness, the
 * sockets reading it and who owns each Yjs clientID in it.
 */
export class RelayRoom {
	readonly name: string;
	readonly room: Room | null;
	readonly doc: Y.Doc;
	readonly awareness: Awareness;
	/** Sockets that passed the read check and got the initial sync. */
	readonly peers = new Set<RoomPeer>();
	/** Yjs clientID → user id (or {@link relayOwner}); persisted with the room. */
	readonly clientOwners: Map<number, string>;
	/** Awareness clientID → the socket that publishes it; a socket may only change its own. */
	readonly awarenessOwners = new Map<number, RoomPeer>();
	/** Updates in storage's log since the last snapshot. */
	logLength: number;
	/** Bytes of those updates, and of the snapshot they sit on: compaction is paced by both. */
	logBytes = 0;
	snapshotBytes = 0;
	/**
	 * The position in a shared store's log that this document has reached (several relay
	 * nodes; see ClusterRoomSync). Always 0 on the embedded store.
	 */
	seq: number;
	compacting = false;
	/** In-flight operations that hold this room: it is not unloaded while > 0. */
	pins = 0;
	lastUsed = Date.now();

	constructor(name: string, room: Room | null, stored: StoredRoom) {
		this.name = name;
		this.room = room;
		// gc stays on: the relay never needs deleted content back, and a smaller doc syncs faster.
		this.doc = new Y.Doc();
		for (const update of stored.updates) Y.applyUpdate(this.doc, update);
		this.clientOwners = new Map(stored.clientOwners);
		this.logLength = stored.logLength;
		// What was loaded counts as the snapshot: the next compaction waits for half as much new log.
		this.snapshotBytes = stored.updates.reduce((n, u) => n + u.length, 0);
		this.seq = stored.seq ?? 0;
		this.doc.clientID = this.#freshRelayClientId();
		this.awareness = new Awareness(this.doc);
		// The relay is not a participant: it publishes no presence of its own.
		this.awareness.setLocalState(null);
	}

	/** One more update in storage's log. */
	noteLogged(update: Uint8Array | null): void {
		this.logLength++;
		this.logBytes += update?.length ?? 0;
	}

	/** A snapshot of `snapshotBytes` replaced the first `covered` log entries. */
	noteCompacted(snapshotBytes: number, covered: number): void {
		const share = this.logLength === 0 ? 1 : Math.min(1, covered / this.logLength);
		this.logLength = Math.max(0, this.logLength - covered);
		this.logBytes = Math.round(this.logBytes * (1 - share));
		this.snapshotBytes = snapshotBytes;
	}

	/**
	 * Compaction re-encodes the whole document, so it waits until the log is both long
	 * (`minEntries`) and at least half as large as the snapshot: rewriting is then paid for by
	 * new data, and an append-only room (the activity log) is not rewritten every few hundred
	 * entries, which made its writes cost O(log size).
	 */
	compactionDue(minEntries: number): boolean {
		return this.logLength >= minEntries && this.logBytes * 2 >= this.snapshotBytes;
	}

	/** True when this clientID may be written under by `userId` (unbound and unused counts). */
	ownerOf(clientId: number): string | undefined {
		if (clientId === this.doc.clientID) return relayOwner;
		return this.clientOwners.get(clientId);
	}

	/** Moves the relay's own writes to a new clientID (another node's writer took this one). */
	renewRelayClientId(): void {
		this.doc.clientID = this.#freshRelayClientId();
	}

	/** A clientID that nobody has written under in this room, for the relay's own writes. */
	#freshRelayClientId(): number {
		const stateVector = Y.decodeStateVector(Y.encodeStateVector(this.doc));
		for (;;) {
			const candidate = Math.floor(Math.random() * 0xffffffff) >>> 0;
			if (!this.clientOwners.has(candidate) && !stateVector.has(candidate)) return candidate;
		}
	}

	broadcast(bytes: Uint8Array, except?: RoomPeer): void {
		for (const peer of this.peers) if (peer !== except) peer.send(bytes);
	}

	destroy(): void {
		this.awareness.destroy();
		this.doc.destroy();
	}
}
