import * as Y from 'yjs';
import { AccessType } from './AccessType';
import { EffectType, type Effect } from './Effect';
import { AssetRole, Decision, isAssetRole, NotificationKind, RequestStatus, roleWithinCeiling, type NotificationKind as Kind } from './entities';
import { assertNever } from './Result';
import { Collection, readRaw, toRaw, writeRaw } from './schema';

/** What applying an effect needs: the rooms it writes, loaded by the relay. */
export interface EffectEnv {
	/** The `account/<id>` document, or null when there is no such account. */
	accountDoc(accountId: string): Y.Doc | null;
	/** The `user/<id>` document (created empty when new). */
	userDoc(userId: string): Y.Doc;
	newId(): string;
	readonly now: number;
	/** Transaction origin for the relay's own writes. */
	readonly origin: unknown;
}

type Raw = Record<string, unknown>;

function put(env: EffectEnv, doc: Y.Doc, collection: Collection, key: string, after: unknown): void {
	doc.transact(() => writeRaw(doc, collection, key, readRaw(doc, collection, key), toRaw(after)), env.origin);
}

function notify(env: EffectEnv, userId: string, kind: Kind, data: Readonly<Record<string, string>>): void {
	const id = env.newId();
	put(env, env.userDoc(userId), Collection.Inbox, id, { id, kind, at: env.now, data, readAt: null });
}

function adminsOf(doc: Y.Doc): string[] {
	const out: string[] = [];
	for (const [userId, entry] of doc.getMap(Collection.Members)) {
		const types = entry instanceof Y.Map ? entry.get('types') : undefined;
		if (Array.isArray(types) && types.includes(AccessType.Admin)) out.push(userId);
	}
	return out;
}

/** Removes every share from `owner` to `partner`, and the partner's copies of them. */
function dissolveShares(env: EffectEnv, owner: Y.Doc | null, partner: Y.Doc | null, ownerId: string, partnerId: string): void {
	if (owner !== null) {
		for (const assetId of [...owner.getMap(Collection.Shares).keys()]) {
			const shares = readRaw(owner, Collection.Shares, assetId) as Raw | null;
			const partners = { ...((shares?.partners as Raw | undefined) ?? {}) };
			if (!Object.hasOwn(partners, partnerId)) continue;
			delete partners[partnerId];
			put(env, owner, Collection.Shares, assetId, { assetId, partners });
		}
	}
	if (partner !== null) {
		for (const assetId of [...partner.getMap(Collection.SharedIn).keys()]) {
			const shared = readRaw(partner, Collection.SharedIn, assetId) as Raw | null;
			if (shared?.ownerAccountId === ownerId) put(env, partner, Collection.SharedIn, assetId, null);
		}
	}
}

/** Carries out one effect. Idempotent: applying it twice leaves what applying it once does. */
export function applyEffect(effect: Effect, env: EffectEnv): void {
	switch (effect.type) {
		case EffectType.AddUserAccount:
			put(env, env.userDoc(effect.userId), Collection.Accounts, effect.accountId, { addedAt: env.now });
			return;
		case EffectType.RemoveUserAccount:
			put(env, env.userDoc(effect.userId), Collection.Accounts, effect.accountId, null);
			return;
		case EffectType.Notify:
			notify(env, effect.userId, effect.kind, effect.data);
			return;
		case EffectType.NotifyAccountAdmins: {
			const doc = env.accountDoc(effect.accountId);
			if (doc === null) return;
			for (const userId of adminsOf(doc)) notify(env, userId, effect.kind, effect.data);
			return;
		}
		case EffectType.NotifyAssetMasters: {
			const doc = env.accountDoc(effect.ownerAccountId);
			const asset = doc === null ? null : (readRaw(doc, Collection.Assets, effect.assetId) as Raw | null);
			if (asset === null) return;
			const data = { ...effect.data, assetName: String(asset.name ?? '') };
			for (const [userId, role] of Object.entries((asset.admins as Raw | undefined) ?? {})) {
				if (role === AssetRole.Master) notify(env, userId, effect.kind, data);
			}
			return;
		}
		case EffectType.MirrorPartnership: {
			const doc = env.accountDoc(effect.intoAccountId);
			if (doc !== null) put(env, doc, Collection.Partners, effect.partnerAccountId, effect.partnership);
			return;
		}
		case EffectType.NamePartner: {
			const into = env.accountDoc(effect.intoAccountId);
			const partner = env.accountDoc(effect.partnerAccountId);
			const record = into === null ? null : (readRaw(into, Collection.Partners, effect.partnerAccountId) as Raw | null);
			const name = partner === null ? null : (readRaw(partner, Collection.Profile, 'self') as Raw | null)?.name;
			if (into !== null && record !== null && typeof name === 'string' && record.name !== name) {
				put(env, into, Collection.Partners, effect.partnerAccountId, { ...record, name });
			}
			return;
		}
		case EffectType.DissolvePartnership: {
			const a = env.accountDoc(effect.accountA);
			const b = env.accountDoc(effect.accountB);
			dissolveShares(env, a, b, effect.accountA, effect.accountB);
			dissolveShares(env, b, a, effect.accountB, effect.accountA);
			return;
		}
		case EffectType.PutSharedAsset: {
			const doc = env.accountDoc(effect.intoAccountId);
			if (doc === null) return;
			const existing = readRaw(doc, Collection.SharedIn, effect.shared.assetId) as Raw | null;
			// A lowered ceiling demotes the partner's grants above it (R9): never more than the owner allows.
			const admins: Raw = {};
			for (const [userId, role] of Object.entries((existing?.admins as Raw | undefined) ?? {})) {
				admins[userId] = isAssetRole(role) && roleWithinCeiling(role, effect.shared.roleCeiling) ? role : AssetRole.Member;
			}
			put(env, doc, Collection.SharedIn, effect.shared.assetId, { ...effect.shared, admins });
			return;
		}
		case EffectType.RemoveSharedAsset: {
			const doc = env.accountDoc(effect.fromAccountId);
			if (doc !== null) put(env, doc, Collection.SharedIn, effect.assetId, null);
			return;
		}
		case EffectType.ResolveAffiliationRequest:
			resolveAffiliationRequest(effect, env);
			return;
		default:
			assertNever(effect, 'effect');
	}
}

function resolveAffiliationRequest(effect: Extract<Effect, { type: typeof EffectType.ResolveAffiliationRequest }>, env: EffectEnv): void {
	const requester = env.accountDoc(effect.requesterAccountId);
	if (requester === null) return;
	const request = readRaw(requester, Collection.Requests, effect.requestId) as Raw | null;
	if (request === null || request.status !== RequestStatus.Pending) return;
	const accepted = effect.decision === Decision.Accept;
	put(env, requester, Collection.Requests, effect.requestId, {
		...request,
		status: accepted ? RequestStatus.Accepted : RequestStatus.Declined,
		decidedAt: effect.decidedAt,
		decidedBy: effect.decidedBy
	});
	const assetId = String(request.assetId);
	if (accepted) {
		// R10: on acceptance the asset joins the requesting account at once, with its admins;
		// the former owner's shares of it end, since it no longer owns it.
		const ownerId = String(request.ownerAccountId);
		const owner = env.accountDoc(ownerId);
		const asset = owner === null ? null : readRaw(owner, Collection.Assets, assetId);
		if (owner !== null && asset !== null) {
			put(env, requester, Collection.Assets, assetId, asset);
			const shares = readRaw(owner, Collection.Shares, assetId) as Raw | null;
			for (const partnerId of Object.keys((shares?.partners as Raw | undefined) ?? {})) {
				const partner = env.accountDoc(partnerId);
				if (partner !== null) put(env, partner, Collection.SharedIn, assetId, null);
			}
			if (shares !== null) put(env, owner, Collection.Shares, assetId, null);
			put(env, owner, Collection.Assets, assetId, null);
		}
	}
	const kind = accepted ? NotificationKind.AffiliationAccepted : NotificationKind.AffiliationDeclined;
	for (const userId of adminsOf(requester)) {
		notify(env, userId, kind, { requestId: effect.requestId, assetId, accountId: effect.requesterAccountId });
	}
}
