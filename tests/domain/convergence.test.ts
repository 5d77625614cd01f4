import { describe, it, expect } from 'vitest';
import * as Y from 'yjs';
import {
	accountRoom,
	addMember,
	changeMemberTypes,
	createAccount,
	createAsset,
	docAccountView,
	editProfile,
	removeAssetAdmin,
	removeMember,
	setAssetAdmin,
	validateUpdate,
	type CommandEnv,
	type CommandOutcome,
	type Result,
	type User
} from '$lib/domain';

/**
 * Convergence on a deterministic in-memory network: several clients issue commands while
 * messages are delayed, reordered per link only as a socket allows (FIFO per direction),
 * and links drop and come back. The relay validates every update; a rejected client resets
 * (fresh doc, new clientID, resync) and replays its pending commands — the protocol of
 * DESIGN §3. At quiescence every client equals the relay, the invariants hold, and every
 * command is either accepted or reported: nothing vanishes silently.
 */

type Command = (env: CommandEnv) => Result<CommandOutcome>;

interface Pending {
	readonly id: number;
	readonly command: Command;
	/** The update this command produced on the client's current doc, not yet acked. */
	update: Uint8Array | null;
}

interface Client {
	readonly user: User;
	doc: Y.Doc;
	online: boolean;
	/** FIFO links: what the client sent, what the relay sent back. */
	readonly up: { pendingId: number | null; update: Uint8Array }[];
	readonly down: ({ type: 'update'; update: Uint8Array } | { type: 'ack'; pendingId: number } | { type: 'rejected'; pendingId: number; reason: string })[];
	readonly pending: Pending[];
	readonly reported: { id: number; reason: string }[];
}

function lcg(seed: number): () => number {
	let s = seed;
	return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

function simulate(seed: number, steps: number) {
	const random = lcg(seed);
	const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
	const room = accountRoom('sim');
	const users = ['ana', 'ben', 'cho', 'dia'].map((n): User => ({ id: `u-${n}`, email: `${n}@example.com`, name: n }));
	const directory = new Map(users.map((u) => [u.id, u]));
	const relayDoc = new Y.Doc();
	let nextId = 0;
	const newId = () => `x${++nextId}`;
	const accepted: number[] = [];
	const noops: number[] = [];
	let relayRejections = 0;
	let disconnects = 0;

	// The account exists before the simulation: ana and ben are admins, the rest catalog.
	{
		const boot = new Y.Doc();
		const env: CommandEnv = {
			doc: boot,
			room,
			actor: { userId: users[0]!.id },
			now: 1,
			lookupUser: (id) => directory.get(id) ?? null,
			otherAccount: () => null,
			newId
		};
		createAccount(env, { name: 'Sim', displayEmail: 'sim@example.com', creator: users[0]! });
		addMember(env, { email: users[1]!.email, user: users[1]!, types: ['admin'] });
		addMember(env, { email: users[2]!.email, user: users[2]!, types: ['catalog'] });
		createAsset(env, { kind: 'ad-account', name: 'Ads' });
		Y.applyUpdate(relayDoc, Y.encodeStateAsUpdate(boot));
	}
	const assetId = [...relayDoc.getMap('assets').keys()][0]!;

	const clients: Client[] = users.slice(0, 3).map((user) => {
		const doc = new Y.Doc();
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(relayDoc));
		return { user, doc, online: true, up: [], down: [], pending: [], reported: [] };
	});

	const envOf = (c: Client): CommandEnv => ({
		doc: c.doc,
		room,
		actor: { userId: c.user.id },
		now: 2,
		lookupUser: (id) => directory.get(id) ?? null,
		otherAccount: () => null,
		newId
	});

	/** Runs a command on the client's doc; returns the update it wrote, or null when refused locally. */
	function runOnClient(c: Client, p: Pending): boolean {
		let update: Uint8Array | null = null;
		const listener = (u: Uint8Array, origin: unknown) => {
			if (origin !== 'remote') update = update === null ? u : Y.mergeUpdates([update, u]);
		};
		c.doc.on('update', listener);
		const result = p.command(envOf(c));
		c.doc.off('update', listener);
		if (!result.ok) {
			c.reported.push({ id: p.id, reason: result.reason });
			return false;
		}
		p.update = update;
		if (update === null) {
			// Nothing to write (the state already says so): done, nothing to wait for.
			noops.push(p.id);
			return false;
		}
		c.up.push({ pendingId: p.id, update });
		return true;
	}

	let commandSeq = 0;
	const commands: ((c: Client) => Command)[] = [
		() => (env) => editProfile(env, { name: `Sim ${Math.floor(random() * 100)}` }),
		() => {
			const target = pick(users);
			return (env) => changeMemberTypes(env, { userId: target.id, types: [pick(['admin', 'catalog', 'analytics', 'payments'] as const)] });
		},
		() => {
			const target = pick(users);
			return (env) => addMember(env, { email: target.email, user: target, types: ['catalog'] });
		},
		() => {
			const target = pick(users);
			return (env) => removeMember(env, { userId: target.id });
		},
		() => {
			const target = pick(users);
			const role = pick(['master', 'member'] as const);
			return (env) => setAssetAdmin(env, { assetId, userId: target.id, role });
		},
		() => {
			const target = pick(users);
			return (env) => removeAssetAdmin(env, { assetId, userId: target.id });
		}
	];

	function relayReceive(c: Client, msg: { pendingId: number | null; update: Uint8Array }): void {
		const result = validateUpdate(relayDoc, msg.update, {
			actor: { userId: c.user.id },
			room,
			now: 3,
			lookupUser: (id) => directory.get(id) ?? null,
			accountDoc: () => relayDoc
		});
		if (!result.ok) {
			relayRejections++;
			if (msg.pendingId !== null) c.down.push({ type: 'rejected', pendingId: msg.pendingId, reason: result.reason });
			return;
		}
		Y.applyUpdate(relayDoc, msg.update);
		if (msg.pendingId !== null) {
			accepted.push(msg.pendingId);
			c.down.push({ type: 'ack', pendingId: msg.pendingId });
		}
		for (const other of clients) if (other !== c && other.online) other.down.push({ type: 'update', update: msg.update });
	}

	/** A rejection is a reset: fresh doc and clientID from the relay's state, then replay. */
	function reset(c: Client): void {
		c.doc = new Y.Doc();
		Y.applyUpdate(c.doc, Y.encodeStateAsUpdate(relayDoc), 'remote');
		c.up.length = 0;
		c.down.length = 0;
		const replay = c.pending.splice(0);
		for (const p of replay) if (runOnClient(c, p)) c.pending.push(p);
	}

	function reconnect(c: Client): void {
		c.online = true;
		// Sync step 1/2 both ways: the relay's news first, then the client's pending work
		// as one SyncStep2 — a write, validated like any update.
		Y.applyUpdate(c.doc, Y.encodeStateAsUpdate(relayDoc, Y.encodeStateVector(c.doc)), 'remote');
		const step2 = Y.encodeStateAsUpdate(c.doc, Y.encodeStateVector(relayDoc));
		c.up.length = 0;
		c.down.length = 0;
		const before = c.pending.map((p) => p.id);
		if (before.length === 0) return;
		const result = validateUpdate(relayDoc, step2, {
			actor: { userId: c.user.id },
			room,
			now: 3,
			lookupUser: (id) => directory.get(id) ?? null,
			accountDoc: () => relayDoc
		});
		if (result.ok) {
			Y.applyUpdate(relayDoc, step2);
			accepted.push(...before);
			c.pending.length = 0;
			for (const other of clients) if (other !== c && other.online) other.down.push({ type: 'update', update: step2 });
		} else {
			// The whole batch is refused; replaying command by command tells which ones fail.
			relayRejections++;
			reset(c);
		}
	}

	for (let step = 0; step < steps; step++) {
		const c = pick(clients);
		const r = random();
		if (r < 0.35) {
			const p: Pending = { id: ++commandSeq, command: pick(commands)(c), update: null };
			if (runOnClient(c, p)) c.pending.push(p);
			if (!c.online) c.up.length = 0; // offline: nothing leaves; SyncStep2 carries it later
		} else if (r < 0.6 && c.online && c.up.length > 0) {
			relayReceive(c, c.up.shift()!);
		} else if (r < 0.85 && c.online && c.down.length > 0) {
			const msg = c.down.shift()!;
			if (msg.type === 'update') Y.applyUpdate(c.doc, msg.update, 'remote');
			else if (msg.type === 'ack') c.pending.splice(c.pending.findIndex((p) => p.id === msg.pendingId), 1);
			else {
				const i = c.pending.findIndex((p) => p.id === msg.pendingId);
				const [rejected] = c.pending.splice(i, 1);
				c.reported.push({ id: rejected!.id, reason: msg.reason });
				reset(c);
			}
		} else if (r < 0.93) {
			if (c.online) {
				disconnects++;
				c.online = false;
				c.up.length = 0;
				c.down.length = 0;
			} else reconnect(c);
		}
	}
	// Quiesce: everyone online, every queue drained.
	for (let round = 0; round < 100; round++) {
		let busy = false;
		for (const c of clients) {
			if (!c.online) reconnect(c);
			while (c.up.length > 0) {
				busy = true;
				relayReceive(c, c.up.shift()!);
			}
			while (c.down.length > 0) {
				busy = true;
				const msg = c.down.shift()!;
				if (msg.type === 'update') Y.applyUpdate(c.doc, msg.update, 'remote');
				else if (msg.type === 'ack') c.pending.splice(c.pending.findIndex((p) => p.id === msg.pendingId), 1);
				else {
					const i = c.pending.findIndex((p) => p.id === msg.pendingId);
					const [rejected] = c.pending.splice(i, 1);
					c.reported.push({ id: rejected!.id, reason: msg.reason });
					reset(c);
				}
			}
		}
		if (!busy) break;
	}
	return { relayDoc, clients, accepted: [...accepted, ...noops], commandSeq, relayRejections, disconnects };
}

describe('convergence on a seeded in-memory network with disconnects', () => {
	for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
		it(`[R5][R6] seed ${seed}: clients converge to the relay, invariants hold, no command vanishes`, () => {
			const { relayDoc, clients, accepted, commandSeq } = simulate(seed, 400);
			for (const c of clients) {
				expect(c.pending).toEqual([]);
				expect(c.doc.getMap('members').toJSON()).toEqual(relayDoc.getMap('members').toJSON());
				expect(c.doc.getMap('assets').toJSON()).toEqual(relayDoc.getMap('assets').toJSON());
				expect(c.doc.getMap('profile').toJSON()).toEqual(relayDoc.getMap('profile').toJSON());
			}
			const view = docAccountView(relayDoc, 'sim');
			expect(view.hasAdminOtherThan(new Set())).toBe(true);
			const asset = view.asset([...relayDoc.getMap('assets').keys()][0]!);
			expect(Object.values(asset!.admins)).toContain('master');
			// Every command issued is accounted for: accepted by the relay or reported to its user.
			const reported = clients.flatMap((c) => c.reported.map((r) => r.id));
			const accounted = new Set([...accepted, ...reported]);
			for (let id = 1; id <= commandSeq; id++) expect(accounted.has(id)).toBe(true);
			expect(accepted.length).toBeGreaterThan(0);
		});
	}
});

describe('the simulation exercises what it claims to', () => {
	it('across the seeds the relay rejects some updates, links drop, and many commands are accepted', () => {
		let rejections = 0;
		let disconnects = 0;
		let accepted = 0;
		for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
			const run = simulate(seed, 400);
			rejections += run.relayRejections;
			disconnects += run.disconnects;
			accepted += run.accepted.length;
		}
		expect(rejections).toBeGreaterThan(0);
		expect(disconnects).toBeGreaterThan(0);
		expect(accepted).toBeGreaterThan(100);
	});
});
