import { beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	accountRoom,
	addMember,
	AssetKind,
	bulkEditAssetBusinessInfo,
	changeMemberTypes,
	Collection,
	createAsset,
	editAsset,
	listEntities,
	readEntity,
	RejectReason,
	removeAssetAdmin,
	setAssetAdmin,
	setAutoPayHolder,
	type User
} from '$lib/domain';
import {
	entityMap,
	expectAccepted,
	expectCommandRefused,
	expectRelayAccepts,
	expectRelayRefuses,
	seedAccount,
	seedAsset,
	seedMember,
	World
} from '../fixtures';

const room = 'account/acme';

let w: World;
let alice: User; // account admin, master of every asset she creates
let bob: User; // catalog member
let carol: User; // catalog member
let dave: User; // registered, not a member

beforeEach(() => {
	w = new World();
	alice = w.register('alice');
	bob = w.register('bob');
	carol = w.register('carol');
	dave = w.register('dave');
	seedAccount(w, alice, 'acme', 'Acme');
	seedMember(w, alice, 'acme', bob, ['catalog']);
	seedMember(w, alice, 'acme', carol, ['catalog']);
});

const assetOf = (id: string) => readEntity(w.relayDoc(room), Collection.Assets, id);

/** The nested `admins` Y.Map of an asset in a hostile copy. */
function adminsMap(doc: Y.Doc, assetId: string): Y.Map<unknown> {
	const map = entityMap(doc, 'assets', assetId).get('admins');
	if (!(map instanceof Y.Map)) throw new Error('no admins map');
	return map as Y.Map<unknown>;
}

// ------------------------------------------------------------------ R3

describe('R3 no limit on members or assets', () => {
	it('[R3] 2,000 members and 1,000 assets are created through the relay, and a change still validates', () => {
		const start = performance.now();
		for (let i = 0; i < 2_000; i++) {
			const user = w.register(`m${i}`);
			const update = w.capture(room, () => {
				expect(addMember(w.accountEnv(alice, 'acme'), { email: user.email, user }).ok).toBe(true);
			});
			expect(w.relay(alice, accountRoom('acme'), room, update!).ok).toBe(true);
		}
		const ids: string[] = [];
		for (let i = 0; i < 1_000; i++) {
			let id = '';
			const update = w.capture(room, () => {
				const r = createAsset(w.accountEnv(alice, 'acme'), { kind: AssetKind.PixelSdk, name: `Pixel ${i}` });
				expect(r.ok).toBe(true);
				if (r.ok) id = r.value.assetId;
			});
			expect(w.relay(alice, accountRoom('acme'), room, update!).ok).toBe(true);
			ids.push(id);
		}
		expect(w.relayDoc(room).getMap('members').size).toBe(2_003);
		expect(w.relayDoc(room).getMap('assets').size).toBe(1_000);
		// One more of each, and an edit, all still accepted.
		expectAccepted(w, alice, room, (env) => addMember(env, { email: dave.email, user: dave, types: ['admin'] }));
		expectAccepted(w, dave, room, (env) => setAssetAdmin(env, { assetId: ids[999]!, userId: 'u-m1999', role: 'member' }));
		expectAccepted(w, alice, room, (env) => changeMemberTypes(env, { userId: 'u-m0', types: ['payments'] }));
		expect(assetOf(ids[999]!)?.admins).toEqual({ [alice.id]: 'master', 'u-m1999': 'member' });
		expect(performance.now() - start).toBeLessThan(20_000);
	});

	it('[R3] one admin update that adds 300 assets at once is accepted whole', () => {
		const update = w.capture(room, () => {
			w.doc(room).transact(() => {
				for (let i = 0; i < 300; i++) expect(createAsset(w.accountEnv(alice, 'acme'), { kind: 'book-catalog', name: `Books ${i}` }).ok).toBe(true);
			});
		});
		const result = w.relay(alice, accountRoom('acme'), room, update!);
		expect(result.ok).toBe(true);
		if (result.ok) expect(result.value.actions.filter((a) => a.type === 'create-asset')).toHaveLength(300);
		expect(listEntities(w.relayDoc(room), Collection.Assets)).toHaveLength(300);
	});

	it('[R3] assets are still gated: a catalog member cannot create one: not-admin', () => {
		expectCommandRefused(w, bob, room, (env) => createAsset(env, { kind: 'pixel-sdk', name: 'Mine' }), RejectReason.NotAdmin);
	});
});

// ------------------------------------------------------------------ R6

describe('R6 a master is demoted before removal; the last master stays', () => {
	let asset: string;
	beforeEach(() => {
		asset = seedAsset(w, alice, 'acme', AssetKind.KakaoTalkChannel, 'Channel');
	});

	it('[R6] the creator is the asset master', () => {
		expect(assetOf(asset)?.admins).toEqual({ [alice.id]: 'master' });
	});

	it('[R6] a master cannot be removed, even with another master: master-must-be-demoted', () => {
		w.must(alice, room, (env) => setAssetAdmin(env, { assetId: asset, userId: bob.id, role: 'master' }));
		expectCommandRefused(w, alice, room, (env) => removeAssetAdmin(env, { assetId: asset, userId: bob.id }), RejectReason.MasterMustBeDemoted);
	});

	it('[R6] demote first, then remove: both steps accepted', () => {
		w.must(alice, room, (env) => setAssetAdmin(env, { assetId: asset, userId: bob.id, role: 'master' }));
		expectAccepted(w, alice, room, (env) => setAssetAdmin(env, { assetId: asset, userId: bob.id, role: 'member' }));
		expectAccepted(w, alice, room, (env) => removeAssetAdmin(env, { assetId: asset, userId: bob.id }));
		expect(assetOf(asset)?.admins).toEqual({ [alice.id]: 'master' });
	});

	it('[R6] the last master cannot be demoted: last-master', () => {
		expectCommandRefused(w, alice, room, (env) => setAssetAdmin(env, { assetId: asset, userId: alice.id, role: 'member' }), RejectReason.LastMaster);
	});

	it('[R6] a master may step down once another master exists', () => {
		w.must(alice, room, (env) => setAssetAdmin(env, { assetId: asset, userId: bob.id, role: 'master' }));
		expectAccepted(w, alice, room, (env) => setAssetAdmin(env, { assetId: asset, userId: alice.id, role: 'member' }));
		expect(assetOf(asset)?.admins).toEqual({ [alice.id]: 'member', [bob.id]: 'master' });
	});

	it('[R6] a master who is not an account admin manages the asset admins', () => {
		w.must(alice, room, (env) => setAssetAdmin(env, { assetId: asset, userId: bob.id, role: 'master' }));
		expectAccepted(w, bob, room, (env) => setAssetAdmin(env, { assetId: asset, userId: carol.id, role: 'member' }));
	});

	it('[R6] a member who is neither admin nor master cannot manage asset admins: not-asset-master', () => {
		expectCommandRefused(w, bob, room, (env) => setAssetAdmin(env, { assetId: asset, userId: bob.id, role: 'master' }), RejectReason.NotAssetMaster);
		expectRelayRefuses(w, bob, room, (doc) => adminsMap(doc, asset).set(bob.id, 'master'), RejectReason.NotAssetMaster);
	});

	it('[R6] hostile: deleting a master from the admins map: master-must-be-demoted', () => {
		w.must(alice, room, (env) => setAssetAdmin(env, { assetId: asset, userId: bob.id, role: 'master' }));
		expectRelayRefuses(w, alice, room, (doc) => adminsMap(doc, asset).delete(bob.id), RejectReason.MasterMustBeDemoted);
	});

	it('[R6] hostile: deleting the whole admins map: master-must-be-demoted', () => {
		expectRelayRefuses(w, alice, room, (doc) => entityMap(doc, 'assets', asset).delete('admins'), RejectReason.MasterMustBeDemoted);
	});

	it('[R6] hostile: demoting the last master by a raw write: last-master', () => {
		expectRelayRefuses(w, alice, room, (doc) => adminsMap(doc, asset).set(alice.id, 'member'), RejectReason.LastMaster);
	});

	it('[R6] hostile: demoting both of two masters in one update: last-master', () => {
		w.must(alice, room, (env) => setAssetAdmin(env, { assetId: asset, userId: bob.id, role: 'master' }));
		expectRelayRefuses(
			w,
			alice,
			room,
			(doc) => {
				adminsMap(doc, asset).set(alice.id, 'member');
				adminsMap(doc, asset).set(bob.id, 'member');
			},
			RejectReason.LastMaster
		);
	});

	it('[R6] hostile: creating an asset without a master: last-master', () => {
		expectRelayRefuses(
			w,
			alice,
			room,
			(doc) => {
				const entity = new Y.Map<unknown>();
				doc.getMap('assets').set('orphan', entity);
				for (const [k, v] of Object.entries({ id: 'orphan', kind: 'pixel-sdk', name: 'Orphan', autoPayHolder: null, createdAt: w.now, createdBy: alice.id })) entity.set(k, v);
				entity.set('businessInfo', { registrationNumber: '', representative: '', address: '', phone: '' });
				const adm = new Y.Map<unknown>();
				entity.set('admins', adm);
				adm.set(bob.id, 'member');
			},
			RejectReason.LastMaster
		);
	});

	it('[R6] hostile: the raw demote-then-remove a client would send is accepted', () => {
		w.must(alice, room, (env) => setAssetAdmin(env, { assetId: asset, userId: bob.id, role: 'master' }));
		expectRelayAccepts(w, alice, room, (doc) => adminsMap(doc, asset).set(bob.id, 'member'));
		expectRelayAccepts(w, alice, room, (doc) => adminsMap(doc, asset).delete(bob.id));
		expect(assetOf(asset)?.admins).toEqual({ [alice.id]: 'master' });
	});
});

// ------------------------------------------------------------------ R7

describe("R7 the auto-pay card holder can't be removed from an ad account", () => {
	let ad: string;
	beforeEach(() => {
		ad = seedAsset(w, alice, 'acme', AssetKind.AdAccount, 'Ads');
		w.must(alice, room, (env) => setAssetAdmin(env, { assetId: ad, userId: bob.id, role: 'member' }));
		w.must(alice, room, (env) => setAutoPayHolder(env, { assetId: ad, userId: bob.id }));
	});

	it('[R7] the holder is recorded on the ad account', () => {
		expect(assetOf(ad)?.autoPayHolder).toBe(bob.id);
	});

	it('[R7] removing the auto-pay holder is refused: auto-pay-holder', () => {
		expectCommandRefused(w, alice, room, (env) => removeAssetAdmin(env, { assetId: ad, userId: bob.id }), RejectReason.AutoPayHolder);
	});

	it('[R7] once the card moves to someone else, the former holder can be removed', () => {
		expectAccepted(w, alice, room, (env) => setAutoPayHolder(env, { assetId: ad, userId: alice.id }));
		expectAccepted(w, alice, room, (env) => removeAssetAdmin(env, { assetId: ad, userId: bob.id }));
		expect(assetOf(ad)?.admins).toEqual({ [alice.id]: 'master' });
	});

	it('[R7] the holder must be an admin of the ad account: unknown-asset-admin', () => {
		expectCommandRefused(w, alice, room, (env) => setAutoPayHolder(env, { assetId: ad, userId: dave.id }), RejectReason.UnknownAssetAdmin);
	});

	it('[R7] only ad accounts have an auto-pay card: invalid-value', () => {
		const pixel = seedAsset(w, alice, 'acme', AssetKind.PixelSdk, 'Pixel');
		expectCommandRefused(w, alice, room, (env) => setAutoPayHolder(env, { assetId: pixel, userId: alice.id }), RejectReason.InvalidValue);
		expectRelayRefuses(w, alice, room, (doc) => entityMap(doc, 'assets', pixel).set('autoPayHolder', alice.id), RejectReason.InvalidValue);
	});

	it('[R7] hostile: deleting the holder from the admins map: auto-pay-holder', () => {
		expectRelayRefuses(w, alice, room, (doc) => adminsMap(doc, ad).delete(bob.id), RejectReason.AutoPayHolder);
		expect(assetOf(ad)?.admins[bob.id]).toBe('member');
	});

	it('[R7] hostile: naming a non-admin as holder: unknown-asset-admin', () => {
		expectRelayRefuses(w, alice, room, (doc) => entityMap(doc, 'assets', ad).set('autoPayHolder', dave.id), RejectReason.UnknownAssetAdmin);
	});

	it('[R7] hostile: a catalog member who is not on the asset moves the card to themself: not-asset-master', () => {
		expectRelayRefuses(w, carol, room, (doc) => entityMap(doc, 'assets', ad).set('autoPayHolder', carol.id), RejectReason.NotAssetMaster);
	});

	it('[R7] hostile: the raw clear of the holder an admin client would send is accepted', () => {
		expectRelayAccepts(w, alice, room, (doc) => entityMap(doc, 'assets', ad).set('autoPayHolder', null));
		expect(assetOf(ad)?.autoPayHolder).toBeNull();
	});
});

// ------------------------------------------------------------------ R11

describe('R11 business info of many assets edited at once, all or nothing', () => {
	const info = { registrationNumber: '123-45-67890', representative: 'Kim Min-ji', address: 'Seoul', phone: '+82 2 0000 0000' };
	let ids: string[];
	beforeEach(() => {
		ids = [];
		for (let i = 0; i < 40; i++) ids.push(seedAsset(w, alice, 'acme', i % 2 === 0 ? AssetKind.PixelSdk : AssetKind.AdAccount, `Asset ${i}`));
	});

	it('[R11] an admin edits 40 assets in one update; the relay accepts it and every asset changes', () => {
		const { accepted } = expectAccepted(w, alice, room, (env) => bulkEditAssetBusinessInfo(env, { assetIds: ids, businessInfo: info }));
		expect(accepted.actions).toHaveLength(40);
		expect(accepted.actions.every((a) => a.type === 'edit-asset')).toBe(true);
		for (const id of ids) expect(assetOf(id)?.businessInfo).toEqual(info);
	});

	it('[R11] a partial patch keeps the other fields of each asset', () => {
		w.must(alice, room, (env) => bulkEditAssetBusinessInfo(env, { assetIds: ids, businessInfo: info }));
		expectAccepted(w, alice, room, (env) => bulkEditAssetBusinessInfo(env, { assetIds: ids.slice(0, 5), businessInfo: { phone: '+60 3 1111 2222' } }));
		expect(assetOf(ids[0]!)?.businessInfo).toEqual({ ...info, phone: '+60 3 1111 2222' });
		expect(assetOf(ids[5]!)?.businessInfo).toEqual(info);
	});

	it('[R11] one unknown asset among many: unknown-asset, none edited', () => {
		expectCommandRefused(w, alice, room, (env) => bulkEditAssetBusinessInfo(env, { assetIds: [...ids, 'nope'], businessInfo: info }), RejectReason.UnknownAsset);
		for (const id of ids) expect(assetOf(id)?.businessInfo.representative).toBe('');
	});

	it('[R11] an over-long value: invalid-value, none edited', () => {
		expectCommandRefused(
			w,
			alice,
			room,
			(env) => bulkEditAssetBusinessInfo(env, { assetIds: ids, businessInfo: { phone: '9'.repeat(41) } }),
			RejectReason.InvalidValue
		);
	});

	it('[R11] nothing selected: nothing-selected', () => {
		expectCommandRefused(w, alice, room, (env) => bulkEditAssetBusinessInfo(env, { assetIds: [], businessInfo: info }), RejectReason.NothingSelected);
	});

	it('[R11] a catalog member (neither admin nor master): not-asset-master, none edited', () => {
		expectCommandRefused(w, bob, room, (env) => bulkEditAssetBusinessInfo(env, { assetIds: ids, businessInfo: info }), RejectReason.NotAssetMaster);
	});

	it("[R11] a master of some of the assets only: not-asset-master, not even theirs edited", () => {
		w.must(alice, room, (env) => setAssetAdmin(env, { assetId: ids[0]!, userId: bob.id, role: 'master' }));
		expectCommandRefused(
			w,
			bob,
			room,
			(env) => bulkEditAssetBusinessInfo(env, { assetIds: [ids[0]!, ids[1]!], businessInfo: info }),
			RejectReason.NotAssetMaster
		);
		expectAccepted(w, bob, room, (env) => bulkEditAssetBusinessInfo(env, { assetIds: [ids[0]!], businessInfo: info }));
		expect(assetOf(ids[0]!)?.businessInfo).toEqual(info);
		expect(assetOf(ids[1]!)?.businessInfo.representative).toBe('');
	});

	it('[R11] hostile: a catalog member writes business info on many assets: not-asset-master, relay unchanged', () => {
		expectRelayRefuses(
			w,
			bob,
			room,
			(doc) => {
				for (const id of ids) entityMap(doc, 'assets', id).set('businessInfo', info);
			},
			RejectReason.NotAssetMaster
		);
	});

	it("[R11] hostile: an admin's bulk edit that also changes one asset's kind: invalid-value, none applied", () => {
		expectRelayRefuses(
			w,
			alice,
			room,
			(doc) => {
				for (const id of ids) entityMap(doc, 'assets', id).set('businessInfo', info);
				entityMap(doc, 'assets', ids[3]!).set('kind', AssetKind.BookCatalog);
			},
			RejectReason.InvalidValue
		);
		for (const id of ids) expect(assetOf(id)?.businessInfo.representative).toBe('');
	});

	it('[R11] hostile: the raw bulk edit an admin client would send is accepted', () => {
		expectRelayAccepts(w, alice, room, (doc) => {
			for (const id of ids) entityMap(doc, 'assets', id).set('businessInfo', info);
		});
		for (const id of ids) expect(assetOf(id)?.businessInfo).toEqual(info);
	});

	it('[R11] a single-asset edit by a non-manager is refused too: not-asset-master', () => {
		expectCommandRefused(w, carol, room, (env) => editAsset(env, { assetId: ids[0]!, name: 'Renamed' }), RejectReason.NotAssetMaster);
	});
});
