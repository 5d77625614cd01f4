import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { isRejectReason, type RejectReason } from '../domain/RejectReason';
import { parsePeerJson } from './parsePeerJson';

/**
 * The wire protocol between a client and the relay on `/sync/<room>` (docs/PROTOCOL.md).
 *
 * Types 0–3 are the y-websocket protocol, so the stock `y-websocket` client syncs through
 * the relay. `auth-error` reuses y-protocols' auth message (type 2, permission denied), so
 * a stock client logs it. `ack` and `rejected` are ours: a stock client logs and ignores
 * them. Every frame is exactly one message; trailing bytes make the frame malformed.
 */

/** First varUint of every frame. */
export const MessageType = {
	Sync: 0,
	Awareness: 1,
	Auth: 2,
	QueryAwareness: 3,
	// Far from y-websocket's numbers so that a future y-websocket message never collides.
	Ack: 100,
	Rejected: 101
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/** Second varUint of a sync message (y-protocols/sync). */
export const SyncMessageType = {
	Step1: 0,
	Step2: 1,
	Update: 2
} as const;
export type SyncMessageType = (typeof SyncMessageType)[keyof typeof SyncMessageType];

/** Second varUint of an auth message (y-protocols/auth): only "permission denied" exists. */
export const AuthMessageType = {
	PermissionDenied: 0
} as const;
export type AuthMessageType = (typeof AuthMessageType)[keyof typeof AuthMessageType];

/** The discriminant of {@link Message}. */
export const MessageKind = {
	SyncStep1: 'sync-step1',
	SyncStep2: 'sync-step2',
	SyncUpdate: 'sync-update',
	Awareness: 'awareness',
	QueryAwareness: 'query-awareness',
	AuthError: 'auth-error',
	Ack: 'ack',
	Rejected: 'rejected'
} as const;
export type MessageKind = (typeof MessageKind)[keyof typeof MessageKind];

/** Machine-readable detail of a refusal (same shape as the domain's Refusal.detail). */
export type Detail = Readonly<Record<string, string | number>>;

export type Message =
	/** Sender's Yjs state vector; the peer answers with sync-step2. */
	| { readonly type: typeof MessageKind.SyncStep1; readonly stateVector: Uint8Array }
	/** Everything the peer lacks (a Yjs update). From a client this is a write: it gets a seq. */
	| { readonly type: typeof MessageKind.SyncStep2; readonly update: Uint8Array }
	/** One Yjs update. From a client it gets a seq. */
	| { readonly type: typeof MessageKind.SyncUpdate; readonly update: Uint8Array }
	/** A y-protocols awareness update (see {@link decodeAwarenessUpdate}). */
	| { readonly type: typeof MessageKind.Awareness; readonly update: Uint8Array }
	/** Ask the peer for all awareness states it knows. */
	| { readonly type: typeof MessageKind.QueryAwareness }
	/** Relay → client, then the relay closes the socket: not signed in, or may not read the room. */
	| { readonly type: typeof MessageKind.AuthError; readonly reason: RejectReason; readonly detail?: Detail }
	/** Relay → client: the client's write number `seq` on this socket is stored durably. */
	| { readonly type: typeof MessageKind.Ack; readonly seq: number }
	/** Relay → client: the client's write number `seq` was refused; it was not applied, stored or sent to anyone. */
	| { readonly type: typeof MessageKind.Rejected; readonly seq: number; readonly reason: RejectReason; readonly detail?: Detail };

/** The kinds whose sender (a client) counts a write sequence number for. */
export type WriteMessage = Extract<Message, { readonly type: typeof MessageKind.SyncStep2 | typeof MessageKind.SyncUpdate }>;

export function isWrite(message: Message): message is WriteMessage {
	return message.type === MessageKind.SyncStep2 || message.type === MessageKind.SyncUpdate;
}

/** WebSocket close codes the relay uses (docs/PROTOCOL.md). */
export const CloseCode = {
	/** The relay is shutting down; reconnect later. */
	GoingAway: 1001,
	/** The socket cannot keep up with the room (its send buffer overflowed); reconnect. */
	TryAgainLater: 1013,
	/** A frame did not decode (bad varint, truncated, unknown type or subtype, trailing bytes). */
	Malformed: 4400,
	/** The user lost read access to the room while connected: drop the local copy, do not reconnect. */
	PermissionRevoked: 4401,
	/** Sent after `auth-error`: the user may not read this room, or the room name is invalid. */
	Forbidden: 4403,
	/** A frame exceeded the relay's maximum frame size. */
	TooLarge: 4413,
	/** Too many messages or too many sockets for this user. */
	RateLimited: 4429,
	/** Sent after `auth-error`: the token is missing, invalid or expired; refresh it, then reconnect. */
	Unauthenticated: 4498,
	/** The relay failed to store a write (a bug or a broken disk); reconnect. */
	InternalError: 4500
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** The relay's default maximum frame size (MAX_FRAME_BYTES). */
export const defaultMaxFrameBytes = 1024 * 1024;

/** A frame that does not decode is a value, not an exception: the relay closes with 4400. */
export type DecodeResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

// ---------------------------------------------------------------- encode

export function encodeMessage(message: Message): Uint8Array {
	const encoder = encoding.createEncoder();
	switch (message.type) {
		case MessageKind.SyncStep1:
			encoding.writeVarUint(encoder, MessageType.Sync);
			encoding.writeVarUint(encoder, SyncMessageType.Step1);
			encoding.writeVarUint8Array(encoder, message.stateVector);
			break;
		case MessageKind.SyncStep2:
			encoding.writeVarUint(encoder, MessageType.Sync);
			encoding.writeVarUint(encoder, SyncMessageType.Step2);
			encoding.writeVarUint8Array(encoder, message.update);
			break;
		case MessageKind.SyncUpdate:
			encoding.writeVarUint(encoder, MessageType.Sync);
			encoding.writeVarUint(encoder, SyncMessageType.Update);
			encoding.writeVarUint8Array(encoder, message.update);
			break;
		case MessageKind.Awareness:
			encoding.writeVarUint(encoder, MessageType.Awareness);
			encoding.writeVarUint8Array(encoder, message.update);
			break;
		case MessageKind.QueryAwareness:
			encoding.writeVarUint(encoder, MessageType.QueryAwareness);
			break;
		case MessageKind.AuthError:
			encoding.writeVarUint(encoder, MessageType.Auth);
			encoding.writeVarUint(encoder, AuthMessageType.PermissionDenied);
			encoding.writeVarString(encoder, message.reason);
			encoding.writeVarString(encoder, encodeDetail(message.detail));
			break;
		case MessageKind.Ack:
			encoding.writeVarUint(encoder, MessageType.Ack);
			encoding.writeVarUint(encoder, message.seq);
			break;
		case MessageKind.Rejected:
			encoding.writeVarUint(encoder, MessageType.Rejected);
			encoding.writeVarUint(encoder, message.seq);
			encoding.writeVarString(encoder, message.reason);
			encoding.writeVarString(encoder, encodeDetail(message.detail));
			break;
		default:
			return assertNeverMessage(message);
	}
	return encoding.toUint8Array(encoder);
}

/** An absent detail is the empty string, so the field is always present on the wire. */
function encodeDetail(detail: Detail | undefined): string {
	return detail === undefined ? '' : JSON.stringify(detail);
}

// ---------------------------------------------------------------- decode

/** Thrown inside decoding only; {@link decodeMessage} turns it into a value. */
class FrameError extends Error {}

/**
 * Decodes one frame. Never throws: every failure (bad varint, truncated, unknown type or
 * subtype, invalid UTF-8, unknown reason code, trailing bytes) is a `problem`.
 * Byte payloads are copied, so they never alias the frame's (possibly pooled) buffer.
 */
export function decodeMessage(frame: Uint8Array): DecodeResult<Message> {
	try {
		const decoder = decoding.createDecoder(frame);
		const message = readMessage(decoder);
		if (decoder.pos !== frame.length) throw new FrameError('trailing bytes');
		return { ok: true, value: message };
	} catch (error) {
		return { ok: false, problem: error instanceof Error ? error.message : String(error) };
	}
}

function readMessage(decoder: decoding.Decoder): Message {
	const type = readVarUint(decoder);
	switch (type) {
		case MessageType.Sync: {
			const subtype = readVarUint(decoder);
			switch (subtype) {
				case SyncMessageType.Step1:
					return { type: MessageKind.SyncStep1, stateVector: readBytes(decoder) };
				case SyncMessageType.Step2:
					return { type: MessageKind.SyncStep2, update: readBytes(decoder) };
				case SyncMessageType.Update:
					return { type: MessageKind.SyncUpdate, update: readBytes(decoder) };
				default:
					throw new FrameError(`unknown sync subtype ${subtype}`);
			}
		}
		case MessageType.Awareness:
			return { type: MessageKind.Awareness, update: readBytes(decoder) };
		case MessageType.QueryAwareness:
			return { type: MessageKind.QueryAwareness };
		case MessageType.Auth: {
			const subtype = readVarUint(decoder);
			if (subtype !== AuthMessageType.PermissionDenied) throw new FrameError(`unknown auth subtype ${subtype}`);
			const reason = readReason(decoder);
			const detail = readDetail(decoder);
			return detail === undefined ? { type: MessageKind.AuthError, reason } : { type: MessageKind.AuthError, reason, detail };
		}
		case MessageType.Ack:
			return { type: MessageKind.Ack, seq: readVarUint(decoder) };
		case MessageType.Rejected: {
			const seq = readVarUint(decoder);
			const reason = readReason(decoder);
			const detail = readDetail(decoder);
			return detail === undefined ? { type: MessageKind.Rejected, seq, reason } : { type: MessageKind.Rejected, seq, reason, detail };
		}
		default:
			throw new FrameError(`unknown message type ${type}`);
	}
}

function readVarUint(decoder: decoding.Decoder): number {
	if (decoder.pos >= decoder.arr.length) throw new FrameError('truncated');
	return decoding.readVarUint(decoder);
}

/**
 * A varUint length then that many bytes. lib0's own reader makes a view on the underlying
 * ArrayBuffer without checking the frame's end, which can read past a pooled frame.
 */
function readBytes(decoder: decoding.Decoder): Uint8Array {
	const length = readVarUint(decoder);
	if (length > decoder.arr.length - decoder.pos) throw new FrameError('truncated');
	const bytes = decoder.arr.slice(decoder.pos, decoder.pos + length);
	decoder.pos += length;
	return bytes;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function readString(decoder: decoding.Decoder): string {
	return utf8.decode(readBytes(decoder));
}

function readReason(decoder: decoding.Decoder): RejectReason {
	const reason = readString(decoder);
	if (!isRejectReason(reason)) throw new FrameError(`unknown reason ${JSON.stringify(reason.slice(0, 64))}`);
	return reason;
}

function readDetail(decoder: decoding.Decoder): Detail | undefined {
	const text = readString(decoder);
	if (text === '') return undefined;
	const parsed = parsePeerJson(text);
	if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) {
		throw new FrameError('detail is not a JSON object');
	}
	const detail: Record<string, string | number> = {};
	for (const [key, value] of Object.entries(parsed.value)) {
		if (typeof value === 'string' || typeof value === 'number') detail[key] = value;
	}
	return detail;
}

function assertNeverMessage(message: never): never {
	throw new Error(`Unexpected message ${JSON.stringify(message)}`);
}

// ---------------------------------------------------------------- awareness payload

/** One entry of a y-protocols awareness update. `state === null` removes the client. */
export interface AwarenessEntry {
	readonly clientId: number;
	readonly clock: number;
	readonly state: unknown;
}

/** Layout: varUint count, then per entry varUint clientID, varUint clock, varString JSON state. */
export function encodeAwarenessUpdate(entries: readonly AwarenessEntry[]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, entries.length);
	for (const entry of entries) {
		encoding.writeVarUint(encoder, entry.clientId);
		encoding.writeVarUint(encoder, entry.clock);
		encoding.writeVarString(encoder, JSON.stringify(entry.state ?? null));
	}
	return encoding.toUint8Array(encoder);
}

/** Never throws; JSON from a peer is parsed without `__proto__`-style keys. */
export function decodeAwarenessUpdate(update: Uint8Array): DecodeResult<AwarenessEntry[]> {
	try {
		const decoder = decoding.createDecoder(update);
		const count = readVarUint(decoder);
		// Each entry takes at least 3 bytes: a count beyond that is a lie, not a reason to loop.
		if (count > update.length) throw new FrameError('awareness count exceeds frame');
		const entries: AwarenessEntry[] = [];
		for (let i = 0; i < count; i++) {
			const clientId = readVarUint(decoder);
			const clock = readVarUint(decoder);
			const parsed = parsePeerJson(readString(decoder));
			if (!parsed.ok) throw new FrameError('awareness state is not JSON');
			if (clientId > 0xffffffff) throw new FrameError('awareness clientID out of range');
			entries.push({ clientId, clock, state: parsed.value });
		}
		if (decoder.pos !== update.length) throw new FrameError('trailing bytes');
		return { ok: true, value: entries };
	} catch (error) {
		return { ok: false, problem: error instanceof Error ? error.message : String(error) };
	}
}
