/**
 * Benchmark clients on real websockets: one wire format per server (ours, y-websocket,
 * Hocuspocus), observers that only notice update frames, and a writer that replays
 * pre-made Yjs updates.
 */
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { ServerKind } from './kinds.ts';

/** y-websocket sync message: `0 <subtype> varBytes`. */
function syncFrame(subtype: 0 | 1 | 2, payload: Uint8Array, docName?: string): Uint8Array {
	const e = encoding.createEncoder();
	if (docName !== undefined) encoding.writeVarString(e, docName);
	encoding.writeVarUint(e, 0);
	encoding.writeVarUint(e, subtype);
	encoding.writeVarUint8Array(e, payload);
	return encoding.toUint8Array(e);
}

const emptyStateVector = new Uint8Array([0]);

/** How one server speaks: URL, what a client says first, and how to read frames. */
export interface Wire {
	url(port: number, room: string, token: string): string;
	/** Frames sent as soon as the socket opens. */
	onOpen(room: string, token: string): Uint8Array[];
	/** Frames to send in answer to `frame` (the relay's own sync step 1, for ours). */
	answer(frame: Uint8Array, room: string): Uint8Array[];
	/** The frame is the answer to our sync step 1: the client is in the room. */
	isStep2(frame: Uint8Array, room: string): boolean;
	isUpdate(frame: Uint8Array, room: string): boolean;
	update(room: string, update: Uint8Array): Uint8Array;
	/** For ours: `rejected`; the bench treats one as a failure. */
	isRejected(frame: Uint8Array): boolean;
	/** An ack of a write (ours: `ack`; Hocuspocus: sync status). */
	isAck(frame: Uint8Array, room: string): boolean;
}

const prefixLength = (room: string): number => {
	const e = encoding.createEncoder();
	encoding.writeVarString(e, room);
	return encoding.length(e);
};

const ours: Wire = {
	url: (port, room, token) => `ws://127.0.0.1:${port}/sync/${room}?token=${encodeURIComponent(token)}`,
	onOpen: () => [],
	// The relay drops frames sent before its read check passes, signalled by its sync step 1.
	answer: (f) => (f[0] === 0 && f[1] === 0 ? [syncFrame(0, emptyStateVector)] : []),
	isStep2: (f) => f[0] === 0 && f[1] === 1,
	isUpdate: (f) => f[0] === 0 && f[1] === 2,
	update: (_room, u) => syncFrame(2, u),
	isRejected: (f) => f[0] === 101,
	isAck: (f) => f[0] === 100
};

const yWebsocket: Wire = {
	url: (port, room) => `ws://127.0.0.1:${port}/${room}`,
	onOpen: () => [syncFrame(0, emptyStateVector)],
	answer: () => [],
	isStep2: (f) => f[0] === 0 && f[1] === 1,
	isUpdate: (f) => f[0] === 0 && f[1] === 2,
	update: (_room, u) => syncFrame(2, u),
	isRejected: () => false,
	isAck: () => false
};

const hocuspocus: Wire = {
	url: (port) => `ws://127.0.0.1:${port}/`,
	onOpen: (room, token) => {
		// Hocuspocus' provider: an auth message (type 2, subtype 0, token) opens the document.
		const e = encoding.createEncoder();
		encoding.writeVarString(e, room);
		encoding.writeVarUint(e, 2);
		encoding.writeVarUint(e, 0);
		encoding.writeVarString(e, token);
		return [encoding.toUint8Array(e), syncFrame(0, emptyStateVector, room)];
	},
	answer: () => [],
	isStep2: (f, room) => {
		const p = prefixLength(room);
		return f[p] === 0 && f[p + 1] === 1;
	},
	isUpdate: (f, room) => {
		const p = prefixLength(room);
		return f[p] === 0 && f[p + 1] === 2;
	},
	update: (room, u) => syncFrame(2, u, room),
	isRejected: () => false,
	isAck: (f, room) => {
		const d = decoding.createDecoder(f);
		if (decoding.readVarString(d) !== room) return false;
		return decoding.readVarUint(d) === 8;
	}
};

export function wireOf(kind: ServerKind): Wire {
	switch (kind) {
		case ServerKind.Validated:
		case ServerKind.Plain:
			return ours;
		case ServerKind.YWebsocket:
			return yWebsocket;
		case ServerKind.Hocuspocus:
			return hocuspocus;
		default:
			throw new Error(`unknown kind ${String(kind)}`);
	}
}

/** A socket in one room that has synced once and counts what arrives afterwards. */
export class BenchSocket {
	readonly ws: WebSocket;
	/** Update frames received since the last `resetCount`. */
	updates = 0;
	acks = 0;
	onUpdate: ((socket: BenchSocket) => void) | null = null;
	onAck: (() => void) | null = null;
	readonly joined: Promise<void>;
	failure: string | null = null;

	constructor(wire: Wire, port: number, room: string, token: string, timeoutMs = 30_000) {
		this.ws = new WebSocket(wire.url(port, room, token), { perMessageDeflate: false });
		this.ws.binaryType = 'nodebuffer';
		let joined = false;
		this.joined = new Promise((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`join timed out (${room})`)), timeoutMs);
			this.ws.on('open', () => {
				for (const frame of wire.onOpen(room, token)) this.ws.send(frame);
			});
			this.ws.on('message', (data: Buffer) => {
				if (!joined) {
					for (const frame of wire.answer(data, room)) this.ws.send(frame);
					if (wire.isStep2(data, room)) {
						joined = true;
						clearTimeout(timer);
						resolve();
					}
					return;
				}
				if (wire.isUpdate(data, room)) {
					this.updates++;
					this.onUpdate?.(this);
				} else if (wire.isAck(data, room)) {
					this.acks++;
					this.onAck?.();
				} else if (wire.isRejected(data)) {
					this.failure = `rejected: ${Buffer.from(data).toString('latin1').replace(/[^\x20-\x7e]/g, ' ')}`;
				}
			});
			this.ws.on('close', (code) => {
				if (!joined) {
					clearTimeout(timer);
					reject(new Error(`closed before joining (${code})`));
				} else if (this.failure === null) this.failure = `closed ${code}`;
			});
			this.ws.on('error', () => {});
		});
		this.joined.catch(() => {});
	}

	send(frame: Uint8Array): void {
		this.ws.send(frame);
	}

	close(): void {
		this.ws.terminate();
	}
}

/** Opens `count` sockets, `parallel` at a time (a burst of thousands overruns listen backlogs). */
export async function openSockets(count: number, open: (i: number) => BenchSocket, parallel = 50): Promise<BenchSocket[]> {
	const sockets: BenchSocket[] = [];
	for (let i = 0; i < count; i += parallel) {
		const batch: BenchSocket[] = [];
		for (let j = i; j < Math.min(count, i + parallel); j++) batch.push(open(j));
		sockets.push(...batch);
		try {
			await Promise.all(batch.map((s) => s.joined));
		} catch (error) {
			for (const s of sockets) s.close();
			throw error;
		}
	}
	return sockets;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
