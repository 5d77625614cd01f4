import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { WebSocket as NodeWebSocket } from 'ws';
import { RoomConnection, type PresenceEntry, type WebSocketConstructor } from '$lib/sync';
import { startTestRelay, waitFor, type TestRelay } from './harness';
import { sharedAccount } from './scenario';

let relay: TestRelay;
beforeAll(async () => {
	relay = await startTestRelay();
});
afterAll(async () => {
	await relay.stop();
});

const ignore = { synced() {}, ack() {}, rejected() {}, authError() {}, closed() {} };

describe('presence through awareness', () => {
	it('shows two users on one account room to each other, and forgets one who leaves', async () => {
		const { alice, bob, room, aliceSession, bobSession } = await sharedAccount(relay, ['admin']);
		const people = `/a/x/people`;
		let seenByAlice: PresenceEntry[] = [];
		let seenByBob: PresenceEntry[] = [];
		alice.sync.presence(room).subscribe((value) => (seenByAlice = value));
		bob.sync.presence(room).subscribe((value) => (seenByBob = value));
		alice.sync.setPresencePage(room, people);
		bob.sync.setPresencePage(room, people);

		await waitFor(() => seenByAlice.length === 1 && seenByBob.length === 1, 'both see each other');
		expect(seenByAlice).toEqual([{ userId: bobSession.user.id, name: 'Bob', page: people }]);
		expect(seenByBob).toEqual([{ userId: aliceSession.user.id, name: 'Alice', page: people }]);

		// Bob moves to another page, then leaves the page altogether.
		bob.sync.setPresencePage(room, '/a/x/settings');
		await waitFor(() => seenByAlice[0]?.page === '/a/x/settings', 'Alice sees Bob move');
		bob.sync.setPresencePage(room, null);
		await waitFor(() => seenByAlice.length === 0, 'Alice sees Bob leave');

		// Back on a page, then offline: the socket closes and Alice stops seeing him.
		bob.sync.setPresencePage(room, people);
		await waitFor(() => seenByAlice.length === 1, 'Alice sees Bob again');
		bob.sync.setOnline(false);
		expect(bob.sync.presence(room).get()).toEqual([]);
		await waitFor(() => seenByAlice.length === 0, 'Alice sees Bob go offline');

		// Online again: his page is still set, so he is back without asking.
		bob.sync.setOnline(true);
		await waitFor(() => seenByAlice.length === 1 && seenByBob.length === 1, 'both see each other after reconnecting');
		await bob.close();
		await waitFor(() => seenByAlice.length === 0, 'Alice sees Bob close his tab');
		await alice.close();
	});

	it("replaces a claimed user with the relay's stamp of the signed-in user", async () => {
		const { alice, bob, room, aliceSession, bobSession } = await sharedAccount(relay, ['analytics']);
		let seenByAlice: PresenceEntry[] = [];
		alice.sync.presence(room).subscribe((value) => (seenByAlice = value));
		alice.sync.setPresencePage(room, '/a/x/people');

		// Bob's own socket, publishing a state that claims to be Alice.
		const url = `${relay.url.replace(/^http/, 'ws')}/sync/${room}?token=${encodeURIComponent(bobSession.token)}`;
		const awareness = new Awareness(new Y.Doc());
		const connection = new RoomConnection(url, awareness.doc, NodeWebSocket as unknown as WebSocketConstructor, ignore, { awareness });
		awareness.setLocalState({ page: '/a/x/people', user: { id: aliceSession.user.id, name: 'Not Bob' } });

		await waitFor(() => seenByAlice.length === 1, 'Alice sees the forged state');
		expect(seenByAlice).toEqual([{ userId: bobSession.user.id, name: 'Bob', page: '/a/x/people' }]);
		// The stamped state reaches the publisher too, as the relay holds it.
		await waitFor(() => [...awareness.getStates().values()].some((s) => (s as { user?: { id?: string } }).user?.id === aliceSession.user.id), 'Bob sees Alice');

		connection.close();
		awareness.destroy();
		await waitFor(() => seenByAlice.length === 0, 'the forged state goes with its socket');
		await bob.close();
		await alice.close();
	});
});
