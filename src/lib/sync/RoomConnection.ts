import * as Y from 'yjs';
import { applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates, type Awareness } from 'y-protocols/awareness';
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
	/** Presence on this socket (account rooms): our local state out, the others' states in. */
	readonly #awareness: Awareness | null;
	readonly #onAwarenessUpdate = (change: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
		// Only our own state goes out: the others' came from the relay (or timed out locally).
		if (origin === this || this.#awareness === null) return;
		const mine = this.#awareness.clientID;
		if (![...change.added, ...change.updated, ...change.removed].includes(mine)) return;
		this.#send({ type: MessageKind.Awareness, update: encodeAwarenessUpdate(this.#awareness, [mine]) });
	};
	readonly #onUpdate = (update: Uint8Array, origin: unknown) => {
		// Updates the relay sent us must not go back; everything else (commands, other tabs'
		// changes arriving through y-dexie) is ours to send.
		if (origin === this || !this.#handshakeSent || this.#closed) return;
		this.#write({ type: MessageKind.SyncUpdate, update });
	};

	constructor(url: string, doc: Y.Doc, WebSocketImpl: WebSocketConstructor, events: RoomConnectionEvents, options: { awareness?: Awareness } = {}) {
		this.#doc = doc;
		this.#events = events;
		this.#awareness = options.awareness ?? null;
		this.#awareness?.on('update', this.#onAwarenessUpdate);
		this.#ws = new WebSocketImpl(url);
		this.#ws.binaryType = 'arraybuffer';
		this.#ws.onopen = () => {
			this.#send({ type: MessageKind.SyncStep1, stateVector: Y.encodeStateVector(doc) });
			this.#sendLocalAwareness();
		};
		this.#ws.onmessage = (event) => this.#receive(event.data);
		this.#ws.onclose = (event) => this.#finish(event.code, event.reason);
		// An error is always followed by a close event, which is where we act.
		this.#ws.onerror = () => {};
		doc.on('update', this.#onUpdate);
	}

	get isOpen(): boolean {
		return !this.#closed && this.#ws.readyState === OPEN;
	}

	/** The presence this socket carries (null unless given); others' states in it last as long as the socket. */
	get awareness(): Awareness | null {
		return this.#awareness;
	}

	close(code = 1000, reason = 'client closing'): void {
		if (this.#closed) return;
		// Tell the others we left (the relay would also drop our state when the socket closes).
		const awareness = this.#awareness;
		if (awareness !== null && awareness.getLocalState() !== null) {
			// Encoded from an empty state map: our entry at its current clock, as null (removed).
			this.#send({ type: MessageKind.Awareness, update: encodeAwarenessUpdate(awareness, [awareness.clientID], new Map()) });
		}
		this.#closed = true;
		this.#doc.off('update', this.#onUpdate);
		this.#stopAwareness();
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
		this.#stopAwareness();
		if (!wasClosed) this.#events.closed(code, reason);
	}

	/**
	 * Forgets the others' states: we no longer hear about them. Their clocks go too, so that the
	 * next socket's first awareness message (the same states, the same clocks) shows them again.
	 */
	#stopAwareness(): void {
		const awareness = this.#awareness;
		if (awareness === null) return;
		awareness.off('update', this.#onAwarenessUpdate);
		const others = [...awareness.getStates().keys()].filter((id) => id !== awareness.clientID);
		if (others.length > 0) removeAwarenessStates(awareness, others, this);
		for (const id of [...awareness.meta.keys()]) if (id !== awareness.clientID) awareness.meta.delete(id);
	}

	#sendLocalAwareness(): void {
		const awareness = this.#awareness;
		if (awareness === null || awareness.getLocalState() === null) return;
		this.#send({ type: MessageKind.Awareness, update: encodeAwarenessUpdate(awareness, [awareness.clientID]) });
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
				if (this.#awareness === null) return;
				try {
					applyAwarenessUpdate(this.#awareness, message.update, this);
				} catch {
					// A state we cannot read is someone else's presence, not our data: skip it.
				}
				return;
			case MessageKind.QueryAwareness:
				this.#sendLocalAwareness();
				return;
			default: {
				const never: never = message;
				throw new Error(`Unexpected message ${JSON.stringify(never)}`);
			}
		}
	}
}
