import { beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	acceptPartnership,
	accountRoom,
	applyEffect,
	AssetKind,
	canReadRoom,
	Collection,
	docAccountView,
	EffectType,
	endPartnership,
	readEntity,
	RejectReason,
	removeMember,
	requestPartnership,
	setAssetAdmin,
	setSharedAssetAdmin,
	removeSharedAssetAdmin,
	shareAsset,
	unshareAsset,
	type User
} from '$lib/domain';
import {
	entityMap,
	expectAccepted,
	expectCommandRefused,
	expectRelayAccepts,
	expectRelayRefuses,
	newEntity,
	seedAccount,
	seedAsset,
	seedMember,
	World
} from '../fixtures';

const acme = 'account/acme';
const beta = 'account/beta';

let w: World;
let alice: User; // acme admin
let anna: User; // acme catalog member
let bob: User; // beta admin
let brenda: User; // beta catalog member
let gary: User; // gamma admin (pending partner of acme)
let dina: User; // delta admin (no partnership)
let asset: string; // acme's channel

beforeEach(() => {
	w = new World();
	alice = w.register('alice');
	anna = w.register('anna');
	bob = w.register('bob');
	brenda = w.register('brenda');
	gary = w.register('gary');
	dina = w.register('dina');
	seedAccount(w, alice, 'acme', 'Acme');
	seedAccount(w, bob, 'beta', 'Beta');
	seedAccount(w, gary, 'gamma', 'Gamma');
	seedAccount(w, dina, 'delta', 'Delta');
	seedMember(w, alice, 'acme', anna, ['catalog']);
	seedMember(w, bob, 'beta', brenda, ['catalog']);
	asset = seedAsset(w, alice, 'acme', AssetKind.KakaoTalkChannel, 'Acme Channel');
	w.must(alice, acme, (env) => requestPartnership(env, { partnerAccountId: 'beta' }));
	w.must(bob, beta, (env) => acceptPartnership(env, { partnerAccountId: 'acme' }));
	w.must(alice, acme, (env) => requestPartnership(env, { partnerAccountId: 'gamma' })); // never accepted
});

const sharedIn = (accountId: string, assetId: string) => readEntity(w.relayDoc(`account/${accountId}`), Collection.SharedIn, assetId);

function sharesMap(doc: Y.Doc, assetId: string): Y.Map<unknown> {
	let entity = doc.getMap('shares').get(assetId);
	if (!(entity instanceof Y.Map)) {
		entity = new Y.Map<unknown>();
		doc.getMap('shares').set(assetId, entity);
		(entity as Y.Map<unknown>).set('assetId', assetId);
		(entity as Y.Map<unknown>).set('partners', new Y.Map<unknown>());
	}
	return (entity as Y.Map<unknown>).get('partners') as Y.Map<unknown>;
}

function sharedAdmins(doc: Y.Doc, assetId: string): Y.Map<unknown> {
	return entityMap(doc, 'sharedIn', assetId).get('admins') as Y.Map<unknown>;
}

// ------------------------------------------------------------------ R8

describe('R8 sharing with an active partner is immediate', () => {
	it('[R8] the partnership is active on both sides once the other admin accepts', () => {
		expect(readEntity(w.relayDoc(acme), Collection.Partners, 'beta')?.status).toBe('active');
		expect(readEntity(w.relayDoc(beta), Collection.Partners, 'acme')?.status).toBe('active');
		expect(readEntity(w.relayDoc(acme), Collection.Partners, 'gamma')?.status).toBe('pending');
	});

	it("[R8] share with an active partner: accepted, and the relay's effects put the asset in the partner's sharedIn", () => {
		const update = w.capture(acme, () => {
			expect(shareAsset(w.accountEnv(alice, 'acme'), { assetId: asset, partnerAccountId: 'beta' }).ok).toBe(true);
		});
		expect(update).not.toBeNull();
		const result = w.relay(alice, accountRoom('acme'), acme, update!);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.value.effects.map((e) => e.type)).toEqual([EffectType.PutSharedAsset, EffectType.NotifyAccountAdmins]);
		expect(sharedIn('beta', asset)).toBeNull(); // not before the relay carries it out
		const env = w.effectEnv();
		for (const effect of result.value.effects) applyEffect(effect, env);
		expect(sharedIn('beta', asset)).toEqual({
			assetId: asset,
			ownerAccountId: 'acme',
			ownerName: 'Acme',
			kind: AssetKind.KakaoTalkChannel,
			name: 'Acme Channel',
			roleCeiling: 'member',
			sharedAt: w.now,
			admins: {}
		});
		// The receiving account's admin is told.
		const inbox = [...w.relayDoc(`user/${bob.id}`).getMap('inbox').values()].map((n) => (n as Y.Map<unknown>).get('kind'));
		expect(inbox).toContain('share-received');
	});

	it('[R8] a share with a pending partner is refused: partner-not-active', () => {
		expectCommandRefused(w, alice, acme, (env) => shareAsset(env, { assetId: asset, partnerAccountId: 'gamma' }), RejectReason.PartnerNotActive);
		expect(sharedIn('gamma', asset)).toBeNull();
	});

	it('[R8] a share with an account that is no partner is refused: not-partner', () => {
		expectCommandRefused(w, alice, acme, (env) => shareAsset(env, { assetId: asset, partnerAccountId: 'delta' }), RejectReason.NotPartner);
	});

	it('[R8] only an admin shares: not-admin', () => {
		expectCommandRefused(w, anna, acme, (env) => shareAsset(env, { assetId: asset, partnerAccountId: 'beta' }), RejectReason.NotAdmin);
	});

	it('[R8] an account cannot share an asset it does not own: not-owned-by-account', () => {
		w.must(alice, acme, (env) => shareAsset(env, { assetId: asset, partnerAccountId: 'beta' }));
		expectCommandRefused(w, bob, beta, (env) => shareAsset(env, { assetId: asset, partnerAccountId: 'acme' }), RejectReason.NotOwnedByAccount);
	});

	it('[R8] hostile: a raw share entry for a pending partner: partner-not-active', () => {
		expectRelayRefuses(
			w,
			alice,
			acme,
			(doc) => sharesMap(doc, asset).set('gamma', { roleCeiling: 'member', sharedAt: w.now, sharedBy: alice.id }),
			RejectReason.PartnerNotActive
		);
	});

	it('[R8] hostile: a raw share entry for a non-partner: not-partner', () => {
		expectRelayRefuses(
			w,
			alice,
			acme,
			(doc) => sharesMap(doc, asset).set('delta', { roleCeiling: 'master', sharedAt: w.now, sharedBy: alice.id }),
			RejectReason.NotPartner
		);
	});

	it("[R8] hostile: a share attributed to another user: invalid-value", () => {
		expectRelayRefuses(
			w,
			alice,
			acme,
			(doc) => sharesMap(doc, asset).set('beta', { roleCeiling: 'member', sharedAt: w.now, sharedBy: anna.id }),
			RejectReason.InvalidValue
		);
	});

	it('[R8] hostile: the raw share an admin client would send is accepted and reaches the partner', () => {
		expectRelayAccepts(w, alice, acme, (doc) => sharesMap(doc, asset).set('beta', { roleCeiling: 'member', sharedAt: w.now, sharedBy: alice.id }));
		expect(sharedIn('beta', asset)?.name).toBe('Acme Channel');
	});

	it("[R8] hostile: the partner writes the shared asset into its own room: relay-only", () => {
		expectRelayRefuses(
			w,
			bob,
			beta,
			(doc) => {
				const entity = new Y.Map<unknown>();
				doc.getMap('sharedIn').set(asset, entity);
				const fields = { assetId: asset, ownerAccountId: 'acme', ownerName: 'Acme', kind: 'kakaotalk-channel', name: 'Acme Channel', roleCeiling: 'master', sharedAt: w.now };
				for (const [k, v] of Object.entries(fields)) entity.set(k, v);
				entity.set('admins', new Y.Map<unknown>());
			},
			RejectReason.RelayOnly
		);
	});

	it("[R8] a partnership stays pending until the other account accepts: the requester cannot accept its own request: partnership-pending", () => {
		expectCommandRefused(w, alice, acme, (env) => acceptPartnership(env, { partnerAccountId: 'gamma' }), RejectReason.PartnershipPending);
		expectRelayRefuses(w, alice, acme, (doc) => entityMap(doc, 'partners', 'gamma').set('status', 'active'), RejectReason.PartnershipPending);
		expect(readEntity(w.relayDoc('account/gamma'), Collection.Partners, 'acme')?.status).toBe('pending');
	});

	it("[R8] hostile: an account records a partnership as requested by the other account (to accept it itself): invalid-value", () => {
		// Without this check acme could write {requestedBy: 'delta'} and then accept it on its own,
		// making delta an active partner that never agreed — and push shares into it.
		expectRelayRefuses(
			w,
			alice,
			acme,
			(doc) => doc.getMap('partners').set('delta', newEntity({ accountId: 'delta', status: 'pending', requestedBy: 'delta', requestedAt: w.now })),
			RejectReason.InvalidValue
		);
		expect(readEntity(w.relayDoc('account/delta'), Collection.Partners, 'acme')).toBeNull();
	});

	it('[R8] the raw partnership request an admin client would write is accepted and mirrored as pending', () => {
		expectRelayAccepts(w, alice, acme, (doc) => doc.getMap('partners').set('delta', newEntity({ accountId: 'delta', status: 'pending', requestedBy: 'acme', requestedAt: w.now })));
		expect(readEntity(w.relayDoc('account/delta'), Collection.Partners, 'acme')).toMatchObject({ status: 'pending', requestedBy: 'acme' });
		expectAccepted(w, dina, 'account/delta', (env) => acceptPartnership(env, { partnerAccountId: 'acme' }));
		expect(readEntity(w.relayDoc(acme), Collection.Partners, 'delta')?.status).toBe('active');
	});

	it('[R8] unsharing removes the asset from the partner at once', () => {
		w.must(alice, acme, (env) => shareAsset(env, { assetId: asset, partnerAccountId: 'beta' }));
		expectAccepted(w, alice, acme, (env) => unshareAsset(env, { assetId: asset, partnerAccountId: 'beta' }));
		expect(sharedIn('beta', asset)).toBeNull();
	});

	it("[R8] ending the partnership ends its shares on both sides", () => {
		w.must(alice, acme, (env) => shareAsset(env, { assetId: asset, partnerAccountId: 'beta' }));
		expectAccepted(w, bob, beta, (env) => endPartnership(env, { partnerAccountId: 'acme' }));
		expect(sharedIn('beta', asset)).toBeNull();
		expect(readEntity(w.relayDoc(acme), Collection.Partners, 'beta')).toBeNull();
		expect(readEntity(w.relayDoc(acme), Collection.Shares, asset)?.partners ?? {}).toEqual({});
	});
});

// ------------------------------------------------------------------ R9

describe('R9 the receiving account manages only the admins it added itself', () => {
	beforeEach(() => {
		w.must(alice, acme, (env) => setAssetAdmin(env, { assetId: asset, userId: anna.id, role: 'member' }));
		w.must(alice, acme, (env) => shareAsset(env, { assetId: asset, partnerAccountId: 'beta', roleCeiling: 'member' }));
	});

	it("[R9] the receiving account never holds the owner's admin list", () => {
		const view = docAccountView(w.relayDoc(beta), 'beta');
		expect(view.sharedIn(asset)?.admins).toEqual({});
		expect(view.asset(asset)).toBeNull();
		expect(JSON.stringify(w.relaySnapshot(beta))).not.toContain(alice.id);
		expect(canReadRoom(accountRoom('acme'), bob.id, { accountDoc: (id) => w.relayDocs.get(`account/${id}`) ?? null })).toMatchObject({
			ok: false,
			reason: RejectReason.NotMember
		});
	});

	it('[R9] its admin grants its own member a role within the ceiling; the owner account is untouched', () => {
		const owner = w.relaySnapshot(acme);
		expectAccepted(w, bob, beta, (env) => setSharedAssetAdmin(env, { assetId: asset, userId: brenda.id, role: 'member' }));
		expect(sharedIn('beta', asset)?.admins).toEqual({ [brenda.id]: 'member' });
		expect(w.relaySnapshot(acme)).toEqual(owner);
		expect(readEntity(w.relayDoc(acme), Collection.Assets, asset)?.admins).toEqual({ [alice.id]: 'master', [anna.id]: 'member' });
	});

	it("[R9] later changes to the owner's admins do not reach the receiving account", () => {
		w.must(bob, beta, (env) => setSharedAssetAdmin(env, { assetId: asset, userId: brenda.id, role: 'member' }));
		const receiving = w.relaySnapshot(beta);
		w.must(alice, acme, (env) => setAssetAdmin(env, { assetId: asset, userId: anna.id, role: 'master' }));
		expect(w.relaySnapshot(beta)).toEqual(receiving);
	});

	it('[R9] a role above the ceiling is refused: role-above-ceiling', () => {
		expectCommandRefused(w, bob, beta, (env) => setSharedAssetAdmin(env, { assetId: asset, userId: brenda.id, role: 'master' }), RejectReason.RoleAboveCeiling);
		expectRelayRefuses(w, bob, beta, (doc) => sharedAdmins(doc, asset).set(brenda.id, 'master'), RejectReason.RoleAboveCeiling);
	});

	it('[R9] with a master ceiling, master is within it', () => {
		w.must(alice, acme, (env) => shareAsset(env, { assetId: asset, partnerAccountId: 'beta', roleCeiling: 'master' }));
		expect(sharedIn('beta', asset)?.roleCeiling).toBe('master');
		expectAccepted(w, bob, beta, (env) => setSharedAssetAdmin(env, { assetId: asset, userId: brenda.id, role: 'master' }));
	});

	it("[R9] lowering the ceiling of a share brings the receiving account's grants within it", () => {
		w.must(alice, acme, (env) => shareAsset(env, { assetId: asset, partnerAccountId: 'beta', roleCeiling: 'master' }));
		w.must(bob, beta, (env) => setSharedAssetAdmin(env, { assetId: asset, userId: brenda.id, role: 'master' }));
		expectAccepted(w, alice, acme, (env) => shareAsset(env, { assetId: asset, partnerAccountId: 'beta', roleCeiling: 'member' }));
		const shared = sharedIn('beta', asset);
		expect(shared?.roleCeiling).toBe('member');
		for (const role of Object.values(shared?.admins ?? {})) expect(role).toBe('member');
	});

	it("[R9] the owner's people cannot be granted by the receiving account: unknown-member", () => {
		expectCommandRefused(w, bob, beta, (env) => setSharedAssetAdmin(env, { assetId: asset, userId: anna.id, role: 'member' }), RejectReason.UnknownMember);
		expectRelayRefuses(w, bob, beta, (doc) => sharedAdmins(doc, asset).set(alice.id, 'member'), RejectReason.UnknownMember);
	});

	it('[R9] only an admin of the receiving account grants: not-admin', () => {
		expectCommandRefused(w, brenda, beta, (env) => setSharedAssetAdmin(env, { assetId: asset, userId: brenda.id, role: 'member' }), RejectReason.NotAdmin);
		expectRelayRefuses(w, brenda, beta, (doc) => sharedAdmins(doc, asset).set(brenda.id, 'member'), RejectReason.NotAdmin);
	});

	it('[R9] an asset that was not shared cannot be granted on: not-shared-with-account', () => {
		const other = seedAsset(w, alice, 'acme', AssetKind.PixelSdk, 'Pixel');
		expectCommandRefused(w, bob, beta, (env) => setSharedAssetAdmin(env, { assetId: other, userId: brenda.id, role: 'member' }), RejectReason.NotSharedWithAccount);
	});

	it('[R9] hostile: the receiving admin raises the ceiling or renames the shared asset: relay-only', () => {
		expectRelayRefuses(w, bob, beta, (doc) => entityMap(doc, 'sharedIn', asset).set('roleCeiling', 'master'), RejectReason.RelayOnly);
		expectRelayRefuses(w, bob, beta, (doc) => entityMap(doc, 'sharedIn', asset).set('name', 'Ours now'), RejectReason.RelayOnly);
		expectRelayRefuses(w, bob, beta, (doc) => doc.getMap('sharedIn').delete(asset), RejectReason.RelayOnly);
	});

	it('[R9] hostile: the raw grant the receiving admin client would send is accepted', () => {
		expectRelayAccepts(w, bob, beta, (doc) => sharedAdmins(doc, asset).set(brenda.id, 'member'));
		expect(sharedIn('beta', asset)?.admins).toEqual({ [brenda.id]: 'member' });
	});

	it('[R9] its admin removes a grant it made', () => {
		w.must(bob, beta, (env) => setSharedAssetAdmin(env, { assetId: asset, userId: brenda.id, role: 'member' }));
		expectAccepted(w, bob, beta, (env) => removeSharedAssetAdmin(env, { assetId: asset, userId: brenda.id }));
		expect(sharedIn('beta', asset)?.admins).toEqual({});
	});

	it("[R9] removing a member removes their grants in the same update; a removal that leaves one dangling is refused: unknown-member", () => {
		w.must(bob, beta, (env) => setSharedAssetAdmin(env, { assetId: asset, userId: brenda.id, role: 'member' }));
		expectRelayRefuses(w, bob, beta, (doc) => doc.getMap('members').delete(brenda.id), RejectReason.UnknownMember);
		const { accepted } = expectAccepted(w, bob, beta, (env) => removeMember(env, { userId: brenda.id }));
		expect(accepted.actions.map((a) => a.type)).toEqual(['remove-member', 'remove-shared-asset-admin']);
		expect(sharedIn('beta', asset)?.admins).toEqual({});
	});
});

describe('R8 each side of a partnership shows the other by its business account name', () => {
	it('[R8] the relay names the partner on both sides, from each account\'s own profile', () => {
		const partners = (accountId: string) => w.relayDoc(`account/${accountId}`).getMap('partners').toJSON() as Record<string, { name: string }>;
		expect(partners('acme').beta?.name).toBe('Beta');
		expect(partners('beta').acme?.name).toBe('Acme');
		expect(partners('acme').gamma?.name).toBe('Gamma');
	});

	it('[R8] a requester cannot claim a name for the partner: the relay writes it', () => {
		expectRelayRefuses(w, alice, acme, (doc) => {
			doc.getMap('partners').set(
				'delta',
				newEntity({ accountId: 'delta', name: 'Totally Not Delta', status: 'pending', requestedBy: 'acme', requestedAt: w.now })
			);
		}, 'invalid-value');
	});
});
