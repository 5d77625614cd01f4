import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Dexie, type Observable } from 'dexie';
import yDexie from 'y-dexie';
import { createDatabase, declareVersions, currentSchemaVersion, membersByPrefix, RoomStore, type BusinessCenterDb } from '$lib/db';
import { openTestDb, uniqueDbName } from './testDb';

function firstValue<T>(observable: Observable<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		const sub = observable.subscribe({
			next: (value) => {
				resolve(value);
				queueMicrotask(() => sub.unsubscribe());
			},
			error: reject
		});
	});
}

describe('schema versions', () => {
	it('opens a version 1 database with version 2 code and keeps its data (members gain nameLower, rejections appears)', async () => {
		const name = uniqueDbName('migrate');
		// The previous release: only version 1 declared.
		const v1 = new Dexie(name, { addons: [yDexie({ gc: false }) as (db: Dexie) => void], indexedDB, IDBKeyRange }) as BusinessCenterDb;
		declareVersions(v1, 1);
		await v1.members.put({ accountId: 'acc1', userId: 'u1', room: 'account/acc1', email: 'siti@example.com', name: 'Siti Aminah', types: ['admin'], addedAt: 1 } as never);
		await v1.outbox.add({ room: 'account/acc1', command: 'editProfile', input: { name: 'X' }, createdAt: 1, actorId: 'u1', ids: [], clientId: 7, clock: 1 });
		await v1.session.put({ key: 'current', user: { id: 'u1', email: 'siti@example.com', name: 'Siti' }, token: 't', expiresAt: 1, refreshToken: 'r' });
		const opened = await new RoomStore(v1).open('account/acc1');
		if (!opened.ok) throw new Error(opened.message);
		opened.value.doc.getMap('profile').set('name', 'Kedai Siti');
		// y-dexie stores the update asynchronously.
		await expect.poll(() => v1.table('$ydocs.doc_updates').count()).toBeGreaterThan(0);
		opened.value.release();
		expect(v1.verno).toBe(1);
		expect(v1.tables.map((t) => t.name)).not.toContain('rejections');
		v1.close();

		const v2 = openTestDb(name);
		await v2.open();
		expect(v2.verno).toBe(currentSchemaVersion);
		expect(currentSchemaVersion).toBe(2);
		const member = await v2.members.get(['acc1', 'u1']);
		expect(member).toMatchObject({ name: 'Siti Aminah', nameLower: 'siti aminah', types: ['admin'] });
		// The new index answers a case-insensitive prefix search.
		expect((await firstValue(membersByPrefix(v2, 'acc1', 'SITI'))).map((m) => m.userId)).toEqual(['u1']);
		expect(await v2.outbox.count()).toBe(1);
		expect((await v2.session.get('current'))?.refreshToken).toBe('r');
		expect(await v2.rejections.count()).toBe(0);
		const reopened = await new RoomStore(v2).open('account/acc1');
		if (!reopened.ok) throw new Error(reopened.message);
		expect(reopened.value.doc.getMap('profile').get('name')).toBe('Kedai Siti');
		reopened.value.release();
		v2.close();
	});

	it('creates a fresh database at the current version', async () => {
		const db = createDatabase({ name: uniqueDbName('fresh'), indexedDB, IDBKeyRange, compactUpdates: false });
		await db.open();
		expect(db.verno).toBe(2);
		expect(db.tables.map((t) => t.name).sort()).toEqual(
			['$ydocs.doc_updates', 'accounts', 'assets', 'members', 'notifications', 'outbox', 'partners', 'rejections', 'requests', 'rooms', 'session', 'shares', 'ydocs'].sort()
		);
		db.close();
	});
});
