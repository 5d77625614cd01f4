import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	accountRoom,
	AssetKind,
	decideAffiliationRequest,
	NotHeld,
	requestPartnership,
	RoomKind,
	sendAffiliationRequest,
	userRoom,
	validateUpdate,
	type CommandEnv,
	type User
} from '$lib/domain';
import { seedAccount, seedAsset, World } from '../fixtures';

/**
 * A browser holds only the accounts its user belongs to. For a partner or an asset owner it
 * does not hold, the command must not refuse what it cannot check — two unrelated companies
 * must be able to partner and to request assets — while the relay, which holds every
 * account, still refuses what is wrong.
 */
function blind(env: CommandEnv): CommandEnv {
	return { ...env, otherAccount: () => NotHeld };
}

function captured(doc: Y.Doc, run: () => void): Uint8Array {
	const updates: Uint8Array[] = [];
	const listener = (u: Uint8Array) => void updates.push(u);
	doc.on('update', listener);
	run();
	doc.off('update', listener);
	return Y.mergeUpdates(updates);
}

describe('cross-account commands from a browser that does not hold the other account', () => {
	function world(): { w: World; alice: User; bob: User; asset: string } {
		const w = new World();
		const alice = w.register('alice');
		const bob = w.register('bob');
		seedAccount(w, alice, 'acme', 'Acme');
		seedAccount(w, bob, 'beta', 'Beta');
		const asset = seedAsset(w, alice, 'acme', AssetKind.PixelSdk, 'Acme Pixel');
		return { w, alice, bob, asset };
	}

	it('[R8] a partnership request to an account the browser cannot see is allowed locally and checked by the relay', () => {
		const { w, bob } = world();
		const env = blind(w.accountEnv(bob, 'beta'));
		const ok = captured(env.doc, () => expect(requestPartnership(env, { partnerAccountId: 'acme' }).ok).toBe(true));
		expect(w.relay(bob, accountRoom('beta'), 'account/beta', ok).ok).toBe(true);
		// A partner that does not exist: the browser cannot know, the relay refuses.
		const env2 = blind(w.accountEnv(bob, 'beta'));
		const bad = captured(env2.doc, () => expect(requestPartnership(env2, { partnerAccountId: 'nosuch' }).ok).toBe(true));
		expect(w.relay(bob, accountRoom('beta'), 'account/beta', bad)).toMatchObject({ ok: false, reason: 'unknown-account' });
	});

	it('[R10] an affiliation request for an asset in an account the browser cannot see is checked by the relay', () => {
		const { w, bob, asset } = world();
		const env = blind(w.accountEnv(bob, 'beta'));
		const good = captured(env.doc, () => expect(sendAffiliationRequest(env, { assetId: asset, ownerAccountId: 'acme' }).ok).toBe(true));
		expect(w.relay(bob, accountRoom('beta'), 'account/beta', good).ok).toBe(true);
		const env2 = blind(w.accountEnv(bob, 'beta'));
		const bad = captured(env2.doc, () => expect(sendAffiliationRequest(env2, { assetId: 'nosuchasset', ownerAccountId: 'acme' }).ok).toBe(true));
		expect(w.relay(bob, accountRoom('beta'), 'account/beta', bad)).toMatchObject({ ok: false, reason: 'unknown-asset' });
	});

	it('[R10] a decision by someone who is not a master passes the blind browser but not the relay', () => {
		const { w, alice, bob, asset } = world();
		const env = blind(w.accountEnv(bob, 'beta'));
		const request = captured(env.doc, () => sendAffiliationRequest(env, { assetId: asset, ownerAccountId: 'acme' }));
		const accepted = w.relay(bob, accountRoom('beta'), 'account/beta', request);
		expect(accepted.ok).toBe(true);
		const requestId = [...w.relayDoc('account/beta').getMap('requests').keys()][0]!;
		// bob is no master of acme's pixel; his own browser cannot tell.
		const bobRoom = userRoom(bob.id);
		const bobEnv = blind(w.env(bob, bobRoom, `user/${bob.id}`));
		const forged = captured(bobEnv.doc, () =>
			expect(decideAffiliationRequest(bobEnv, { requestId, requesterAccountId: 'beta', decision: 'accept' }).ok).toBe(true)
		);
		const relayResult = validateUpdate(w.relayDoc(`user/${bob.id}`), forged, {
			actor: { userId: bob.id },
			room: { kind: RoomKind.User, userId: bob.id },
			now: w.now,
			lookupUser: (id) => w.users.get(id) ?? null,
			accountDoc: (id) => w.relayDocs.get(`account/${id}`) ?? null
		});
		expect(relayResult).toMatchObject({ ok: false, reason: 'not-asset-master' });
		// alice, the master, decides from her own inbox without being a member of beta.
		const aliceEnv = blind(w.env(alice, userRoom(alice.id), `user/${alice.id}`));
		const decision = captured(aliceEnv.doc, () =>
			expect(decideAffiliationRequest(aliceEnv, { requestId, requesterAccountId: 'beta', decision: 'accept' }).ok).toBe(true)
		);
		expect(w.relay(alice, userRoom(alice.id), `user/${alice.id}`, decision).ok).toBe(true);
	});
});
