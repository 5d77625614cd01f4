import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Collection, readEntity } from '$lib/domain';
import { ConnectionStatus } from '$lib/sync';
import { startTestRelay, Tab, waitFor, type TestRelay } from './harness';
import { sharedAccount } from './scenario';

let relay: TestRelay;
beforeAll(async () => {
	relay = await startTestRelay();
});
afterAll(async () => {
	await relay.stop();
});

describe('offline work', () => {
	it('keeps an edit made offline across a reload and delivers it to another user once online', async () => {
		const { alice, bob, room, accountId, bobSession, bobDbName } = await sharedAccount(relay, ['admin']);
		bob.sync.setOnline(false);
		const edited = await bob.sync.run(room, 'editProfile', { name: 'Kedai Kopi Offline' });
		expect(edited.ok).toBe(true);
		expect(await bob.db.outbox.count()).toBe(1);
		// The tab closes; a new one opens over the same IndexedDB store, still offline.
		await bob.close();
		const reopened = await Tab.open(relay, bobDbName, { online: false });
		expect(reopened.sync.state.get()).toMatchObject({ status: ConnectionStatus.Offline, user: { id: bobSession.user.id } });
		await reopened.sync.settled();
		expect((await reopened.db.accounts.get(accountId))?.name).toBe('Kedai Kopi Offline');
		expect(readEntity(reopened.sync.doc(room)!, Collection.Profile)?.name).toBe('Kedai Kopi Offline');
		expect(await reopened.db.outbox.count()).toBe(1);
		expect(alice.sync.doc(room)!.getMap('profile').get('name')).toBe('Kedai Kopi');

		reopened.sync.setOnline(true);
		await waitFor(async () => (await alice.db.accounts.get(accountId))?.name === 'Kedai Kopi Offline', "Alice sees Bob's offline edit");
		await waitFor(async () => (await reopened.db.outbox.count()) === 0, 'the outbox empties on ack');
		expect(await reopened.db.rejections.count()).toBe(0);
		await waitFor(() => reopened.sync.state.get().status === ConnectionStatus.Online, 'online');
		await reopened.close();
		await alice.close();
	});
});
