import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Collection, readEntity } from '$lib/domain';
import { membersByPrefix } from '$lib/db';
import { liveValue, signUp, startTestRelay, Tab, uniqueDbName, waitFor, type TestRelay } from './harness';

let relay: TestRelay;
beforeAll(async () => {
	relay = await startTestRelay();
});
afterAll(async () => {
	await relay.stop();
});

describe('several tabs over one database', () => {
	it("shows an edit made in one tab in the other tab's live query and document", async () => {
		const alice = await signUp(relay, 'Alice');
		const bob = await signUp(relay, 'Bob');
		const dbName = uniqueDbName('tabs');
		// Both tabs offline: only IndexedDB connects them.
		const first = await Tab.open(relay, dbName, { session: alice, online: false });
		const second = await Tab.open(relay, dbName, { online: false });
		expect(second.sync.user?.id).toBe(alice.user.id);
		const room = `account/tabs${process.pid}`;
		expect((await first.sync.run(room, 'createAccount', { name: 'Toko Dua Tab', displayEmail: 'ops@toko.example', creator: alice.user })).ok).toBe(true);
		expect(await second.sync.openRoom(room)).toBe(true);
		const accountId = room.slice('account/'.length);

		const seen = liveValue(membersByPrefix(second.db, accountId, 'bo'), (members) => members.some((m) => m.userId === bob.user.id));
		const added = await first.sync.run(room, 'addMember', { email: bob.user.email, user: bob.user, types: ['analytics'] });
		expect(added.ok).toBe(true);
		expect((await seen).map((m) => m.name)).toEqual(['Bob']);
		// y-dexie carried the update into the second tab's own copy of the document.
		await waitFor(() => readEntity(second.sync.doc(room)!, Collection.Members, bob.user.id) !== null, "the second tab's document");

		// And the other way round: an edit in the second tab reaches the first tab's document.
		expect((await second.sync.run(room, 'editProfile', { name: 'Toko Dua Tab Baru' })).ok).toBe(true);
		await waitFor(() => readEntity(first.sync.doc(room)!, Collection.Profile)?.name === 'Toko Dua Tab Baru', "the first tab's document");
		await waitFor(async () => (await first.db.accounts.get(accountId))?.name === 'Toko Dua Tab Baru', 'the shared accounts row');
		expect(await first.db.outbox.count()).toBe(3);

		// Back online (the first tab), the commands of both tabs reach the relay and leave the outbox.
		first.sync.setOnline(true);
		await waitFor(async () => (await first.db.outbox.count()) === 0, 'the shared outbox to empty');
		expect(await first.db.rejections.count()).toBe(0);
		await second.close();
		await first.close();
	});
});
