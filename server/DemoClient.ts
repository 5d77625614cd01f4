import WebSocket from 'ws';
import * as Y from 'yjs';
import { parseRoomName, type CommandEnv, type Result, type Room, type User } from '../src/lib/domain/index.ts';
import type { AccountView } from '../src/lib/domain/index.ts';
import { decodeMessage, encodeMessage, MessageKind, type Message } from '../src/lib/protocol/protocol.ts';

/**
 * A minimal client of one room for `npm run demo`: it runs the domain's commands as a
 * signed-in user and sends what they write through the relay, which validates it like any
 * browser's. Demo data is therefore exactly as trustworthy as user data.
 */
export class DemoClient {
	readonly doc = new Y.Doc();
	readonly room: Room;
	readonly #ws: WebSocket;
	readonly #answers = new Map<number, (message: Message) => void>();
	#seq = 0;
	#synced!: () => void;
	readonly synced = new Promise<void>((resolve) => (this.#synced = resolve));

	constructor(
		wsUrl: string,
		roomName: string,
		token: string,
		readonly user: User,
		private readonly lookup: (id: string) => User | null,
		private readonly others: (accountId: string) => AccountView | null,
		private readonly accountDoc?: Y.Doc
	) {
		const room = parseRoomName(roomName);
		if (room === null) throw new Error(`not a room: ${roomName}`);
		this.room = room;
		this.#ws = new WebSocket(`${wsUrl}/sync/${roomName}?token=${encodeURIComponent(token)}`);
		this.#ws.binaryType = 'nodebuffer';
		this.#ws.on('message', (data: Buffer) => this.#receive(new Uint8Array(data)));
		this.#ws.on('close', (code) => {
			for (const resolve of this.#answers.values()) resolve({ type: MessageKind.Rejected, seq: 0, reason: 'relay-only', detail: { close: code } });
		});
	}

	#receive(frame: Uint8Array): void {
		const decoded = decodeMessage(frame);
		if (!decoded.ok) return;
		const message = decoded.value;
		switch (message.type) {
			case MessageKind.SyncStep1:
				this.#ws.send(encodeMessage({ type: MessageKind.SyncStep2, update: Y.encodeStateAsUpdate(this.doc, message.stateVector) }));
				this.#seq++;
				this.#ws.send(encodeMessage({ type: MessageKind.SyncStep1, stateVector: Y.encodeStateVector(this.doc) }));
				return;
			case MessageKind.SyncStep2:
				Y.applyUpdate(this.doc, message.update, 'relay');
				this.#synced();
				return;
			case MessageKind.SyncUpdate:
				Y.applyUpdate(this.doc, message.update, 'relay');
				return;
			case MessageKind.Ack:
			case MessageKind.Rejected:
				this.#answers.get(message.seq)?.(message);
				this.#answers.delete(message.seq);
				return;
			case MessageKind.Awareness:
			case MessageKind.QueryAwareness:
			case MessageKind.AuthError:
				return;
		}
	}

	env(): CommandEnv {
		return {
			doc: this.doc,
			room: this.room,
			actor: { userId: this.user.id },
			now: Date.now(),
			...(this.accountDoc === undefined ? {} : { accountDoc: this.accountDoc }),
			lookupUser: this.lookup,
			otherAccount: this.others,
			newId: () => crypto.randomUUID().replaceAll('-', '').slice(0, 20)
		};
	}

	/** Runs a command, sends its update and waits for the relay's verdict. Throws on any refusal. */
	async run<T>(what: string, command: (env: CommandEnv) => Result<T>): Promise<T> {
		const updates: Uint8Array[] = [];
		const listener = (update: Uint8Array, origin: unknown): void => {
			if (origin !== 'relay') updates.push(update);
		};
		this.doc.on('update', listener);
		const result = command(this.env());
		this.doc.off('update', listener);
		if (!result.ok) throw new Error(`${what}: refused locally (${result.reason})`);
		if (updates.length === 0) return result.value;
		const seq = ++this.#seq;
		const answer = new Promise<Message>((resolve) => this.#answers.set(seq, resolve));
		this.#ws.send(encodeMessage({ type: MessageKind.SyncUpdate, update: Y.mergeUpdates(updates) }));
		const message = await answer;
		if (message.type === MessageKind.Rejected) throw new Error(`${what}: rejected by the relay (${message.reason})`);
		return result.value;
	}

	close(): void {
		this.#ws.close();
	}
}
