import * as Y from 'yjs';
import type { RejectReason } from '$lib/domain';
import type { StateVector } from '$lib/db';
import { decodeMessage, encodeMessage, MessageKind, type Detail, type Message } from '$lib/protocol/protocol';

/** The part of the WebSocket API we use: the browser's and `ws`'s both fit. */
export interface WebSocketLike {
	binaryType: string;
	readonly readyState: number;
	onopen: ((event: unknown) => void) | null;
	onmessage: ((event: { readonly data: unknown }) => void) | null;
	onclose: ((event: { readonly code: number; readonly reason: string }) => void) | null;
	onerror: ((event: unknown) => void) | null;
	send(data: Uint8Array): void;
	close(code?: number, reason?: string): void;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

const OPEN = 1;

export interface RoomConnectionEvents {
	/** The relay's state is applied: the local document holds everything the relay has. */
	synced(): void;
	/** Write number `seq` is stored; the relay now holds the document as it was when it was sent. */
	ack(seq: number, sent: StateVector): void;
	/** Write number `seq` was refused; `sent` is the document's state when it was sent. */
	rejected(seq: number, reason: RejectReason, detail: Detail | null, sent: StateVector): void;
	authError(reason: RejectReason, detail: Detail | null): void;
	closed(code: number, reason: string): void;
}

/**
 * One websocket to `/sync/<room>` (docs/PROTOCOL.md): the y-websocket handshake, then local
 * document updates out and relay updates in. Every write (our sync step 2, each update) gets
 * the next sequence number, matching the relay's count for this socket, and the document's
 * state vector at send time is remembered until the relay answers.
 */
export class RoomConnection {
	readonly #doc: Y.Doc;
	readonly #ws: WebSocketLike;
	readonly #events: RoomConnectionEvents;
	#seq = 0;
	readonly #sent = new Map<number, StateVector>();
	/** Local updates are sent only after our sync step 2: before, the relay may lack what they build on. */
	#handshakeSent = false;
	#closed = false;
	readonly #onUpdate = (update: Uint8Array, origin: unknown) => {
		// Updates the relay sent us must not go back; everything else (commands, other tabs'
		// changes arriving through y-dexie) is ours to send.
		if (origin === this || !this.#handshakeSent || this.#closed) return;
		this.#write({ type: MessageKind.SyncUpdate, update });
	};

	constructor(url: string, doc: Y.Doc, WebSocketImpl: WebSocketConstructor, events: RoomConnectionEvents) {
		this.#doc = doc;
		this.#events = events;
		this.#ws = new WebSocketImpl(url);
		this.#ws.binaryType = 'arraybuffer';
		this.#ws.onopen = () => this.#send({ type: MessageKind.SyncStep1, stateVector: Y.encodeStateVector(doc) });
		this.#ws.onmessage = (event) => this.#receive(event.data);
		this.#ws.onclose = (event) => this.#finish(event.code, event.reason);
		// An error is always followed by a close event, which is where we act.
		this.#ws.onerror = () => {};
		doc.on('update', this.#onUpdate);
	}

	get isOpen(): boolean {
		return !this.#closed && this.#ws.readyState === OPEN;
	}

	close(code = 1000, reason = 'client closing'): void {
		if (this.#closed) return;
		this.#closed = true;
		this.#doc.off('update', this.#onUpdate);
		try {
			this.#ws.close(code, reason);
		} catch {
			// Closing a socket that never opened may throw in some implementations: it is closed either way.
		}
	}

	#finish(code: number, reason: string): void {
		const wasClosed = this.#closed;
		this.#closed = true;
		this.#doc.off('update', this.#onUpdate);
		if (!wasClosed) this.#events.closed(code, reason);
	}

	#send(message: Message): void {
		if (this.#closed || this.#ws.readyState !== OPEN) return;
		this.#ws.send(encodeMessage(message));
	}

	#write(message: Extract<Message, { type: 'sync-step2' | 'sync-update' }>): void {
		if (this.#closed || this.#ws.readyState !== OPEN) return;
		const seq = ++this.#seq;
		this.#sent.set(seq, Y.decodeStateVector(Y.encodeStateVector(this.#doc)));
		this.#ws.send(encodeMessage(message));
	}

	#receive(data: unknown): void {
		if (this.#closed) return;
		const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : null;
		if (bytes === null) return;
		const decoded = decodeMessage(bytes);
		// A frame we cannot read is the relay's bug or a stranger: drop the socket and reconnect.
		if (!decoded.ok) {
			this.close(4400, 'malformed frame');
			this.#events.closed(4400, decoded.problem);
			return;
		}
		const message = decoded.value;
		switch (message.type) {
			case MessageKind.SyncStep1:
				// Everything the relay lacks. A write like any other: it gets a sequence number.
				this.#write({ type: MessageKind.SyncStep2, update: Y.encodeStateAsUpdate(this.#doc, message.stateVector) });
				this.#handshakeSent = true;
				return;
			case MessageKind.SyncStep2:
				Y.applyUpdate(this.#doc, message.update, this);
				this.#events.synced();
				return;
			case MessageKind.SyncUpdate:
				Y.applyUpdate(this.#doc, message.update, this);
				return;
			case MessageKind.Ack: {
				const sent = this.#sent.get(message.seq);
				this.#sent.delete(message.seq);
				if (sent !== undefined) this.#events.ack(message.seq, sent);
				return;
			}
			case MessageKind.Rejected: {
				const sent = this.#sent.get(message.seq) ?? new Map<number, number>();
				this.#sent.delete(message.seq);
				this.#events.rejected(message.seq, message.reason, message.detail ?? null, sent);
				return;
			}
			case MessageKind.AuthError:
				this.#events.authError(message.reason, message.detail ?? null);
				return;
			case MessageKind.Awareness:
			case MessageKind.QueryAwareness:
				// Presence is not shown yet; the relay's awareness traffic is ignored.
				return;
			default: {
				const never: never = message;
				throw new Error(`Unexpected message ${JSON.stringify(never)}`);
			}
		}
	}
}
