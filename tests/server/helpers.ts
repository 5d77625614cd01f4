import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { startRelay, type RelayOptions, type RunningRelay } from '../../server/Relay.ts';
import type { Logger } from '../../server/Logger.ts';
import { decodeMessage, encodeMessage, MessageKind, MessageType, type Message } from '../../src/lib/protocol/protocol.ts';
import type { Session } from '../../server/AuthService.ts';
import { isRejectReason, type RejectReason } from '../../src/lib/domain/RejectReason.ts';

/** Cheap scrypt for tests: the cost is not what they test. */
export const testScryptCost = { N: 2 ** 12, r: 8, p: 1 };

export interface LogLine {
	readonly level: 'info' | 'warn' | 'error';
	readonly message: string;
	readonly fields: Readonly<Record<string, unknown>> | undefined;
}

export class CapturingLogger implements Logger {
	readonly lines: LogLine[] = [];
	info(message: string, fields?: Readonly<Record<string, unknown>>): void {
		this.lines.push({ level: 'info', message, fields });
	}
	warn(message: string, fields?: Readonly<Record<string, unknown>>): void {
		this.lines.push({ level: 'warn', message, fields });
	}
	error(message: string, fields?: Readonly<Record<string, unknown>>): void {
		this.lines.push({ level: 'error', message, fields });
	}
}

export interface TestRelay extends RunningRelay {
	readonly dataDir: string;
	readonly wsUrl: string;
	readonly log: CapturingLogger;
	readonly options: RelayOptions;
}

export async function makeDataDir(): Promise<string> {
	return mkdtemp(join(tmpdir(), 'bc-relay-'));
}

export async function removeDataDir(dir: string): Promise<void> {
	await rm(dir, { recursive: true, force: true });
}

/** A relay on a free loopback port with a fresh DATA_DIR (or the one given, for restarts). */
export async function startTestRelay(options: Partial<RelayOptions> = {}): Promise<TestRelay> {
	const dataDir = options.dataDir ?? (await makeDataDir());
	const log = new CapturingLogger();
	const full: RelayOptions = {
		port: 0,
		host: '127.0.0.1',
		scryptCost: testScryptCost,
		secret: 'test-secret-0123456789abcdef',
		log,
		...options,
		// Tests sign up many users from one address; the limits under test are set per test.
		authLimits: { signupPerAddress: { burst: 10_000, perSecond: 1000 }, ...options.authLimits },
		dataDir
	};
	const relay = await startRelay(full);
	return { ...relay, dataDir, wsUrl: relay.url.replace(/^http/, 'ws'), log, options: full };
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
	return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

let userCounter = 0;

/** Signs up a fresh user; the email is unique per call. */
export async function signup(relay: { url: string }, name = 'User'): Promise<Session> {
	const email = `${name.toLowerCase().replace(/\W/g, '')}-${process.pid}-${++userCounter}@example.com`;
	const { status, body } = await postJson(`${relay.url}/api/signup`, { email, password: 'correct horse battery', name });
	if (status !== 201) throw new Error(`signup failed: ${status} ${JSON.stringify(body)}`);
	return body as unknown as Session;
}

export async function waitFor(condition: () => boolean, what = 'condition', timeoutMs = 5000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

export interface Closed {
	readonly code: number;
	readonly reason: string;
}

/**
 * A hand-driven socket: sends raw frames, records every frame received (decoded when it
 * decodes) and the close. For hostile cases and exact write sequence numbers.
 */
export class RawClient {
	readonly ws: WebSocket;
	readonly frames: Uint8Array[] = [];
	readonly messages: Message[] = [];
	readonly opened: Promise<void>;
	readonly closed: Promise<Closed>;
	readonly #listeners: ((message: Message) => void)[] = [];
	#seq = 0;

	constructor(wsUrl: string, room: string, token: string | null) {
		const query = token === null ? '' : `?token=${encodeURIComponent(token)}`;
		this.ws = new WebSocket(`${wsUrl}/sync/${room}${query}`);
		this.ws.binaryType = 'nodebuffer';
		this.ws.on('message', (data: Buffer) => {
			const bytes = new Uint8Array(data);
			this.frames.push(bytes);
			const decoded = decodeMessage(bytes);
			if (!decoded.ok) return;
			this.messages.push(decoded.value);
			for (const listener of this.#listeners) listener(decoded.value);
		});
		this.ws.on('error', () => {});
		this.opened = new Promise((resolve, reject) => {
			this.ws.once('open', () => resolve());
			this.ws.once('close', () => reject(new Error('closed before open')));
		});
		this.opened.catch(() => {});
		this.closed = new Promise((resolve) => this.ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
	}

	onMessage(listener: (message: Message) => void): void {
		this.#listeners.push(listener);
	}

	/** Sends a message; for writes returns the sequence number the relay will answer with. */
	send(message: Message): number {
		this.ws.send(encodeMessage(message));
		return message.type === MessageKind.SyncStep2 || message.type === MessageKind.SyncUpdate ? ++this.#seq : 0;
	}

	sendRaw(bytes: Uint8Array | string): void {
		this.ws.send(bytes);
	}

	/** Waits for the relay's first sync step 1 (the read check passed). */
	async ready(): Promise<void> {
		await waitFor(() => this.messages.some((m) => m.type === MessageKind.SyncStep1), 'sync step 1');
	}

	/** Waits for the answer (ack or rejected) to write number `seq`. */
	async answer(seq: number): Promise<Message> {
		let found: Message | undefined;
		await waitFor(() => {
			found = this.messages.find((m) => (m.type === MessageKind.Ack || m.type === MessageKind.Rejected) && m.seq === seq);
			return found !== undefined;
		}, `answer to write ${seq}`);
		return found as Message;
	}

	/** Sends an update and waits for its answer. */
	async write(update: Uint8Array): Promise<Message> {
		return this.answer(this.send({ type: MessageKind.SyncUpdate, update }));
	}

	/** Asks for the relay's full state and returns it as a fresh document. */
	async fetchState(): Promise<Y.Doc> {
		const before = this.messages.length;
		this.send({ type: MessageKind.SyncStep1, stateVector: new Uint8Array([0]) });
		let step2: Message | undefined;
		await waitFor(() => {
			step2 = this.messages.slice(before).find((m) => m.type === MessageKind.SyncStep2);
			return step2 !== undefined;
		}, 'sync step 2');
		const doc = new Y.Doc();
		if (step2?.type === MessageKind.SyncStep2) Y.applyUpdate(doc, step2.update);
		return doc;
	}

	close(): void {
		this.ws.close();
	}
}

export interface Answer {
	readonly seq: number;
	readonly reason?: RejectReason;
}

/** A stock y-websocket client (as a browser would run it) plus a record of acks and rejections. */
export class ProviderClient {
	readonly doc: Y.Doc;
	readonly provider: WebsocketProvider;
	readonly acks: number[] = [];
	readonly rejections: { seq: number; reason: RejectReason }[] = [];
	readonly closes: number[] = [];

	constructor(wsUrl: string, room: string, token: string, doc = new Y.Doc()) {
		this.doc = doc;
		this.provider = new WebsocketProvider(`${wsUrl}/sync`, room, doc, {
			WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
			params: { token },
			// Node has BroadcastChannel: two providers in one process would sync around the relay.
			disableBc: true,
			maxBackoffTime: 200
		});
		const handlers = this.provider.messageHandlers;
		handlers[MessageType.Ack] = (_encoder, decoder) => {
			this.acks.push(decoding.readVarUint(decoder));
		};
		handlers[MessageType.Rejected] = (_encoder, decoder) => {
			const seq = decoding.readVarUint(decoder);
			const reason = decoding.readVarString(decoder);
			if (isRejectReason(reason)) this.rejections.push({ seq, reason });
		};
		handlers[MessageType.Auth] = () => {};
		this.provider.on('connection-close', (event) => {
			if (event !== null) this.closes.push(event.code);
		});
	}

	async synced(): Promise<void> {
		await waitFor(() => this.provider.synced, 'provider sync');
	}

	destroy(): void {
		this.provider.destroy();
		this.doc.destroy();
	}
}

/** The update a change to `doc` produces. */
export function captureUpdate(doc: Y.Doc, change: () => void): Uint8Array {
	const updates: Uint8Array[] = [];
	const listener = (u: Uint8Array): void => void updates.push(u);
	doc.on('update', listener);
	try {
		doc.transact(change);
	} finally {
		doc.off('update', listener);
	}
	return Y.mergeUpdates(updates);
}
