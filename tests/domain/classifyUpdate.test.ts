import { describe, it, expect, beforeEach } from 'vitest';
import * as Y from 'yjs';
import {
	accountRoom,
	addMember,
	changeMemberTypes,
	classifyUpdate,
	createAccount,
	createAsset,
	Deleted,
	NewMap,
	permissionOf,
	Permission,
	removeMember,
	RoomKind,
	setAssetAdmin,
	type Touch,
	type User
} from '$lib/domain';
import { World } from './fixtures';

const ROOM = 'account/acme';
const room = accountRoom('acme');

let world: World;
let alice: User;
let bob: User;

/** An account with alice (admin) and bob (catalog), identical on the client and the relay. */
function setup(): void {
	world = new World();
	alice = world.register('alice');
	bob = world.register('bob');
	const env = () => world.accountEnv(alice, 'acme');
	for (const step of [
		() => createAccount(env(), { name: 'Acme', displayEmail: 'ops@acme.com', creator: alice }),
		() => addMember(env(), { email: bob.email, user: bob })
	]) {
		const update = world.capture(ROOM, () => expect(step()).toMatchObject({ ok: true }));
		expect(world.relay(alice, room, ROOM, update!)).toMatchObject({ ok: true });
	}
}

/** A peer's copy of the relay's document, with every update it writes collected. */
function peer(): { doc: Y.Doc; take: () => Uint8Array } {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, Y.encodeStateAsUpdate(world.relayDoc(ROOM)));
	const updates: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => updates.push(u));
	return { doc, take: () => Y.mergeUpdates(updates.splice(0)) };
}

function classify(update: Uint8Array) {
	return classifyUpdate(world.relayDoc(ROOM), update, RoomKind.Account);
}

function paths(touches: readonly Touch[]): string[] {
	return touches.map((t) => t.path.join('/')).sort();
}

const member = (doc: Y.Doc, id: string) => doc.getMap('members').get(id) as Y.Map<unknown>;

describe('classifyUpdate: paths of command updates', () => {
	beforeEach(setup);

	it('[R1] changing access types touches exactly members/<id>/types, needing account admin', () => {
		const update = world.capture(ROOM, () =>
			expect(changeMemberTypes(world.accountEnv(alice, 'acme'), { userId: bob.id, types: ['analytics'] })).toMatchObject({ ok: true })
		);
		const result = classify(update!);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(paths(result.value.touches)).toEqual([`members/${bob.id}/types`]);
		expect(result.value.changes).toHaveLength(1);
		expect(result.value.changes[0]).toMatchObject({ collection: 'members', key: bob.id, after: { types: ['analytics'] } });
		const v = world.relay(alice, room, ROOM, update!);
		expect(v.ok && v.value.actions.map(permissionOf)).toEqual([Permission.AccountAdmin]);
	});

	it('[R1] removing a member is a delete of members/<id>, read off the delete set alone', () => {
		const update = world.capture(ROOM, () => expect(removeMember(world.accountEnv(alice, 'acme'), { userId: bob.id })).toMatchObject({ ok: true }));
		const result = classify(update!);
		expect(result.ok && result.value.touches).toEqual([{ path: ['members', bob.id], value: Deleted }]);
		expect(result.ok && result.value.changes[0]?.after).toBeNull();
	});

	it('[R6] creating an asset is one new map at assets/<id> whose fields resolve through the new map', () => {
		const update = world.capture(ROOM, () => expect(createAsset(world.accountEnv(alice, 'acme'), { kind: 'pixel-sdk', name: 'Pixel' })).toMatchObject({ ok: true }));
		const result = classify(update!);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		const assetTouch = result.value.touches.find((t) => t.path.length === 2);
		expect(assetTouch?.value).toBe(NewMap);
		expect(result.value.changes[0]?.after).toMatchObject({ kind: 'pixel-sdk', name: 'Pixel', admins: { [alice.id]: 'master' } });
	});

	it('an overwrite carries no parent on the wire: its path is resolved through its origin', () => {
		const p = peer();
		member(p.doc, bob.id).set('types', ['catalog', 'analytics']);
		const update = p.take();
		const decoded = Y.decodeUpdate(update);
		const item = decoded.structs[0] as Y.Item;
		expect(item.parent).toBeNull(); // the premise: the wire names only the origin
		const result = classify(update);
		expect(result.ok && paths(result.value.touches)).toEqual([`members/${bob.id}/types`]);
	});

	it('[R6] a nested write (an asset admin) resolves through two levels of maps', () => {
		const created = world.capture(ROOM, () => createAsset(world.accountEnv(alice, 'acme'), { kind: 'ad-account', name: 'Ads' }));
		expect(world.relay(alice, room, ROOM, created!).ok).toBe(true);
		const assetId = [...world.relayDoc(ROOM).getMap('assets').keys()][0]!;
		const update = world.capture(ROOM, () =>
			expect(setAssetAdmin(world.accountEnv(alice, 'acme'), { assetId, userId: bob.id, role: 'member' })).toMatchObject({ ok: true })
		);
		const result = classify(update!);
		expect(result.ok && paths(result.value.touches)).toEqual([`assets/${assetId}/admins/${bob.id}`]);
	});

	it('an update the relay already has (a resend) changes nothing', () => {
		const update = world.capture(ROOM, () => changeMemberTypes(world.accountEnv(alice, 'acme'), { userId: bob.id, types: ['payments'] }));
		expect(world.relay(alice, room, ROOM, update!).ok).toBe(true);
		const again = classify(update!);
		expect(again.ok && again.value.changes).toEqual([]);
	});

	it('SyncStep2 after offline work: several commands in one diff are classified like their updates', () => {
		const offline = new Y.Doc();
		Y.applyUpdate(offline, Y.encodeStateAsUpdate(world.relayDoc(ROOM)));
		world.docs.set(ROOM, offline);
		const env = () => world.accountEnv(alice, 'acme');
		const carol = world.register('carol');
		expect(addMember(env(), { email: carol.email, user: carol, types: ['payments'] }).ok).toBe(true);
		expect(changeMemberTypes(env(), { userId: carol.id, types: ['payments', 'analytics'] }).ok).toBe(true);
		expect(changeMemberTypes(env(), { userId: bob.id, types: ['analytics'] }).ok).toBe(true);
		const step2 = Y.encodeStateAsUpdate(offline, Y.encodeStateVector(world.relayDoc(ROOM)));
		const result = world.relay(alice, room, ROOM, step2);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.value.actions.map((a) => a.type).sort()).toEqual(['add-member', 'change-member-types']);
		expect(world.relayDoc(ROOM).getMap('members').toJSON()[carol.id].types).toEqual(['analytics', 'payments']);
	});
});

describe('classifyUpdate: hostile and broken updates', () => {
	beforeEach(setup);

	it('random bytes are a malformed update, not an exception', () => {
		for (const bytes of [new Uint8Array([1, 2, 3]), new Uint8Array([255, 255, 255, 255, 255]), new Uint8Array(0)]) {
			const result = classify(bytes);
			if (!result.ok) expect(['malformed-update', 'missing-dependency']).toContain(result.reason);
			else expect(result.value.changes).toEqual([]);
		}
	});

	it('a truncated update is refused as malformed', () => {
		const p = peer();
		member(p.doc, bob.id).set('types', ['admin']);
		const update = p.take();
		expect(classify(update.slice(0, update.length - 3))).toMatchObject({ ok: false, reason: 'malformed-update' });
	});

	it('a root that is not in the schema is an unknown path', () => {
		const p = peer();
		p.doc.getMap('secrets').set('x', 1);
		expect(classify(p.take())).toMatchObject({ ok: false, reason: 'unknown-path' });
	});

	it('a field that is not in the schema is an unknown path', () => {
		const p = peer();
		member(p.doc, bob.id).set('isOwner', true);
		expect(classify(p.take())).toMatchObject({ ok: false, reason: 'unknown-path' });
	});

	it('a Y.Array or Y.Text where the schema has values is refused', () => {
		const p = peer();
		member(p.doc, bob.id).set('types', new Y.Array());
		expect(classify(p.take())).toMatchObject({ ok: false, reason: 'unknown-path' });
		const q = peer();
		q.doc.getMap('profile').set('name', new Y.Text('x'));
		expect(classify(q.take())).toMatchObject({ ok: false, reason: 'unknown-path' });
	});

	it('list content inside a map (no key) is refused', () => {
		const p = peer();
		p.doc.getArray('members').insert(0, ['x']);
		expect(classify(p.take()).ok).toBe(false);
	});

	it('__proto__ as a key is refused as forbidden', () => {
		const p = peer();
		p.doc.getMap('members').set('__proto__', new Y.Map());
		expect(classify(p.take())).toMatchObject({ ok: false, reason: 'forbidden-key' });
	});

	it('a value smuggling __proto__ inside JSON is refused as forbidden', () => {
		const p = peer();
		const evil = JSON.parse('{"registrationNumber":"1","representative":"r","address":"a","phone":"p","__proto__":{"isAdmin":true}}');
		p.doc.getMap('profile').set('businessInfo', evil);
		expect(classify(p.take())).toMatchObject({ ok: false, reason: 'forbidden-key' });
	});

	it('an update that depends on one the relay never had is a missing dependency, never parked', () => {
		const p = peer();
		member(p.doc, bob.id).set('types', ['analytics']);
		p.take(); // the first update is lost on the way
		member(p.doc, bob.id).set('types', ['payments']);
		expect(classify(p.take())).toMatchObject({ ok: false, reason: 'missing-dependency' });
		expect(world.relayDoc(ROOM).store.pendingStructs).toBeNull();
	});

	it('a delete of items the relay does not have is a missing dependency', () => {
		const p = peer();
		member(p.doc, bob.id).set('name', 'x');
		p.take();
		member(p.doc, bob.id).delete('name');
		const result = classify(p.take());
		expect(result).toMatchObject({ ok: false, reason: 'missing-dependency' });
	});

	it('a write made against a value that has since changed is a stale write (the client rebases)', () => {
		const p = peer();
		const q = peer();
		member(p.doc, bob.id).set('types', ['analytics']);
		expect(world.relay(alice, room, ROOM, p.take()).ok).toBe(true);
		member(q.doc, bob.id).set('types', ['payments']); // q never saw p's write
		expect(classify(q.take())).toMatchObject({ ok: false, reason: 'stale-write' });
	});

	it('writes into a map that the same update replaces vanish, as they do in Yjs', () => {
		const p = peer();
		const old = member(p.doc, bob.id);
		old.set('types', ['admin']); // into the old map...
		const fresh = new Y.Map<unknown>();
		p.doc.getMap('members').set(bob.id, fresh); // ...which is then replaced
		for (const [k, v] of Object.entries({ userId: bob.id, email: bob.email, name: 'bob', types: ['catalog'], addedAt: 1, addedBy: alice.id })) fresh.set(k, v);
		const result = classify(p.take());
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.value.changes[0]?.after).toMatchObject({ types: ['catalog'] });
		// and what the relay computed is what Yjs computes
		const check = new Y.Doc();
		Y.applyUpdate(check, Y.encodeStateAsUpdate(world.relayDoc(ROOM)));
		Y.applyUpdate(check, Y.encodeStateAsUpdate(p.doc, Y.encodeStateVector(world.relayDoc(ROOM))));
		expect((check.getMap('members').get(bob.id) as Y.Map<unknown>).get('types')).toEqual(['catalog']);
	});

	it('content written and deleted offline (garbage-collected) is classified as deleted', () => {
		const p = peer();
		member(p.doc, bob.id).set('name', 'Bobby');
		member(p.doc, bob.id).set('name', 'Robert');
		const update = Y.encodeStateAsUpdate(p.doc, Y.encodeStateVector(world.relayDoc(ROOM)));
		const result = classify(update);
		expect(result.ok && result.value.changes[0]?.after).toMatchObject({ name: 'Robert' });
	});
});

describe('classifyUpdate: what the relay computes equals what Yjs applies', () => {
	beforeEach(setup);

	it('for a random sequence of raw writes and deletes the projected entities equal the applied document', () => {
		// A deterministic pseudo-random source: the same sequence on every run.
		let seed = 7;
		const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
		for (let round = 0; round < 50; round++) {
			const p = peer();
			const ops = 1 + Math.floor(random() * 4);
			for (let i = 0; i < ops; i++) {
				const m = member(p.doc, bob.id);
				const choice = random();
				if (choice < 0.4) m.set('name', `n${Math.floor(random() * 100)}`);
				else if (choice < 0.7) m.set('types', random() < 0.5 ? ['catalog'] : ['analytics', 'catalog']);
				else if (choice < 0.85) m.set('addedAt', Math.floor(random() * 1000));
				else m.delete('name');
			}
			const update = p.take();
			const result = classify(update);
			expect(result.ok).toBe(true);
			if (!result.ok) return;
			const applied = new Y.Doc();
			Y.applyUpdate(applied, Y.encodeStateAsUpdate(world.relayDoc(ROOM)));
			Y.applyUpdate(applied, update);
			const expected = (applied.getMap('members').get(bob.id) as Y.Map<unknown>).toJSON();
			const change = result.value.changes.find((c) => c.key === bob.id);
			expect(change?.after ?? world.relayDoc(ROOM).getMap('members').toJSON()[bob.id]).toEqual(expected);
			Y.applyUpdate(world.relayDoc(ROOM), update); // move on from the new state
		}
	});
});
