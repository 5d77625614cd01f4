import * as Y from 'yjs';
import { encodeAwarenessUpdate as encodeAwarenessStates, removeAwarenessStates, applyAwarenessUpdate } from 'y-protocols/awareness';
import type { WebSocket } from 'ws';
import { RejectReason } from '../src/lib/domain/RejectReason.ts';
import { parseRoomName } from '../src/lib/domain/Room.ts';
import {
	CloseCode,
	decodeAwarenessUpdate,
	decodeMessage,
	encodeAwarenessUpdate,
	encodeMessage,
	MessageKind,
	type AwarenessEntry,
	type Detail,
	type Message
} from '../src/lib/protocol/protocol.ts';
import type { Logger } from './Logger.ts';
import type { RateLimiter } from './RateLimiter.ts';
import type { RelayRoom, RoomPeer } from './RelayRoom.ts';
import type { RoomRegistry } from './RoomRegistry.ts';
import { StorageFailure, type RoomWriter } from './RoomWriter.ts';
import type { AccessClaims } from './TokenSigner.ts';

export interface SessionLimits {
	/** Most awareness clientIDs one socket may publish (a tab has one; a few for safety). */
	readonly maxAwarenessClients: number;
	/** Largest awareness state (JSON characters) relayed; larger ones are dropped. */
	readonly maxAwarenessStateChars: number;
	/** Frames waiting for their turn on one socket before it counts as flooding. */
	readonly maxQueuedFrames: number;
	/** Bytes buffered for a socket that reads too slowly before it is dropped. */
	readonly maxBufferedBytes: number;
	/** Consecutive rate-limited frames before the socket is closed (4429). */
	readonly maxRateLimitedInARow: number;
	/** Rate-limit tokens a sync step 1 costs: it makes the relay encode the whole document. */
	readonly step1Cost: number;
}

export const defaultSessionLimits: SessionLimits = {
	maxAwarenessClients: 8,
	maxAwarenessStateChars: 16 * 1024,
	maxQueuedFrames: 512,
	maxBufferedBytes: 16 * 1024 * 1024,
	maxRateLimitedInARow: 100,
	step1Cost: 10
};

export interface SessionDeps {
	readonly registry: RoomRegistry;
	readonly writer: RoomWriter;
	readonly messageRate: RateLimiter;
	readonly limits: SessionLimits;
	readonly log: Logger;
	readonly onClosed: (session: RoomSession) => void;
}

const SessionState = {
	Authorizing: 'authorizing',
	Open: 'open',
	Closed: 'closed'
} as const;
type SessionState = (typeof SessionState)[keyof typeof SessionState];

/**
 * One websocket on `/sync/<room>` for one authenticated user. Frames are handled one at a
 * time in arrival order, so acks come back in the order the writes were sent. Nothing of
 * the document is sent before the read check passes.
 */
export class RoomSession implements RoomPeer {
	readonly userId: string;
	readonly roomName: string;
	readonly #name: string;
	readonly #ws: WebSocket;
	readonly #deps: SessionDeps;
	#state: SessionState = SessionState.Authorizing;
	#room: RelayRoom | null = null;
	/** Number of the last write (sync step 2 or update) received on this socket. */
	#seq = 0;
	#rateLimitedInARow = 0;
	#queued = 0;
	#queue: Promise<void> = Promise.resolve();
	readonly #awarenessIds = new Set<number>();

	constructor(ws: WebSocket, claims: AccessClaims, roomName: string, deps: SessionDeps) {
		this.#ws = ws;
		this.userId = claims.sub;
		this.#name = claims.name;
		this.roomName = roomName;
		this.#deps = deps;
		ws.on('message', (data, isBinary) => this.#receive(data, isBinary));
		ws.on('close', () => this.#closed());
	}

	#isClosed(): boolean {
		return this.#state === SessionState.Closed;
	}

	get room(): RelayRoom | null {
		return this.#room;
	}

	get isOpen(): boolean {
		return this.#state === SessionState.Open;
	}

	/** Authorizes, then sends the relay's state vector and the room's awareness. */
	start(): void {
		this.#enqueue(async () => {
			const parsed = parseRoomName(this.roomName);
			if (parsed === null) {
				this.#deny(RejectReason.RoomNotFound);
				return;
			}
			const room = await this.#deps.registry.pin(this.roomName);
			try {
				if (this.#isClosed()) return;
				const allowed = await this.#deps.writer.canRead(parsed, this.userId);
				// The socket may have closed while the read check loaded documents.
				if (this.#isClosed()) return;
				if (!allowed.ok) {
					this.#deny(allowed.reason, allowed.detail);
					return;
				}
				this.#room = room;
				room.peers.add(this);
				this.#state = SessionState.Open;
				this.send(encodeMessage({ type: MessageKind.SyncStep1, stateVector: Y.encodeStateVector(room.doc) }));
				const states = [...room.awareness.getStates().keys()];
				if (states.length > 0) {
					this.send(encodeMessage({ type: MessageKind.Awareness, update: encodeAwarenessStates(room.awareness, states) }));
				}
			} finally {
				this.#deps.registry.unpin(room);
			}
		});
	}

	send(bytes: Uint8Array): void {
		if (this.#ws.readyState !== this.#ws.OPEN) return;
		if (this.#ws.bufferedAmount > this.#deps.limits.maxBufferedBytes) {
			this.close(CloseCode.TryAgainLater, 'send buffer full');
			return;
		}
		this.#ws.send(bytes);
	}

	close(code: CloseCode, reason: string): void {
		if (this.#state === SessionState.Closed) return;
		this.#detach();
		this.#ws.close(code, reason);
	}

	/** Sends `auth-error` with the reason, then closes (4498 not signed in, else 4403). */
	#deny(reason: RejectReason, detail?: Detail): void {
		this.send(encodeMessage(detail === undefined ? { type: MessageKind.AuthError, reason } : { type: MessageKind.AuthError, reason, detail }));
		this.close(reason === RejectReason.NotSignedIn ? CloseCode.Unauthenticated : CloseCode.Forbidden, reason);
	}

	#receive(data: unknown, isBinary: boolean): void {
		if (this.#state === SessionState.Closed) return;
		if (!isBinary) {
			this.#malformed('text frame');
			return;
		}
		// Copy: ws may hand out views on a shared pool, and decoders must not read past the frame.
		const frame = toBytes(data);
		if (this.#queued >= this.#deps.limits.maxQueuedFrames) {
			this.close(CloseCode.RateLimited, 'too many queued frames');
			return;
		}
		this.#enqueue(() => this.#handle(frame));
	}

	#enqueue(task: () => Promise<void> | void): void {
		this.#queued++;
		this.#queue = this.#queue
			.then(async () => {
				if (this.#state !== SessionState.Closed) await task();
			})
			.catch((error: unknown) => this.#failed(error))
			.finally(() => {
				this.#queued--;
			});
	}

	#failed(error: unknown): void {
		if (error instanceof StorageFailure) {
			this.#deps.log.error('sync: write failed, rooms reloaded', { rooms: error.rooms.map((r) => r.name), error: error.message });
			for (const room of error.rooms) for (const peer of [...room.peers]) if (peer instanceof RoomSession) peer.close(CloseCode.InternalError, 'write failed');
			this.close(CloseCode.InternalError, 'write failed');
			return;
		}
		this.#deps.log.error('sync: unexpected failure', { room: this.roomName, user: this.userId, error: String(error) });
		this.close(CloseCode.InternalError, 'internal error');
	}

	async #handle(frame: Uint8Array): Promise<void> {
		const decoded = decodeMessage(frame);
		if (!decoded.ok) {
			this.#malformed(decoded.problem);
			return;
		}
		const message = decoded.value;
		const room = this.#room;
		if (room === null || this.#state !== SessionState.Open) return;
		const write = message.type === MessageKind.SyncStep2 || message.type === MessageKind.SyncUpdate;
		const seq = write ? ++this.#seq : 0;
		const cost = message.type === MessageKind.SyncStep1 ? this.#deps.limits.step1Cost : 1;
		if (!this.#deps.messageRate.take(this.userId, cost)) {
			if (++this.#rateLimitedInARow > this.#deps.limits.maxRateLimitedInARow) {
				this.close(CloseCode.RateLimited, 'rate limit');
				return;
			}
			if (write) this.send(encodeMessage({ type: MessageKind.Rejected, seq, reason: RejectReason.RateLimited }));
			return;
		}
		this.#rateLimitedInARow = 0;
		await this.#dispatch(room, message, seq);
	}

	async #dispatch(room: RelayRoom, message: Message, seq: number): Promise<void> {
		switch (message.type) {
			case MessageKind.SyncStep1: {
				let update: Uint8Array;
				try {
					update = Y.encodeStateAsUpdate(room.doc, message.stateVector);
				} catch {
					this.#malformed('bad state vector');
					return;
				}
				this.send(encodeMessage({ type: MessageKind.SyncStep2, update }));
				return;
			}
			case MessageKind.SyncStep2:
			case MessageKind.SyncUpdate: {
				const outcome = await this.#deps.writer.write(room, this, message.update);
				if (outcome.ok) this.send(encodeMessage({ type: MessageKind.Ack, seq }));
				else
					this.send(
						encodeMessage(
							outcome.detail === undefined
								? { type: MessageKind.Rejected, seq, reason: outcome.reason }
								: { type: MessageKind.Rejected, seq, reason: outcome.reason, detail: outcome.detail }
						)
					);
				return;
			}
			case MessageKind.Awareness:
				this.#awareness(room, message.update);
				return;
			case MessageKind.QueryAwareness: {
				const states = [...room.awareness.getStates().keys()];
				this.send(encodeMessage({ type: MessageKind.Awareness, update: encodeAwarenessStates(room.awareness, states) }));
				return;
			}
			case MessageKind.AuthError:
			case MessageKind.Ack:
			case MessageKind.Rejected:
				// Relay-to-client messages: a client sending them is not speaking the protocol.
				this.#malformed(`client sent ${message.type}`);
				return;
			default:
				assertNeverMessage(message);
		}
	}

	/**
	 * Relays only entries for clientIDs this socket owns (or claims first), with `user`
	 * overwritten by the authenticated identity: nobody can pose as someone else or remove
	 * another socket's presence.
	 */
	#awareness(room: RelayRoom, update: Uint8Array): void {
		const decoded = decodeAwarenessUpdate(update);
		if (!decoded.ok) {
			this.#malformed(`awareness: ${decoded.problem}`);
			return;
		}
		const accepted: AwarenessEntry[] = [];
		for (const entry of decoded.value) {
			const publisher = room.awarenessOwners.get(entry.clientId);
			if (publisher !== undefined && publisher !== this) continue;
			const writer = room.ownerOf(entry.clientId);
			if (writer !== undefined && writer !== this.userId) continue;
			if (entry.state === null) {
				if (publisher === this) accepted.push(entry);
				continue;
			}
			if (typeof entry.state !== 'object' || Array.isArray(entry.state)) continue;
			if (publisher === undefined && this.#awarenessIds.size >= this.#deps.limits.maxAwarenessClients) continue;
			const state = { ...(entry.state as Record<string, unknown>), user: { id: this.userId, name: this.#name } };
			if (JSON.stringify(state).length > this.#deps.limits.maxAwarenessStateChars) continue;
			room.awarenessOwners.set(entry.clientId, this);
			this.#awarenessIds.add(entry.clientId);
			accepted.push({ clientId: entry.clientId, clock: entry.clock, state });
		}
		if (accepted.length === 0) return;
		const filtered = encodeAwarenessUpdate(accepted);
		applyAwarenessUpdate(room.awareness, filtered, this);
		for (const entry of accepted) {
			if (entry.state === null) {
				room.awarenessOwners.delete(entry.clientId);
				this.#awarenessIds.delete(entry.clientId);
			}
		}
		room.broadcast(encodeMessage({ type: MessageKind.Awareness, update: filtered }));
	}

	#malformed(problem: string): void {
		this.#deps.log.warn('sync: malformed frame, closing', { room: this.roomName, user: this.userId, problem });
		this.close(CloseCode.Malformed, 'malformed frame');
	}

	#closed(): void {
		if (this.#state !== SessionState.Closed) this.#detach();
	}

	/** Leaves the room: its awareness entries go, and peers are told. */
	#detach(): void {
		this.#state = SessionState.Closed;
		const room = this.#room;
		this.#room = null;
		if (room !== null) {
			room.peers.delete(this);
			room.lastUsed = Date.now();
			const mine = [...this.#awarenessIds].filter((id) => room.awarenessOwners.get(id) === this);
			for (const id of mine) room.awarenessOwners.delete(id);
			const present = mine.filter((id) => room.awareness.getStates().has(id));
			if (present.length > 0) {
				removeAwarenessStates(room.awareness, present, this);
				room.broadcast(encodeMessage({ type: MessageKind.Awareness, update: encodeAwarenessStates(room.awareness, present) }));
			}
		}
		this.#awarenessIds.clear();
		this.#deps.onClosed(this);
	}
}

function toBytes(data: unknown): Uint8Array {
	if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data as Buffer[]));
	if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0));
	if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
	return new Uint8Array(0);
}

function assertNeverMessage(message: never): never {
	throw new Error(`Unexpected message ${JSON.stringify(message)}`);
}
