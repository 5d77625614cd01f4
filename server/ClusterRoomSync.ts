import * as Y from 'yjs';
import { encodeMessage, MessageKind } from '../src/lib/protocol/protocol.ts';
import type { Logger } from './Logger.ts';
import { relayOwner, type RelayRoom } from './RelayRoom.ts';
import type { RoomRegistry } from './RoomRegistry.ts';
import type { RoomChanges, SharedRoomStorage } from './RoomStorage.ts';
import type { RoomCommit } from './RedisRoomBus.ts';

/** Transaction origin of updates that other nodes committed. */
export const remoteOrigin = Symbol('remote');

export const ApplyOutcome = {
	/** Nothing new. */
	Unchanged: 'unchanged',
	Applied: 'applied',
	/** An entry is missing before the ones given: catch up from storage. */
	Gap: 'gap'
} as const;
export type ApplyOutcome = (typeof ApplyOutcome)[keyof typeof ApplyOutcome];

export interface ClusterRoomSyncOptions {
	readonly storage: SharedRoomStorage;
	readonly registry: RoomRegistry;
	readonly log: Logger;
	/** Called when another node's write may have narrowed these users' read access. */
	readonly onAccessChanged: (userIds: readonly string[]) => void;
	/**
	 * How often every loaded room is compared with storage's head, to find commits whose
	 * pub/sub message was lost (or all of them when there is no Redis). 0 turns it off.
	 */
	readonly pollMs: number;
}

/**
 * Keeps this node's loaded rooms in step with what other nodes commit: applies their
 * commits (from Redis, or read from the log when a message is missing), broadcasts them to
 * this node's sockets and re-checks read access they may have revoked.
 *
 * A room's `seq` is the log position its document has reached; entries are applied strictly
 * in order, so a room is always exactly the stored state at some position.
 */
export class ClusterRoomSync {
	readonly #storage: SharedRoomStorage;
	readonly #registry: RoomRegistry;
	readonly #log: Logger;
	readonly #onAccessChanged: (userIds: readonly string[]) => void;
	/** One catch-up at a time per room, so two never apply the same entries. */
	readonly #catchingUp = new Map<RelayRoom, Promise<boolean>>();
	readonly #poller: NodeJS.Timeout | null;

	constructor(options: ClusterRoomSyncOptions) {
		this.#storage = options.storage;
		this.#registry = options.registry;
		this.#log = options.log;
		this.#onAccessChanged = options.onAccessChanged;
		this.#poller =
			options.pollMs > 0
				? setInterval(() => {
						this.catchUpAll().catch((error: unknown) => this.#log.warn('cluster: periodic catch-up failed', { error: String(error) }));
					}, options.pollMs)
				: null;
		this.#poller?.unref();
	}

	/** A commit another node published. Our own come back too and are skipped by their position. */
	receive(commit: RoomCommit): void {
		const room = this.#registry.peek(commit.room);
		if (room === undefined) return;
		const outcome = this.apply(room, {
			snapshot: null,
			entries: [{ seq: commit.seq, update: commit.update, accessChangedFor: commit.accessChangedFor }],
			clientOwners: commit.clientOwners
		});
		if (outcome === ApplyOutcome.Gap) this.#background(room);
	}

	/** Reads what the room lacks from storage (no lock) and applies it; true when it changed. */
	catchUp(room: RelayRoom): Promise<boolean> {
		const previous = this.#catchingUp.get(room) ?? Promise.resolve(false);
		const next = previous
			.catch(() => false)
			.then(async () => {
				if (room.doc.isDestroyed) return false;
				const changes = await this.#storage.changesSince(room.name, room.seq);
				// A gap here would mean storage lost an entry: log it, the room stays behind.
				const outcome = this.apply(room, changes);
				if (outcome === ApplyOutcome.Gap) this.#log.error('cluster: the log has a gap', { room: room.name, seq: room.seq });
				return outcome === ApplyOutcome.Applied;
			})
			.finally(() => {
				if (this.#catchingUp.get(room) === next) this.#catchingUp.delete(room);
			});
		this.#catchingUp.set(room, next);
		return next;
	}

	/** Catches up every loaded room that storage shows behind (one query for all). */
	async catchUpAll(): Promise<void> {
		const rooms = this.#registry.loadedRooms();
		if (rooms.length === 0) return;
		const heads = await this.#storage.heads(rooms.map((r) => r.name));
		await Promise.all(rooms.filter((r) => (heads.get(r.name) ?? 0) > r.seq).map((r) => this.catchUp(r)));
	}

	/**
	 * Applies committed changes to the room, skipping what it already has, and broadcasts
	 * what changed to this node's sockets. Synchronous: nothing interleaves with a write's
	 * validation.
	 */
	apply(room: RelayRoom, changes: RoomChanges): ApplyOutcome {
		if (room.doc.isDestroyed) return ApplyOutcome.Unchanged;
		const emitted: Uint8Array[] = [];
		const accessChangedFor: string[] = [];
		const listener = (update: Uint8Array): void => void emitted.push(update);
		let outcome: ApplyOutcome = ApplyOutcome.Unchanged;
		room.doc.on('update', listener);
		try {
			if (changes.snapshot !== null && changes.snapshot.seq > room.seq) {
				// The snapshot holds everything up to its position; what we already have merges away.
				Y.applyUpdate(room.doc, changes.snapshot.data, remoteOrigin);
				room.seq = changes.snapshot.seq;
				room.noteCompacted(changes.snapshot.data.length, room.logLength);
				outcome = ApplyOutcome.Applied;
			}
			for (const entry of changes.entries) {
				if (entry.seq <= room.seq) continue;
				if (entry.seq !== room.seq + 1) {
					outcome = ApplyOutcome.Gap;
					break;
				}
				Y.applyUpdate(room.doc, entry.update, remoteOrigin);
				room.seq = entry.seq;
				room.noteLogged(entry.update);
				accessChangedFor.push(...entry.accessChangedFor);
				outcome = ApplyOutcome.Applied;
			}
			// Bindings are only ever added and never move, so merging them is order-free.
			for (const [clientId, owner] of changes.clientOwners) if (!room.clientOwners.has(clientId)) room.clientOwners.set(clientId, owner);
		} catch (error) {
			// A stored update that does not apply: drop the copy, the next use reloads it.
			this.#log.error('cluster: a committed update did not apply, reloading the room', { room: room.name, error: String(error) });
			room.doc.off('update', listener);
			this.#registry.evict(room);
			return ApplyOutcome.Unchanged;
		}
		room.doc.off('update', listener);
		// Another node may have bound (or written under) the clientID this node's relay writes
		// under in this room: take a new one, or our follow-ups would be attributed to them.
		const owner = room.clientOwners.get(room.doc.clientID);
		if (owner !== undefined && owner !== relayOwner) room.renewRelayClientId();
		if (emitted.length > 0) {
			const update = emitted.length === 1 ? (emitted[0] as Uint8Array) : Y.mergeUpdates(emitted);
			room.broadcast(encodeMessage({ type: MessageKind.SyncUpdate, update }));
		}
		if (accessChangedFor.length > 0) this.#onAccessChanged(accessChangedFor);
		return outcome;
	}

	#background(room: RelayRoom): void {
		this.catchUp(room).catch((error: unknown) => this.#log.warn('cluster: catch-up failed', { room: room.name, error: String(error) }));
	}

	stop(): void {
		if (this.#poller !== null) clearInterval(this.#poller);
	}
}
