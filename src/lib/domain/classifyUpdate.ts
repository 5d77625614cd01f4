import * as Y from 'yjs';
import type { EntityChange } from './AccountView';
import { RejectReason } from './RejectReason';
import { ok, refuse, type Result } from './Result';
import type { RoomKind } from './Room';
import { collectionSpecs, FieldKind, readRaw, Shape, singleKey, specForRoot, type Collection } from './schema';
import { isForbiddenKey, isId } from './validation';

/**
 * The change classifier: what a Yjs update would change in a room, read off the update
 * itself and the state before it, without applying it. The relay validates updates it did
 * not author with this; its cost grows with the update, not with the document.
 *
 * Two facts of the Yjs wire format shape it:
 * - an item written next to an existing one carries only its origin, not its parent, so
 *   parents are resolved through the origin (in the store, or earlier in the update);
 * - a map overwrite names the item it replaces as its origin. We require that origin to be
 *   the key's current value: a write made against a stale value is refused (`stale-write`)
 *   and the client rebases its command, so what we validate is exactly what would result.
 */

/** A map key's value after the update. */
export const Deleted: unique symbol = Symbol('deleted');
export const NewMap: unique symbol = Symbol('new-map');
export type TouchValue = typeof Deleted | typeof NewMap | { readonly json: unknown };

/** One written key: its path from the root and its final value. */
export interface Touch {
	readonly path: readonly string[];
	readonly value: TouchValue;
}

export interface ClassifiedUpdate {
	readonly touches: readonly Touch[];
	readonly changes: readonly EntityChange[];
}

type Struct = Y.Item | Y.GC | Y.Skip;
/** The delete set as `Y.decodeUpdate` returns it (Yjs does not export the class's type). */
interface DecodedDeleteSet {
	readonly clients: Map<number, { readonly clock: number; readonly len: number }[]>;
}
type AnyType = Y.AbstractType<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- Yjs types are parameterised by their event type
/** A container: a root (by name), a map in the store, or a map created by this update. */
type Container = { readonly kind: 'root'; readonly name: string } | { readonly kind: 'store'; readonly type: AnyType } | { readonly kind: 'local'; readonly item: Y.Item };
/** Where a write lands: its container, or nowhere (GC'd or deleted parent: Yjs drops it). */
type Placement = { readonly container: Container; readonly key: string | null } | 'void';

class Reject {
	constructor(readonly reason: (typeof RejectReason)[keyof typeof RejectReason], readonly detail?: Record<string, string | number>) {}
}

export function classifyUpdate(doc: Y.Doc, update: Uint8Array, room: RoomKind): Result<ClassifiedUpdate> {
	let decoded: { structs: Struct[]; ds: DecodedDeleteSet };
	try {
		decoded = Y.decodeUpdate(update) as { structs: Struct[]; ds: DecodedDeleteSet };
	} catch {
		return refuse(RejectReason.MalformedUpdate);
	}
	try {
		return ok(new Classifier(doc, room).run(decoded.structs, decoded.ds));
	} catch (e) {
		if (e instanceof Reject) return refuse(e.reason, e.detail);
		// Decoded structures from a hostile peer can break assumptions deep in Yjs.
		return refuse(RejectReason.MalformedUpdate);
	}
}

class Classifier {
	private readonly store: Y.Doc['store'];
	/** New items of this update, by client, sorted by clock. */
	private readonly local = new Map<number, Y.Item[]>();
	/** Where each local item lands (memo). */
	private readonly placements = new Map<Y.Item, Placement>();
	private readonly localDeleted = new Set<Y.Item>();
	private readonly rootNames = new Map<AnyType, string>();

	constructor(
		private readonly doc: Y.Doc,
		private readonly room: RoomKind
	) {
		this.store = doc.store;
		for (const [name, type] of doc.share) this.rootNames.set(type, name);
	}

	run(structs: Struct[], ds: DecodedDeleteSet): ClassifiedUpdate {
		this.indexStructs(structs);
		const writes = new Map<object, Map<string, KeyWrites>>();
		const rootIds = new Map<string, object>();
		for (const items of this.local.values()) {
			for (const item of items) {
				const placement = this.place(item);
				if (placement === 'void') continue;
				if (placement.key === null) throw new Reject(RejectReason.UnknownPath);
				// Map writes never carry a right origin; one that does is not a map write.
				if (item.rightOrigin !== null) throw new Reject(RejectReason.StaleWrite);
				const identity = this.identityOf(placement.container, rootIds);
				let perContainer = writes.get(identity);
				if (perContainer === undefined) writes.set(identity, (perContainer = new Map()));
				let entry = perContainer.get(placement.key);
				if (entry === undefined) perContainer.set(placement.key, (entry = { container: placement.container, key: placement.key, items: [] }));
				entry.items.push(item);
			}
		}
		const deletedStoreItems = this.readDeletes(ds);

		const touches: InternalTouch[] = [];
		for (const perContainer of writes.values()) {
			for (const { container, key, items } of perContainer.values()) {
				const last = this.chain(container, key, items);
				const path = this.pathOf(container);
				if (path === null) continue;
				touches.push({ path: [...path, key], value: this.valueOf(last), anchors: this.anchorsOf(container), self: last });
			}
		}
		for (const item of deletedStoreItems) {
			const parent = item.parent as AnyType | null;
			if (parent === null || item.parentSub === null) throw new Reject(RejectReason.UnknownPath);
			// Only the current value of a key can be deleted: older values already are.
			if (parent._map.get(item.parentSub) !== item) continue;
			const container: Container = this.containerOfType(parent);
			const path = this.pathOf(container);
			if (path === null) continue;
			const fullPath = [...path, item.parentSub];
			// An overwrite in this update already says what the key holds now.
			if (touches.some((t) => samePath(t.path, fullPath) && t.anchors.at(-1) === this.anchorsOf(container).at(-1))) continue;
			touches.push({ path: fullPath, value: Deleted, anchors: this.anchorsOf(container), self: null });
		}
		return this.toChanges(touches);
	}

	// ------------------------------------------------------------ structure

	private indexStructs(structs: Struct[]): void {
		const seen = new Set<number>();
		for (const struct of structs) {
			const { client, clock } = struct.id;
			const state = Y.getState(this.store, client);
			if (!seen.has(client)) {
				seen.add(client);
				// A gap before this update's first struct: it depends on updates the relay never had.
				if (clock > state) throw new Reject(RejectReason.MissingDependency);
			}
			const end = clock + struct.length;
			if (end <= state) continue; // already integrated: a resend
			if (struct instanceof Y.Skip) throw new Reject(RejectReason.MissingDependency);
			if (clock < state) {
				if (struct instanceof Y.GC) continue;
				throw new Reject(RejectReason.MalformedUpdate); // an item that overlaps what we have
			}
			if (struct instanceof Y.GC) {
				// Deleted content: changes nothing anyone can see, but later items may point into it.
				let ranges = this.localGc.get(client);
				if (ranges === undefined) this.localGc.set(client, (ranges = []));
				ranges.push([clock, end]);
				continue;
			}
			let list = this.local.get(client);
			if (list === undefined) this.local.set(client, (list = []));
			list.push(struct);
		}
	}

	private findLocal(id: Y.ID): Y.Item | null {
		const list = this.local.get(id.client);
		if (list === undefined) return null;
		let lo = 0;
		let hi = list.length - 1;
		while (lo <= hi) {
			const mid = (lo + hi) >> 1;
			const item = list[mid]!;
			if (id.clock < item.id.clock) hi = mid - 1;
			else if (id.clock >= item.id.clock + item.length) lo = mid + 1;
			else return item;
		}
		return null;
	}

	/** The struct an id refers to: in the store, in this update, or missing. */
	private resolve(id: Y.ID): { where: 'store'; struct: Y.Item } | { where: 'local'; struct: Y.Item } | { where: 'gc' } {
		if (id.clock < Y.getState(this.store, id.client)) {
			const struct = Y.getItem(this.store, id) as Y.Item | Y.GC;
			return struct instanceof Y.Item ? { where: 'store', struct } : { where: 'gc' };
		}
		const local = this.findLocal(id);
		if (local !== null) return { where: 'local', struct: local };
		// An update GC'd by its sender can refer to its own GC ranges.
		if (this.isLocalGcRange(id)) return { where: 'gc' };
		throw new Reject(RejectReason.MissingDependency);
	}

	private localGc = new Map<number, [number, number][]>();
	private isLocalGcRange(id: Y.ID): boolean {
		return (this.localGc.get(id.client) ?? []).some(([from, to]) => id.clock >= from && id.clock < to);
	}

	private place(item: Y.Item): Placement {
		const memo = this.placements.get(item);
		if (memo !== undefined) return memo;
		this.placements.set(item, 'void'); // cycles in a hostile update resolve to nowhere
		const placement = this.computePlacement(item);
		this.placements.set(item, placement);
		return placement;
	}

	private computePlacement(item: Y.Item): Placement {
		const parent = item.parent as unknown;
		if (typeof parent === 'string') return { container: { kind: 'root', name: parent }, key: item.parentSub };
		if (parent instanceof Y.ID) {
			const target = this.resolve(parent);
			if (target.where === 'gc') return 'void';
			if (!(target.struct.content instanceof Y.ContentType)) throw new Reject(RejectReason.UnknownPath);
			if (target.where === 'local') {
				return this.place(target.struct) === 'void' ? 'void' : { container: { kind: 'local', item: target.struct }, key: item.parentSub };
			}
			if (target.struct.deleted) return 'void';
			return { container: { kind: 'store', type: target.struct.content.type }, key: item.parentSub };
		}
		const neighbour = item.origin ?? item.rightOrigin;
		if (neighbour === null) throw new Reject(RejectReason.MalformedUpdate);
		const target = this.resolve(neighbour);
		if (target.where === 'gc') return 'void';
		if (target.where === 'local') {
			const placement = this.place(target.struct);
			return placement === 'void' ? 'void' : { container: placement.container, key: placement.key };
		}
		const type = target.struct.parent as AnyType | null;
		if (type === null || target.struct.parentSub === null && item.parentSub !== null) return 'void';
		return { container: this.containerOfType(type), key: target.struct.parentSub };
	}

	private containerOfType(type: AnyType): Container {
		if (type._item === null) {
			const name = this.rootNames.get(type);
			if (name === undefined) throw new Reject(RejectReason.UnknownPath);
			return { kind: 'root', name };
		}
		return { kind: 'store', type };
	}

	/** The object that stands for a container, the same for every write into it. */
	private identityOf(container: Container, rootIds: Map<string, object>): object {
		switch (container.kind) {
			case 'root': {
				let id = rootIds.get(container.name);
				if (id === undefined) rootIds.set(container.name, (id = {}));
				return id;
			}
			case 'store':
				return container.type;
			case 'local':
				return container.item;
		}
	}

	/** Path from the root to a container, or null when an ancestor is deleted. */
	private pathOf(container: Container): string[] | null {
		switch (container.kind) {
			case 'root':
				return [container.name];
			case 'store': {
				const item = container.type._item;
				if (item === null) {
					const name = this.rootNames.get(container.type);
					if (name === undefined) throw new Reject(RejectReason.UnknownPath);
					return [name];
				}
				if (item.deleted) return null;
				if (item.parentSub === null) throw new Reject(RejectReason.UnknownPath);
				const parentPath = this.pathOf(this.containerOfType(item.parent as AnyType));
				return parentPath === null ? null : [...parentPath, item.parentSub];
			}
			case 'local': {
				const placement = this.place(container.item);
				if (placement === 'void' || placement.key === null) return null;
				const parentPath = this.pathOf(placement.container);
				return parentPath === null ? null : [...parentPath, placement.key];
			}
		}
	}

	/** The identities of the maps on the way down to a container (root excluded). */
	private anchorsOf(container: Container): object[] {
		switch (container.kind) {
			case 'root':
				return [];
			case 'store': {
				const item = container.type._item;
				if (item === null) return [];
				return [...this.anchorsOf(this.containerOfType(item.parent as AnyType)), container.type];
			}
			case 'local': {
				const placement = this.place(container.item);
				if (placement === 'void') return [container.item];
				return [...this.anchorsOf(placement.container), container.item];
			}
		}
	}

	/** Orders the writes to one key into the single chain Yjs would build; refuses forks. */
	private chain(container: Container, key: string, items: Y.Item[]): Y.Item {
		let tail: Y.ID | null = null;
		if (container.kind !== 'local') {
			const type = container.kind === 'root' ? (this.doc.share.get(container.name) ?? null) : container.type;
			const current = type?._map.get(key);
			tail = current === undefined ? null : current.lastId;
		}
		const remaining = new Set(items);
		let last: Y.Item | null = null;
		while (remaining.size > 0) {
			let next: Y.Item | null = null;
			for (const item of remaining) {
				const origin = item.origin;
				if ((origin === null && tail === null) || (origin !== null && tail !== null && origin.client === tail.client && origin.clock === tail.clock)) {
					next = item;
					break;
				}
			}
			if (next === null) throw new Reject(RejectReason.StaleWrite, { key });
			remaining.delete(next);
			last = next;
			tail = next.lastId;
		}
		return last!;
	}

	private valueOf(item: Y.Item): TouchValue {
		if (this.localDeleted.has(item)) return Deleted;
		const content = item.content;
		if (content instanceof Y.ContentDeleted) return Deleted;
		if (content instanceof Y.ContentType) {
			if (!(content.type instanceof Y.Map)) throw new Reject(RejectReason.UnknownPath);
			return NewMap;
		}
		if (content instanceof Y.ContentAny) {
			if (content.arr.length !== 1) throw new Reject(RejectReason.MalformedUpdate);
			const json = content.arr[0];
			if (!isPlainJson(json, 0)) throw new Reject(RejectReason.ForbiddenKey);
			return { json };
		}
		throw new Reject(RejectReason.InvalidValue, { content: content.constructor.name });
	}

	private readDeletes(ds: DecodedDeleteSet): Y.Item[] {
		const out: Y.Item[] = [];
		for (const [client, ranges] of ds.clients) {
			const state = Y.getState(this.store, client);
			for (const { clock, len } of ranges) {
				const end = clock + len;
				if (clock < state) {
					const structs = this.store.clients.get(client)!;
					let i = Y.findIndexSS(structs, clock);
					for (; i < structs.length; i++) {
						const struct = structs[i]!;
						if (struct.id.clock >= Math.min(end, state)) break;
						if (struct instanceof Y.Item && !struct.deleted) out.push(struct);
					}
				}
				for (let c = Math.max(clock, state); c < end; ) {
					const local = this.findLocal(Y.createID(client, c));
					if (local === null) {
						if (this.isLocalGcRange(Y.createID(client, c))) {
							c++;
							continue;
						}
						throw new Reject(RejectReason.MissingDependency);
					}
					this.localDeleted.add(local);
					c = local.id.clock + local.length;
				}
			}
		}
		return out;
	}

	// ------------------------------------------------------------ schema

	private toChanges(touches: InternalTouch[]): ClassifiedUpdate {
		const byEntity = new Map<string, { collection: Collection; key: string; touches: LocatedTouch[] }>();
		for (const touch of touches) {
			const located = this.locate(touch);
			const id = `${located.collection}\u0000${located.key}`;
			let entry = byEntity.get(id);
			if (entry === undefined) byEntity.set(id, (entry = { collection: located.collection, key: located.key, touches: [] }));
			entry.touches.push(located);
		}
		const changes: EntityChange[] = [];
		const effective: Touch[] = [];
		for (const { collection, key, touches: entityTouches } of byEntity.values()) {
			const before = readRaw(this.doc, collection, key);
			const after = this.applyTouches(collection, before, entityTouches, effective);
			changes.push({ collection, key, before, after });
		}
		return { touches: effective, changes };
	}

	private locate(touch: InternalTouch): LocatedTouch {
		const [root, ...rest] = touch.path;
		for (const segment of touch.path) if (isForbiddenKey(segment)) throw new Reject(RejectReason.ForbiddenKey);
		const spec = specForRoot(this.room, root ?? '');
		if (spec === null) throw new Reject(RejectReason.UnknownPath, { path: touch.path.join('/') });
		const unknown = () => new Reject(RejectReason.UnknownPath, { path: touch.path.join('/') });
		const isJson = typeof touch.value === 'object';
		switch (spec.shape) {
			case Shape.Single: {
				if (rest.length !== 1 || spec.fields[rest[0]!] !== FieldKind.Value || touch.value === NewMap) throw unknown();
				return { collection: spec.collection, key: singleKey, rel: rest, touch };
			}
			case Shape.Value: {
				if (rest.length !== 1 || !isId(rest[0]) || touch.value === NewMap) throw unknown();
				return { collection: spec.collection, key: rest[0]!, rel: [], touch };
			}
			case Shape.Entity: {
				const [key, field, sub, ...deeper] = rest;
				if (!isId(key) || deeper.length > 0) throw unknown();
				if (field === undefined) {
					if (isJson) throw unknown();
				} else {
					const kind = spec.fields[field];
					if (kind === undefined) throw unknown();
					if (sub === undefined) {
						// A map field holds a map (or is deleted); a value field never holds a map.
						if (kind === FieldKind.Map ? isJson : touch.value === NewMap) throw unknown();
					} else if (kind !== FieldKind.Map || !isId(sub) || touch.value === NewMap) {
						throw unknown();
					}
				}
				return { collection: spec.collection, key, rel: rest.slice(1), touch };
			}
		}
	}

	/**
	 * The entity after the update. A write counts only if every map on its path is the map
	 * the key will hold afterwards: writes into a map that this update replaces or deletes
	 * vanish, exactly as they do when Yjs applies the update.
	 */
	private applyTouches(collection: Collection, before: unknown, touches: LocatedTouch[], effective: Touch[]): unknown {
		const spec = collectionSpecs[collection];
		if (spec.shape === Shape.Value) {
			const value = touches[0]!.touch.value;
			effective.push({ path: touches[0]!.touch.path, value });
			return value === Deleted ? null : (value as { json: unknown }).json;
		}
		const sorted = [...touches].sort((a, b) => a.rel.length - b.rel.length);
		const finalIdentity = new Map<string, object | null>();
		for (const t of sorted) {
			if (t.touch.value === NewMap) finalIdentity.set(t.rel.join('/'), t.touch.self);
			else if (t.touch.value === Deleted) finalIdentity.set(t.rel.join('/'), null);
		}
		const live = (t: LocatedTouch): boolean => {
			// A single-shape entity is the root itself: no map on the way can be replaced.
			if (spec.shape === Shape.Single) return true;
			// anchors[d] is the map at rel prefix of length d (0: the entity map itself).
			for (let depth = 0; depth < t.rel.length; depth++) {
				const prefix = t.rel.slice(0, depth).join('/');
				if (!finalIdentity.has(prefix)) continue;
				const expected = finalIdentity.get(prefix);
				if (expected === null || expected !== t.touch.anchors[depth]) return false;
			}
			return true;
		};
		let after: Record<string, unknown> | null =
			before === null ? null : (JSON.parse(JSON.stringify(before)) as Record<string, unknown>);
		for (const t of sorted) {
			if (!live(t)) continue;
			effective.push({ path: t.touch.path, value: t.touch.value });
			const value = t.touch.value;
			const [field, sub] = t.rel;
			if (field === undefined) {
				after = value === Deleted ? null : {};
				continue;
			}
			if (after === null) {
				if (spec.shape !== Shape.Single) continue; // a write into an entity that is gone
				after = {};
			}
			if (sub === undefined) {
				if (value === Deleted) delete after[field];
				else after[field] = value === NewMap ? {} : value.json;
				continue;
			}
			const nested = after[field];
			if (typeof nested !== 'object' || nested === null) continue;
			if (value === Deleted) delete (nested as Record<string, unknown>)[sub];
			else if (value !== NewMap) (nested as Record<string, unknown>)[sub] = value.json;
		}
		if (spec.shape === Shape.Single && after !== null && Object.keys(after).length === 0) return null;
		return after;
	}
}

interface KeyWrites {
	readonly container: Container;
	readonly key: string;
	readonly items: Y.Item[];
}

const maxJsonDepth = 8;

/**
 * Values decoded from a peer are built by assignment, so a `__proto__` key sets a prototype
 * instead of a property. Only plain data with ordinary prototypes and safe keys passes.
 */
function isPlainJson(value: unknown, depth: number): boolean {
	if (value === null || typeof value !== 'object') return typeof value !== 'function';
	if (depth > maxJsonDepth) return false;
	if (Array.isArray(value)) {
		return Object.getPrototypeOf(value) === Array.prototype && value.every((v) => isPlainJson(v, depth + 1));
	}
	if (value instanceof Uint8Array) return false;
	const proto = Object.getPrototypeOf(value);
	if (proto !== Object.prototype && proto !== null) return false;
	return Object.entries(value).every(([k, v]) => !isForbiddenKey(k) && isPlainJson(v, depth + 1));
}

interface InternalTouch {
	readonly path: readonly string[];
	readonly value: TouchValue;
	/** Identity of each map below the root on the way to the written key's container. */
	readonly anchors: readonly object[];
	/** The item whose value the key ends with (for a new map: its identity). */
	readonly self: Y.Item | null;
}

interface LocatedTouch {
	readonly collection: Collection;
	readonly key: string;
	readonly rel: readonly string[];
	readonly touch: InternalTouch;
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
	return a.length === b.length && a.every((s, i) => s === b[i]);
}
