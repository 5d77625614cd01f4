import { Dexie } from 'dexie';
import * as Y from 'yjs';
import { collectionSpecs, type Collection } from '$lib/domain';
import { allMaterialisedTables, type BusinessCenterDb } from './db';
import { dbTry, type DbResult } from './DbError';
import { entityOps, materialisedCollections, roomRows, type MaterialiseContext, type RowOp } from './materialise';

/**
 * Keeps the materialised tables in step with one room's Y.Doc, incrementally: observeDeep
 * tells which entities a transaction touched, and only their rows are put or deleted. Writes
 * are batched per tick (one Dexie transaction for everything a burst of changes touched).
 *
 * Every tab materialises what its own copy of the document sees, reading the entity as it is
 * at flush time; since every tab's last flush of a key follows its last change of that key,
 * all tabs converge on the same rows.
 */
export class Materialiser {
	readonly #db: BusinessCenterDb;
	readonly #ctx: MaterialiseContext;
	readonly #doc: Y.Doc;
	readonly #dirty = new Map<Collection, Set<string>>();
	readonly #observers: Array<() => void> = [];
	#flushing: Promise<DbResult<void>> = Promise.resolve({ ok: true, value: undefined });
	#scheduled = false;
	#onError: (failure: DbResult<void>) => void;

	constructor(db: BusinessCenterDb, ctx: MaterialiseContext, doc: Y.Doc, onError: (failure: DbResult<void>) => void = () => {}) {
		this.#db = db;
		this.#ctx = ctx;
		this.#doc = doc;
		this.#onError = onError;
	}

	/**
	 * Starts observing, after the document has loaded from IndexedDB. Rows written by an
	 * earlier session are trusted when they were written from exactly this state; otherwise
	 * (a crash between a change and its flush, another tab's unflushed change) the room is
	 * rebuilt once.
	 */
	async start(): Promise<DbResult<void>> {
		for (const collection of materialisedCollections(this.#ctx.room.kind)) {
			const root = this.#doc.getMap(collection);
			const single = collectionSpecs[collection].shape === 'single';
			const observer = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
				for (const event of events) {
					if (single) this.#mark(collection, 'self');
					else if (event.target === root) for (const key of event.changes.keys.keys()) this.#mark(collection, key);
					else {
						const key = event.path[0];
						if (typeof key === 'string') this.#mark(collection, key);
					}
				}
			};
			root.observeDeep(observer);
			this.#observers.push(() => root.unobserveDeep(observer));
		}
		const stored = await dbTry(() => this.#db.rooms.get(this.#ctx.roomName));
		if (!stored.ok) return stored;
		const sv = Y.encodeStateVector(this.#doc);
		if (stored.value?.materialisedSv != null && equalBytes(stored.value.materialisedSv, sv)) return { ok: true, value: undefined };
		return this.rebuild();
	}

	stop(): void {
		for (const unobserve of this.#observers.splice(0)) unobserve();
		this.#dirty.clear();
	}

	/** Resolves once every change seen so far is written. */
	async idle(): Promise<DbResult<void>> {
		let last: Promise<DbResult<void>>;
		do {
			last = this.#flushing;
			await last;
		} while (last !== this.#flushing || this.#scheduled);
		return last;
	}

	/** Drops and rewrites every row of the room from the document, in one transaction. */
	rebuild(): Promise<DbResult<void>> {
		this.#dirty.clear();
		const rows = roomRows(this.#ctx, this.#doc);
		const sv = Y.encodeStateVector(this.#doc);
		return this.#enqueue(() =>
			this.#db.transaction('rw', [this.#db.rooms, ...allMaterialisedTables.map((t) => this.#db.table(t))], async () => {
				for (const table of allMaterialisedTables) {
					await this.#db.table(table).where('room').equals(this.#ctx.roomName).delete();
					await this.#db.table(table).bulkPut(rows[table]);
				}
				await this.#db.rooms.update(this.#ctx.roomName, { materialisedSv: sv });
			})
		);
	}

	#mark(collection: Collection, key: string): void {
		let keys = this.#dirty.get(collection);
		if (keys === undefined) this.#dirty.set(collection, (keys = new Set()));
		keys.add(key);
		if (this.#scheduled) return;
		this.#scheduled = true;
		// A macrotask, not a microtask: a command's transaction and the outbox write around it
		// finish first, and a burst of remote updates lands in one write.
		setTimeout(() => {
			this.#scheduled = false;
			void this.#flush();
		}, 0);
	}

	#flush(): Promise<DbResult<void>> {
		if (this.#dirty.size === 0) return this.#flushing;
		const ops: RowOp[] = [];
		for (const [collection, keys] of this.#dirty) for (const key of keys) ops.push(...entityOps(this.#ctx, this.#doc, collection, key));
		this.#dirty.clear();
		const sv = Y.encodeStateVector(this.#doc);
		return this.#enqueue(() =>
			this.#db.transaction('rw', [this.#db.rooms, ...allMaterialisedTables.map((t) => this.#db.table(t))], async () => {
				for (const op of ops) await applyOp(this.#db, op);
				await this.#db.rooms.update(this.#ctx.roomName, { materialisedSv: sv });
			})
		);
	}

	#enqueue(write: () => Promise<void>): Promise<DbResult<void>> {
		// Outside any caller's transaction (a command runs inside one over other tables).
		this.#flushing = this.#flushing.then(() =>
			Dexie.ignoreTransaction(() => dbTry(write)).then((result) => {
				if (!result.ok) this.#onError(result);
				return result;
			})
		);
		return this.#flushing;
	}
}

async function applyOp(db: BusinessCenterDb, op: RowOp): Promise<void> {
	const table = db.table(op.table);
	switch (op.type) {
		case 'put':
			await table.put(op.row);
			return;
		case 'delete':
			await table.delete(op.key as string | string[]);
			return;
		case 'deleteWhere':
			await table.where(op.index).equals([...op.value]).delete();
			return;
		case 'modifyWhere':
			await table.where(op.index).equals([...op.value]).modify({ ...op.changes });
			return;
		default: {
			const never: never = op;
			throw new Error(`Unexpected row op ${JSON.stringify(never)}`);
		}
	}
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
	return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
