import { AccessType, hasAccess } from './AccessType';
import { ActionType, type Action } from './Action';
import type { AccountView } from './AccountView';
import { AssetKind, AssetRole, PartnershipStatus, RequestStatus, roleWithinCeiling, type Asset } from './entities';
import { NotHeld, type PolicyContext } from './PolicyContext';
import { RejectReason } from './RejectReason';
import { ok, refuse, assertNever, type Result } from './Result';
import { RoomKind } from './Room';
import { normaliseEmail } from './validation';

const allowed: Result<true> = ok(true);

function actorTypes(ctx: PolicyContext): Result<readonly AccessType[]> {
	const account = ctx.account;
	if (account === null) return refuse(RejectReason.NotMember);
	const me = account.member(ctx.actor.userId);
	return me === null ? refuse(RejectReason.NotMember) : ok(me.types);
}

/** R1, R4, R12: the actor holds `needed` (admin holds every type). */
function requireAccess(ctx: PolicyContext, needed: AccessType): Result<true> {
	const types = actorTypes(ctx);
	if (!types.ok) return types;
	if (hasAccess(types.value, needed)) return allowed;
	return needed === AccessType.Admin
		? refuse(RejectReason.NotAdmin)
		: refuse(RejectReason.MissingAccessType, { type: needed });
}

function isAdmin(ctx: PolicyContext): boolean {
	const types = actorTypes(ctx);
	return types.ok && types.value.includes(AccessType.Admin);
}

function requireAsset(account: AccountView, assetId: string): Result<Asset> {
	const asset = account.asset(assetId);
	return asset === null ? refuse(RejectReason.UnknownAsset, { assetId }) : ok(asset);
}

/** Asset admins are managed by the account's admins and by the asset's own masters. */
function requireAssetManager(ctx: PolicyContext, asset: Asset): Result<true> {
	if (asset.admins[ctx.actor.userId] === AssetRole.Master || isAdmin(ctx)) return allowed;
	return refuse(RejectReason.NotAssetMaster, { assetId: asset.id });
}

function hasOtherMaster(asset: Asset, userId: string): boolean {
	return Object.entries(asset.admins).some(([id, role]) => id !== userId && role === AssetRole.Master);
}

/**
 * The one policy (DESIGN §2): may this actor do this, given the state before it?
 * The UI asks it to enable a button and to run a command; the relay asks it for every
 * action it derives from an update. Refusals name their rule through the reason.
 */
export function can(action: Action, ctx: PolicyContext): Result<true> {
	const account = ctx.account;
	switch (action.type) {
		case ActionType.CreateAccount: {
			if (ctx.room.kind !== RoomKind.Account || ctx.room.accountId !== action.accountId) {
				return refuse(RejectReason.InvalidId, { field: 'accountId' });
			}
			if (account !== null && account.profile() !== null) return refuse(RejectReason.AlreadyExists);
			if (action.profile.createdBy !== ctx.actor.userId) return refuse(RejectReason.InvalidValue, { field: 'createdBy' });
			return allowed;
		}
		case ActionType.EditProfile: {
			const access = requireAccess(ctx, AccessType.Admin);
			if (!access.ok) return access;
			const { before, after } = action;
			if (before.id !== after.id || before.createdAt !== after.createdAt || before.createdBy !== after.createdBy) {
				return refuse(RejectReason.InvalidValue, { field: 'id' });
			}
			return allowed;
		}
		case ActionType.AddMember: {
			const access = requireAccess(ctx, AccessType.Admin);
			if (!access.ok) return access;
			const { member } = action;
			const user = ctx.lookupUser(member.userId);
			if (user === null || normaliseEmail(user.email) !== member.email) {
				return refuse(RejectReason.UserNotRegistered, { email: member.email });
			}
			if (account?.member(member.userId) != null) return refuse(RejectReason.AlreadyMember, { userId: member.userId });
			if (member.addedBy !== ctx.actor.userId) return refuse(RejectReason.InvalidValue, { field: 'addedBy' });
			// R13: people are who the relay says they are, under their own name.
			if (member.name !== user.name) return refuse(RejectReason.InvalidValue, { field: 'name' });
			return allowed;
		}
		case ActionType.ChangeMemberTypes: {
			const access = requireAccess(ctx, AccessType.Admin);
			if (!access.ok) return access;
			const target = account?.member(action.userId) ?? null;
			if (target === null) return refuse(RejectReason.UnknownMember, { userId: action.userId });
			const losesAdmin = target.types.includes(AccessType.Admin) && !action.after.includes(AccessType.Admin);
			if (losesAdmin && !account!.hasAdminOtherThan(new Set([action.userId]))) return refuse(RejectReason.LastAdmin);
			return allowed;
		}
		case ActionType.RemoveMember: {
			const access = requireAccess(ctx, AccessType.Admin);
			if (!access.ok) return access;
			const target = account?.member(action.member.userId) ?? null;
			if (target === null) return refuse(RejectReason.UnknownMember, { userId: action.member.userId });
			if (target.types.includes(AccessType.Admin) && !account!.hasAdminOtherThan(new Set([target.userId]))) {
				return refuse(RejectReason.LastAdmin);
			}
			return allowed;
		}
		case ActionType.CreateAsset: {
			const access = requireAccess(ctx, AccessType.Admin);
			if (!access.ok) return access;
			if (account!.asset(action.asset.id) !== null) return refuse(RejectReason.AlreadyExists);
			if (action.asset.createdBy !== ctx.actor.userId) return refuse(RejectReason.InvalidValue, { field: 'createdBy' });
			if (action.asset.admins[ctx.actor.userId] !== AssetRole.Master) return refuse(RejectReason.LastMaster);
			for (const userId of Object.keys(action.asset.admins)) {
				if (ctx.lookupUser(userId) === null) return refuse(RejectReason.UserNotRegistered, { userId });
			}
			return allowed;
		}
		case ActionType.EditAsset: {
			if (account === null) return refuse(RejectReason.NotMember);
			const asset = requireAsset(account, action.assetId);
			if (!asset.ok) return asset;
			if (action.fields.some((f) => f !== 'name' && f !== 'businessInfo')) {
				return refuse(RejectReason.InvalidValue, { field: action.fields.join(',') });
			}
			return requireAssetManager(ctx, asset.value);
		}
		case ActionType.SetAssetAdmin: {
			if (account === null) return refuse(RejectReason.NotMember);
			const asset = requireAsset(account, action.assetId);
			if (!asset.ok) return asset;
			const manager = requireAssetManager(ctx, asset.value);
			if (!manager.ok) return manager;
			if (ctx.lookupUser(action.userId) === null) return refuse(RejectReason.UserNotRegistered, { userId: action.userId });
			const current = asset.value.admins[action.userId] ?? null;
			if (current === AssetRole.Master && action.after === AssetRole.Member && !hasOtherMaster(asset.value, action.userId)) {
				return refuse(RejectReason.LastMaster);
			}
			return allowed;
		}
		case ActionType.RemoveAssetAdmin: {
			if (account === null) return refuse(RejectReason.NotMember);
			const asset = requireAsset(account, action.assetId);
			if (!asset.ok) return asset;
			const manager = requireAssetManager(ctx, asset.value);
			if (!manager.ok) return manager;
			const current = asset.value.admins[action.userId];
			if (current === undefined) return refuse(RejectReason.UnknownAssetAdmin, { userId: action.userId });
			// R6: demote first, so removing a master is always a deliberate two-step act.
			if (current === AssetRole.Master) return refuse(RejectReason.MasterMustBeDemoted);
			// R7: the auto-pay card would be orphaned.
			if (asset.value.kind === AssetKind.AdAccount && asset.value.autoPayHolder === action.userId) {
				return refuse(RejectReason.AutoPayHolder);
			}
			return allowed;
		}
		case ActionType.SetAutoPayHolder: {
			if (account === null) return refuse(RejectReason.NotMember);
			const asset = requireAsset(account, action.assetId);
			if (!asset.ok) return asset;
			const manager = requireAssetManager(ctx, asset.value);
			if (!manager.ok) return manager;
			if (asset.value.kind !== AssetKind.AdAccount) return refuse(RejectReason.InvalidValue, { field: 'autoPayHolder' });
			if (action.after !== null && asset.value.admins[action.after] === undefined) {
				return refuse(RejectReason.UnknownAssetAdmin, { userId: action.after });
			}
			return allowed;
		}
		case ActionType.RequestPartnership: {
			const access = requireAccess(ctx, AccessType.Admin);
			if (!access.ok) return access;
			if (action.partnerAccountId === account!.accountId) return refuse(RejectReason.CannotPartnerWithSelf);
			// Only this account can be the one asking: otherwise it could "accept" its own request.
			if (action.partnership.requestedBy !== account!.accountId) return refuse(RejectReason.InvalidValue, { field: 'requestedBy' });
			// The name is the relay's to write, from the partner's own profile.
			if (action.partnership.name !== '') return refuse(RejectReason.InvalidValue, { field: 'name' });
			const other = ctx.otherAccount(action.partnerAccountId);
			if (other !== NotHeld && (other === null || other.profile() === null)) return refuse(RejectReason.UnknownAccount);
			if (account!.partner(action.partnerAccountId) !== null) return refuse(RejectReason.AlreadyExists);
			return allowed;
		}
		case ActionType.AcceptPartnership: {
			const access = requireAccess(ctx, AccessType.Admin);
			if (!access.ok) return access;
			const partnership = account!.partner(action.partnerAccountId);
			if (partnership === null) return refuse(RejectReason.UnknownPartner);
			// The account that asked cannot accept its own request.
			if (partnership.status !== PartnershipStatus.Pending || partnership.requestedBy === account!.accountId) {
				return refuse(RejectReason.PartnershipPending);
			}
			return allowed;
		}
		case ActionType.EndPartnership: {
			const access = requireAccess(ctx, AccessType.Admin);
			if (!access.ok) return access;
			return account!.partner(action.partnerAccountId) === null ? refuse(RejectReason.UnknownPartner) : allowed;
		}
		case ActionType.ShareAsset: {
			const access = requireAccess(ctx, AccessType.Admin);
			if (!access.ok) return access;
			if (account!.asset(action.assetId) === null) return refuse(RejectReason.NotOwnedByAccount, { assetId: action.assetId });
			const partnership = account!.partner(action.partnerAccountId);
			if (partnership === null) return refuse(RejectReason.NotPartner);
			// R8: only an active partnership makes sharing immediate.
			if (partnership.status !== PartnershipStatus.Active) return refuse(RejectReason.PartnerNotActive);
			if (action.sharedBy !== ctx.actor.userId) return refuse(RejectReason.InvalidValue, { field: 'sharedBy' });
			return allowed;
		}
		case ActionType.UnshareAsset: {
			const access = requireAccess(ctx, AccessType.Admin);
			if (!access.ok) return access;
			const shares = account!.shares(action.assetId);
			return shares !== null && Object.hasOwn(shares.partners, action.partnerAccountId)
				? allowed
				: refuse(RejectReason.UnknownShare);
		}
		case ActionType.SetSharedAssetAdmin: {
			const access = requireAccess(ctx, AccessType.Admin);
			if (!access.ok) return access;
			const shared = account!.sharedIn(action.assetId);
			if (shared === null) return refuse(RejectReason.NotSharedWithAccount);
			// R9: the receiving account grants only its own members.
			if (account!.member(action.userId) === null) return refuse(RejectReason.UnknownMember, { userId: action.userId });
			if (!roleWithinCeiling(action.role, shared.roleCeiling)) return refuse(RejectReason.RoleAboveCeiling);
			return allowed;
		}
		case ActionType.RemoveSharedAssetAdmin: {
			const access = requireAccess(ctx, AccessType.Admin);
			if (!access.ok) return access;
			const shared = account!.sharedIn(action.assetId);
			if (shared === null) return refuse(RejectReason.NotSharedWithAccount);
			return Object.hasOwn(shared.admins, action.userId) ? allowed : refuse(RejectReason.UnknownAssetAdmin);
		}
		case ActionType.SendAffiliationRequest: {
			const access = requireAccess(ctx, AccessType.Admin);
			if (!access.ok) return access;
			const { request } = action;
			if (account!.request(request.id) !== null) return refuse(RejectReason.AlreadyExists);
			if (request.status !== RequestStatus.Pending || request.decidedAt !== null || request.decidedBy !== null) {
				return refuse(RejectReason.InvalidValue, { field: 'status' });
			}
			if (request.createdBy !== ctx.actor.userId) return refuse(RejectReason.InvalidValue, { field: 'createdBy' });
			if (request.ownerAccountId === account!.accountId || account!.asset(request.assetId) !== null) {
				return refuse(RejectReason.AlreadyInAccount);
			}
			const owner = ctx.otherAccount(request.ownerAccountId);
			if (owner !== NotHeld && (owner === null || owner.asset(request.assetId) === null)) return refuse(RejectReason.UnknownAsset);
			return allowed;
		}
		case ActionType.CancelAffiliationRequest: {
			const access = requireAccess(ctx, AccessType.Admin);
			if (!access.ok) return access;
			return action.request.status === RequestStatus.Pending ? allowed : refuse(RejectReason.RequestNotPending);
		}
		case ActionType.DecideAffiliationRequest: {
			if (ctx.room.kind !== RoomKind.User || ctx.room.userId !== ctx.actor.userId) return refuse(RejectReason.RelayOnly);
			const requester = ctx.otherAccount(action.requesterAccountId);
			// A master is rarely a member of the requesting account: the relay checks the request.
			if (requester === NotHeld) return allowed;
			const request = requester?.request(action.requestId) ?? null;
			if (request === null) return refuse(RejectReason.UnknownRequest);
			if (request.status !== RequestStatus.Pending) return refuse(RejectReason.RequestNotPending);
			const owner = ctx.otherAccount(request.ownerAccountId);
			if (owner === NotHeld) return allowed;
			const asset = owner?.asset(request.assetId) ?? null;
			if (asset === null) return refuse(RejectReason.UnknownAsset);
			// R10: only a master of the asset decides.
			return asset.admins[ctx.actor.userId] === AssetRole.Master ? allowed : refuse(RejectReason.NotAssetMaster);
		}
		case ActionType.AddBook:
		case ActionType.EditBook:
		case ActionType.RemoveBook:
			return requireAccess(ctx, AccessType.Catalog);
		case ActionType.SetTerritory:
		case ActionType.AddPaymentProfile:
		case ActionType.EditPaymentProfile:
		case ActionType.RemovePaymentProfile:
			return requireAccess(ctx, AccessType.Payments);
		case ActionType.MarkNotificationRead:
			return ctx.room.kind === RoomKind.User && ctx.room.userId === ctx.actor.userId ? allowed : refuse(RejectReason.RelayOnly);
		case ActionType.RelayWrite:
			return refuse(RejectReason.RelayOnly, { collection: action.collection });
		default:
			return assertNever(action, 'action');
	}
}
