import { parseRoomName } from '../src/lib/domain/Room.ts';
import { RelayRoom } from './RelayRoom.ts';
import type { RoomStorage } from './RoomStorage.ts';

/**
 * The rooms held in memory. A room is loaded once however many callers ask at the same
 * time, and unloaded when it has had no socket and no pin for `idleMs`.
 */
export class RoomRegistry {
	readonly #storage: RoomStorage;
	readonly #idleMs: number;
	/** Runs after a room is loaded, before anyone gets it (several nodes: catch up with commits made meanwhile). */
	readonly #onLoaded: ((room: RelayRoom) => Promise<void>) | undefined;
	readonly #loaded = new Map<string, RelayRoom>();
	readonly #loading = new Map<string, Promise<RelayRoom>>();
	readonly #sweeper: NodeJS.Timeout;

	constructor(storage: RoomStorage, idleMs: number, onLoaded?: (room: RelayRoom) => Promise<void>) {
		this.#storage = storage;
		this.#idleMs = idleMs;
		this.#onLoaded = onLoaded;
		this.#sweeper = setInterval(() => this.sweep(Date.now()), Math.max(1000, Math.min(idleMs, 30_000)));
		this.#sweeper.unref();
	}

	/** The room when it is in memory now (for the synchronous validation contexts). */
	peek(name: string): RelayRoom | undefined {
		return this.#loaded.get(name);
	}

	/** Loads (once) and pins the room; the caller must `unpin` it. */
	async pin(name: string): Promise<RelayRoom> {
		const room = await this.#load(name);
		room.pins++;
		room.lastUsed = Date.now();
		return room;
	}

	unpin(room: RelayRoom): void {
		room.pins = Math.max(0, room.pins - 1);
		room.lastUsed = Date.now();
	}

	#load(name: string): Promise<RelayRoom> {
		const loaded = this.#loaded.get(name);
		if (loaded !== undefined) return Promise.resolve(loaded);
		let loading = this.#loading.get(name);
		if (loading === undefined) {
			loading = this.#storage.loadRoom(name).then(
				async (stored) => {
					const room = new RelayRoom(name, parseRoomName(name), stored);
					// Registered before the hook runs, so that commits announced meanwhile reach it.
					this.#loaded.set(name, room);
					if (this.#onLoaded !== undefined) await this.#onLoaded(room);
					this.#loading.delete(name);
					return room;
				},
				(error: unknown) => {
					this.#loading.delete(name);
					throw error;
				}
			);
			this.#loading.set(name, loading);
		}
		return loading;
	}

	/**
	 * Drops the in-memory copy now (after a failed write left it ahead of storage); the next
	 * use reloads it from storage.
	 */
	evict(room: RelayRoom): void {
		if (this.#loaded.get(room.name) === room) this.#loaded.delete(room.name);
		room.destroy();
	}

	sweep(now: number): void {
		for (const room of this.#loaded.values()) {
			if (room.peers.size === 0 && room.pins === 0 && !room.compacting && now - room.lastUsed >= this.#idleMs) {
				this.#loaded.delete(room.name);
				room.destroy();
			}
		}
	}

	loadedRooms(): RelayRoom[] {
		return [...this.#loaded.values()];
	}

	get loadedCount(): number {
		return this.#loaded.size;
	}

	close(): void {
		clearInterval(this.#sweeper);
		for (const room of this.#loaded.values()) room.destroy();
		this.#loaded.clear();
	}
}
