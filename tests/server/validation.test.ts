import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addMember,
	changeMemberTypes,
	Collection,
	createAccount,
	editProfile,
	readEntity,
	readRaw,
	RejectReason,
	removeMember,
	writeRaw,
	type User
} from '../../src/lib/domain/index.ts';
import { CloseCode, MessageKind } from '../../src/lib/protocol/protocol.ts';
import type { Session } from '../../server/AuthService.ts';
import { DomainClient } from './DomainClient.ts';
import { RawClient, removeDataDir, signup, startTestRelay, waitFor, type TestRelay } from './helpers.ts';

/**
 * The relay with the real validator (src/lib/domain): legitimate commands pass, hostile
 * raw-Yjs writes are refused with the rule's reason, and nothing refused changes anything.
 */
describe('validating relay (domain policy)', () => {
	let relay: TestRelay;
	let alice: Session; // admin of acme
	let bob: Session; // catalog member of acme
	let carol: Session; // registered, not a member
	let dave: Session; // admin of globex
	const users = new Map<string, User>();
	const clients: DomainClient[] = [];
	const acme = 'account/acme';

	async function open(session: Session, room: string): Promise<DomainClient> {
		const client = await DomainClient.open(relay, session, room, users);
		clients.push(client);
		return client;
	}

	beforeAll(async () => {
		relay = await startTestRelay();
		[alice, bob, carol, dave] = await Promise.all([signup(relay, 'Alice'), signup(relay, 'Bob'), signup(relay, 'Carol'), signup(relay, 'Dave')]);
		for (const s of [alice, bob, carol, dave]) users.set(s.user.id, s.user);
		const a = await open(alice, acme);
		const created = await a.command((env) => createAccount(env, { name: 'Acme', displayEmail: 'office@acme.example', creator: alice.user }));
		expect(created.answer).toEqual({ type: MessageKind.Ack, seq: 1 });
		const added = await a.command((env) => addMember(env, { email: bob.user.email, user: bob.user }));
		expect(added.answer).toEqual({ type: MessageKind.Ack, seq: 2 });
		const g = await open(dave, 'account/globex');
		const globex = await g.command((env) => createAccount(env, { name: 'Globex', displayEmail: 'office@globex.example', creator: dave.user }));
		expect(globex.answer?.type).toBe(MessageKind.Ack);
		g.close();
	});

	afterAll(async () => {
		for (const client of clients) client.close();
		await relay.close();
		await removeDataDir(relay.dataDir);
	});

	it('[R1] a member without admin cannot add members: rejected, relay state and the other client\'s state unchanged', async () => {
		const watcher = await open(alice, acme);
		const b = await open(bob, acme);
		// The UI refuses first…
		const refused = await b.command((env) => addMember(env, { email: carol.user.email, user: carol.user }));
		expect(refused.result).toMatchObject({ ok: false, reason: RejectReason.NotAdmin });
		expect(refused.answer).toBeNull();
		// …and a modified client that writes the membership anyway is refused by the relay.
		const membership = { userId: carol.user.id, email: carol.user.email, name: 'Carol', types: ['catalog'], addedAt: 1, addedBy: bob.user.id };
		const answer = await b.hostile((doc) => writeRaw(doc, Collection.Members, carol.user.id, null, membership));
		expect(answer).toMatchObject({ type: MessageKind.Rejected, reason: RejectReason.NotAdmin });
		expect(readEntity(await b.relayState(), Collection.Members, carol.user.id)).toBeNull();
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(readEntity(watcher.doc, Collection.Members, carol.user.id)).toBeNull();
		expect(watcher.socket.messages.some((m) => m.type === MessageKind.SyncUpdate)).toBe(false);
	});

	it('[R12] a catalog-only member cannot open account/<id>/payments: auth-error, 4403, no document bytes', async () => {
		const socket = new RawClient(relay.wsUrl, `${acme}/payments`, bob.token);
		const closed = await socket.closed;
		expect(closed.code).toBe(CloseCode.Forbidden);
		expect(socket.messages).toEqual([{ type: MessageKind.AuthError, reason: RejectReason.MissingAccessType, detail: { type: 'payments' } }]);
		expect(socket.frames).toHaveLength(1);
		// …while the catalog room is theirs to read.
		const catalog = await open(bob, `${acme}/catalog`);
		expect(catalog.socket.ws.readyState).toBe(catalog.socket.ws.OPEN);
	});

	it('[R1][R4] a hostile client cannot grant itself admin', async () => {
		const b = await open(bob, acme);
		const before = readRaw(b.doc, Collection.Members, bob.user.id) as Record<string, unknown>;
		const answer = await b.hostile((doc) => writeRaw(doc, Collection.Members, bob.user.id, before, { ...before, types: ['admin'] }));
		expect(answer).toMatchObject({ type: MessageKind.Rejected, reason: RejectReason.NotAdmin });
		expect(readEntity(await b.relayState(), Collection.Members, bob.user.id)?.types).toEqual(['catalog']);
		// A raw nested write straight into the member's map is refused the same way.
		const nested = await b.hostile((doc) => (doc.getMap(Collection.Members).get(bob.user.id) as Y.Map<unknown>).set('types', ['admin']));
		expect(nested).toMatchObject({ type: MessageKind.Rejected });
	});

	it('[R5] the last admin cannot lose admin nor be removed, even by a hostile client', async () => {
		const a = await open(alice, acme);
		const command = await a.command((env) => changeMemberTypes(env, { userId: alice.user.id, types: ['catalog'] }));
		expect(command.result).toMatchObject({ ok: false, reason: RejectReason.LastAdmin });
		const before = readRaw(a.doc, Collection.Members, alice.user.id) as Record<string, unknown>;
		const demote = await a.hostile((doc) => writeRaw(doc, Collection.Members, alice.user.id, before, { ...before, types: ['catalog'] }));
		expect(demote).toMatchObject({ type: MessageKind.Rejected, reason: RejectReason.LastAdmin });
		const remove = await a.hostile((doc) => writeRaw(doc, Collection.Members, alice.user.id, before, null));
		expect(remove).toMatchObject({ type: MessageKind.Rejected, reason: RejectReason.LastAdmin });
		expect(readEntity(await a.relayState(), Collection.Members, alice.user.id)?.types).toEqual(['admin']);
	});

	it('another account\'s profile cannot be rewritten: its room is not even served, and a non-admin member is refused', async () => {
		const intruder = new RawClient(relay.wsUrl, 'account/globex', alice.token);
		expect((await intruder.closed).code).toBe(CloseCode.Forbidden);
		expect(intruder.messages).toEqual([{ type: MessageKind.AuthError, reason: RejectReason.NotMember }]);
		const b = await open(bob, acme);
		const profile = readRaw(b.doc, Collection.Profile, 'self') as Record<string, unknown>;
		const answer = await b.hostile((doc) => writeRaw(doc, Collection.Profile, 'self', profile, { ...profile, name: 'Pwned Inc' }));
		expect(answer).toMatchObject({ type: MessageKind.Rejected, reason: RejectReason.NotAdmin });
		const edit = await b.command((env) => editProfile(env, { name: 'Pwned Inc' }));
		expect(edit.result.ok).toBe(false);
		expect(readEntity(await b.relayState(), Collection.Profile)?.name).toBe('Acme');
	});

	it('an activity entry cannot be forged: the activity room is written by the relay only', async () => {
		const log = await open(alice, `${acme}/activity`);
		const answer = await log.hostile((doc) =>
			doc.getMap(Collection.Activity).set('forged', { at: 1, actorId: bob.user.id, action: 'remove-member', target: 'member/x', before: null, after: null })
		);
		expect(answer).toMatchObject({ type: MessageKind.Rejected, reason: RejectReason.RelayOnly });
		expect((await log.relayState()).getMap(Collection.Activity).has('forged')).toBe(false);
	});

	it('accepted changes are logged by the relay under the authenticated user, and the new member\'s account list is written', async () => {
		const log = await open(alice, `${acme}/activity`);
		const entries = [...(await log.relayState()).getMap(Collection.Activity).values()] as Record<string, unknown>[];
		const added = entries.find((e) => e.target === `member/${bob.user.id}`);
		expect(added).toMatchObject({ actorId: alice.user.id, action: 'add-member' });
		const inbox = await open(bob, `user/${bob.user.id}`);
		expect(inbox.doc.getMap(Collection.Accounts).has('acme')).toBe(true);
		// Nobody else reads Bob's user room.
		const other = new RawClient(relay.wsUrl, `user/${bob.user.id}`, carol.token);
		expect((await other.closed).code).toBe(CloseCode.Forbidden);
	});

	it('[clientIDs belong to users] Bob cannot write under Alice\'s clientID', async () => {
		const a = await open(alice, acme);
		const b = await open(bob, acme);
		const edit = await a.command((env) => editProfile(env, { name: 'Acme Corp' }));
		expect(edit.answer?.type).toBe(MessageKind.Ack);
		await waitFor(() => readEntity(b.doc, Collection.Profile)?.name === 'Acme Corp', 'broadcast to bob');
		const forged = new Y.Doc();
		Y.applyUpdate(forged, Y.encodeStateAsUpdate(b.doc));
		forged.clientID = a.doc.clientID;
		const update = (() => {
			const before = Y.encodeStateVector(forged);
			forged.getMap('books').set('x', 1);
			return Y.encodeStateAsUpdate(forged, before);
		})();
		expect(await b.socket.write(update)).toMatchObject({ type: MessageKind.Rejected, reason: RejectReason.ForeignClientId });
	});

	it('[R1] removing a member closes their sockets with 4401 and the relay stops serving them', async () => {
		const erin = await signup(relay, 'Erin');
		users.set(erin.user.id, erin.user);
		const a = await open(alice, acme);
		expect((await a.command((env) => addMember(env, { email: erin.user.email, user: erin.user, types: ['catalog'] }))).answer?.type).toBe(MessageKind.Ack);
		const erinAccount = await open(erin, acme);
		const erinCatalog = await open(erin, `${acme}/catalog`);
		await waitFor(() => readEntity(a.doc, Collection.Members, erin.user.id) !== null, 'membership visible');
		expect((await a.command((env) => removeMember(env, { userId: erin.user.id }))).answer?.type).toBe(MessageKind.Ack);
		expect((await erinAccount.socket.closed).code).toBe(CloseCode.PermissionRevoked);
		expect((await erinCatalog.socket.closed).code).toBe(CloseCode.PermissionRevoked);
		const again = new RawClient(relay.wsUrl, acme, erin.token);
		expect((await again.closed).code).toBe(CloseCode.Forbidden);
	});
});
