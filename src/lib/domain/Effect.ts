import type { NotificationKind } from './entities';
import type { Decision } from './entities';
import type { Partnership, SharedAsset } from './entities';

/**
 * Cross-room writes the relay performs on its own authority once it has accepted a change
 * (DESIGN §3: changes that cross accounts are recorded by the relay in every room that
 * must show them). Declarative, so the domain decides what happens and the relay only
 * loads the rooms named and applies them (applyEffect.ts).
 */
export const EffectType = {
	AddUserAccount: 'add-user-account',
	RemoveUserAccount: 'remove-user-account',
	Notify: 'notify',
	NotifyAccountAdmins: 'notify-account-admins',
	NotifyAssetMasters: 'notify-asset-masters',
	MirrorPartnership: 'mirror-partnership',
	NamePartner: 'name-partner',
	DissolvePartnership: 'dissolve-partnership',
	PutSharedAsset: 'put-shared-asset',
	RemoveSharedAsset: 'remove-shared-asset',
	ResolveAffiliationRequest: 'resolve-affiliation-request'
} as const;
export type EffectType = (typeof EffectType)[keyof typeof EffectType];

export type NotificationData = Readonly<Record<string, string>>;

export type Effect =
	| { readonly type: typeof EffectType.AddUserAccount; readonly userId: string; readonly accountId: string }
	| { readonly type: typeof EffectType.RemoveUserAccount; readonly userId: string; readonly accountId: string }
	| { readonly type: typeof EffectType.Notify; readonly userId: string; readonly kind: NotificationKind; readonly data: NotificationData }
	| {
			readonly type: typeof EffectType.NotifyAccountAdmins;
			readonly accountId: string;
			readonly kind: NotificationKind;
			readonly data: NotificationData;
	  }
	| {
			readonly type: typeof EffectType.NotifyAssetMasters;
			readonly ownerAccountId: string;
			readonly assetId: string;
			readonly kind: NotificationKind;
			readonly data: NotificationData;
	  }
	/** Writes `partnership` (or removes it, when null) into `intoAccountId`'s room. */
	| {
			readonly type: typeof EffectType.MirrorPartnership;
			readonly intoAccountId: string;
			readonly partnerAccountId: string;
			readonly partnership: Partnership | null;
	  }
	/** Writes the partner's profile name into `intoAccountId`'s record of the partnership. */
	| { readonly type: typeof EffectType.NamePartner; readonly intoAccountId: string; readonly partnerAccountId: string }
	/** Ends every share between two accounts, both directions. */
	| { readonly type: typeof EffectType.DissolvePartnership; readonly accountA: string; readonly accountB: string }
	| { readonly type: typeof EffectType.PutSharedAsset; readonly intoAccountId: string; readonly shared: Omit<SharedAsset, 'admins'> }
	| { readonly type: typeof EffectType.RemoveSharedAsset; readonly fromAccountId: string; readonly assetId: string }
	| {
			readonly type: typeof EffectType.ResolveAffiliationRequest;
			readonly requesterAccountId: string;
			readonly requestId: string;
			readonly decision: Decision;
			readonly decidedBy: string;
			readonly decidedAt: number;
	  };
