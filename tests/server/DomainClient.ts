import * as Y from 'yjs';
import { parseRoomName, type CommandEnv, type Result, type Room, type User } from '../../src/lib/domain/index.ts';
import { MessageKind, type Message } from '../../src/lib/protocol/protocol.ts';
import { captureUpdate, RawClient, type TestRelay } from './helpers.ts';
import type { Session } from '../../server/AuthService.ts';

let ids = 0;

/**
 * A client of one room that runs the domain's commands (what the real UI sends) or raw
 * hostile writes, over a real socket, and keeps its copy in step with the relay.
 */
export class DomainClient {
	readonly socket: RawClient;
	readonly room: Room;
	readonly user: User;
	doc = new Y.Doc();
	/** For section rooms: the account room's state, as the client would hold it. */
	accountDoc: Y.Doc | undefined;
	readonly #users: ReadonlyMap<string, User>;

	private constructor(relay: TestRelay, session: Session, roomName: string, users: ReadonlyMap<string, User>) {
		const room = parseRoomName(roomName);
		if (room === null) throw new Error(`bad room ${roomName}`);
		this.room = room;
		this.user = session.user;
		this.#users = users;
		this.socket = new RawClient(relay.wsUrl, roomName, session.token);
		this.socket.onMessage((message: Message) => {
			if (message.type === MessageKind.SyncUpdate) Y.applyUpdate(this.doc, message.update);
		});
	}

	/** Connects and loads the room; throws when the relay refuses to serve it. */
	static async open(relay: TestRelay, session: Session, roomName: string, users: ReadonlyMap<string, User> = new Map()): Promise<DomainClient> {
		const client = new DomainClient(relay, session, roomName, users);
		await client.socket.ready();
		client.doc = await client.socket.fetchState();
		return client;
	}

	env(): CommandEnv {
		return {
			doc: this.doc,
			room: this.room,
			actor: { userId: this.user.id },
			now: Date.now(),
			...(this.accountDoc === undefined ? {} : { accountDoc: this.accountDoc }),
			lookupUser: (id) => this.#users.get(id) ?? null,
			otherAccount: () => null,
			newId: () => `t${process.pid}x${++ids}`
		};
	}

	/** Runs a command locally; when it wrote something, sends it and returns the relay's answer. */
	async command<T>(command: (env: CommandEnv) => Result<T>): Promise<{ result: Result<T>; answer: Message | null }> {
		let result: Result<T> | undefined;
		const update = captureUpdate(this.doc, () => {
			result = command(this.env());
		});
		if (result === undefined) throw new Error('command did not run');
		if (!result.ok) return { result, answer: null };
		return { result, answer: await this.socket.write(update) };
	}

	/** A hostile write: raw Yjs on a private copy (fresh clientID); sends what the copy gained. */
	async hostile(write: (doc: Y.Doc) => void): Promise<Message> {
		const copy = new Y.Doc();
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(this.doc));
		copy.transact(() => write(copy));
		return this.socket.write(Y.encodeStateAsUpdate(copy, Y.encodeStateVector(this.doc)));
	}

	/** What the relay holds now. */
	async relayState(): Promise<Y.Doc> {
		return this.socket.fetchState();
	}

	close(): void {
		this.socket.close();
	}
}
