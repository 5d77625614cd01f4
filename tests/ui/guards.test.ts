/**
 * The reasons a disabled button gives (src/lib/ui/app/guards.ts): each guard asks the
 * domain's gate with the change its command would make, so the button says exactly what
 * the command — and the relay — would refuse with.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
	accountRoom,
	addMember,
	AssetRole,
	createAccount,
	createAsset,
	RejectReason,
	setAssetAdmin,
	setAutoPayHolder,
	type CommandEnv,
	type User
} from '$lib/domain';
import {
	whyNotChangeTypes,
	whyNotEditProfile,
	whyNotManagePeople,
	whyNotRemoveAssetAdmin,
	whyNotRemoveMember,
	whyNotSetAssetRole,
	whyNotShare
} from '$lib/ui/app/guards';
import { salesCsv } from '$lib/ui/sections/salesCsv';

const accountId = 'acc1';
const jiwoo: User = { id: 'u-jiwoo', email: 'jiwoo@hanbit.example', name: '김지우' };
const minho: User = { id: 'u-minho', email: 'minho@hanbit.example', name: '이민호' };
const users = new Map([jiwoo, minho].map((u) => [u.id, u]));

function env(doc: Y.Doc, actor: User): CommandEnv {
	let seq = 0;
	return {
		doc,
		room: accountRoom(accountId),
		actor: { userId: actor.id },
		now: 1_700_000_000_000,
		lookupUser: (id) => users.get(id) ?? null,
		otherAccount: () => null,
		newId: () => `id${++seq}`
	};
}

function must<T>(result: { ok: true; value: T } | { ok: false; reason: string }): T {
	if (!result.ok) throw new Error(`refused: ${result.reason}`);
	return result.value;
}

/** Jiwoo's account: she is its only admin; Minho holds catalog. */
function hanbit(): Y.Doc {
	const doc = new Y.Doc();
	must(createAccount(env(doc, jiwoo), { name: 'Hanbit Books', displayEmail: 'biz@hanbit.example', creator: jiwoo }));
	must(addMember(env(doc, jiwoo), { email: minho.email, user: minho }));
	return doc;
}

describe('people guards (R1, R5)', () => {
	it('the only admin cannot be removed nor lose admin: last-admin (R5)', () => {
		const doc = hanbit();
		expect(whyNotRemoveMember(doc, accountId, jiwoo.id, jiwoo.id)?.reason).toBe(RejectReason.LastAdmin);
		expect(whyNotChangeTypes(doc, accountId, jiwoo.id, jiwoo.id, ['catalog'])?.reason).toBe(RejectReason.LastAdmin);
		expect(whyNotRemoveMember(doc, accountId, jiwoo.id, minho.id)).toBeNull();
		expect(whyNotChangeTypes(doc, accountId, jiwoo.id, minho.id, ['catalog', 'analytics'])).toBeNull();
	});

	it('a member without admin may not add, change or remove users: not-admin (R1)', () => {
		const doc = hanbit();
		expect(whyNotManagePeople(doc, accountId, minho.id)?.reason).toBe(RejectReason.NotAdmin);
		expect(whyNotRemoveMember(doc, accountId, minho.id, jiwoo.id)?.reason).toBe(RejectReason.NotAdmin);
		expect(whyNotEditProfile(doc, accountId, minho.id)?.reason).toBe(RejectReason.NotAdmin);
		expect(whyNotManagePeople(doc, accountId, jiwoo.id)).toBeNull();
		expect(whyNotEditProfile(doc, accountId, jiwoo.id)).toBeNull();
	});

	it('no access type at all is refused before the policy is asked', () => {
		expect(whyNotChangeTypes(hanbit(), accountId, jiwoo.id, minho.id, [])?.reason).toBe(RejectReason.NoAccessTypes);
	});
});

describe('asset guards (R6, R7, R8)', () => {
	it('the only master cannot be demoted (last-master) nor removed (master-must-be-demoted); a second master frees the first (R6)', () => {
		const doc = hanbit();
		const { assetId } = must(createAsset(env(doc, jiwoo), { kind: 'kakaotalk-channel', name: '한빛 채널' }));
		expect(whyNotSetAssetRole(doc, accountId, jiwoo.id, assetId, jiwoo.id, AssetRole.Member)?.reason).toBe(RejectReason.LastMaster);
		expect(whyNotRemoveAssetAdmin(doc, accountId, jiwoo.id, assetId, jiwoo.id)?.reason).toBe(RejectReason.MasterMustBeDemoted);

		must(setAssetAdmin(env(doc, jiwoo), { assetId, userId: minho.id, role: AssetRole.Master }));
		expect(whyNotSetAssetRole(doc, accountId, jiwoo.id, assetId, jiwoo.id, AssetRole.Member)).toBeNull();
		expect(whyNotRemoveAssetAdmin(doc, accountId, jiwoo.id, assetId, jiwoo.id)?.reason).toBe(RejectReason.MasterMustBeDemoted);
	});

	it("the ad account's auto-pay card holder cannot be removed (R7)", () => {
		const doc = hanbit();
		const { assetId } = must(createAsset(env(doc, jiwoo), { kind: 'ad-account', name: 'Moment Ads' }));
		must(setAssetAdmin(env(doc, jiwoo), { assetId, userId: minho.id, role: AssetRole.Member }));
		expect(whyNotRemoveAssetAdmin(doc, accountId, jiwoo.id, assetId, minho.id)).toBeNull();
		must(setAutoPayHolder(env(doc, jiwoo), { assetId, userId: minho.id }));
		expect(whyNotRemoveAssetAdmin(doc, accountId, jiwoo.id, assetId, minho.id)?.reason).toBe(RejectReason.AutoPayHolder);
	});

	it('sharing needs a partner first: not-partner (R8)', () => {
		const doc = hanbit();
		const { assetId } = must(createAsset(env(doc, jiwoo), { kind: 'pixel-sdk', name: 'Pixel' }));
		expect(whyNotShare(doc, accountId, jiwoo.id, assetId, 'kedai')?.reason).toBe(RejectReason.NotPartner);
	});

	it('a guard writes nothing: the document is unchanged after asking', () => {
		const doc = hanbit();
		const before = Y.encodeStateVector(doc);
		whyNotRemoveMember(doc, accountId, jiwoo.id, minho.id);
		whyNotChangeTypes(doc, accountId, jiwoo.id, minho.id, ['admin']);
		expect(Y.encodeStateVector(doc)).toEqual(before);
	});
});

describe('sales CSV (R12, analytics)', () => {
	it('writes one row per sales entry, quotes what needs quoting, and starts with a BOM for spreadsheets', () => {
		const csv = salesCsv([
			{ key: 's1', value: { title: '채식주의자', units: 3, note: 'said "hi", twice' } },
			{ key: 's2', value: { title: 'Hikayat', units: 1 } }
		]);
		expect(csv).toBe('\uFEFFid,title,units,note\r\ns1,채식주의자,3,"said ""hi"", twice"\r\ns2,Hikayat,1,\r\n');
	});

	it('an empty report is just the header line', () => {
		expect(salesCsv([])).toBe('\uFEFF\r\n');
	});
});
