import type * as Y from 'yjs';
import type { Room } from '../src/lib/domain/Room.ts';
import type { Result } from '../src/lib/domain/Result.ts';
import type { User } from '../src/lib/domain/entities.ts';

/**
 * What a validator may look at besides the room's own document. Synchronous, because the
 * domain is: when it asks for something the relay has not loaded yet, the relay answers
 * null/false, notes the miss, loads it and asks again (RoomWriter). A validator must be
 * pure for that to be sound — it never mutates the documents it is shown.
 */
export interface ReadContext {
	/** The `account/<id>` document; null when that room is not loaded (yet). */
	accountDoc(accountId: string): Y.Doc | null;
}

export interface WriteContext extends ReadContext {
	/** The authenticated user of the socket: never a claim of the client. */
	readonly actor: { readonly userId: string };
	readonly room: Room;
	readonly now: number;
	/** A registered user by id; null when unknown (or not looked up yet: see ReadContext). */
	lookupUser(userId: string): User | null;
}

/** What a follow-up writes through. */
export interface RelayWriteEnv {
	/**
	 * A room's document. Null when the room is not in memory: the relay notes the miss,
	 * loads the room and runs the follow-ups again.
	 */
	doc(room: string): Y.Doc | null;
	/** Transaction origin for the relay's own writes. */
	readonly origin: unknown;
	readonly now: number;
	newId(): string;
}

/**
 * A write the relay performs on its own authority once the client's update is applied:
 * mirrors into other accounts' rooms, inbox entries, activity entries (DESIGN §3 Rooms).
 * It may read anything but must write only inside `doc.transact(...)`: the relay first runs
 * it with writes suppressed to learn which rooms it needs, then for real.
 */
export type FollowUp = (env: RelayWriteEnv) => void;

export interface AcceptedWrite {
	readonly followUps: readonly FollowUp[];
	/**
	 * Users whose read access may have shrunk with this write: the relay re-checks their
	 * sockets and closes those that may no longer read (4401).
	 */
	readonly accessChangedFor: readonly string[];
	/** Run once the write is committed (never for a refused or failed one): e-mail, say. */
	readonly afterCommit?: readonly (() => void)[];
}

/**
 * The relay's policy hook. The real one is DomainValidator (src/lib/domain); tests inject
 * fakes. `validation: false` runs the relay without one (a plain relay, for benchmarks).
 */
export interface RoomValidator {
	/** May `userId` receive this room's document? */
	canRead(room: Room, userId: string, ctx: ReadContext): Result<true>;
	/**
	 * May the actor apply `update` to `doc` (the room's state before it)? Must not mutate
	 * `doc`; cost should grow with the update, not the document.
	 */
	validate(doc: Y.Doc, update: Uint8Array, ctx: WriteContext): Result<AcceptedWrite>;
}
