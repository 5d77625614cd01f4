import { ActionType, type Action } from './Action';
import type { AccountView } from './AccountView';
import { EffectType, type Effect } from './Effect';
import { NotificationKind, PartnershipStatus, type Actor } from './entities';
import { assertNever } from './Result';
import { RoomKind, type Room } from './Room';

/** What the relay must write elsewhere once these actions, taken in `room`, are accepted. */
export function deriveEffects(actions: readonly Action[], room: Room, actor: Actor, account: AccountView | null, now: number): Effect[] {
	const effects: Effect[] = [];
	const accountId = room.kind === RoomKind.User ? '' : room.accountId;
	const accountName = account?.profile()?.name ?? '';
	for (const action of actions) {
		switch (action.type) {
			case ActionType.CreateAccount:
				effects.push({ type: EffectType.AddUserAccount, userId: actor.userId, accountId });
				break;
			case ActionType.AddMember:
				effects.push(
					{ type: EffectType.AddUserAccount, userId: action.member.userId, accountId },
					{
						type: EffectType.Notify,
						userId: action.member.userId,
						kind: NotificationKind.AccessGranted,
						data: { accountId, accountName, types: action.member.types.join(',') }
					}
				);
				break;
			case ActionType.ChangeMemberTypes:
				effects.push({
					type: EffectType.Notify,
					userId: action.userId,
					kind: NotificationKind.AccessChanged,
					data: { accountId, accountName, types: action.after.join(',') }
				});
				break;
			case ActionType.RemoveMember:
				effects.push(
					{ type: EffectType.RemoveUserAccount, userId: action.member.userId, accountId },
					{ type: EffectType.Notify, userId: action.member.userId, kind: NotificationKind.AccessRemoved, data: { accountId, accountName } }
				);
				break;
			case ActionType.RequestPartnership:
				effects.push(
					{
						type: EffectType.MirrorPartnership,
						intoAccountId: action.partnerAccountId,
						partnerAccountId: accountId,
						partnership: { accountId, name: accountName, status: PartnershipStatus.Pending, requestedBy: accountId, requestedAt: now }
					},
					{ type: EffectType.NamePartner, intoAccountId: accountId, partnerAccountId: action.partnerAccountId },
					notifyAdmins(action.partnerAccountId, NotificationKind.PartnershipRequested, { accountId, accountName })
				);
				break;
			case ActionType.AcceptPartnership: {
				const requestedAt = account?.partner(action.partnerAccountId)?.requestedAt ?? now;
				effects.push(
					{
						type: EffectType.MirrorPartnership,
						intoAccountId: action.partnerAccountId,
						partnerAccountId: accountId,
						partnership: { accountId, name: accountName, status: PartnershipStatus.Active, requestedBy: action.partnerAccountId, requestedAt }
					},
					notifyAdmins(action.partnerAccountId, NotificationKind.PartnershipAccepted, { accountId, accountName })
				);
				break;
			}
			case ActionType.EndPartnership:
				effects.push(
					{ type: EffectType.MirrorPartnership, intoAccountId: action.partnerAccountId, partnerAccountId: accountId, partnership: null },
					{ type: EffectType.DissolvePartnership, accountA: accountId, accountB: action.partnerAccountId },
					notifyAdmins(action.partnerAccountId, NotificationKind.PartnershipEnded, { accountId, accountName })
				);
				break;
			case ActionType.ShareAsset: {
				const asset = account?.asset(action.assetId);
				if (asset == null) break;
				effects.push(
					{
						type: EffectType.PutSharedAsset,
						intoAccountId: action.partnerAccountId,
						shared: {
							assetId: asset.id,
							ownerAccountId: accountId,
							ownerName: accountName,
							kind: asset.kind,
							name: asset.name,
							roleCeiling: action.roleCeiling,
							sharedAt: now
						}
					},
					notifyAdmins(action.partnerAccountId, NotificationKind.ShareReceived, { accountId, accountName, assetId: asset.id, assetName: asset.name })
				);
				break;
			}
			case ActionType.UnshareAsset:
				effects.push(
					{ type: EffectType.RemoveSharedAsset, fromAccountId: action.partnerAccountId, assetId: action.assetId },
					notifyAdmins(action.partnerAccountId, NotificationKind.ShareEnded, { accountId, accountName, assetId: action.assetId })
				);
				break;
			case ActionType.SendAffiliationRequest:
				effects.push({
					type: EffectType.NotifyAssetMasters,
					ownerAccountId: action.request.ownerAccountId,
					assetId: action.request.assetId,
					kind: NotificationKind.AffiliationRequested,
					data: { requestId: action.request.id, requesterAccountId: accountId, requesterName: accountName, assetId: action.request.assetId }
				});
				break;
			case ActionType.DecideAffiliationRequest:
				effects.push({
					type: EffectType.ResolveAffiliationRequest,
					requesterAccountId: action.requesterAccountId,
					requestId: action.requestId,
					decision: action.decision,
					decidedBy: actor.userId,
					decidedAt: now
				});
				break;
			case ActionType.EditProfile:
			case ActionType.CreateAsset:
			case ActionType.EditAsset:
			case ActionType.SetAssetAdmin:
			case ActionType.RemoveAssetAdmin:
			case ActionType.SetAutoPayHolder:
			case ActionType.SetSharedAssetAdmin:
			case ActionType.RemoveSharedAssetAdmin:
			case ActionType.CancelAffiliationRequest:
			case ActionType.AddBook:
			case ActionType.EditBook:
			case ActionType.RemoveBook:
			case ActionType.SetTerritory:
			case ActionType.AddPaymentProfile:
			case ActionType.EditPaymentProfile:
			case ActionType.RemovePaymentProfile:
			case ActionType.MarkNotificationRead:
			case ActionType.RelayWrite:
				break;
			default:
				assertNever(action, 'action');
		}
	}
	return effects;
}

function notifyAdmins(accountId: string, kind: NotificationKind, data: Record<string, string>): Effect {
	return { type: EffectType.NotifyAccountAdmins, accountId, kind, data };
}
