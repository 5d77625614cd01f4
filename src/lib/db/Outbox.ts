import type { BusinessCenterDb } from './db';
import type { OutboxRow } from './rows';

/** A state vector as Yjs decodes it: clientID → number of structs the peer has. */
export type StateVector = ReadonlyMap<number, number>;

/** True when a peer with state vector `sv` has everything the command wrote. */
export function covers(sv: StateVector, entry: Pick<OutboxRow, 'clientId' | 'clock'>): boolean {
	return (sv.get(entry.clientId) ?? 0) >= entry.clock;
}

/**
 * The pending commands, in the order they ran. An entry leaves when the relay acks a write
 * whose state covers it; on a rejection the remaining entries of the room are replayed.
 */
export class Outbox {
	readonly #db: BusinessCenterDb;

	constructor(db: BusinessCenterDb) {
		this.#db = db;
	}

	get table() {
		return this.#db.outbox;
	}

	/** Call inside the transaction that runs the command, so both are stored or neither. */
	add(entry: Omit<OutboxRow, 'id'>): Promise<number> {
		return this.#db.outbox.add(entry as OutboxRow);
	}

	/** The room's pending commands, oldest first. */
	pending(room: string): Promise<OutboxRow[]> {
		return this.#db.outbox.where('room').equals(room).sortBy('id');
	}

	/** Removes the room's entries that a peer with `sv` holds; returns them. */
	async removeCovered(room: string, sv: StateVector): Promise<OutboxRow[]> {
		return this.#db.transaction('rw', this.#db.outbox, async () => {
			const done = (await this.pending(room)).filter((entry) => covers(sv, entry));
			await this.#db.outbox.bulkDelete(done.map((entry) => entry.id!));
			return done;
		});
	}

	remove(id: number): Promise<void> {
		return this.#db.outbox.delete(id);
	}

	/** After a replay: the command now lives under the new document's clientID. */
	async moved(id: number, clientId: number, clock: number): Promise<void> {
		await this.#db.outbox.update(id, { clientId, clock });
	}

	count(): Promise<number> {
		return this.#db.outbox.count();
	}
}
