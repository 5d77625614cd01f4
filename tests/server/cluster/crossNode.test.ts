import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addMember, Collection, createAccount, editProfile, listEntities, readEntity, removeMember, type User } from '../../../src/lib/domain/index.ts';
import { CloseCode, MessageKind } from '../../../src/lib/protocol/protocol.ts';
import { DomainClient } from '../DomainClient.ts';
import { RawClient, signup, waitFor, type TestRelay } from '../helpers.ts';
import { describeWithServices, Service } from '../storage/testServices.ts';
import { TestCluster } from './clusterNodes.ts';

async function storedSnapshotSeq(databaseUrl: string, room: string): Promise<number | null> {
	const client = new pg.Client({ connectionString: databaseUrl });
	await client.connect();
	try {
		const { rows } = await client.query<{ seq: string }>('SELECT seq FROM room_snapshot WHERE room = $1', [room]);
		return rows[0] === undefined ? null : Number(rows[0].seq);
	} finally {
		await client.end();
	}
}

/**
 * What a write does beyond its own room — the relay's follow-ups in other rooms, revoking
 * read access — must happen on every node, not only on the one that took the write.
 */
describeWithServices('writes whose effects cross nodes', [Service.Postgres, Service.Redis], (urls) => {
	let cluster: TestCluster;
	let nodeA: TestRelay;
	let nodeB: TestRelay;
	const users = new Map<string, User>();
	const clients: DomainClient[] = [];

	async function open(node: TestRelay, session: Parameters<typeof DomainClient.open>[1], room: string): Promise<DomainClient> {
		const client = await DomainClient.open(node, session, room, users);
		clients.push(client);
		return client;
	}

	beforeAll(async () => {
		cluster = await TestCluster.create(urls);
		[nodeA, nodeB] = await Promise.all([cluster.startNode({ compactAfter: 3 }), cluster.startNode({ compactAfter: 3 })]);
	});

	afterAll(async () => {
		for (const client of clients) client.close();
		await cluster?.close();
	});

	it('a member added on A gets the account in their user room on B; removed on A, their sockets on B close with 4401', async () => {
		const alice = await signup(nodeA, 'Alice');
		const erin = await signup(nodeB, 'Erin');
		users.set(alice.user.id, alice.user).set(erin.user.id, erin.user);
		const room = 'account/crossing';
		const admin = await open(nodeA, alice, room);
		await admin.command((env) => createAccount(env, { name: 'Crossing', displayEmail: 'x@crossing.example', creator: alice.user }));
		const inbox = await open(nodeB, erin, `user/${erin.user.id}`);
		expect((await admin.command((env) => addMember(env, { email: erin.user.email, user: erin.user, types: ['catalog'] }))).answer?.type).toBe(
			MessageKind.Ack
		);
		// The relay's follow-up in user/<erin>, written by node A, reaches Erin's socket on B.
		await waitFor(() => listEntities(inbox.doc, Collection.Accounts).some((a) => a.accountId === 'crossing'), 'account listed in the user room');

		const erinAccount = await open(nodeB, erin, room);
		const erinCatalog = await open(nodeB, erin, `${room}/catalog`);
		expect((await admin.command((env) => removeMember(env, { userId: erin.user.id }))).answer?.type).toBe(MessageKind.Ack);
		expect((await erinAccount.socket.closed).code).toBe(CloseCode.PermissionRevoked);
		expect((await erinCatalog.socket.closed).code).toBe(CloseCode.PermissionRevoked);
		const again = new RawClient(nodeB.wsUrl, room, erin.token);
		expect((await again.closed).code).toBe(CloseCode.Forbidden);
	});

	it('rooms compacted by one node stay whole on the other, and load whole on a third', async () => {
		const alice = await signup(nodeA, 'Alice');
		users.set(alice.user.id, alice.user);
		const room = 'account/compacted';
		let snapshotSeq: number | null = null;
		const onA = await open(nodeA, alice, room);
		await onA.command((env) => createAccount(env, { name: 'Compacted 0', displayEmail: 'c@compacted.example', creator: alice.user }));
		const onB = await open(nodeB, alice, room);
		for (let i = 1; i <= 10; i++) {
			const writer = i % 2 === 0 ? onA : onB;
			await waitFor(() => readEntity(writer.doc, Collection.Profile)?.name === `Compacted ${i - 1}`, `edit ${i - 1} seen`);
			expect((await writer.command((env) => editProfile(env, { name: `Compacted ${i}` }))).answer?.type).toBe(MessageKind.Ack);
		}
		// Both nodes compacted it along the way (every 3 entries), under the room's lock.
		for (let tries = 0; (snapshotSeq ?? 0) < 6 && tries < 50; tries++) {
			snapshotSeq = await storedSnapshotSeq(cluster.schema.url, room);
			if ((snapshotSeq ?? 0) < 6) await new Promise((resolve) => setTimeout(resolve, 50));
		}
		expect(snapshotSeq).toBeGreaterThanOrEqual(6);
		const nodeC = await cluster.startNode();
		const onC = await open(nodeC, alice, room);
		expect(readEntity(onC.doc, Collection.Profile)?.name).toBe('Compacted 10');
		await waitFor(() => readEntity(onA.doc, Collection.Profile)?.name === 'Compacted 10', 'A converged');
		await waitFor(() => readEntity(onB.doc, Collection.Profile)?.name === 'Compacted 10', 'B converged');
	});
});

describeWithServices('several nodes on PostgreSQL without Redis', [Service.Postgres], (urls) => {
	let cluster: TestCluster;

	beforeAll(async () => {
		cluster = await TestCluster.create({ DATABASE_URL: urls.DATABASE_URL, REDIS_URL: '' });
	});

	afterAll(async () => {
		await cluster?.close();
	});

	it('hear of each other\'s writes by polling the log', async () => {
		const [nodeA, nodeB] = await Promise.all([
			cluster.startNode({ redisUrl: undefined, clusterPollMs: 100 }),
			cluster.startNode({ redisUrl: undefined, clusterPollMs: 100 })
		]);
		const alice = await signup(nodeA, 'Alice');
		const users = new Map([[alice.user.id, alice.user]]);
		const onA = await DomainClient.open(nodeA, alice, 'account/polled', users);
		await onA.command((env) => createAccount(env, { name: 'Polled', displayEmail: 'p@polled.example', creator: alice.user }));
		const onB = await DomainClient.open(nodeB, alice, 'account/polled', users);
		expect((await onA.command((env) => editProfile(env, { name: 'Polled and seen' }))).answer?.type).toBe(MessageKind.Ack);
		await waitFor(() => readEntity(onB.doc, Collection.Profile)?.name === 'Polled and seen', 'B polls the edit in');
		onA.close();
		onB.close();
	});
});
