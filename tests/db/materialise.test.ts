import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { allAccessTypes, allAssetKinds, Collection, NotificationKind, writeRaw, readRaw, type Room } from '$lib/domain';
import { allMaterialisedTables, Materialiser, roomRows, type BusinessCenterDb, type MaterialiseContext } from '$lib/db';
import { openTestDb, uniqueDbName } from './testDb';

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
const userIds = ids('u', 6);
const assetIds = ids('a', 6);
const accountIds = ids('p', 4);
const requestIds = ids('r', 4);
const noteIds = ids('n', 6);
const info = { registrationNumber: '', representative: '', address: '', phone: '' };
const role = fc.constantFrom('master', 'member');
const names = fc.constantFrom('Kim Min-jun', 'ahmad', 'Siti Aminah', 'lee', 'Ōta');

/** A random write to one entity of an account room (or null: delete it), valid by the schema. */
const accountChange = fc.oneof(
	fc.record({ collection: fc.constant(Collection.Profile), key: fc.constant('self'), value: fc.option(names.map((name) => ({ id: 'acc1', name, displayEmail: 'ops@example.com', businessInfo: info, createdAt: 1, createdBy: 'u1' }))) }),
	fc.record({
		collection: fc.constant(Collection.Members),
		key: fc.constantFrom(...userIds),
		value: fc.option(fc.record({ name: names, types: fc.subarray([...allAccessTypes], { minLength: 1 }), addedAt: fc.nat(1000) }))
	}).map(({ collection, key, value }) => ({ collection, key, value: value === null ? null : { userId: key, email: `${key}@example.com`, addedBy: 'u1', ...value } })),
	fc.record({
		collection: fc.constant(Collection.Assets),
		key: fc.constantFrom(...assetIds),
		value: fc.option(fc.record({ kind: fc.constantFrom(...allAssetKinds), name: names, admins: fc.dictionary(fc.constantFrom(...userIds), role) }))
	}).map(({ collection, key, value }) => ({ collection, key, value: value === null ? null : { id: key, businessInfo: info, autoPayHolder: null, createdAt: 1, createdBy: 'u1', ...value } })),
	fc.record({
		collection: fc.constant(Collection.SharedIn),
		key: fc.constantFrom(...assetIds),
		value: fc.option(fc.record({ kind: fc.constantFrom(...allAssetKinds), name: names, roleCeiling: role, admins: fc.dictionary(fc.constantFrom(...userIds), role) }))
	}).map(({ collection, key, value }) => ({ collection, key, value: value === null ? null : { assetId: key, ownerAccountId: 'p1', ownerName: 'Owner', sharedAt: 5, ...value } })),
	fc.record({
		collection: fc.constant(Collection.Partners),
		key: fc.constantFrom(...accountIds),
		value: fc.option(fc.constantFrom('pending', 'active'))
	}).map(({ collection, key, value }) => ({ collection, key, value: value === null ? null : { accountId: key, status: value, requestedBy: 'acc1', requestedAt: 3 } })),
	fc.record({
		collection: fc.constant(Collection.Shares),
		key: fc.constantFrom(...assetIds),
		value: fc.option(fc.dictionary(fc.constantFrom(...accountIds), role))
	}).map(({ collection, key, value }) => ({
		collection,
		key,
		value: value === null ? null : { assetId: key, partners: Object.fromEntries(Object.entries(value).map(([p, r]) => [p, { roleCeiling: r, sharedAt: 7, sharedBy: 'u1' }])) }
	})),
	fc.record({
		collection: fc.constant(Collection.Requests),
		key: fc.constantFrom(...requestIds),
		value: fc.option(fc.record({ assetId: fc.constantFrom(...assetIds), status: fc.constantFrom('pending', 'accepted', 'declined') }))
	}).map(({ collection, key, value }) => ({
		collection,
		key,
		value: value === null ? null : { id: key, ownerAccountId: 'p2', createdAt: 9, createdBy: 'u1', decidedAt: null, decidedBy: null, ...value }
	}))
);

/** A random write to the user room: inbox notifications and the master's decisions. */
const userChange = fc.oneof(
	fc.record({
		collection: fc.constant(Collection.Inbox),
		key: fc.constantFrom(...noteIds),
		value: fc.option(fc.record({ kind: fc.constantFrom(NotificationKind.AffiliationRequested, NotificationKind.ShareReceived), requestId: fc.constantFrom(...requestIds), at: fc.nat(1000), read: fc.boolean() }))
	}).map(({ collection, key, value }) => ({
		collection,
		key,
		value:
			value === null
				? null
				: { id: key, kind: value.kind, at: value.at, readAt: value.read ? 2000 : null, data: { requestId: value.requestId, assetId: 'a1', requesterAccountId: 'p3', requesterName: 'Req' } }
	})),
	fc.record({
		collection: fc.constant(Collection.Decisions),
		key: fc.constantFrom(...requestIds),
		value: fc.option(fc.constantFrom('accept', 'decline'))
	}).map(({ collection, key, value }) => ({ collection, key, value: value === null ? null : { requesterAccountId: 'p3', decision: value, decidedAt: 11 } }))
);

type Change = { collection: Collection; key: string; value: unknown };

const step = fc.record({
	room: fc.constantFrom('account', 'user'),
	accountChange,
	userChange,
	// Sometimes several changes land in one transaction, sometimes a flush runs in between.
	sameTransaction: fc.boolean(),
	yieldAfter: fc.boolean()
});

async function tableRows(db: BusinessCenterDb, room: string): Promise<Record<string, unknown[]>> {
	const out: Record<string, unknown[]> = {};
	for (const table of allMaterialisedTables) out[table] = await db.table(table).where('room').equals(room).toArray();
	return out;
}

function sortRows(rows: Record<string, unknown[]>): Record<string, unknown[]> {
	return Object.fromEntries(Object.entries(rows).map(([t, r]) => [t, [...r].map((x) => JSON.parse(JSON.stringify(x))).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))]));
}

function apply(doc: Y.Doc, change: Change): void {
	writeRaw(doc, change.collection, change.key, readRaw(doc, change.collection, change.key), change.value);
}

describe('Materialiser', () => {
	it('keeps the tables equal to a rebuild from scratch after 1,000 random changes (incremental, fixed seed)', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(step, { minLength: 1000, maxLength: 1000 }), async (steps) => {
				const db = openTestDb(uniqueDbName('materialise'));
				const accountCtx: MaterialiseContext = { room: { kind: 'account', accountId: 'acc1' } as Room, roomName: 'account/acc1', userId: 'u1' };
				const userCtx: MaterialiseContext = { room: { kind: 'user', userId: 'u1' } as Room, roomName: 'user/u1', userId: 'u1' };
				const accountDoc = new Y.Doc();
				const userDoc = new Y.Doc();
				await db.rooms.bulkPut([
					{ name: 'account/acc1', docId: 'd1', materialisedSv: null },
					{ name: 'user/u1', docId: 'd2', materialisedSv: null }
				]);
				const accountRows = new Materialiser(db, accountCtx, accountDoc);
				const userRows = new Materialiser(db, userCtx, userDoc);
				await accountRows.start();
				await userRows.start();
				let batch: Array<() => void> = [];
				const flush = (doc: Y.Doc) => {
					const writes = batch;
					batch = [];
					doc.transact(() => writes.forEach((w) => w()));
				};
				for (const s of steps) {
					const doc = s.room === 'account' ? accountDoc : userDoc;
					const change = (s.room === 'account' ? s.accountChange : s.userChange) as Change;
					if (s.sameTransaction) {
						batch.push(() => apply(doc, change));
						flush(doc);
					} else apply(doc, change);
					if (s.yieldAfter) await new Promise((resolve) => setTimeout(resolve, 0));
				}
				await accountRows.idle();
				await userRows.idle();
				for (const [ctx, doc] of [
					[accountCtx, accountDoc],
					[userCtx, userDoc]
				] as const) {
					const expected = roomRows(ctx, doc);
					// Guard against a vacuous pass (every random entity failing to parse).
					const tables = ctx === accountCtx ? (['members', 'assets', 'partners', 'shares', 'requests'] as const) : (['notifications', 'requests'] as const);
					for (const table of tables) expect(expected[table].length, table).toBeGreaterThan(0);
					expect(sortRows(await tableRows(db, ctx.roomName))).toEqual(sortRows(expected as unknown as Record<string, unknown[]>));
				}
				// The materialised state vector says the rows are current: a restart needs no rebuild.
				expect((await db.rooms.get('account/acc1'))?.materialisedSv).toEqual(Y.encodeStateVector(accountDoc));
				accountRows.stop();
				userRows.stop();
				db.close();
			}),
			{ seed: 20240611, numRuns: 1 }
		);
	});
});
