import { afterAll, beforeAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Collection, createAccount, createAsset, listEntities, type CommandEnv, type User } from '../../../src/lib/domain/index.ts';
import { MessageKind } from '../../../src/lib/protocol/protocol.ts';
import { DomainClient } from '../DomainClient.ts';
import { captureUpdate, ProviderClient, signup, waitFor, type TestRelay } from '../helpers.ts';
import { describeWithServices, Service } from '../storage/testServices.ts';
import { TestCluster } from './clusterNodes.ts';

const assetNames = (doc: Y.Doc): Set<string> => new Set(listEntities(doc, Collection.Assets).map((a) => a.name));

describeWithServices('a relay node killed mid-stream', [Service.Postgres, Service.Redis], (urls) => {
	let cluster: TestCluster;
	let survivor: TestRelay;

	beforeAll(async () => {
		cluster = await TestCluster.create(urls);
		survivor = await cluster.startNode();
	});

	afterAll(async () => {
		await cluster?.close();
	});

	it('loses no acked update, and its clients carry on through the other node', async () => {
		const { child, relay: victim } = await cluster.startChildNode();
		const alice = await signup(survivor, 'Alice');
		const users = new Map<string, User>([[alice.user.id, alice.user]]);
		const room = 'account/failover';
		const writer = await DomainClient.open(victim, alice, room, users);
		expect((await writer.command((env) => createAccount(env, { name: 'Failover', displayEmail: 'f@failover.example', creator: alice.user }))).answer?.type).toBe(
			MessageKind.Ack
		);
		// A stock client on the victim, watching.
		const watcher = new ProviderClient(victim.wsUrl, room, alice.token);
		await watcher.synced();

		// A stream of writes sent without waiting for their acks; the node dies in the middle.
		const total = 60;
		const sent = new Map<number, string>();
		for (let i = 1; i <= total; i++) {
			const name = `Asset ${i}`;
			const update = captureUpdate(writer.doc, () => {
				const created = createAsset(writer.env(), { kind: 'ad-account', name });
				if (!created.ok) throw new Error(`createAsset refused: ${created.reason}`);
			});
			sent.set(writer.socket.send({ type: MessageKind.SyncUpdate, update }), name);
		}
		const acked = (): number[] => writer.socket.messages.flatMap((m) => (m.type === MessageKind.Ack ? [m.seq] : []));
		await waitFor(() => acked().length >= 10, 'some acks');
		child.kill('SIGKILL');
		await new Promise((resolve) => child.once('exit', resolve));
		await writer.socket.closed;
		const ackedNames = acked()
			.map((seq) => sent.get(seq))
			.filter((name): name is string => name !== undefined);
		expect(writer.socket.messages.some((m) => m.type === MessageKind.Rejected)).toBe(false);
		// It really died mid-stream: some writes were never answered.
		expect(ackedNames.length).toBeLessThan(total);
		console.info(`failover: ${ackedNames.length} of ${total} writes acked before kill -9`);

		// Every acked write is on the surviving node.
		const reader = await DomainClient.open(survivor, alice, room, users);
		const stored = assetNames(reader.doc);
		for (const name of ackedNames) expect(stored).toContain(name);

		// The watcher's app reconnects to the other node (what the load balancer does), with an
		// edit made while it was cut off: it syncs both ways and the edit is accepted.
		watcher.provider.destroy();
		const offlineEnv: CommandEnv = { ...reader.env(), doc: watcher.doc };
		captureUpdate(watcher.doc, () => {
			const created = createAsset(offlineEnv, { kind: 'pixel-sdk', name: 'Made while cut off' });
			if (!created.ok) throw new Error(`createAsset refused: ${created.reason}`);
		});
		const moved = new ProviderClient(survivor.wsUrl, room, alice.token, watcher.doc);
		try {
			await moved.synced();
			await waitFor(() => assetNames(reader.doc).has('Made while cut off'), 'the offline edit reaches the other node');
			expect(moved.rejections).toEqual([]);
			for (const name of stored) expect(assetNames(watcher.doc)).toContain(name);
		} finally {
			moved.provider.destroy();
			reader.close();
			writer.close();
		}
	});
});
