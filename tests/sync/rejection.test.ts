import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Collection, listEntities, readEntity, RejectReason } from '$lib/domain';
import { RejectionSource } from '$lib/db';
import { startTestRelay, waitFor, type TestRelay } from './harness';
import { sharedAccount } from './scenario';

let relay: TestRelay;
beforeAll(async () => {
	relay = await startTestRelay();
});
afterAll(async () => {
	await relay.stop();
});

describe('rejection and rebase', () => {
	it('[R1][R4] reports the admin-only edits made after losing admin offline, and syncs the other offline edits', async () => {
		const { alice, bob, room, accountId, bobSession } = await sharedAccount(relay, ['admin']);
		const catalog = `${room}/catalog`;
		const asset = await bob.sync.run(room, 'createAsset', { kind: 'kakaotalk-channel', name: 'Bob Channel' });
		if (!asset.ok) throw new Error('createAsset failed');
		const assetId = (asset as { value: { assetId: string } }).value.assetId;
		await bob.sync.settled();
		await waitFor(() => bob.sync.doc(catalog) !== null, "Bob's catalog room is open");

		bob.sync.setOnline(false);
		// Offline, Bob still holds admin locally: every command passes the local policy.
		expect((await bob.sync.run(room, 'editProfile', { name: 'Renamed by Bob' })).ok).toBe(true);
		expect((await bob.sync.run(room, 'editAsset', { assetId, name: 'Bob Channel (offline)' })).ok).toBe(true);
		expect(
			(await bob.sync.run(catalog, 'addBook', { title: 'Buku Offline', authors: ['Bob'], isbn: '9780306406157', priceMinor: 1500, currency: 'MYR' })).ok
		).toBe(true);
		expect(await bob.db.outbox.count()).toBe(3);

		// Meanwhile Alice takes admin away from Bob: he keeps catalog.
		const demoted = await alice.sync.run(room, 'changeMemberTypes', { userId: bobSession.user.id, types: ['catalog'] });
		expect(demoted.ok).toBe(true);
		await alice.sync.settled();

		bob.sync.setOnline(true);
		await waitFor(async () => (await bob.db.outbox.count()) === 0, "Bob's outbox to settle", 15_000);
		await bob.sync.settled();

		// The refused edit is shown with its reason, and only that one.
		const rejections = await bob.db.rejections.toArray();
		expect(rejections.map((r) => [r.command, r.reason])).toEqual([['editProfile', RejectReason.NotAdmin]]);
		expect([RejectionSource.Relay, RejectionSource.Replay]).toContain(rejections[0]!.source);
		expect(rejections[0]!.input).toEqual({ name: 'Renamed by Bob' });

		// The edits Bob was still allowed to make reached Alice.
		await waitFor(async () => (await alice.db.assets.get([accountId, assetId]))?.name === 'Bob Channel (offline)', "Alice sees Bob's asset edit");
		await waitFor(() => listEntities(alice.sync.doc(catalog)!, Collection.Books).some((b) => b.title === 'Buku Offline'), "Alice sees Bob's book");
		expect(readEntity(alice.sync.doc(room)!, Collection.Profile)?.name).toBe('Kedai Kopi');
		// Bob's copy is the relay's: the refused rename is gone from his document and his rows.
		expect(readEntity(bob.sync.doc(room)!, Collection.Profile)?.name).toBe('Kedai Kopi');
		expect((await bob.db.accounts.get(accountId))?.name).toBe('Kedai Kopi');
		expect((await bob.db.accounts.get(accountId))?.myTypes).toEqual(['catalog']);

		// Dismissed, it is gone.
		await bob.sync.dismissRejection(rejections[0]!.id!);
		expect(await bob.db.rejections.count()).toBe(0);
		await bob.close();
		await alice.close();
	});

	it('[R1] reports a single refused write with the relay\u2019s reason and keeps working on a new clientID', async () => {
		const { alice, bob, room, bobSession, accountId } = await sharedAccount(relay, ['admin']);
		const oldClientId = bob.sync.doc(room)!.clientID;
		// Alice demotes Bob; Bob edits before the change reaches him (his socket is held back).
		bob.sync.setOnline(false);
		expect((await alice.sync.run(room, 'changeMemberTypes', { userId: bobSession.user.id, types: ['catalog'] })).ok).toBe(true);
		await alice.sync.settled();
		expect((await bob.sync.run(room, 'editProfile', { displayEmail: 'bob@kedai.example' })).ok).toBe(true);
		bob.sync.setOnline(true);
		await waitFor(async () => (await bob.db.rejections.count()) === 1, 'the rejection to be reported');
		const [rejection] = await bob.db.rejections.toArray();
		expect(rejection).toMatchObject({ command: 'editProfile', reason: RejectReason.NotAdmin, source: RejectionSource.Relay });
		await waitFor(async () => (await bob.db.accounts.get(accountId))?.myTypes.join() === 'catalog', "Bob's rows rebuilt from the relay");
		await bob.sync.settled();
		// A rejection is a reset: a fresh document, so a fresh clientID.
		expect(bob.sync.doc(room)!.clientID).not.toBe(oldClientId);
		expect(await bob.db.outbox.count()).toBe(0);
		await bob.close();
		await alice.close();
	});
});
