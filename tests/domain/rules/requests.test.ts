import { beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	AssetKind,
	cancelAffiliationRequest,
	Collection,
	decideAffiliationRequest,
	editAsset,
	EffectType,
	readEntity,
	RejectReason,
	sendAffiliationRequest,
	setAssetAdmin,
	shareAsset,
	acceptPartnership,
	requestPartnership,
	userRoom,
	type Decision,
	type User
} from '$lib/domain';
import { expectAccepted, expectCommandRefused, expectRelayRefuses, seedAccount, seedAsset, seedMember, World } from '../fixtures';

const acme = 'account/acme';
const beta = 'account/beta';

let w: World;
let alice: User; // acme admin, master of the channel
let mary: User; // acme catalog member, second master of the channel
let carl: User; // acme admin, asset member only (not a master)
let bob: User; // beta admin, who asks for the asset
let brenda: User; // beta catalog member
let asset: string;
let requestId: string;

beforeEach(() => {
	w = new World();
	alice = w.register('alice');
	mary = w.register('mary');
	carl = w.register('carl');
	bob = w.register('bob');
	brenda = w.register('brenda');
	seedAccount(w, alice, 'acme', 'Acme');
	seedAccount(w, bob, 'beta', 'Beta');
	seedMember(w, alice, 'acme', mary, ['catalog']);
	seedMember(w, alice, 'acme', carl, ['admin']);
	seedMember(w, bob, 'beta', brenda, ['catalog']);
	asset = seedAsset(w, alice, 'acme', AssetKind.KakaoTalkChannel, 'Acme Channel');
	w.must(alice, acme, (env) => setAssetAdmin(env, { assetId: asset, userId: mary.id, role: 'master' }));
	w.must(alice, acme, (env) => setAssetAdmin(env, { assetId: asset, userId: carl.id, role: 'member' }));
	requestId = w.must(bob, beta, (env) => sendAffiliationRequest(env, { assetId: asset, ownerAccountId: 'acme' })).requestId;
});

const inboxKinds = (user: User): unknown[] =>
	[...w.relayDoc(`user/${user.id}`).getMap('inbox').values()].map((n) => (n as Y.Map<unknown>).get('kind'));

const userRoomName = (user: User) => `user/${user.id}`;
const decide = (decision: Decision, requester = 'beta', id?: string) => (env: Parameters<typeof decideAffiliationRequest>[0]) =>
	decideAffiliationRequest(env, { requestId: id ?? requestId, requesterAccountId: requester, decision });

// ------------------------------------------------------------------ R10

describe("R10 an affiliation request goes to the asset's masters; a master decides", () => {
	it("[R10] sending a request notifies every master of the asset, and nobody else", () => {
		// A fresh request, to look at the relay's effects themselves.
		const other = seedAsset(w, alice, 'acme', AssetKind.PixelSdk, 'Pixel');
		w.must(alice, acme, (env) => setAssetAdmin(env, { assetId: other, userId: mary.id, role: 'master' }));
		const before = { alice: inboxKinds(alice).length, mary: inboxKinds(mary).length, carl: inboxKinds(carl).length };
		const { accepted } = expectAccepted(w, bob, beta, (env) => sendAffiliationRequest(env, { assetId: other, ownerAccountId: 'acme' }));
		expect(accepted.effects).toMatchObject([{ type: EffectType.NotifyAssetMasters, ownerAccountId: 'acme', assetId: other }]);
		expect(inboxKinds(alice).length).toBe(before.alice + 1);
		expect(inboxKinds(mary).length).toBe(before.mary + 1);
		expect(inboxKinds(carl).length).toBe(before.carl); // an account admin who is no master of it
		expect(inboxKinds(mary).at(-1)).toBe('affiliation-requested');
	});

	it('[R10] the request is pending in the requesting account', () => {
		expect(readEntity(w.relayDoc(beta), Collection.Requests, requestId)).toMatchObject({ status: 'pending', assetId: asset, ownerAccountId: 'acme', createdBy: bob.id });
		expect(inboxKinds(mary)).toContain('affiliation-requested');
		expect(inboxKinds(alice)).toContain('affiliation-requested');
	});

	it('[R10] a master who is not an account admin accepts in their user room; the asset joins the requesting account at once', () => {
		const { accepted } = expectAccepted(w, mary, userRoomName(mary), decide('accept'));
		expect(accepted.actions).toMatchObject([{ type: 'decide-affiliation-request', requestId, decision: 'accept' }]);
		expect(accepted.effects).toMatchObject([{ type: EffectType.ResolveAffiliationRequest, decidedBy: mary.id }]);
		expect(readEntity(w.relayDoc(beta), Collection.Assets, asset)).toMatchObject({ id: asset, name: 'Acme Channel' });
		expect(readEntity(w.relayDoc(acme), Collection.Assets, asset)).toBeNull();
		expect(readEntity(w.relayDoc(beta), Collection.Requests, requestId)).toMatchObject({ status: 'accepted', decidedBy: mary.id });
		expect(inboxKinds(bob)).toContain('affiliation-accepted');
		// It is the requesting account's asset now: its admin manages it straight away.
		expectAccepted(w, bob, beta, (env) => editAsset(env, { assetId: asset, name: 'Beta Channel' }));
	});

	it('[R10] declining leaves the asset where it was', () => {
		expectAccepted(w, alice, userRoomName(alice), decide('decline'));
		expect(readEntity(w.relayDoc(acme), Collection.Assets, asset)).not.toBeNull();
		expect(readEntity(w.relayDoc(beta), Collection.Assets, asset)).toBeNull();
		expect(readEntity(w.relayDoc(beta), Collection.Requests, requestId)?.status).toBe('declined');
		expect(inboxKinds(bob)).toContain('affiliation-declined');
	});

	it('[R10] an accepted asset stops being shared by its former owner', () => {
		w.must(alice, acme, (env) => requestPartnership(env, { partnerAccountId: 'beta' }));
		w.must(bob, beta, (env) => acceptPartnership(env, { partnerAccountId: 'acme' }));
		w.must(alice, acme, (env) => shareAsset(env, { assetId: asset, partnerAccountId: 'beta' }));
		expect(readEntity(w.relayDoc(beta), Collection.SharedIn, asset)).not.toBeNull();
		expectAccepted(w, mary, userRoomName(mary), decide('accept'));
		expect(readEntity(w.relayDoc(beta), Collection.SharedIn, asset)).toBeNull();
		expect(readEntity(w.relayDoc(acme), Collection.Shares, asset)).toBeNull();
	});

	it("[R10] an account admin who is no master of the asset cannot decide: not-asset-master", () => {
		expectCommandRefused(w, carl, userRoomName(carl), decide('accept'), RejectReason.NotAssetMaster);
		expect(readEntity(w.relayDoc(acme), Collection.Assets, asset)).not.toBeNull();
	});

	it('[R10] the requesting account cannot decide its own request: not-asset-master', () => {
		expectCommandRefused(w, bob, userRoomName(bob), decide('accept'), RejectReason.NotAssetMaster);
	});

	it("[R10] hostile: a non-master's raw decision in their own room: not-asset-master", () => {
		expectRelayRefuses(
			w,
			carl,
			userRoomName(carl),
			(doc) => doc.getMap('decisions').set(requestId, { requesterAccountId: 'beta', decision: 'accept', decidedAt: w.now }),
			RejectReason.NotAssetMaster
		);
	});

	it("[R10] hostile: a master's decision written into another user's room: relay-only", () => {
		expectRelayRefuses(
			w,
			mary,
			userRoomName(alice),
			(doc) => doc.getMap('decisions').set(requestId, { requesterAccountId: 'beta', decision: 'accept', decidedAt: w.now }),
			RejectReason.RelayOnly
		);
	});

	it("[R10] the decision is validated on the user room: the update a master's client sends is accepted", () => {
		const update = w.capture(userRoomName(alice), () => {
			expect(decideAffiliationRequest(w.env(alice, userRoom(alice.id), userRoomName(alice)), { requestId, requesterAccountId: 'beta', decision: 'accept' }).ok).toBe(true);
		});
		const result = w.relay(alice, userRoom(alice.id), userRoomName(alice), update!);
		expect(result).toMatchObject({ ok: true });
	});

	it('[R10] a second decision, by another master, after the first: request-not-pending', () => {
		w.must(mary, userRoomName(mary), decide('decline'));
		expectCommandRefused(w, alice, userRoomName(alice), decide('accept'), RejectReason.RequestNotPending);
		expectRelayRefuses(
			w,
			alice,
			userRoomName(alice),
			(doc) => doc.getMap('decisions').set(requestId, { requesterAccountId: 'beta', decision: 'accept', decidedAt: w.now }),
			RejectReason.RequestNotPending
		);
	});

	it('[R10] the same master deciding twice: request-not-pending; rewriting the decision: relay-only', () => {
		w.must(mary, userRoomName(mary), decide('decline'));
		expectCommandRefused(w, mary, userRoomName(mary), decide('accept'), RejectReason.RequestNotPending);
		expectRelayRefuses(
			w,
			mary,
			userRoomName(mary),
			(doc) => doc.getMap('decisions').set(requestId, { requesterAccountId: 'beta', decision: 'accept', decidedAt: w.now }),
			RejectReason.RelayOnly
		);
	});

	it('[R10] deciding an unknown request: unknown-request', () => {
		expectCommandRefused(w, mary, userRoomName(mary), decide('accept', 'beta', 'no-such-request'), RejectReason.UnknownRequest);
	});

	it('[R10] hostile: the requesting admin marks its own request accepted: relay-only', () => {
		expectRelayRefuses(
			w,
			bob,
			beta,
			(doc) => {
				const entry = doc.getMap('requests').get(requestId) as Y.Map<unknown>;
				entry.set('status', 'accepted');
			},
			RejectReason.RelayOnly
		);
	});

	it('[R10] only an admin of the requesting account sends requests: not-admin', () => {
		const other = seedAsset(w, alice, 'acme', AssetKind.PixelSdk, 'Pixel');
		expectCommandRefused(w, brenda, beta, (env) => sendAffiliationRequest(env, { assetId: other, ownerAccountId: 'acme' }), RejectReason.NotAdmin);
	});

	it('[R10] a request for an asset the account already has: already-in-account', () => {
		const own = seedAsset(w, bob, 'beta', AssetKind.PixelSdk, 'Beta Pixel');
		expectCommandRefused(w, bob, beta, (env) => sendAffiliationRequest(env, { assetId: own, ownerAccountId: 'beta' }), RejectReason.AlreadyInAccount);
	});

	it('[R10] a request for an asset the named owner does not have: unknown-asset', () => {
		expectCommandRefused(w, bob, beta, (env) => sendAffiliationRequest(env, { assetId: 'nothing', ownerAccountId: 'acme' }), RejectReason.UnknownAsset);
	});

	it('[R10] the requesting admin may cancel a pending request', () => {
		expectAccepted(w, bob, beta, (env) => cancelAffiliationRequest(env, { requestId }));
		expect(readEntity(w.relayDoc(beta), Collection.Requests, requestId)).toBeNull();
	});
});
