import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RejectReason } from '$lib/domain';
import { RejectionSource } from '$lib/db';
import { ydocUpdatesTable } from '$lib/db';
import { CloseCode } from '$lib/protocol/protocol';
import { RoomStatus } from '$lib/sync';
import { Tab, uniqueDbName, waitFor } from './harness';
import { StubRelay } from './stubRelay';

let stub: StubRelay;
beforeAll(async () => {
	stub = await StubRelay.start();
});
afterAll(async () => {
	await stub.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const user = { id: 'u-close', email: 'close@example.com', name: 'Close' };
const session = { user, token: 'opaque', expiresAt: Date.now() + 3_600_000, refreshToken: 'r' };

describe('close codes', () => {
	it('[R12] on 4401 deletes the room\u2019s Yjs data and rows, reports its pending commands, and does not reconnect', async () => {
		const room = 'account/closed4401';
		const tab = await Tab.open(stub, uniqueDbName('close'), { session, online: false });
		// Work done offline in the room, then the relay says the user may no longer read it.
		expect((await tab.sync.run(room, 'createAccount', { name: 'Gone Soon', displayEmail: 'ops@gone.example', creator: user })).ok).toBe(true);
		await tab.sync.settled();
		expect(await tab.db.accounts.get('closed4401')).toBeDefined();
		const docId = (await tab.db.rooms.get(room))!.docId;
		stub.closeWith.set(room, CloseCode.PermissionRevoked);

		tab.sync.setOnline(true);
		await waitFor(() => tab.sync.state.get().rooms[room] === RoomStatus.Revoked, 'the room to be revoked');
		await waitFor(async () => (await tab.db.rooms.get(room)) === undefined, 'the local copy to go');
		expect(await tab.db.accounts.get('closed4401')).toBeUndefined();
		expect(await tab.db.members.where('room').equals(room).count()).toBe(0);
		expect(await tab.db.table(ydocUpdatesTable).where('k').equals(docId).count()).toBe(0);
		expect(await tab.db.outbox.count()).toBe(0);
		expect((await tab.db.rejections.toArray()).map((r) => [r.command, r.reason, r.source])).toEqual([
			['createAccount', RejectReason.NotMember, RejectionSource.Revoked]
		]);
		const connections = stub.connections.get(room);
		expect(connections).toBe(1);
		await sleep(800);
		expect(stub.connections.get(room)).toBe(connections);
		expect(tab.sockets.count(room)).toBe(1);
		// The user's own room is unaffected.
		expect(tab.sync.state.get().rooms[`user/${user.id}`]).toBe(RoomStatus.Synced);
		await tab.close();
	});

	it('reconnects with backoff after an ordinary close (1013 try again later)', async () => {
		const room = 'account/flaky1013';
		const tab = await Tab.open(stub, uniqueDbName('flaky'), { session: { ...session, user: { ...user, id: 'u-flaky' } }, online: false });
		expect((await tab.sync.run(room, 'createAccount', { name: 'Flaky', displayEmail: 'ops@flaky.example', creator: { ...user, id: 'u-flaky' } })).ok).toBe(true);
		stub.closeWith.set(room, CloseCode.TryAgainLater);
		tab.sync.setOnline(true);
		await waitFor(() => (stub.connections.get(room) ?? 0) >= 3, 'several reconnects');
		stub.closeWith.delete(room);
		await waitFor(() => tab.sync.state.get().rooms[room] === RoomStatus.Synced, 'the room to sync once the relay recovers');
		await waitFor(async () => (await tab.db.outbox.count()) === 0, 'the write to be acked');
		await tab.close();
	});
});
