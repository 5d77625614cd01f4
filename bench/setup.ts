/**
 * Builds the benchmark account through a real relay with validation on: users signed up
 * over the HTTP API, the account, its members and a book made by the domain commands and
 * sent by an admin's socket, exactly as the app would. Then pre-makes the updates every
 * server is sent (the same bytes for each).
 */
import * as Y from 'yjs';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import {
	addBook,
	addMember,
	changeMemberTypes,
	createAccount,
	editBook,
	parseRoomName,
	type CommandEnv,
	type Result,
	type User
} from '../src/lib/domain/index.ts';

export interface SignedUp {
	readonly user: User;
	readonly token: string;
}

export async function signup(port: number, email: string, name: string): Promise<SignedUp> {
	const response = await fetch(`http://127.0.0.1:${port}/api/signup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ email, password: 'bench password 0123', name })
	});
	const body = (await response.json()) as { user: User; token: string; error?: string };
	if (response.status !== 201) throw new Error(`signup ${email}: ${response.status} ${JSON.stringify(body)}`);
	return { user: body.user, token: body.token };
}

export async function signupMany(port: number, count: number, prefix: string, parallel = 8): Promise<SignedUp[]> {
	const out: SignedUp[] = [];
	for (let i = 0; i < count; i += parallel) {
		const batch = [];
		for (let j = i; j < Math.min(count, i + parallel); j++) batch.push(signup(port, `${prefix}${j}@bench.test`, `Observer ${j}`));
		out.push(...(await Promise.all(batch)));
	}
	return out;
}

const frame = (subtype: number, payload: Uint8Array): Uint8Array => {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 0);
	encoding.writeVarUint(e, subtype);
	encoding.writeVarUint8Array(e, payload);
	return encoding.toUint8Array(e);
};

/** A client of one room that runs domain commands and waits for the relay's answers. */
class CommandClient {
	readonly doc = new Y.Doc();
	readonly #ws: WebSocket;
	#seq = 0;
	readonly #answers = new Map<number, string | null>();
	readonly ready: Promise<void>;

	constructor(port: number, room: string, token: string) {
		this.#ws = new WebSocket(`ws://127.0.0.1:${port}/sync/${room}?token=${encodeURIComponent(token)}`, { perMessageDeflate: false });
		this.ready = new Promise((resolve, reject) => {
			this.#ws.on('close', (code) => reject(new Error(`${room}: closed ${code}`)));
			this.#ws.on('message', (data: Buffer) => {
				const d = decoding.createDecoder(new Uint8Array(data));
				const type = decoding.readVarUint(d);
				if (type === 0) {
					const sub = decoding.readVarUint(d);
					if (sub === 0) this.#ws.send(frame(0, new Uint8Array([0])));
					else {
						Y.applyUpdate(this.doc, decoding.readVarUint8Array(d));
						if (sub === 1) resolve();
					}
				} else if (type === 100) this.#answers.set(decoding.readVarUint(d), null);
				else if (type === 101) {
					const seq = decoding.readVarUint(d);
					this.#answers.set(seq, decoding.readVarString(d));
				}
			});
		});
	}

	/** Runs the command locally and sends its update; resolves to the write's sequence number. */
	command<T>(run: () => Result<T>): number {
		const updates: Uint8Array[] = [];
		const listener = (u: Uint8Array): void => void updates.push(u);
		this.doc.on('update', listener);
		let result: Result<T>;
		try {
			result = run();
		} finally {
			this.doc.off('update', listener);
		}
		if (!result.ok) throw new Error(`command refused locally: ${result.reason}`);
		this.#ws.send(frame(2, Y.mergeUpdates(updates)));
		return ++this.#seq;
	}

	/** Waits until every write up to `seq` is answered; throws on any rejection. */
	async settle(seq = this.#seq, timeoutMs = 120_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (this.#answers.size < seq) {
			if (Date.now() > deadline) throw new Error(`setup: ${seq - this.#answers.size} writes unanswered`);
			await new Promise((r) => setTimeout(r, 5));
		}
		for (const [s, reason] of this.#answers) if (reason !== null) throw new Error(`setup write ${s} rejected: ${reason}`);
	}

	close(): void {
		this.#ws.close();
	}
}

export interface BenchAccount {
	readonly accountId: string;
	readonly accountRoom: string;
	readonly catalogRoom: string;
	readonly admin: SignedUp;
	readonly observers: readonly SignedUp[];
	/** The relay's state after setup, for the servers that were not part of it. */
	readonly accountSeed: Uint8Array;
	readonly catalogSeed: Uint8Array;
	/** Makes the next update of each kind (admin's clientID, continuing the chain). */
	nextMemberChange(): Uint8Array;
	nextBookEdit(): Uint8Array;
}

let nextId = 0;

/**
 * Signs up an admin, a target member and `observerCount` observers (members with
 * `catalog`, so they may read both rooms), and builds the account through the relay.
 */
export async function buildAccount(port: number, observerCount: number, accountId = 'bench'): Promise<BenchAccount> {
	const admin = await signup(port, `admin-${accountId}@bench.test`, 'Admin');
	const target = await signup(port, `target-${accountId}@bench.test`, 'Target');
	const observers = await signupMany(port, observerCount, `observer-${accountId}-`);
	const users = new Map<string, User>([admin, target, ...observers].map((s) => [s.user.id, s.user]));
	const envOf = (doc: Y.Doc, room: string, accountDoc?: Y.Doc): CommandEnv => {
		const parsed = parseRoomName(room);
		if (parsed === null) throw new Error(room);
		return {
			doc,
			room: parsed,
			actor: { userId: admin.user.id },
			now: Date.now(),
			...(accountDoc === undefined ? {} : { accountDoc }),
			lookupUser: (id) => users.get(id) ?? null,
			otherAccount: () => null,
			newId: () => `b${process.pid}x${++nextId}`
		};
	};
	const roomName = `account/${accountId}`;
	const catalogName = `${roomName}/catalog`;
	const account = new CommandClient(port, roomName, admin.token);
	await account.ready;
	account.command(() => createAccount(envOf(account.doc, roomName), { name: 'Bench Books', displayEmail: 'bench@bench.test', creator: admin.user }));
	await account.settle();
	const members = [target, ...observers];
	for (const [i, member] of members.entries()) {
		account.command(() => addMember(envOf(account.doc, roomName), { email: member.user.email, user: member.user, types: ['catalog'] }));
		// Keep well under the relay's per-socket queue.
		if (i % 200 === 199) await account.settle();
	}
	await account.settle();
	const catalog = new CommandClient(port, catalogName, admin.token);
	await catalog.ready;
	let bookId = '';
	catalog.command(() => {
		const result = addBook(envOf(catalog.doc, catalogName, account.doc), {
			title: 'The Bench Book',
			authors: ['A. Author'],
			isbn: '9780306406157',
			priceMinor: 1999,
			currency: 'KRW'
		});
		if (result.ok) bookId = result.value.bookId;
		return result;
	});
	await catalog.settle();
	account.close();
	catalog.close();

	const capture = (doc: Y.Doc, run: () => Result<unknown>): Uint8Array => {
		const updates: Uint8Array[] = [];
		const listener = (u: Uint8Array): void => void updates.push(u);
		doc.on('update', listener);
		try {
			const result = run();
			if (!result.ok) throw new Error(`bench command refused: ${result.reason}`);
		} finally {
			doc.off('update', listener);
		}
		return Y.mergeUpdates(updates);
	};
	let memberTurn = 0;
	let bookTurn = 0;
	return {
		accountId,
		accountRoom: roomName,
		catalogRoom: catalogName,
		admin,
		observers,
		accountSeed: Y.encodeStateAsUpdate(account.doc),
		catalogSeed: Y.encodeStateAsUpdate(catalog.doc),
		nextMemberChange: () =>
			capture(account.doc, () =>
				changeMemberTypes(envOf(account.doc, roomName), {
					userId: target.user.id,
					types: memberTurn++ % 2 === 0 ? ['catalog', 'analytics'] : ['catalog']
				})
			),
		nextBookEdit: () =>
			capture(catalog.doc, () => editBook(envOf(catalog.doc, catalogName, account.doc), { bookId, priceMinor: 1000 + (bookTurn++ % 2) }))
	};
}
