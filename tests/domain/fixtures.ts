import * as Y from 'yjs';
import { expect } from 'vitest';
import {
	accountRoom,
	addMember,
	applyEffect,
	createAccount,
	createAsset,
	docAccountView,
	parseRoomName,
	validateUpdate,
	type AccountView,
	type Effect,
	type EffectEnv,
	type CommandEnv,
	type Room,
	type User,
	type Result,
	type AcceptedUpdate
} from '$lib/domain';

/**
 * A small world for domain tests: registered users, account documents, and a "relay" copy
 * of each document that only takes updates validateUpdate accepts — so every test can check
 * the UI side (the command) and the relay side (the update) of the same rule.
 */
export class World {
	readonly users = new Map<string, User>();
	/** What each client holds, by room name. */
	readonly docs = new Map<string, Y.Doc>();
	/** What the relay holds, by room name. */
	readonly relayDocs = new Map<string, Y.Doc>();
	private seq = 0;
	now = 1_700_000_000_000;

	register(name: string): User {
		const user: User = { id: `u-${name}`, email: `${name}@example.com`, name };
		this.users.set(user.id, user);
		return user;
	}

	doc(roomName: string): Y.Doc {
		let doc = this.docs.get(roomName);
		if (doc === undefined) this.docs.set(roomName, (doc = new Y.Doc()));
		return doc;
	}

	relayDoc(roomName: string): Y.Doc {
		let doc = this.relayDocs.get(roomName);
		if (doc === undefined) this.relayDocs.set(roomName, (doc = new Y.Doc()));
		return doc;
	}

	newId = (): string => `id${++this.seq}`;

	/** The id counter, so a copy of this world does not hand out ids it already used. */
	get idSeq(): number {
		return this.seq;
	}
	set idSeq(value: number) {
		this.seq = value;
	}

	accountView(accountId: string, docs: Map<string, Y.Doc> = this.docs): AccountView | null {
		const doc = docs.get(`account/${accountId}`);
		return doc === undefined ? null : docAccountView(doc, accountId);
	}

	env(actor: User, room: Room, roomName: string): CommandEnv {
		const accountDoc = room.kind !== 'user' && room.kind !== 'account' ? this.docs.get(`account/${room.accountId}`) : undefined;
		return {
			doc: this.doc(roomName),
			room,
			actor: { userId: actor.id },
			now: this.now,
			...(accountDoc === undefined ? {} : { accountDoc }),
			lookupUser: (id) => this.users.get(id) ?? null,
			otherAccount: (id) => this.accountView(id),
			newId: this.newId
		};
	}

	accountEnv(actor: User, accountId: string): CommandEnv {
		return this.env(actor, accountRoom(accountId), `account/${accountId}`);
	}

	/** Runs `write` on the client doc and returns the update it produced (empty when none). */
	capture(roomName: string, write: () => void): Uint8Array | null {
		const doc = this.doc(roomName);
		let update: Uint8Array | null = null;
		const onUpdate = (u: Uint8Array) => {
			update = update === null ? u : Y.mergeUpdates([update, u]);
		};
		doc.on('update', onUpdate);
		try {
			write();
		} finally {
			doc.off('update', onUpdate);
		}
		return update;
	}

	/** The relay's validation of `update` from `actor` in `room`; applied to the relay copy when accepted. */
	relay(actor: User, room: Room, roomName: string, update: Uint8Array): Result<AcceptedUpdate> {
		const doc = this.relayDoc(roomName);
		const result = validateUpdate(doc, update, {
			actor: { userId: actor.id },
			room,
			now: this.now,
			lookupUser: (id) => this.users.get(id) ?? null,
			accountDoc: (id) => this.relayDocs.get(`account/${id}`) ?? null
		});
		if (result.ok) Y.applyUpdate(doc, update);
		return result;
	}

	/** Copies the relay's state of a room into the client's (as a sync would). */
	syncFromRelay(roomName: string): void {
		Y.applyUpdate(this.doc(roomName), Y.encodeStateAsUpdate(this.relayDoc(roomName)));
	}

	// ---------------------------------------------------------------- helpers for rule tests

	/** The room a room name stands for (throws on a bad name: a test bug). */
	room(roomName: string): Room {
		const room = parseRoomName(roomName);
		if (room === null) throw new Error(`bad room name ${roomName}`);
		return room;
	}

	/** What the relay uses to carry out effects: its own copies of the rooms. */
	effectEnv(): EffectEnv {
		return {
			accountDoc: (id) => this.relayDocs.get(`account/${id}`) ?? null,
			userDoc: (id) => this.relayDoc(`user/${id}`),
			newId: this.newId,
			now: this.now,
			origin: 'relay'
		};
	}

	/** Applies the relay's effects to its documents, then brings every client copy up to date. */
	applyEffects(effects: readonly Effect[]): void {
		const env = this.effectEnv();
		for (const effect of effects) applyEffect(effect, env);
		this.syncAll();
	}

	/** Every client copy takes what the relay holds (as connected clients would). */
	syncAll(): void {
		for (const name of this.relayDocs.keys()) this.syncFromRelay(name);
	}

	/** After a rejection: the client drops its copy of the room and reloads it from the relay (a new clientID). */
	resetFromRelay(roomName: string): void {
		const fresh = new Y.Doc();
		Y.applyUpdate(fresh, Y.encodeStateAsUpdate(this.relayDoc(roomName)));
		this.docs.set(roomName, fresh);
	}

	/**
	 * The whole write path for one command: run it on the client doc as `actor`, capture the
	 * update, let the relay validate it; on acceptance apply the relay's effects, on rejection
	 * reset the client's copy from the relay.
	 */
	act<T>(actor: User, roomName: string, command: (env: CommandEnv) => Result<T>): Acted<T> {
		const room = this.room(roomName);
		let result: Result<T> | undefined;
		const update = this.capture(roomName, () => {
			result = command(this.env(actor, room, roomName));
		});
		if (result === undefined) throw new Error('command did not run');
		if (update === null) return { result, update, relayed: null };
		const relayed = this.relay(actor, room, roomName, update);
		if (relayed.ok) this.applyEffects(relayed.value.effects);
		else this.resetFromRelay(roomName);
		return { result, update, relayed };
	}

	/** `act`, but the test needs it to succeed on both sides (setup steps). */
	must<T>(actor: User, roomName: string, command: (env: CommandEnv) => Result<T>): T {
		const acted = this.act(actor, roomName, command);
		if (!acted.result.ok) throw new Error(`command refused: ${acted.result.reason} ${JSON.stringify(acted.result.detail ?? {})}`);
		if (acted.relayed !== null && !acted.relayed.ok) {
			throw new Error(`relay refused: ${acted.relayed.reason} ${JSON.stringify(acted.relayed.detail ?? {})}`);
		}
		return acted.result.value;
	}

	/**
	 * A hostile client's raw update: `write` runs on a private copy of the relay's document
	 * (a fresh clientID), and the update is what that copy gained.
	 */
	hostile(roomName: string, write: (doc: Y.Doc) => void): Uint8Array {
		const base = this.relayDoc(roomName);
		const copy = new Y.Doc();
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(base));
		copy.transact(() => write(copy));
		return Y.encodeStateAsUpdate(copy, Y.encodeStateVector(base));
	}

	/** A JSON picture of what the relay holds in a room, to show that a rejection changed nothing. */
	relaySnapshot(roomName: string): unknown {
		const doc = this.relayDoc(roomName);
		const out: Record<string, unknown> = {};
		for (const name of [...doc.share.keys()].sort()) {
			const root = doc.getMap(name);
			if (root.size > 0) out[name] = root.toJSON(); // reading a root creates it empty: not a write
		}
		return { state: Array.from(Y.encodeStateVector(doc)), content: out };
	}

	/** A JSON picture of what the client holds in a room. */
	clientSnapshot(roomName: string): unknown {
		const doc = this.doc(roomName);
		const out: Record<string, unknown> = {};
		for (const name of [...doc.share.keys()].sort()) {
			const root = doc.getMap(name);
			if (root.size > 0) out[name] = root.toJSON(); // reading a root creates it empty: not a write
		}
		return { state: Array.from(Y.encodeStateVector(doc)), content: out };
	}
}

/** What `World.act` saw on both sides of one command. */
export interface Acted<T> {
	/** The command's own answer (the UI side). */
	readonly result: Result<T>;
	/** The update it wrote (null when it wrote nothing). */
	readonly update: Uint8Array | null;
	/** The relay's answer (null when there was nothing to send). */
	readonly relayed: Result<AcceptedUpdate> | null;
}

// ---------------------------------------------------------------- setup steps (must succeed on both sides)

/** `actor` creates account `accountId` and becomes its only admin. */
export function seedAccount(world: World, actor: User, accountId: string, name = `Account ${accountId}`): void {
	world.must(actor, `account/${accountId}`, (env) => createAccount(env, { name, displayEmail: `office@${accountId}.example`, creator: actor }));
}

/** `admin` adds `user` to the account with these types (catalog when omitted). */
export function seedMember(world: World, admin: User, accountId: string, user: User, types?: readonly string[]): void {
	world.must(admin, `account/${accountId}`, (env) => addMember(env, { email: user.email, user, ...(types === undefined ? {} : { types }) }));
}

/** `actor` (an admin) creates an asset; they become its master. Returns its id. */
export function seedAsset(world: World, actor: User, accountId: string, kind: string, name = `Asset ${kind}`): string {
	return world.must(actor, `account/${accountId}`, (env) => createAsset(env, { kind, name })).assetId;
}

// ---------------------------------------------------------------- both sides of a rule

/** UI side, refused: the command names `reason` and writes nothing, on the client or at the relay. */
export function expectCommandRefused<T>(
	world: World,
	actor: User,
	roomName: string,
	command: (env: CommandEnv) => Result<T>,
	reason: string
): void {
	const client = world.clientSnapshot(roomName);
	const relay = world.relaySnapshot(roomName);
	const acted = world.act(actor, roomName, command);
	expect(acted.result).toMatchObject({ ok: false, reason });
	expect(acted.update).toBeNull();
	expect(world.clientSnapshot(roomName)).toEqual(client);
	expect(world.relaySnapshot(roomName)).toEqual(relay);
}

/** Both sides, allowed: the command succeeds, and the relay accepts the update it wrote. */
export function expectAccepted<T>(
	world: World,
	actor: User,
	roomName: string,
	command: (env: CommandEnv) => Result<T>
): { readonly value: T; readonly accepted: AcceptedUpdate } {
	const acted = world.act(actor, roomName, command);
	if (!acted.result.ok) throw new Error(`command refused: ${acted.result.reason}`);
	expect(acted.update).not.toBeNull();
	expect(acted.relayed).toMatchObject({ ok: true });
	if (acted.relayed === null || !acted.relayed.ok) throw new Error('relay refused');
	return { value: acted.result.value, accepted: acted.relayed.value };
}

/**
 * Relay side, refused: a raw update (or a hostile write on a copy of the relay's document)
 * sent by `actor` is rejected with `reason`, and the relay's document is unchanged.
 */
export function expectRelayRefuses(
	world: World,
	actor: User,
	roomName: string,
	write: Uint8Array | ((doc: Y.Doc) => void),
	reason: string
): void {
	const before = world.relaySnapshot(roomName);
	const update = write instanceof Uint8Array ? write : world.hostile(roomName, write);
	const result = world.relay(actor, world.room(roomName), roomName, update);
	expect(result).toMatchObject({ ok: false, reason });
	expect(world.relaySnapshot(roomName)).toEqual(before);
}

/** Relay side, allowed: a raw update from `actor` is accepted (and applied to the relay's copy). */
export function expectRelayAccepts(world: World, actor: User, roomName: string, write: (doc: Y.Doc) => void): AcceptedUpdate {
	const result = world.relay(actor, world.room(roomName), roomName, world.hostile(roomName, write));
	expect(result).toMatchObject({ ok: true });
	if (!result.ok) throw new Error(`relay refused: ${result.reason}`);
	world.applyEffects(result.value.effects);
	return result.value;
}

/** The Y.Map of one entity in a hostile copy (throws when absent: a test bug). */
export function entityMap(doc: Y.Doc, collection: string, key: string): Y.Map<unknown> {
	const entity = doc.getMap(collection).get(key);
	if (!(entity instanceof Y.Map)) throw new Error(`no ${collection}/${key}`);
	return entity as Y.Map<unknown>;
}

/** A new entity map holding `fields` (nested plain objects become nested Y.Maps for `map` fields). */
export function newEntity(fields: Record<string, unknown>, mapFields: readonly string[] = []): Y.Map<unknown> {
	const entity = new Y.Map<unknown>();
	for (const [k, v] of Object.entries(fields)) {
		if (mapFields.includes(k)) {
			const nested = new Y.Map<unknown>();
			for (const [nk, nv] of Object.entries(v as Record<string, unknown>)) nested.set(nk, nv);
			entity.set(k, nested);
		} else entity.set(k, v);
	}
	return entity;
}

/**
 * A World whose documents get clientIDs from a counter instead of at random, so that a
 * seeded property test replays byte for byte. `copyOf` starts from another world's state.
 */
export class SeededWorld extends World {
	private nextClientId = 1;

	private seededDoc(): Y.Doc {
		const doc = new Y.Doc();
		doc.clientID = this.nextClientId++;
		return doc;
	}

	override doc(roomName: string): Y.Doc {
		if (!this.docs.has(roomName)) this.docs.set(roomName, this.seededDoc());
		return super.doc(roomName);
	}

	override relayDoc(roomName: string): Y.Doc {
		if (!this.relayDocs.has(roomName)) this.relayDocs.set(roomName, this.seededDoc());
		return super.relayDoc(roomName);
	}

	override resetFromRelay(roomName: string): void {
		const fresh = this.seededDoc();
		Y.applyUpdate(fresh, Y.encodeStateAsUpdate(this.relayDoc(roomName)));
		this.docs.set(roomName, fresh);
	}

	/** A new world holding the same users and documents (clients and relay), with fresh clientIDs. */
	copy(): SeededWorld {
		const next = new SeededWorld();
		next.nextClientId = this.nextClientId + 1_000;
		for (const [id, user] of this.users) next.users.set(id, user);
		for (const [name, doc] of this.relayDocs) Y.applyUpdate(next.relayDoc(name), Y.encodeStateAsUpdate(doc));
		for (const [name, doc] of this.docs) Y.applyUpdate(next.doc(name), Y.encodeStateAsUpdate(doc));
		next.idSeq = this.idSeq;
		return next;
	}
}
