import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Collection, listEntities } from '$lib/domain';
import { ydocUpdatesTable } from '$lib/db';
import { RoomStatus } from '$lib/sync';
import { startTestRelay, waitFor, type TestRelay } from './harness';
import { sharedAccount } from './scenario';

let relay: TestRelay;
beforeAll(async () => {
	relay = await startTestRelay();
});
afterAll(async () => {
	await relay.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('losing read access', () => {
	it('[R12] deletes the local copy of a section room the user may no longer read and does not reconnect to it', async () => {
		const { alice, bob, room, bobSession } = await sharedAccount(relay, ['catalog']);
		const catalog = `${room}/catalog`;
		expect((await alice.sync.run(catalog, 'addBook', { title: 'Buku Rahsia', authors: ['Alice'], isbn: '9780306406157', priceMinor: 900, currency: 'MYR' })).ok).toBe(true);
		await waitFor(() => listEntities(bob.sync.doc(catalog) ?? alice.sync.doc(catalog)!, Collection.Books).length === 1 && bob.sync.doc(catalog) !== null, 'Bob has the catalog');
		await waitFor(() => listEntities(bob.sync.doc(catalog)!, Collection.Books).length === 1, "Bob's catalog copy holds the book");
		const docId = (await bob.db.rooms.get(catalog))!.docId;
		expect(await bob.db.table(ydocUpdatesTable).where('k').equals(docId).count()).toBeGreaterThan(0);

		expect((await alice.sync.run(room, 'changeMemberTypes', { userId: bobSession.user.id, types: ['analytics'] })).ok).toBe(true);
		await waitFor(() => bob.sync.state.get().rooms[catalog] === RoomStatus.Revoked, 'the catalog room to be revoked');
		await waitFor(async () => (await bob.db.rooms.get(catalog)) === undefined, 'the room row to go');
		expect(await bob.db.ydocs.where('room').equals(catalog).count()).toBe(0);
		expect(await bob.db.table(ydocUpdatesTable).where('k').equals(docId).count()).toBe(0);
		expect(bob.sync.doc(catalog)).toBeNull();
		// Analytics opens the reports room instead.
		await waitFor(() => bob.sync.doc(`${room}/reports`) !== null, 'the reports room');

		const attempts = bob.sockets.count(catalog);
		await sleep(1_000);
		expect(bob.sockets.count(catalog)).toBe(attempts);
		await bob.close();
		await alice.close();
	});

	it('[R1][R12] drops an account room and all its rows when the member is removed (4401), without a reconnect loop', async () => {
		const { alice, bob, room, accountId, bobSession, aliceSession } = await sharedAccount(relay, ['catalog']);
		expect((await alice.sync.run(room, 'createAsset', { kind: 'ad-account', name: 'Iklan' })).ok).toBe(true);
		await waitFor(async () => (await bob.db.assets.where('[accountId+kind]').equals([accountId, 'ad-account']).count()) === 1, 'Bob sees the asset');

		expect((await alice.sync.run(room, 'removeMember', { userId: bobSession.user.id })).ok).toBe(true);
		await waitFor(() => bob.sync.state.get().rooms[room] === RoomStatus.Revoked, 'the account room to be revoked');
		await waitFor(async () => (await bob.db.rooms.get(room)) === undefined, 'the room row to go');
		expect(await bob.db.members.where('room').equals(room).count()).toBe(0);
		expect(await bob.db.assets.where('room').equals(room).count()).toBe(0);
		expect(await bob.db.accounts.get(accountId)).toBeUndefined();
		expect(await bob.db.members.get([accountId, aliceSession.user.id])).toBeUndefined();
		expect(await bob.db.ydocs.where('room').startsWith(room).count()).toBe(0);

		const attempts = bob.sockets.count(room);
		await sleep(1_000);
		expect(bob.sockets.count(room)).toBe(attempts);
		await bob.close();
		await alice.close();
	});
});
