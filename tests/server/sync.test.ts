import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { RejectReason } from '../../src/lib/domain/RejectReason.ts';
import { CloseCode, decodeAwarenessUpdate, encodeAwarenessUpdate, MessageKind } from '../../src/lib/protocol/protocol.ts';
import { FakeValidator } from './fakeValidator.ts';
import { captureUpdate, ProviderClient, RawClient, removeDataDir, signup, startTestRelay, waitFor, type TestRelay } from './helpers.ts';

const room = 'account/acme';

describe('sync through the relay', () => {
	const cleanups: (() => Promise<void> | void)[] = [];
	afterEach(async () => {
		for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
	});

	async function relayWith(validator: FakeValidator | false, extra: Parameters<typeof startTestRelay>[0] = {}): Promise<TestRelay> {
		const relay = await startTestRelay({ validation: validator, ...extra });
		cleanups.push(async () => {
			await relay.close();
			await removeDataDir(relay.dataDir);
		});
		return relay;
	}

	function provider(relay: TestRelay, token: string, name = room): ProviderClient {
		const client = new ProviderClient(relay.wsUrl, name, token);
		cleanups.push(() => client.destroy());
		return client;
	}

	function raw(relay: TestRelay, token: string | null, name = room): RawClient {
		const client = new RawClient(relay.wsUrl, name, token);
		cleanups.push(() => client.close());
		return client;
	}

	it('two users converge through the relay; a third joining late gets the full state', async () => {
		const relay = await relayWith(new FakeValidator());
		const [ann, ben, cat] = await Promise.all([signup(relay, 'Ann'), signup(relay, 'Ben'), signup(relay, 'Cat')]);
		const a = provider(relay, ann.token);
		const b = provider(relay, ben.token);
		await Promise.all([a.synced(), b.synced()]);
		a.doc.getMap('m').set('fromA', 1);
		b.doc.getMap('m').set('fromB', 2);
		await waitFor(() => a.doc.getMap('m').size === 2 && b.doc.getMap('m').size === 2, 'convergence');
		expect(a.doc.getMap('m').toJSON()).toEqual({ fromA: 1, fromB: 2 });
		expect(b.doc.getMap('m').toJSON()).toEqual({ fromA: 1, fromB: 2 });
		await waitFor(() => a.acks.length >= 2 && b.acks.length >= 2, 'acks');
		expect(a.rejections).toEqual([]);
		const c = provider(relay, cat.token);
		await c.synced();
		await waitFor(() => c.doc.getMap('m').size === 2, 'late joiner state');
		expect(c.doc.getMap('m').toJSON()).toEqual({ fromA: 1, fromB: 2 });
	});

	it('state persists across a relay restart on the same DATA_DIR', async () => {
		const first = await startTestRelay({ validation: new FakeValidator() });
		cleanups.push(() => removeDataDir(first.dataDir));
		const ann = await signup(first, 'Ann');
		const writer = new RawClient(first.wsUrl, room, ann.token);
		await writer.ready();
		const doc = new Y.Doc();
		const answer = await writer.write(captureUpdate(doc, () => doc.getMap('m').set('kept', 'yes')));
		expect(answer.type).toBe(MessageKind.Ack);
		writer.close();
		await first.close();

		const second = await startTestRelay({ validation: new FakeValidator(), dataDir: first.dataDir });
		cleanups.push(() => second.close());
		const login = await fetch(`${second.url}/api/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ email: ann.user.email, password: 'correct horse battery' })
		});
		expect(login.status).toBe(200);
		const reader = raw(second, ann.token);
		await reader.ready();
		expect((await reader.fetchState()).getMap('m').toJSON()).toEqual({ kept: 'yes' });
	});

	it('every write is acked in order after it is stored; a refused one is answered `rejected`, never applied, stored or broadcast', async () => {
		const relay = await relayWith(new FakeValidator());
		const [ann, ben] = await Promise.all([signup(relay, 'Ann'), signup(relay, 'Ben')]);
		const writer = raw(relay, ann.token);
		const watcher = raw(relay, ben.token);
		await Promise.all([writer.ready(), watcher.ready()]);
		const doc = new Y.Doc();
		const seq1 = writer.send({ type: MessageKind.SyncUpdate, update: captureUpdate(doc, () => doc.getMap('m').set('a', 1)) });
		const seq2 = writer.send({ type: MessageKind.SyncStep2, update: captureUpdate(doc, () => doc.getMap('m').set('b', 2)) });
		expect(await writer.answer(seq1)).toEqual({ type: MessageKind.Ack, seq: 1 });
		expect(await writer.answer(seq2)).toEqual({ type: MessageKind.Ack, seq: 2 });

		const hostile = new Y.Doc();
		const refused = await writer.write(captureUpdate(hostile, () => hostile.getMap('m').set('forbidden', true)));
		expect(refused).toEqual({ type: MessageKind.Rejected, seq: 3, reason: RejectReason.ForbiddenKey, detail: { key: 'forbidden' } });
		await waitFor(() => watcher.messages.filter((m) => m.type === MessageKind.SyncUpdate).length === 2, 'broadcasts');
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(watcher.messages.filter((m) => m.type === MessageKind.SyncUpdate)).toHaveLength(2);
		expect((await watcher.fetchState()).getMap('m').toJSON()).toEqual({ a: 1, b: 2 });

		const db = new Database(join(relay.dataDir, 'relay.sqlite'), { readonly: true });
		try {
			const rows = db.prepare('SELECT data FROM room_update WHERE room = ?').all(room) as { data: Buffer }[];
			const stored = new Y.Doc();
			for (const row of rows) Y.applyUpdate(stored, new Uint8Array(row.data));
			expect(stored.getMap('m').toJSON()).toEqual({ a: 1, b: 2 });
		} finally {
			db.close();
		}
	});

	it('[clientIDs belong to users] an update under another user\'s clientID is rejected with foreign-client-id', async () => {
		const relay = await relayWith(new FakeValidator());
		const [ann, mal] = await Promise.all([signup(relay, 'Ann'), signup(relay, 'Mal')]);
		const a = raw(relay, ann.token);
		const m = raw(relay, mal.token);
		await Promise.all([a.ready(), m.ready()]);
		const annDoc = new Y.Doc();
		expect((await a.write(captureUpdate(annDoc, () => annDoc.getMap('m').set('x', 1)))).type).toBe(MessageKind.Ack);
		// Mallory continues Ann's clock under Ann's clientID.
		const forged = new Y.Doc();
		Y.applyUpdate(forged, Y.encodeStateAsUpdate(annDoc));
		// After the apply: Yjs would otherwise pick a new clientID on seeing its own in a remote update.
		forged.clientID = annDoc.clientID;
		const forgedUpdate = captureUpdate(forged, () => forged.getMap('m').set('x', 'mallory'));
		const answer = await m.write(forgedUpdate);
		expect(answer).toMatchObject({ type: MessageKind.Rejected, reason: RejectReason.ForeignClientId });
		expect((await a.fetchState()).getMap('m').toJSON()).toEqual({ x: 1 });
	});

	it('a write that skips part of its own clock is refused (missing-dependency), never parked', async () => {
		const relay = await relayWith(new FakeValidator());
		const ann = await signup(relay, 'Ann');
		const a = raw(relay, ann.token);
		await a.ready();
		const doc = new Y.Doc();
		captureUpdate(doc, () => doc.getMap('m').set('first', 1));
		const second = captureUpdate(doc, () => doc.getMap('m').set('second', 2));
		expect(await a.write(second)).toMatchObject({ type: MessageKind.Rejected, reason: RejectReason.MissingDependency });
	});

	it('awareness is stamped with the authenticated user; nobody can pose as or remove someone else', async () => {
		const relay = await relayWith(new FakeValidator());
		const [ann, mal] = await Promise.all([signup(relay, 'Ann'), signup(relay, 'Mal')]);
		const a = raw(relay, ann.token);
		const m = raw(relay, mal.token);
		await Promise.all([a.ready(), m.ready()]);
		a.send({ type: MessageKind.Awareness, update: encodeAwarenessUpdate([{ clientId: 111, clock: 1, state: { cursor: 5 } }]) });
		m.send({
			type: MessageKind.Awareness,
			update: encodeAwarenessUpdate([{ clientId: 222, clock: 1, state: { cursor: 9, user: { id: ann.user.id, name: 'Ann' } } }])
		});
		const stateOf = (client: RawClient, clientId: number): unknown => {
			let last: unknown;
			for (const message of client.messages) {
				if (message.type !== MessageKind.Awareness) continue;
				const decoded = decodeAwarenessUpdate(message.update);
				if (!decoded.ok) continue;
				for (const entry of decoded.value) if (entry.clientId === clientId) last = entry.state;
			}
			return last;
		};
		await waitFor(() => stateOf(a, 222) !== undefined && stateOf(m, 111) !== undefined, 'awareness relayed');
		expect(stateOf(a, 222)).toEqual({ cursor: 9, user: { id: mal.user.id, name: 'Mal' } });
		expect(stateOf(m, 111)).toEqual({ cursor: 5, user: { id: ann.user.id, name: 'Ann' } });
		// Mallory tries to remove Ann's presence and to overwrite it.
		m.send({
			type: MessageKind.Awareness,
			update: encodeAwarenessUpdate([
				{ clientId: 111, clock: 5, state: null },
				{ clientId: 111, clock: 6, state: { cursor: 0 } }
			])
		});
		m.send({ type: MessageKind.QueryAwareness });
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(stateOf(m, 111)).toEqual({ cursor: 5, user: { id: ann.user.id, name: 'Ann' } });
		// When Ann leaves, her presence goes with her.
		a.close();
		await waitFor(() => stateOf(m, 111) === null, 'awareness removal');
	});

	it('[R12] a room the user may not read: auth-error, close 4403, and not one byte of the document', async () => {
		const validator = new FakeValidator();
		const relay = await relayWith(validator);
		const [ann, eve] = await Promise.all([signup(relay, 'Ann'), signup(relay, 'Eve')]);
		validator.readers.set('account/secret', new Set([ann.user.id]));
		const a = raw(relay, ann.token, 'account/secret');
		await a.ready();
		const doc = new Y.Doc();
		expect((await a.write(captureUpdate(doc, () => doc.getMap('m').set('secret', 'SEKRIT-VALUE')))).type).toBe(MessageKind.Ack);
		const e = raw(relay, eve.token, 'account/secret');
		// Eve sends a step 1 at once, as a stock client does: it must not be answered.
		await e.opened;
		e.send({ type: MessageKind.SyncStep1, stateVector: new Uint8Array([0]) });
		const closed = await e.closed;
		expect(closed.code).toBe(CloseCode.Forbidden);
		expect(e.messages).toEqual([{ type: MessageKind.AuthError, reason: RejectReason.NotMember }]);
		expect(e.frames).toHaveLength(1);
		expect(Buffer.from(e.frames[0] as Uint8Array).includes('SEKRIT')).toBe(false);
	});

	it('a missing, forged or expired token: auth-error not-signed-in and close 4498', async () => {
		const relay = await relayWith(new FakeValidator());
		const ann = await signup(relay, 'Ann');
		const none = raw(relay, null);
		const forged = raw(relay, ann.token.slice(0, -3) + 'AAA');
		expect((await none.closed).code).toBe(CloseCode.Unauthenticated);
		expect((await forged.closed).code).toBe(CloseCode.Unauthenticated);
		expect(none.messages).toEqual([{ type: MessageKind.AuthError, reason: RejectReason.NotSignedIn, detail: { why: 'invalid' } }]);
		// A relay whose tokens expire at once: timing-proof on a loaded machine.
		const quick = await relayWith(new FakeValidator(), { accessTokenTtlMs: 1 });
		const stale = await signup(quick, 'Stale');
		await new Promise((resolve) => setTimeout(resolve, 5));
		const expired = raw(quick, stale.token);
		expect((await expired.closed).code).toBe(CloseCode.Unauthenticated);
		expect(expired.messages).toEqual([{ type: MessageKind.AuthError, reason: RejectReason.NotSignedIn, detail: { why: 'expired' } }]);
		const badRoom = raw(relay, ann.token, 'not-a-room');
		expect((await badRoom.closed).code).toBe(CloseCode.Forbidden);
		expect(badRoom.messages).toEqual([{ type: MessageKind.AuthError, reason: RejectReason.RoomNotFound }]);
	});

	it('losing read access closes that user\'s sockets with 4401 "permission revoked"', async () => {
		const validator = new FakeValidator();
		const relay = await relayWith(validator);
		const [ann, ben] = await Promise.all([signup(relay, 'Ann'), signup(relay, 'Ben')]);
		const b = raw(relay, ben.token, 'account/acme/payments');
		const a = raw(relay, ann.token);
		await Promise.all([a.ready(), b.ready()]);
		validator.readers.set('account/acme/payments', new Set([ann.user.id]));
		validator.accessChangedFor = [ben.user.id];
		const doc = new Y.Doc();
		expect((await a.write(captureUpdate(doc, () => doc.getMap('members').set(ben.user.id, 'gone')))).type).toBe(MessageKind.Ack);
		const closed = await b.closed;
		expect(closed).toEqual({ code: CloseCode.PermissionRevoked, reason: 'permission revoked' });
		expect(a.ws.readyState).toBe(a.ws.OPEN);
	});

	it('compaction folds the log into a snapshot without losing anything', async () => {
		const relay = await relayWith(new FakeValidator(), { compactAfter: 5 });
		const ann = await signup(relay, 'Ann');
		const a = raw(relay, ann.token);
		await a.ready();
		const doc = new Y.Doc();
		for (let i = 0; i < 12; i++) expect((await a.write(captureUpdate(doc, () => doc.getMap('m').set(`k${i}`, i)))).type).toBe(MessageKind.Ack);
		await new Promise((resolve) => setTimeout(resolve, 50));
		const db = new Database(join(relay.dataDir, 'relay.sqlite'), { readonly: true });
		try {
			const logRows = (db.prepare('SELECT COUNT(*) AS n FROM room_update WHERE room = ?').get(room) as { n: number }).n;
			expect(logRows).toBeLessThan(5);
			expect(db.prepare('SELECT COUNT(*) AS n FROM room_snapshot WHERE room = ?').get(room)).toEqual({ n: 1 });
		} finally {
			db.close();
		}
		expect((await a.fetchState()).getMap('m').size).toBe(12);
	});

	it('a plain relay (validation: false) relays and stores without checks', async () => {
		const relay = await relayWith(false);
		const [ann, ben] = await Promise.all([signup(relay, 'Ann'), signup(relay, 'Ben')]);
		const a = provider(relay, ann.token);
		const b = provider(relay, ben.token);
		await Promise.all([a.synced(), b.synced()]);
		a.doc.getMap('m').set('forbidden', true);
		await waitFor(() => b.doc.getMap('m').get('forbidden') === true, 'plain relay broadcast');
	});
});
