import * as Y from 'yjs';
import { RoomKind } from './Room';
import type {
	AccountProfile,
	ActivityEntry,
	AffiliationRequest,
	Asset,
	Book,
	Membership,
	Notification,
	Partnership,
	PaymentProfile,
	RequestDecision,
	SharedAsset,
	Territory
} from './entities';
import * as parse from './parse';
import type { Result } from './Result';
import { parseSalesRow, type SalesRow } from './sales';

/**
 * The Yjs schema of every room (DESIGN §3). Each root is a Y.Map named after its
 * collection. Three shapes:
 * - `single`: the root map holds one entity's fields (the account profile);
 * - `entity`: root/<key> is a Y.Map of fields; a field is a JSON value or, where the spec
 *   says `map`, a nested Y.Map of JSON values (asset admins), so that concurrent edits
 *   merge per field and the relay can validate key by key;
 * - `value`: root/<key> is one JSON value, replaced whole.
 * No Y.Array, Y.Text or XML anywhere: every write is a map write, so every write has a path.
 */

export const Collection = {
	Profile: 'profile',
	Members: 'members',
	Assets: 'assets',
	Partners: 'partners',
	Shares: 'shares',
	SharedIn: 'sharedIn',
	Requests: 'requests',
	Books: 'books',
	Territories: 'territories',
	PaymentProfiles: 'paymentProfiles',
	Sales: 'sales',
	Activity: 'entries',
	Inbox: 'inbox',
	Accounts: 'accounts',
	Decisions: 'decisions'
} as const;
export type Collection = (typeof Collection)[keyof typeof Collection];

export const Shape = { Single: 'single', Entity: 'entity', Value: 'value' } as const;
export type Shape = (typeof Shape)[keyof typeof Shape];

export const FieldKind = { Value: 'value', Map: 'map' } as const;
export type FieldKind = (typeof FieldKind)[keyof typeof FieldKind];

export interface CollectionSpec {
	readonly collection: Collection;
	readonly room: RoomKind;
	readonly shape: Shape;
	readonly fields: Readonly<Record<string, FieldKind>>;
}

/** One entry per collection: the plain type it parses to. */
export interface EntityTypes {
	profile: AccountProfile;
	members: Membership;
	assets: Asset;
	partners: Partnership;
	shares: parse.AssetShares;
	sharedIn: SharedAsset;
	requests: AffiliationRequest;
	books: Book;
	territories: Territory;
	paymentProfiles: PaymentProfile;
	sales: SalesRow;
	entries: ActivityEntry;
	inbox: Notification;
	accounts: { readonly accountId: string; readonly addedAt: number };
	decisions: RequestDecision;
}

const V = FieldKind.Value;
const M = FieldKind.Map;

export const collectionSpecs: { readonly [C in Collection]: CollectionSpec & { readonly collection: C } } = {
	profile: {
		collection: 'profile',
		room: RoomKind.Account,
		shape: Shape.Single,
		fields: { id: V, name: V, displayEmail: V, businessInfo: V, createdAt: V, createdBy: V }
	},
	members: {
		collection: 'members',
		room: RoomKind.Account,
		shape: Shape.Entity,
		fields: { userId: V, email: V, name: V, types: V, addedAt: V, addedBy: V }
	},
	assets: {
		collection: 'assets',
		room: RoomKind.Account,
		shape: Shape.Entity,
		fields: { id: V, kind: V, name: V, businessInfo: V, admins: M, autoPayHolder: V, createdAt: V, createdBy: V }
	},
	partners: {
		collection: 'partners',
		room: RoomKind.Account,
		shape: Shape.Entity,
		fields: { accountId: V, name: V, status: V, requestedBy: V, requestedAt: V }
	},
	shares: {
		collection: 'shares',
		room: RoomKind.Account,
		shape: Shape.Entity,
		fields: { assetId: V, partners: M }
	},
	sharedIn: {
		collection: 'sharedIn',
		room: RoomKind.Account,
		shape: Shape.Entity,
		fields: { assetId: V, ownerAccountId: V, ownerName: V, kind: V, name: V, roleCeiling: V, sharedAt: V, admins: M }
	},
	requests: {
		collection: 'requests',
		room: RoomKind.Account,
		shape: Shape.Entity,
		fields: { id: V, assetId: V, ownerAccountId: V, status: V, createdAt: V, createdBy: V, decidedAt: V, decidedBy: V }
	},
	books: {
		collection: 'books',
		room: RoomKind.Catalog,
		shape: Shape.Entity,
		fields: { id: V, title: V, authors: V, isbn: V, priceMinor: V, currency: V, status: V, updatedAt: V, updatedBy: V }
	},
	territories: { collection: 'territories', room: RoomKind.Payments, shape: Shape.Value, fields: {} },
	paymentProfiles: {
		collection: 'paymentProfiles',
		room: RoomKind.Payments,
		shape: Shape.Entity,
		fields: { id: V, name: V, bankName: V, accountHolder: V, accountNumber: V, currency: V, updatedAt: V, updatedBy: V }
	},
	sales: { collection: 'sales', room: RoomKind.Reports, shape: Shape.Value, fields: {} },
	entries: { collection: 'entries', room: RoomKind.Activity, shape: Shape.Value, fields: {} },
	inbox: {
		collection: 'inbox',
		room: RoomKind.User,
		shape: Shape.Entity,
		fields: { id: V, kind: V, at: V, data: V, readAt: V }
	},
	accounts: { collection: 'accounts', room: RoomKind.User, shape: Shape.Value, fields: {} },
	decisions: { collection: 'decisions', room: RoomKind.User, shape: Shape.Value, fields: {} }
};

const allSpecs: readonly CollectionSpec[] = Object.values(collectionSpecs);

/** The collection a root name stands for in a room of this kind, or null. */
export function specForRoot(room: RoomKind, rootName: string): CollectionSpec | null {
	return allSpecs.find((s) => s.room === room && s.collection === rootName) ?? null;
}

export function specsOfRoom(room: RoomKind): readonly CollectionSpec[] {
	return allSpecs.filter((s) => s.room === room);
}

/** The key an entity of a `single` collection is known by in changes. */
export const singleKey = 'self';

type Parser<C extends Collection> = (key: string, raw: unknown) => Result<EntityTypes[C]>;

const asRaw = (raw: unknown): parse.Raw => (typeof raw === 'object' && raw !== null ? (raw as parse.Raw) : {});

export const parsers: { readonly [C in Collection]: Parser<C> } = {
	profile: (_key, raw) => parse.parseProfile(asRaw(raw)),
	members: (key, raw) => parse.parseMembership(key, asRaw(raw)),
	assets: (key, raw) => parse.parseAsset(key, asRaw(raw)),
	partners: (key, raw) => parse.parsePartnership(key, asRaw(raw)),
	shares: (key, raw) => parse.parseAssetShares(key, asRaw(raw)),
	sharedIn: (key, raw) => parse.parseSharedAsset(key, asRaw(raw)),
	requests: (key, raw) => parse.parseAffiliationRequest(key, asRaw(raw)),
	books: (key, raw) => parse.parseBook(key, asRaw(raw)),
	territories: (key, raw) => parse.parseTerritory(key, raw),
	paymentProfiles: (key, raw) => parse.parsePaymentProfile(key, asRaw(raw)),
	sales: (key, raw) => parseSalesRow(key, raw),
	entries: (key, raw) => parse.parseActivityEntry(key, raw),
	inbox: (key, raw) => parse.parseNotification(key, asRaw(raw)),
	accounts: (key, raw) => {
		const addedAt = asRaw(raw).addedAt;
		return typeof addedAt === 'number'
			? { ok: true, value: { accountId: key, addedAt } }
			: { ok: false, reason: 'invalid-value', detail: { field: 'accounts' } };
	},
	decisions: (key, raw) => parse.parseDecision(key, raw)
};

// ---------------------------------------------------------------- raw reads

function mapToRecord(map: Y.Map<unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = Object.create(null);
	for (const [key, value] of map) out[key] = value instanceof Y.Map ? mapToRecord(value as Y.Map<unknown>) : value;
	return out;
}

export function rootOf(doc: Y.Doc, collection: Collection): Y.Map<unknown> {
	return doc.getMap(collection);
}

/** The JSON form of one entity as stored, or null when absent. Not validated. */
export function readRaw(doc: Y.Doc, collection: Collection, key: string): unknown {
	const spec = collectionSpecs[collection];
	const root = rootOf(doc, collection);
	switch (spec.shape) {
		case Shape.Single:
			return root.size === 0 ? null : mapToRecord(root);
		case Shape.Entity: {
			const entity = root.get(key);
			return entity instanceof Y.Map ? mapToRecord(entity as Y.Map<unknown>) : null;
		}
		case Shape.Value:
			return root.get(key) ?? null;
		default:
			return assertNeverShape(spec.shape);
	}
}

function assertNeverShape(shape: never): never {
	throw new Error(`Unexpected shape ${String(shape)}`);
}

/** The parsed entity, or null when absent or (which validation prevents) malformed. */
export function readEntity<C extends Collection>(doc: Y.Doc, collection: C, key: string = singleKey): EntityTypes[C] | null {
	const raw = readRaw(doc, collection, key);
	if (raw === null) return null;
	const parsed = parsers[collection](key, raw);
	return parsed.ok ? parsed.value : null;
}

export function entityKeys(doc: Y.Doc, collection: Collection): string[] {
	return collectionSpecs[collection].shape === Shape.Single ? [singleKey] : [...rootOf(doc, collection).keys()];
}

export function listEntities<C extends Collection>(doc: Y.Doc, collection: C): EntityTypes[C][] {
	const out: EntityTypes[C][] = [];
	for (const key of entityKeys(doc, collection)) {
		const entity = readEntity(doc, collection, key);
		if (entity !== null) out.push(entity);
	}
	return out;
}

// ---------------------------------------------------------------- raw writes

export function jsonEqual(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	const ak = Object.keys(a);
	const bk = Object.keys(b);
	if (ak.length !== bk.length) return false;
	return ak.every((k) => Object.hasOwn(b, k) && jsonEqual((a as Raw)[k], (b as Raw)[k]));
}
type Raw = Record<string, unknown>;

function asRecord(value: unknown): Raw {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Raw) : {};
}

function writeFields(target: Y.Map<unknown>, spec: CollectionSpec, before: Raw, after: Raw): void {
	for (const field of Object.keys(before)) if (!Object.hasOwn(after, field)) target.delete(field);
	for (const [field, value] of Object.entries(after)) {
		if (spec.fields[field] === FieldKind.Map) {
			let nested = target.get(field);
			if (!(nested instanceof Y.Map)) {
				nested = new Y.Map<unknown>();
				target.set(field, nested);
			}
			writePlainMap(nested as Y.Map<unknown>, asRecord(before[field]), asRecord(value));
		} else if (!Object.hasOwn(before, field) || !jsonEqual(before[field], value)) {
			target.set(field, value);
		}
	}
}

function writePlainMap(target: Y.Map<unknown>, before: Raw, after: Raw): void {
	for (const key of Object.keys(before)) if (!Object.hasOwn(after, key)) target.delete(key);
	for (const [key, value] of Object.entries(after)) {
		if (!Object.hasOwn(before, key) || !jsonEqual(before[key], value)) target.set(key, value);
	}
}

/**
 * Writes one entity change key by key: only the fields that differ between `before` and
 * `after` are written, so a concurrent edit of another field is untouched. Call inside a
 * transaction. `before` must be what the document holds now (readRaw).
 */
export function writeRaw(doc: Y.Doc, collection: Collection, key: string, before: unknown, after: unknown): void {
	const spec = collectionSpecs[collection];
	const root = rootOf(doc, collection);
	switch (spec.shape) {
		case Shape.Single:
			writeFields(root, spec, asRecord(before), asRecord(after));
			return;
		case Shape.Entity: {
			if (after === null) {
				root.delete(key);
				return;
			}
			let entity = root.get(key);
			if (!(entity instanceof Y.Map) || before === null) {
				entity = new Y.Map<unknown>();
				root.set(key, entity);
				writeFields(entity as Y.Map<unknown>, spec, {}, asRecord(after));
				return;
			}
			writeFields(entity as Y.Map<unknown>, spec, asRecord(before), asRecord(after));
			return;
		}
		case Shape.Value:
			if (after === null) root.delete(key);
			else if (!jsonEqual(before, after)) root.set(key, after);
			return;
		default:
			assertNeverShape(spec.shape);
	}
}

/** A plain, JSON-shaped copy without prototype tricks: what gets written into Yjs. */
export function toRaw(entity: unknown): unknown {
	return entity === null || entity === undefined ? null : JSON.parse(JSON.stringify(entity));
}
