import type * as Y from 'yjs';
import { DexieYProvider } from 'y-dexie';
import { allMaterialisedTables, ydocUpdatesTable, type BusinessCenterDb } from './db';
import { dbTry, type DbResult } from './DbError';

/** One room's document as loaded from IndexedDB, with the y-dexie provider that keeps it stored. */
export interface StoredRoomDoc {
	readonly name: string;
	readonly docId: string;
	readonly doc: Y.Doc;
	/** Stops storing and observing the document (the Dexie data stays). */
	release(): void;
}

const newDocId = (): string => globalThis.crypto.randomUUID();

/**
 * The Yjs documents of rooms, one `ydocs` row per incarnation (see db.ts for why a reset makes
 * a new incarnation instead of clearing the old one).
 */
export class RoomStore {
	readonly #db: BusinessCenterDb;

	constructor(db: BusinessCenterDb) {
		this.#db = db;
	}

	/** Opens (creating when absent) the room's current document and waits until it is loaded. */
	async open(name: string): Promise<DbResult<StoredRoomDoc>> {
		const docId = await dbTry(() =>
			this.#db.transaction('rw', this.#db.rooms, this.#db.ydocs, async () => {
				const room = await this.#db.rooms.get(name);
				if (room !== undefined) return room.docId;
				const id = newDocId();
				await this.#db.ydocs.add({ id, room: name });
				await this.#db.rooms.put({ name, docId: id, materialisedSv: null });
				return id;
			})
		);
		if (!docId.ok) return docId;
		const row = await dbTry(() => this.#db.ydocs.get(docId.value));
		if (!row.ok) return row;
		if (row.value === undefined) return { ok: false, kind: 'unknown', message: `room ${name}: document row missing` };
		const doc = row.value.doc;
		const provider = DexieYProvider.load(doc);
		const loaded = await dbTry(() => provider.whenLoaded);
		if (!loaded.ok) return loaded;
		return { ok: true, value: { name, docId: docId.value, doc, release: () => DexieYProvider.release(doc) } };
	}

	/** The current document incarnation of a room, or null when the room is not kept. */
	async currentDocId(name: string): Promise<string | null> {
		return (await this.#db.rooms.get(name))?.docId ?? null;
	}

	/**
	 * A rejection's reset: drops the room's Yjs data and materialised rows and starts a new,
	 * empty document incarnation (a new Y.Doc, so a new clientID). Other tabs' copies of the
	 * old document are destroyed by y-dexie when its row disappears.
	 */
	reset(name: string): Promise<DbResult<string>> {
		return dbTry(() =>
			this.#db.transaction('rw', this.#tables(), async () => {
				await this.#dropRoom(name);
				const id = newDocId();
				await this.#db.ydocs.add({ id, room: name });
				await this.#db.rooms.put({ name, docId: id, materialisedSv: null });
				return id;
			})
		);
	}

	/** The user may no longer read the room: nothing of it stays on the device. */
	delete(name: string): Promise<DbResult<void>> {
		return dbTry(() =>
			this.#db.transaction('rw', this.#tables(), async () => {
				await this.#dropRoom(name);
				await this.#db.rooms.delete(name);
			})
		);
	}

	#tables() {
		return [this.#db.rooms, this.#db.ydocs, this.#db.table(ydocUpdatesTable), ...allMaterialisedTables.map((t) => this.#db.table(t))];
	}

	async #dropRoom(name: string): Promise<void> {
		const docIds = await this.#db.ydocs.where('room').equals(name).primaryKeys();
		for (const docId of docIds) await this.#db.table(ydocUpdatesTable).where('k').equals(docId).delete();
		await this.#db.ydocs.bulkDelete(docIds);
		for (const table of allMaterialisedTables) await this.#db.table(table).where('room').equals(name).delete();
	}
}
