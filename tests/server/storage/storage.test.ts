import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openPostgresDatabase, type PostgresDatabase } from '../../../server/PostgresDatabase.ts';
import { loadPostgresRelaySecret } from '../../../server/PostgresRelaySecret.ts';
import { PostgresRoomStorage } from '../../../server/PostgresRoomStorage.ts';
import { PostgresTokenStore } from '../../../server/PostgresTokenStore.ts';
import { PostgresUserStore } from '../../../server/PostgresUserStore.ts';
import { isSharedRoomStorage, type RoomStorage, type SharedRoomStorage } from '../../../server/RoomStorage.ts';
import { openSqliteDatabase, type SqliteDatabase } from '../../../server/SqliteDatabase.ts';
import { SqliteRoomStorage } from '../../../server/SqliteRoomStorage.ts';
import { SqliteTokenStore } from '../../../server/SqliteTokenStore.ts';
import { SqliteUserStore } from '../../../server/SqliteUserStore.ts';
import type { TokenStore } from '../../../server/TokenStore.ts';
import { CreateUserOutcome, type UserStore } from '../../../server/UserStore.ts';
import { makeDataDir, removeDataDir } from '../helpers.ts';
import { createTestSchema, describeWithServices, Service, type TestSchema } from './testServices.ts';

/** One opened backend: the three stores over one database, reopenable to prove persistence. */
interface Stores {
	readonly rooms: RoomStorage;
	readonly users: UserStore;
	readonly tokens: TokenStore;
}

interface Backend {
	open(): Promise<Stores>;
	/** Closes what `open` opened (the data stays). */
	closeAll(): Promise<void>;
	/** Drops the data. */
	destroy(): Promise<void>;
}

function sqliteBackend(): Backend {
	let dir = '';
	const opened: SqliteDatabase[] = [];
	return {
		async open() {
			if (dir === '') dir = await makeDataDir();
			const db = openSqliteDatabase(`${dir}/relay.sqlite`);
			opened.push(db);
			return { rooms: new SqliteRoomStorage(db), users: new SqliteUserStore(db), tokens: new SqliteTokenStore(db) };
		},
		async closeAll() {
			for (const db of opened.splice(0)) db.close();
		},
		async destroy() {
			await removeDataDir(dir);
		}
	};
}

function postgresBackend(databaseUrl: string): Backend {
	let schema: TestSchema | null = null;
	const opened: PostgresDatabase[] = [];
	return {
		async open() {
			schema ??= await createTestSchema(databaseUrl);
			const db = await openPostgresDatabase(schema.url, { poolSize: 8 });
			opened.push(db);
			return { rooms: new PostgresRoomStorage(db), users: new PostgresUserStore(db), tokens: new PostgresTokenStore(db) };
		},
		async closeAll() {
			for (const db of opened.splice(0)) await db.end();
		},
		async destroy() {
			await schema?.drop();
		}
	};
}

const room = (): string => `account/r${randomBytes(6).toString('hex')}`;

/** A document with one map entry per key, and the updates that built it (one per key). */
function updatesFor(keys: readonly string[]): { doc: Y.Doc; updates: Uint8Array[] } {
	const doc = new Y.Doc();
	const updates: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => updates.push(u));
	for (const key of keys) doc.getMap('m').set(key, key.toUpperCase());
	return { doc, updates };
}

function rebuild(stored: { updates: readonly Uint8Array[] }): Record<string, unknown> {
	const doc = new Y.Doc();
	for (const u of stored.updates) Y.applyUpdate(doc, u);
	return doc.getMap('m').toJSON();
}

/** The RoomStorage / UserStore / TokenStore contract, the same for every backend. */
function storageContract(name: string, makeBackend: () => Backend): void {
	describe(`storage contract: ${name}`, () => {
		const backend = makeBackend();
		let stores: Stores;
		beforeAll(async () => {
			stores = await backend.open();
		});
		afterAll(async () => {
			await backend.closeAll();
			await backend.destroy();
		});

		it('an unknown room loads empty', async () => {
			const loaded = await stores.rooms.loadRoom(room());
			expect(loaded.updates).toEqual([]);
			expect(loaded.logLength).toBe(0);
			expect(loaded.clientOwners.size).toBe(0);
		});

		it('appended updates load back in order, with the clientID bindings', async () => {
			const r = room();
			const { doc, updates } = updatesFor(['a', 'b', 'c']);
			for (const [i, update] of updates.entries()) {
				await stores.rooms.append([{ room: r, update, clientOwners: i === 0 ? [[doc.clientID, 'alice']] : [] }]);
			}
			const loaded = await stores.rooms.loadRoom(r);
			expect(loaded.logLength).toBe(3);
			expect(loaded.updates.map((u) => [...u])).toEqual(updates.map((u) => [...u]));
			expect(rebuild(loaded)).toEqual({ a: 'A', b: 'B', c: 'C' });
			expect([...loaded.clientOwners]).toEqual([[doc.clientID, 'alice']]);
		});

		it('one append covering several rooms commits them all', async () => {
			const [r1, r2] = [room(), room()];
			const one = updatesFor(['x']);
			const two = updatesFor(['y']);
			await stores.rooms.append([
				{ room: r1, update: one.updates[0] as Uint8Array, clientOwners: [[one.doc.clientID, 'u1']] },
				{ room: r2, update: two.updates[0] as Uint8Array, clientOwners: [[two.doc.clientID, ':relay']] }
			]);
			expect(rebuild(await stores.rooms.loadRoom(r1))).toEqual({ x: 'X' });
			expect(rebuild(await stores.rooms.loadRoom(r2))).toEqual({ y: 'Y' });
			expect((await stores.rooms.loadRoom(r2)).clientOwners.get(two.doc.clientID)).toBe(':relay');
		});

		it('a clientID binding never moves to another owner; a write may only bind', async () => {
			const r = room();
			await stores.rooms.append([{ room: r, update: null, clientOwners: [[7, 'first']] }]);
			await stores.rooms.append([{ room: r, update: null, clientOwners: [[7, 'second'], [8, 'other']] }]);
			const loaded = await stores.rooms.loadRoom(r);
			expect(loaded.clientOwners.get(7)).toBe('first');
			expect(loaded.clientOwners.get(8)).toBe('other');
			expect(rebuild(loaded)).toEqual({});
		});

		it('compaction folds the log into a snapshot; later appends follow it', async () => {
			const r = room();
			const { doc, updates } = updatesFor(['a', 'b', 'c', 'd']);
			for (const update of updates.slice(0, 3)) await stores.rooms.append([{ room: r, update, clientOwners: [] }]);
			const partial = new Y.Doc();
			for (const update of updates.slice(0, 3)) Y.applyUpdate(partial, update);
			await stores.rooms.compact(r, Y.encodeStateAsUpdate(partial));
			let loaded = await stores.rooms.loadRoom(r);
			expect(loaded.logLength).toBe(0);
			expect(loaded.updates).toHaveLength(1);
			expect(rebuild(loaded)).toEqual({ a: 'A', b: 'B', c: 'C' });
			await stores.rooms.append([{ room: r, update: updates[3] as Uint8Array, clientOwners: [] }]);
			loaded = await stores.rooms.loadRoom(r);
			expect(loaded.logLength).toBe(1);
			expect(rebuild(loaded)).toEqual(doc.getMap('m').toJSON());
		});

		it('rooms, users and tokens survive closing and reopening the store', async () => {
			const r = room();
			const { updates } = updatesFor(['kept']);
			await stores.rooms.append([{ room: r, update: updates[0] as Uint8Array, clientOwners: [[42, 'u']] }]);
			const id = `u${randomBytes(4).toString('hex')}`;
			await stores.users.createUser({ id, email: `${id}@example.com`, name: 'Kept', passwordHash: 'h', createdAt: 1 });
			await stores.tokens.saveRefreshToken({ hash: `h-${id}`, userId: id, family: 'f', expiresAt: Date.now() + 60_000, usedAt: null, revokedAt: null });
			const again = await backend.open();
			expect(rebuild(await again.rooms.loadRoom(r))).toEqual({ kept: 'KEPT' });
			expect((await again.rooms.loadRoom(r)).clientOwners.get(42)).toBe('u');
			expect((await again.users.findById(id))?.name).toBe('Kept');
			expect((await again.tokens.findRefreshToken(`h-${id}`))?.userId).toBe(id);
		});

		it('users: unique email (one winner when two sign up at once), lookups by id and email', async () => {
			const tag = randomBytes(4).toString('hex');
			const email = `race-${tag}@example.com`;
			const outcomes = await Promise.all(
				['a', 'b', 'c'].map((n) => stores.users.createUser({ id: `${n}${tag}`, email, name: n, passwordHash: 'h', createdAt: 2 }))
			);
			expect(outcomes.filter((o) => o === CreateUserOutcome.Created)).toHaveLength(1);
			expect(outcomes.filter((o) => o === CreateUserOutcome.EmailTaken)).toHaveLength(2);
			const found = await stores.users.findByEmail(email);
			expect(found).not.toBeNull();
			expect(await stores.users.findById(found?.id ?? '')).toEqual(found);
			expect(found?.createdAt).toBe(2);
			expect(await stores.users.findByEmail(`nobody-${tag}@example.com`)).toBeNull();
			expect(await stores.users.findById(`nobody${tag}`)).toBeNull();
		});

		it('refresh tokens: used once (one winner of a race), revoked by family', async () => {
			const tag = randomBytes(4).toString('hex');
			const base = { userId: 'u', family: `fam-${tag}`, expiresAt: Date.now() + 60_000, usedAt: null, revokedAt: null };
			await stores.tokens.saveRefreshToken({ ...base, hash: `one-${tag}` });
			await stores.tokens.saveRefreshToken({ ...base, hash: `two-${tag}` });
			const wins = await Promise.all([1, 2, 3].map(() => stores.tokens.markRefreshTokenUsed(`one-${tag}`, 10)));
			expect(wins.filter(Boolean)).toHaveLength(1);
			expect((await stores.tokens.findRefreshToken(`one-${tag}`))?.usedAt).toBe(10);
			await stores.tokens.revokeFamily(base.family, 20);
			expect((await stores.tokens.findRefreshToken(`two-${tag}`))?.revokedAt).toBe(20);
			expect(await stores.tokens.markRefreshTokenUsed(`two-${tag}`, 30)).toBe(false);
			expect(await stores.tokens.findRefreshToken(`none-${tag}`)).toBeNull();
		});
	});
}

storageContract('sqlite', sqliteBackend);

describeWithServices('postgres storage', [Service.Postgres], (urls) => {
	storageContract('postgres', () => postgresBackend(urls.DATABASE_URL));

	/** What only a store shared by several nodes promises: log positions, locks, catch-up. */
	describe('shared by several nodes', () => {
		const backend = postgresBackend(urls.DATABASE_URL);
		let shared: SharedRoomStorage;
		let other: SharedRoomStorage;
		beforeAll(async () => {
			const a = (await backend.open()).rooms;
			const b = (await backend.open()).rooms;
			if (!isSharedRoomStorage(a) || !isSharedRoomStorage(b)) throw new Error('postgres storage must be shared');
			[shared, other] = [a, b];
		});
		afterAll(async () => {
			await backend.closeAll();
			await backend.destroy();
		});

		it('numbers each room\'s log 1, 2, 3… and reports what came after a position', async () => {
			const r = room();
			const { updates } = updatesFor(['a', 'b', 'c']);
			for (const update of updates) await shared.append([{ room: r, update, clientOwners: [], accessChangedFor: ['someone'] }]);
			expect((await shared.loadRoom(r)).seq).toBe(3);
			const changes = await other.changesSince(r, 1);
			expect(changes.snapshot).toBeNull();
			expect(changes.entries.map((e) => e.seq)).toEqual([2, 3]);
			expect(changes.entries[0]?.accessChangedFor).toEqual(['someone']);
			expect((await other.heads([r, room()])).get(r)).toBe(3);
		});

		it('a node that fell behind a compaction gets the snapshot, then the entries after it', async () => {
			const r = room();
			const { doc, updates } = updatesFor(['a', 'b', 'c', 'd']);
			const partial = new Y.Doc();
			for (const update of updates.slice(0, 3)) {
				await shared.append([{ room: r, update, clientOwners: [] }]);
				Y.applyUpdate(partial, update);
			}
			await shared.compact(r, Y.encodeStateAsUpdate(partial));
			await shared.append([{ room: r, update: updates[3] as Uint8Array, clientOwners: [[5, 'late']] }]);
			const changes = await other.changesSince(r, 1);
			expect(changes.snapshot?.seq).toBe(3);
			expect(changes.entries.map((e) => e.seq)).toEqual([4]);
			expect(changes.clientOwners).toEqual([[5, 'late']]);
			const behind = new Y.Doc();
			Y.applyUpdate(behind, updates[0] as Uint8Array);
			if (changes.snapshot !== null) Y.applyUpdate(behind, changes.snapshot.data);
			for (const entry of changes.entries) Y.applyUpdate(behind, entry.update);
			expect(behind.getMap('m').toJSON()).toEqual(doc.getMap('m').toJSON());
			expect(await other.loadRoom(r)).toMatchObject({ seq: 4, logLength: 1 });
		});

		it('a room\'s lock serialises two transactions; the second sees the first one\'s commit', async () => {
			const r = room();
			const { updates } = updatesFor(['first', 'second']);
			const first = await shared.begin();
			expect((await first.lock(r, 0)).entries).toEqual([]);
			const second = await other.begin();
			let secondLocked = false;
			const secondLock = second.lock(r, 0).then((changes) => {
				secondLocked = true;
				return changes;
			});
			await new Promise((resolve) => setTimeout(resolve, 150));
			expect(secondLocked).toBe(false);
			expect(await first.append([{ room: r, update: updates[0] as Uint8Array, clientOwners: [] }])).toEqual(new Map([[r, 1]]));
			await first.commit();
			const seen = await secondLock;
			expect(seen.entries.map((e) => e.seq)).toEqual([1]);
			expect(await second.append([{ room: r, update: updates[1] as Uint8Array, clientOwners: [] }])).toEqual(new Map([[r, 2]]));
			await second.rollback();
			expect((await shared.loadRoom(r)).seq).toBe(1);
		});

		it('writing a room without its lock is refused', async () => {
			const tx = await shared.begin();
			await expect(tx.append([{ room: room(), update: null, clientOwners: [] }])).rejects.toThrow(/without its lock/);
			await tx.rollback();
		});

		it('the session key is generated once and shared by every node', async () => {
			const schema = await createTestSchema(urls.DATABASE_URL);
			const db = await openPostgresDatabase(schema.url, { poolSize: 2 });
			try {
				const [a, b] = await Promise.all([loadPostgresRelaySecret(db), loadPostgresRelaySecret(db)]);
				expect(a).toBe(b);
				expect(a.length).toBeGreaterThanOrEqual(32);
			} finally {
				await db.end();
				await schema.drop();
			}
		});
	});
});
