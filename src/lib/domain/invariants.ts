import { AccessType } from './AccessType';
import { projectedAccountView, type AccountView, type EntityChange } from './AccountView';
import { AssetKind, AssetRole, roleWithinCeiling } from './entities';
import { RejectReason } from './RejectReason';
import { ok, refuse, type Result } from './Result';
import { Collection } from './schema';

/**
 * Invariants of an account, checked on the state a change would produce (never on the
 * state it came from), so that several actions that are each allowed cannot together
 * break a rule: two admins demoted in one update, say.
 * - R5: an account that exists has an admin.
 * - R6: an asset has a master.
 * - R7: the auto-pay holder of an ad account is one of its admins.
 * - References: a shared asset's admins are members of the receiving account.
 */
export function checkAccountInvariants(base: AccountView, changes: readonly EntityChange[]): Result<true> {
	if (changes.length === 0) return ok(true);
	const after = projectedAccountView(base, changes);
	const profile = after.profile();
	if (profile !== null) {
		if (profile.id !== base.accountId) return refuse(RejectReason.InvalidId, { field: 'id' });
		if (!after.hasAdminOtherThan(new Set())) return refuse(RejectReason.LastAdmin);
	} else if (changes.some((c) => c.collection !== Collection.Profile && c.after !== null)) {
		return refuse(RejectReason.UnknownAccount);
	}
	for (const change of changes) {
		switch (change.collection) {
			case Collection.Assets: {
				const asset = after.asset(change.key);
				if (asset === null) break;
				if (!Object.values(asset.admins).includes(AssetRole.Master)) return refuse(RejectReason.LastMaster, { assetId: asset.id });
				if (asset.autoPayHolder !== null) {
					if (asset.kind !== AssetKind.AdAccount) return refuse(RejectReason.InvalidValue, { field: 'autoPayHolder' });
					if (asset.admins[asset.autoPayHolder] === undefined) return refuse(RejectReason.AutoPayHolder, { assetId: asset.id });
				}
				break;
			}
			case Collection.Members: {
				if (after.member(change.key) !== null) break;
				if (after.sharedInGrantsOf(change.key).length > 0) return refuse(RejectReason.UnknownMember, { userId: change.key });
				break;
			}
			case Collection.SharedIn: {
				const shared = after.sharedIn(change.key);
				if (shared === null) break;
				for (const [userId, role] of Object.entries(shared.admins)) {
					if (after.member(userId) === null) return refuse(RejectReason.UnknownMember, { userId });
					if (!roleWithinCeiling(role, shared.roleCeiling)) return refuse(RejectReason.RoleAboveCeiling, { userId });
				}
				break;
			}
			default:
				break;
		}
	}
	return ok(true);
}

/** The only shape a brand-new account may have: its creator, alone, as admin. */
export function checkNewAccountShape(changes: readonly EntityChange[], creatorId: string): Result<true> {
	for (const change of changes) {
		if (change.collection === Collection.Profile) continue;
		if (change.collection !== Collection.Members || change.key !== creatorId) return refuse(RejectReason.InvalidValue, { field: change.collection });
		const types = (change.after as { types?: unknown } | null)?.types;
		if (!Array.isArray(types) || !types.includes(AccessType.Admin)) return refuse(RejectReason.LastAdmin);
	}
	if (!changes.some((c) => c.collection === Collection.Members)) return refuse(RejectReason.LastAdmin);
	return ok(true);
}
