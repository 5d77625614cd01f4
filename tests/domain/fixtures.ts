import * as Y from 'yjs';
import {
	accountRoom,
	docAccountView,
	validateUpdate,
	type AccountView,
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
}
