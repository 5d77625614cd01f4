import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import { RejectReason } from '../src/lib/domain/RejectReason.ts';
import { accountRoom, roomName, type Room } from '../src/lib/domain/Room.ts';
import type { Refusal, Result } from '../src/lib/domain/Result.ts';
import { encodeMessage, MessageKind } from '../src/lib/protocol/protocol.ts';
import type { Logger } from './Logger.ts';
import type { RegisteredUsers } from './RegisteredUsers.ts';
import { relayOwner, type RelayRoom, type RoomPeer } from './RelayRoom.ts';
import type { RoomRegistry } from './RoomRegistry.ts';
import type { RoomStorage, RoomWrite } from './RoomStorage.ts';
import type { AcceptedWrite, FollowUp, ReadContext, RelayWriteEnv, RoomValidator, WriteContext } from './RoomValidator.ts';
import { singleNodeScopes, type ScopedWrite, type WriteScope, type WriteScopes } from './WriteScope.ts';
import type { User } from '../src/lib/domain/entities.ts';

export type WriteOutcome = { readonly ok: true } | Refusal;

/** How often one write may go back to load what validation asked for before giving up. */
const maxResolveRounds = 4;

/** Transaction origin of the relay's own writes. */
export const relayOrigin = Symbol('relay');

/** Ids for the relay's own entries (notifications, activity): 16 url-safe characters. */
const newId = (): string => randomBytes(12).toString('base64url');

/**
 * The document with `transact` turned into a no-op: follow-ups run against it to reveal
 * the rooms they need without changing anything.
 */
function withoutWrites(doc: Y.Doc): Y.Doc {
	return new Proxy(doc, {
		get(target, property) {
			if (property === 'transact') return () => undefined;
			const value: unknown = Reflect.get(target, property, target);
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		}
	});
}

/** No structs, no deletions: the two zero counts of an update that changes nothing. */
function isEmptyUpdate(update: Uint8Array): boolean {
	return update.length === 2 && update[0] === 0 && update[1] === 0;
}

/**
 * The rooms a check read that were not refreshed yet, now marked refreshed: each room is
 * refreshed once per check, so a check that keeps reading the same rooms terminates.
 */
function unrefreshed(read: ReadonlySet<RelayRoom>, refreshed: Set<RelayRoom>): RelayRoom[] {
	const stale = [...read].filter((room) => !refreshed.has(room));
	for (const room of stale) refreshed.add(room);
	return stale;
}

/** Thrown when a write failed after the in-memory documents changed: the rooms were evicted. */
export class StorageFailure extends Error {
	readonly rooms: readonly RelayRoom[];
	constructor(rooms: readonly RelayRoom[], cause: unknown) {
		super(`storage failed: ${String(cause)}`);
		this.rooms = rooms;
	}
}

export interface RoomWriterOptions {
	readonly registry: RoomRegistry;
	readonly storage: RoomStorage;
	/** Null: a plain relay that applies whatever it is sent (benchmark baseline). */
	readonly validator: RoomValidator | null;
	readonly users: RegisteredUsers;
	readonly compactAfter: number;
	readonly log: Logger;
	readonly now?: () => number;
	/** Called after a write that may have narrowed these users' read access. */
	readonly onAccessChanged: (userIds: readonly string[]) => void;
	/**
	 * How writes are ordered against other relay nodes (ClusterWrites). Default: one node,
	 * nothing to order against.
	 */
	readonly scopes?: WriteScopes;
}

/**
 * Things a synchronous validation asked for that were not in memory. The writer loads them
 * and validates again, so validation always runs on the latest state in the same tick as
 * the apply that follows it.
 */
class Misses {
	readonly rooms = new Set<string>();
	readonly users = new Set<string>();
	/** Loaded rooms the validation read: with several nodes they are refreshed from storage. */
	readonly read = new Set<RelayRoom>();
	get empty(): boolean {
		return this.rooms.size === 0 && this.users.size === 0;
	}
}

/**
 * The write path (DESIGN §3 Write path): check clientID ownership, validate against the
 * state before the update, apply, run the follow-ups, store everything in one atomic append,
 * then (only then) ack and broadcast. A refused update touches nothing.
 */
export class RoomWriter {
	readonly #registry: RoomRegistry;
	readonly #validator: RoomValidator | null;
	readonly #users: RegisteredUsers;
	readonly #compactAfter: number;
	readonly #log: Logger;
	readonly #now: () => number;
	readonly #onAccessChanged: (userIds: readonly string[]) => void;
	readonly #scopes: WriteScopes;

	constructor(options: RoomWriterOptions) {
		this.#registry = options.registry;
		this.#validator = options.validator;
		this.#users = options.users;
		this.#compactAfter = options.compactAfter;
		this.#log = options.log;
		this.#now = options.now ?? Date.now;
		this.#onAccessChanged = options.onAccessChanged;
		this.#scopes = options.scopes ?? singleNodeScopes(options.storage);
	}

	/** A read context over what is in memory; misses are recorded for loading. */
	readContext(misses?: Misses): ReadContext {
		return {
			accountDoc: (accountId) => {
				const name = roomName(accountRoom(accountId));
				const room = this.#registry.peek(name);
				if (room === undefined) {
					misses?.rooms.add(name);
					return null;
				}
				misses?.read.add(room);
				return room.doc;
			}
		};
	}

	/**
	 * Answers a read check, loading whatever account documents it needs. The caller holds no
	 * document bytes until this says yes.
	 */
	async canRead(room: Room, userId: string): Promise<Result<true>> {
		if (this.#validator === null) return { ok: true, value: true };
		const pinned: RelayRoom[] = [];
		const refreshed = new Set<RelayRoom>();
		try {
			for (let round = 0; ; ) {
				const misses = new Misses();
				const result = this.#validator.canRead(room, userId, this.readContext(misses));
				if (misses.empty) {
					// Several nodes: answer from what storage holds now, not from what this node last heard.
					const stale = this.#scopes.refreshes ? unrefreshed(misses.read, refreshed) : [];
					if (stale.length === 0) return result;
					for (const r of stale) await this.#scopes.refresh(r);
					continue;
				}
				// An answer given without the documents it needed is not an answer.
				if (round++ >= maxResolveRounds) return { ok: false, reason: RejectReason.NotMember, detail: { what: 'context' } };
				for (const name of misses.rooms) pinned.push(await this.#registry.pin(name));
			}
		} finally {
			for (const r of pinned) this.#registry.unpin(r);
		}
	}

	async write(room: RelayRoom, sender: RoomPeer, update: Uint8Array): Promise<WriteOutcome> {
		// Every reconnect's sync step 2 is empty when the client has nothing new: ack it
		// without a log entry or a broadcast.
		if (isEmptyUpdate(update)) return { ok: true };
		const validator = this.#validator;
		return this.#scopes.run(room, async (scope) => {
			if (validator === null) return this.#writePlain(scope, room, sender, update);
			const pinned: RelayRoom[] = [];
			try {
				return await this.#writeValidated(scope, validator, room, sender, update, pinned);
			} finally {
				for (const r of pinned) this.#registry.unpin(r);
			}
		});
	}

	/**
	 * A write the relay makes on its own authority (an import), through the same path as the
	 * follow-ups of a client's write: `prepare` decides, over the latest account documents,
	 * whether it may happen and returns the follow-ups that make it; they run with the relay's
	 * origin, everything they wrote is committed in one atomic append, and only then broadcast.
	 * `room` is the room the write is ordered on (locked while it runs, with several nodes).
	 */
	async writeAsRelay(roomName: string, prepare: (ctx: ReadContext) => Result<readonly FollowUp[]>): Promise<WriteOutcome> {
		const pinned: RelayRoom[] = [];
		try {
			const room = await this.#registry.pin(roomName);
			pinned.push(room);
			return await this.#scopes.run(room, async (scope) => {
				const refreshed = new Set<RelayRoom>([room]);
				let followUps: readonly FollowUp[];
				for (let round = 0; ; ) {
					const misses = new Misses();
					const result = prepare(this.readContext(misses));
					if (!misses.empty) {
						if (round++ >= maxResolveRounds) return { ok: false, reason: RejectReason.MissingDependency, detail: { what: 'context' } };
						for (const name of misses.rooms) pinned.push(await this.#registry.pin(name));
						continue;
					}
					if (scope.refreshes) {
						const stale = unrefreshed(misses.read, refreshed);
						if (stale.length > 0) {
							for (const r of stale) await scope.refresh(r);
							continue;
						}
					}
					if (!result.ok) return result;
					followUps = result.value;
					break;
				}
				const touched = new Set<RelayRoom>([room]);
				let writes: ScopedWrite[];
				try {
					await this.#loadFollowUpRooms(scope, room, followUps, pinned);
					writes = this.#runFollowUps(followUps, touched);
				} catch (error) {
					for (const r of touched) this.#registry.evict(r);
					throw new StorageFailure([...touched], error);
				}
				if (writes.length === 0) return { ok: true };
				await this.#commit(scope, writes);
				for (const { room: target, write } of writes) {
					if (write.update !== null) target.broadcast(encodeMessage({ type: MessageKind.SyncUpdate, update: write.update }));
				}
				for (const { room: written } of writes) this.#maybeCompact(written);
				return { ok: true };
			});
		} finally {
			for (const r of pinned) this.#registry.unpin(r);
		}
	}

	async #writePlain(scope: WriteScope, room: RelayRoom, sender: RoomPeer, update: Uint8Array): Promise<WriteOutcome> {
		try {
			Y.applyUpdate(room.doc, update, sender);
		} catch {
			return { ok: false, reason: RejectReason.MalformedUpdate };
		}
		await this.#commit(scope, [{ room, write: { room: room.name, update, clientOwners: [] } }]);
		room.broadcast(encodeMessage({ type: MessageKind.SyncUpdate, update }), sender);
		this.#maybeCompact(room);
		return { ok: true };
	}

	async #writeValidated(
		scope: WriteScope,
		validator: RoomValidator,
		room: RelayRoom,
		sender: RoomPeer,
		update: Uint8Array,
		pinned: RelayRoom[]
	): Promise<WriteOutcome> {
		if (room.room === null) return { ok: false, reason: RejectReason.RoomNotFound };
		let writers: Map<number, number>;
		try {
			// O(update): which clientIDs this update writes under.
			writers = Y.parseUpdateMeta(update).from;
		} catch {
			return { ok: false, reason: RejectReason.MalformedUpdate };
		}
		for (const [clientId, clock] of writers) {
			// A gap in a client's clock would park the update in Yjs' pending structs for ever.
			if (clock > Y.getState(room.doc.store, clientId)) {
				return { ok: false, reason: RejectReason.MissingDependency, detail: { clientId } };
			}
		}
		// This room is locked (several nodes) and was brought up to date before we got here;
		// rooms validation only reads are refreshed below, once each.
		const refreshed = new Set<RelayRoom>([room]);
		for (let round = 0; ; ) {
			// Everything below up to the apply is synchronous: nothing can change the documents
			// between the validation and the apply.
			const owners = this.#checkClientIds(room, sender.userId, writers);
			if (!owners.ok) return owners;
			const misses = new Misses();
			const context = this.#writeContext(room.room, sender.userId, misses);
			const result = validator.validate(room.doc, update, context);
			if (misses.empty && scope.refreshes) {
				const stale = unrefreshed(misses.read, refreshed);
				if (stale.length > 0) {
					for (const r of stale) await scope.refresh(r);
					// Validate again: the last validation must run in the same tick as the apply.
					continue;
				}
			}
			if (!misses.empty) {
				if (round++ >= maxResolveRounds) {
					this.#log.error('write: validation kept asking for more', { room: room.name, rooms: [...misses.rooms] });
					return { ok: false, reason: RejectReason.MissingDependency, detail: { what: 'context' } };
				}
				for (const name of misses.rooms) pinned.push(await this.#registry.pin(name));
				for (const userId of misses.users) await this.#users.load(userId);
				continue;
			}
			if (!result.ok) return result;
			return await this.#applyAccepted(scope, room, sender, update, owners.value, result.value, pinned);
		}
	}

	/** Every clientID the update writes under must be the sender's, or unused so far. */
	#checkClientIds(room: RelayRoom, userId: string, writers: ReadonlyMap<number, number>): Result<[number, string][]> {
		const newOwners: [number, string][] = [];
		for (const clientId of writers.keys()) {
			const owner = room.ownerOf(clientId);
			if (owner === userId) continue;
			// A clientID with history but no owner was written before bindings existed (a plain
			// relay): nobody can prove it is theirs.
			if (owner !== undefined || Y.getState(room.doc.store, clientId) > 0) {
				return { ok: false, reason: RejectReason.ForeignClientId, detail: { clientId } };
			}
			newOwners.push([clientId, userId]);
		}
		return { ok: true, value: newOwners };
	}

	#writeContext(room: Room, userId: string, misses: Misses): WriteContext {
		const users = this.#users;
		return {
			...this.readContext(misses),
			actor: { userId },
			room,
			now: this.#now(),
			lookupUser(candidate: string): User | null {
				const user = users.peek(candidate);
				if (user !== undefined) return user;
				misses.users.add(candidate);
				return null;
			}
		};
	}

	async #applyAccepted(
		scope: WriteScope,
		room: RelayRoom,
		sender: RoomPeer,
		update: Uint8Array,
		newOwners: [number, string][],
		accepted: AcceptedWrite,
		pinned: RelayRoom[]
	): Promise<WriteOutcome> {
		for (const [clientId, owner] of newOwners) room.clientOwners.set(clientId, owner);
		const primary: RoomWrite = { room: room.name, update, clientOwners: newOwners, accessChangedFor: accepted.accessChangedFor };
		const writes: ScopedWrite[] = [{ room, write: primary }];
		const touched = new Set<RelayRoom>([room]);
		try {
			Y.applyUpdate(room.doc, update, sender);
			if (room.doc.store.pendingStructs !== null || room.doc.store.pendingDs !== null) {
				this.#log.error('write: an accepted update left pending structs', { room: room.name });
			}
			if (accepted.followUps.length > 0) {
				// Follow-ups read the state after the update (a new admin gets the notification).
				await this.#loadFollowUpRooms(scope, room, accepted.followUps, pinned);
				writes.push(...this.#runFollowUps(accepted.followUps, touched));
			}
		} catch (error) {
			// Validation passed, so this is a bug; the documents may be half-changed: reload them.
			for (const r of touched) this.#registry.evict(r);
			throw new StorageFailure([...touched], error);
		}
		await this.#commit(scope, writes);
		for (const run of accepted.afterCommit ?? []) run();
		room.broadcast(encodeMessage({ type: MessageKind.SyncUpdate, update }), sender);
		for (const { room: target, write } of writes.slice(1)) {
			if (write.update !== null) target.broadcast(encodeMessage({ type: MessageKind.SyncUpdate, update: write.update }));
		}
		for (const { room: written } of writes) this.#maybeCompact(written);
		if (accepted.accessChangedFor.length > 0) this.#onAccessChanged(accepted.accessChangedFor);
		return { ok: true };
	}

	/**
	 * Runs the follow-ups with writes suppressed until every room they ask for is in memory
	 * and locked (several nodes: up to date, and nobody else writes it until we commit).
	 */
	async #loadFollowUpRooms(scope: WriteScope, room: RelayRoom, followUps: readonly FollowUp[], pinned: RelayRoom[]): Promise<void> {
		const locked = new Set<RelayRoom>([room]);
		for (let round = 0; ; ) {
			const misses = new Set<string>();
			const unlocked = new Set<RelayRoom>();
			const env = this.#relayEnv((name) => {
				const loaded = this.#registry.peek(name);
				if (loaded === undefined) {
					misses.add(name);
					return null;
				}
				if (!locked.has(loaded)) unlocked.add(loaded);
				return withoutWrites(loaded.doc);
			});
			for (const followUp of followUps) followUp(env);
			if (misses.size === 0) {
				if (unlocked.size === 0) return;
				// Locking may bring in other nodes' commits: run the follow-ups again on that state.
				for (const target of unlocked) {
					await scope.lock(target);
					locked.add(target);
				}
				continue;
			}
			if (round++ >= maxResolveRounds) throw new Error(`follow-ups kept asking for rooms: ${[...misses].join(', ')}`);
			for (const name of misses) pinned.push(await this.#registry.pin(name));
		}
	}

	/** Runs the follow-ups for real; one stored write per touched room. Synchronous. */
	#runFollowUps(followUps: readonly FollowUp[], touched: Set<RelayRoom>): { room: RelayRoom; write: RoomWrite }[] {
		const captured = new Map<RelayRoom, Uint8Array[]>();
		const listeners: [RelayRoom, (update: Uint8Array) => void][] = [];
		const env = this.#relayEnv((name) => {
			const target = this.#registry.peek(name);
			if (target === undefined) throw new Error(`follow-up room ${name} is not loaded`);
			if (!captured.has(target)) {
				const updates: Uint8Array[] = [];
				captured.set(target, updates);
				const listener = (u: Uint8Array): void => void updates.push(u);
				target.doc.on('update', listener);
				listeners.push([target, listener]);
				touched.add(target);
			}
			return target.doc;
		});
		try {
			for (const followUp of followUps) followUp(env);
		} finally {
			for (const [target, listener] of listeners) target.doc.off('update', listener);
		}
		const writes: { room: RelayRoom; write: RoomWrite }[] = [];
		for (const [target, updates] of captured) {
			if (updates.length === 0) continue;
			const clientId = target.doc.clientID;
			const bind: [number, string][] = target.clientOwners.has(clientId) ? [] : [[clientId, relayOwner]];
			for (const [id, owner] of bind) target.clientOwners.set(id, owner);
			const merged = updates.length === 1 ? (updates[0] as Uint8Array) : Y.mergeUpdates(updates);
			writes.push({ room: target, write: { room: target.name, update: merged, clientOwners: bind } });
		}
		return writes;
	}

	#relayEnv(doc: (room: string) => Y.Doc | null): RelayWriteEnv {
		return { doc, origin: relayOrigin, now: this.#now(), newId };
	}

	async #commit(scope: WriteScope, writes: readonly ScopedWrite[]): Promise<void> {
		try {
			await scope.commit(writes);
		} catch (error) {
			const rooms = [...new Set(writes.map((w) => w.room))];
			for (const room of rooms) this.#registry.evict(room);
			throw new StorageFailure(rooms, error);
		}
	}

	/** Compaction is O(document), so it runs once per `compactAfter` updates, off the ack path. */
	#maybeCompact(room: RelayRoom): void {
		if (!room.compactionDue(this.#compactAfter) || room.compacting) return;
		room.compacting = true;
		room.pins++;
		setImmediate(() => {
			this.#scopes
				.compact(room, this.#compactAfter)
				.catch((error: unknown) => this.#log.error('storage: compaction failed', { room: room.name, error: String(error) }))
				.finally(() => {
					room.compacting = false;
					this.#registry.unpin(room);
				});
		});
	}
}
