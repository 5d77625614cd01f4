import * as Y from 'yjs';
import { AccessType } from './AccessType';
import type { AccountProfile, AffiliationRequest, Asset, Membership, Partnership, SharedAsset } from './entities';
import type { AssetShares } from './parse';
import { Collection, parsers, readEntity, rootOf, type EntityTypes } from './schema';

/**
 * Read access to one business account's state, as the policy needs it. Lookups are by key,
 * so asking costs the same in an account of ten members or ten thousand; the one scan,
 * `hasAdminOtherThan`, stops at the first admin it finds.
 */
export interface AccountView {
	readonly accountId: string;
	profile(): AccountProfile | null;
	member(userId: string): Membership | null;
	/** R5: is there an admin who is not one of these users? */
	hasAdminOtherThan(userIds: ReadonlySet<string>): boolean;
	asset(assetId: string): Asset | null;
	partner(accountId: string): Partnership | null;
	shares(assetId: string): AssetShares | null;
	sharedIn(assetId: string): SharedAsset | null;
	/** Shared assets on which this user holds a grant (referential integrity on removal). */
	sharedInGrantsOf(userId: string): string[];
	request(requestId: string): AffiliationRequest | null;
}

export function docAccountView(doc: Y.Doc, accountId: string): AccountView {
	return {
		accountId,
		profile: () => readEntity(doc, Collection.Profile),
		member: (userId) => readEntity(doc, Collection.Members, userId),
		hasAdminOtherThan(userIds) {
			for (const [userId, entry] of rootOf(doc, Collection.Members)) {
				if (userIds.has(userId) || !(entry instanceof Y.Map)) continue;
				const types = (entry as Y.Map<unknown>).get('types');
				if (Array.isArray(types) && types.includes(AccessType.Admin)) return true;
			}
			return false;
		},
		asset: (assetId) => readEntity(doc, Collection.Assets, assetId),
		partner: (id) => readEntity(doc, Collection.Partners, id),
		shares: (assetId) => readEntity(doc, Collection.Shares, assetId),
		sharedIn: (assetId) => readEntity(doc, Collection.SharedIn, assetId),
		sharedInGrantsOf(userId) {
			const out: string[] = [];
			for (const [assetId, entry] of rootOf(doc, Collection.SharedIn)) {
				const admins = entry instanceof Y.Map ? (entry as Y.Map<unknown>).get('admins') : undefined;
				if (admins instanceof Y.Map && (admins as Y.Map<unknown>).has(userId)) out.push(assetId);
			}
			return out;
		},
		request: (id) => readEntity(doc, Collection.Requests, id)
	};
}

type AccountCollection = 'profile' | 'members' | 'assets' | 'partners' | 'shares' | 'sharedIn' | 'requests';

/** A change to one entity: what the document holds and what it would hold. Raw JSON. */
export interface EntityChange {
	readonly collection: Collection;
	readonly key: string;
	readonly before: unknown;
	readonly after: unknown;
}

/**
 * The account as it would be after `changes`: the base view with the changed entities
 * laid over it. Invariants are checked on this, before anything is written.
 */
export function projectedAccountView(base: AccountView, changes: readonly EntityChange[]): AccountView {
	const overlay = new Map<string, unknown>();
	for (const c of changes) overlay.set(`${c.collection}\u0000${c.key}`, c.after);
	function read<C extends AccountCollection>(collection: C, key: string, fallback: () => EntityTypes[C] | null): EntityTypes[C] | null {
		const id = `${collection}\u0000${key}`;
		if (!overlay.has(id)) return fallback();
		const raw = overlay.get(id);
		if (raw === null || raw === undefined) return null;
		const parsed = parsers[collection](key, raw);
		return parsed.ok ? parsed.value : null;
	}
	const overlaidMembers = changes.filter((c) => c.collection === Collection.Members);
	const overlaidMemberIds = new Set(overlaidMembers.map((c) => c.key));
	return {
		accountId: base.accountId,
		profile: () => read('profile', 'self', base.profile),
		member: (userId) => read('members', userId, () => base.member(userId)),
		hasAdminOtherThan(userIds) {
			for (const c of overlaidMembers) {
				if (userIds.has(c.key)) continue;
				const m = read('members', c.key, () => null);
				if (m !== null && m.types.includes(AccessType.Admin)) return true;
			}
			return base.hasAdminOtherThan(userIds.size === 0 ? overlaidMemberIds : new Set([...userIds, ...overlaidMemberIds]));
		},
		asset: (id) => read('assets', id, () => base.asset(id)),
		partner: (id) => read('partners', id, () => base.partner(id)),
		shares: (id) => read('shares', id, () => base.shares(id)),
		sharedIn: (id) => read('sharedIn', id, () => base.sharedIn(id)),
		sharedInGrantsOf(userId) {
			const fromBase = base.sharedInGrantsOf(userId).filter((id) => !overlay.has(`sharedIn\u0000${id}`));
			const fromOverlay = changes
				.filter((c) => c.collection === Collection.SharedIn)
				.map((c) => read('sharedIn', c.key, () => null))
				.filter((s): s is SharedAsset => s !== null && Object.hasOwn(s.admins, userId))
				.map((s) => s.assetId);
			return [...fromBase, ...fromOverlay];
		},
		request: (id) => read('requests', id, () => base.request(id))
	};
}
