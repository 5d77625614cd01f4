import { afterAll, beforeAll, expect, it } from 'vitest';
import {
	addMember,
	changeMemberTypes,
	Collection,
	createAccount,
	editProfile,
	listEntities,
	readEntity,
	RejectReason,
	type User
} from '../../../src/lib/domain/index.ts';
import * as Y from 'yjs';
import { MessageKind, type Message } from '../../../src/lib/protocol/protocol.ts';
import type { Session } from '../../../server/AuthService.ts';
import { DomainClient } from '../DomainClient.ts';
import { postJson, ProviderClient, signup, waitFor, type TestRelay } from '../helpers.ts';
import { describeWithServices, Service } from '../storage/testServices.ts';
import { TestCluster } from './clusterNodes.ts';

const admins = (doc: DomainClient['doc']): string[] =>
	listEntities(doc, Collection.Members)
		.filter((m) => m.types.includes('admin'))
		.map((m) => m.userId)
		.sort();

describeWithServices('two relay nodes sharing PostgreSQL and Redis', [Service.Postgres, Service.Redis], (urls) => {
	let cluster: TestCluster;
	let nodeA: TestRelay;
	let nodeB: TestRelay;
	const users = new Map<string, User>();
	const closeLater: { close(): void }[] = [];

	async function open(node: TestRelay, session: Session, room: string): Promise<DomainClient> {
		const client = await DomainClient.open(node, session, room, users);
		closeLater.push(client);
		return client;
	}

	beforeAll(async () => {
		cluster = await TestCluster.create(urls);
		const limits = { authLimits: { loginPerEmail: { burst: 3, perSecond: 0.001 } } };
		[nodeA, nodeB] = await Promise.all([cluster.startNode(limits), cluster.startNode(limits)]);
	});

	afterAll(async () => {
		for (const c of closeLater) c.close();
		await cluster?.close();
	});

	it('a user who signed up on A signs in, refreshes and opens rooms on B', async () => {
		const ada = await signup(nodeA, 'Ada');
		const login = await postJson(`${nodeB.url}/api/login`, { email: ada.user.email, password: 'correct horse battery' });
		expect(login.status).toBe(200);
		const refreshed = await postJson(`${nodeB.url}/api/refresh`, { refreshToken: ada.refreshToken });
		expect(refreshed.status).toBe(200);
		// The token A issued was used up on B: presenting it again on A is reuse.
		expect((await postJson(`${nodeA.url}/api/refresh`, { refreshToken: ada.refreshToken })).status).toBe(401);
		const lookup = await fetch(`${nodeB.url}/api/users/lookup?email=${encodeURIComponent(ada.user.email)}`, {
			headers: { authorization: `Bearer ${ada.token}` }
		});
		expect(await lookup.json()).toEqual({ id: ada.user.id, name: 'Ada' });
		const client = await open(nodeB, ada, `user/${ada.user.id}`);
		expect(client.socket.ws.readyState).toBe(client.socket.ws.OPEN);
	});

	it('login attempts are counted across nodes', async () => {
		const kim = await signup(nodeA, 'Kim');
		const wrong = { email: kim.user.email, password: 'wrong password!!' };
		const statuses: number[] = [];
		for (const node of [nodeA, nodeB, nodeA, nodeB]) statuses.push((await postJson(`${node.url}/api/login`, wrong)).status);
		expect(statuses).toEqual([401, 401, 401, 429]);
	});

	it('edits made through either node reach stock y-websocket clients on both', async () => {
		const alice = await signup(nodeA, 'Alice');
		users.set(alice.user.id, alice.user);
		const room = 'account/converge';
		const writerA = await open(nodeA, alice, room);
		expect((await writerA.command((env) => createAccount(env, { name: 'Converge', displayEmail: 'c@converge.example', creator: alice.user }))).answer?.type).toBe(
			MessageKind.Ack
		);
		const onA = new ProviderClient(nodeA.wsUrl, room, alice.token);
		const onB = new ProviderClient(nodeB.wsUrl, room, alice.token);
		closeLater.push({ close: () => onA.destroy() }, { close: () => onB.destroy() });
		await Promise.all([onA.synced(), onB.synced()]);
		expect(readEntity(onB.doc, Collection.Profile)?.name).toBe('Converge');

		expect((await writerA.command((env) => editProfile(env, { name: 'Edited on A' }))).answer?.type).toBe(MessageKind.Ack);
		await waitFor(() => readEntity(onB.doc, Collection.Profile)?.name === 'Edited on A', 'B sees the edit made on A');

		const writerB = await open(nodeB, alice, room);
		expect((await writerB.command((env) => editProfile(env, { name: 'Edited on B' }))).answer?.type).toBe(MessageKind.Ack);
		await waitFor(() => readEntity(onA.doc, Collection.Profile)?.name === 'Edited on B', 'A sees the edit made on B');
		await waitFor(() => readEntity(writerA.doc, Collection.Profile)?.name === 'Edited on B', 'the raw client on A too');
		// Both relays hold the same state.
		const [stateA, stateB] = await Promise.all([writerA.relayState(), writerB.relayState()]);
		expect(readEntity(stateA, Collection.Profile)).toEqual(readEntity(stateB, Collection.Profile));
	});

	it('a clientID bound to a user on A cannot be written under by another user on B', async () => {
		const alice = await signup(nodeA, 'Alice');
		const bob = await signup(nodeB, 'Bob');
		users.set(alice.user.id, alice.user).set(bob.user.id, bob.user);
		const room = 'account/bindings';
		const a = await open(nodeA, alice, room);
		await a.command((env) => createAccount(env, { name: 'Bindings', displayEmail: 'b@bindings.example', creator: alice.user }));
		await a.command((env) => addMember(env, { email: bob.user.email, user: bob.user, types: ['admin'] }));
		const b = await open(nodeB, bob, room);
		expect((await a.command((env) => editProfile(env, { name: 'By Alice' }))).answer?.type).toBe(MessageKind.Ack);
		// Bob forges an update under Alice's clientID, continuing her clock.
		const forged = new Y.Doc();
		Y.applyUpdate(forged, Y.encodeStateAsUpdate(a.doc));
		// Set after loading: Yjs moves a doc to a new clientID when remote changes arrive under its own.
		forged.clientID = a.doc.clientID;
		const before = Y.encodeStateVector(forged);
		expect(editProfile({ ...b.env(), doc: forged }, { name: 'By Bob as Alice' }).ok).toBe(true);
		const answer = await b.socket.write(Y.encodeStateAsUpdate(forged, before));
		expect(answer).toMatchObject({ type: MessageKind.Rejected, reason: RejectReason.ForeignClientId });
		expect(readEntity(await b.relayState(), Collection.Profile)?.name).toBe('By Alice');
	});

	it('two admins on two nodes demoting each other at once: one is refused, never no admin', async () => {
		const alice = await signup(nodeA, 'Alice');
		const bob = await signup(nodeB, 'Bob');
		users.set(alice.user.id, alice.user).set(bob.user.id, bob.user);
		const room = 'account/demote';
		const setup = await open(nodeA, alice, room);
		await setup.command((env) => createAccount(env, { name: 'Demote', displayEmail: 'd@demote.example', creator: alice.user }));
		expect((await setup.command((env) => addMember(env, { email: bob.user.email, user: bob.user, types: ['admin'] }))).answer?.type).toBe(MessageKind.Ack);

		const rounds = 6;
		for (let round = 0; round < rounds; round++) {
			// Fresh clients each round: a refused client must reset its copy anyway.
			const a = await open(nodeA, alice, room);
			const b = await open(nodeB, bob, room);
			await waitFor(() => admins(a.doc).length === 2 && admins(b.doc).length === 2, 'both see two admins');
			const [byAlice, byBob] = await Promise.all([
				a.command((env) => changeMemberTypes(env, { userId: bob.user.id, types: ['catalog'] })),
				b.command((env) => changeMemberTypes(env, { userId: alice.user.id, types: ['catalog'] }))
			]);
			const answers = [byAlice.answer, byBob.answer] as Message[];
			expect(answers.map((m) => m.type).sort()).toEqual([MessageKind.Ack, MessageKind.Rejected].sort());
			const [stateA, stateB] = await Promise.all([a.relayState(), b.relayState()]);
			expect(admins(stateA)).toHaveLength(1);
			expect(admins(stateA)).toEqual(admins(stateB));
			const survivor = admins(stateA)[0] === alice.user.id ? a : b;
			const demoted = survivor === a ? bob : alice;
			// The survivor promotes the other back for the next round.
			survivor.doc = await survivor.relayState();
			expect((await survivor.command((env) => changeMemberTypes(env, { userId: demoted.user.id, types: ['admin'] }))).answer?.type).toBe(MessageKind.Ack);
			a.close();
			b.close();
		}
	});
});
