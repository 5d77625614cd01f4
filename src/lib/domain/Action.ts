import type { AccessType } from './AccessType';
import type {
	AccountProfile,
	AffiliationRequest,
	Asset,
	AssetRole,
	Book,
	Decision,
	Membership,
	Partnership,
	PaymentProfile,
	Territory
} from './entities';

/**
 * Everything a user can do, as the policy sees it. Commands build these from what the user
 * asked; the relay derives the same actions from what an update changes (deriveActions.ts),
 * and both ask the one policy (policy.ts).
 */
export const ActionType = {
	CreateAccount: 'create-account',
	EditProfile: 'edit-profile',
	AddMember: 'add-member',
	ChangeMemberTypes: 'change-member-types',
	RemoveMember: 'remove-member',
	CreateAsset: 'create-asset',
	EditAsset: 'edit-asset',
	SetAssetAdmin: 'set-asset-admin',
	RemoveAssetAdmin: 'remove-asset-admin',
	SetAutoPayHolder: 'set-auto-pay-holder',
	RequestPartnership: 'request-partnership',
	AcceptPartnership: 'accept-partnership',
	EndPartnership: 'end-partnership',
	ShareAsset: 'share-asset',
	UnshareAsset: 'unshare-asset',
	SetSharedAssetAdmin: 'set-shared-asset-admin',
	RemoveSharedAssetAdmin: 'remove-shared-asset-admin',
	SendAffiliationRequest: 'send-affiliation-request',
	CancelAffiliationRequest: 'cancel-affiliation-request',
	DecideAffiliationRequest: 'decide-affiliation-request',
	AddBook: 'add-book',
	EditBook: 'edit-book',
	RemoveBook: 'remove-book',
	SetTerritory: 'set-territory',
	AddPaymentProfile: 'add-payment-profile',
	EditPaymentProfile: 'edit-payment-profile',
	RemovePaymentProfile: 'remove-payment-profile',
	MarkNotificationRead: 'mark-notification-read',
	RelayWrite: 'relay-write'
} as const;
export type ActionType = (typeof ActionType)[keyof typeof ActionType];

export type Action =
	| { readonly type: typeof ActionType.CreateAccount; readonly accountId: string; readonly profile: AccountProfile }
	| { readonly type: typeof ActionType.EditProfile; readonly before: AccountProfile; readonly after: AccountProfile }
	| { readonly type: typeof ActionType.AddMember; readonly member: Membership }
	| {
			readonly type: typeof ActionType.ChangeMemberTypes;
			readonly userId: string;
			readonly before: readonly AccessType[];
			readonly after: readonly AccessType[];
	  }
	| { readonly type: typeof ActionType.RemoveMember; readonly member: Membership }
	| { readonly type: typeof ActionType.CreateAsset; readonly asset: Asset }
	| { readonly type: typeof ActionType.EditAsset; readonly assetId: string; readonly fields: readonly string[] }
	| {
			readonly type: typeof ActionType.SetAssetAdmin;
			readonly assetId: string;
			readonly userId: string;
			readonly before: AssetRole | null;
			readonly after: AssetRole;
	  }
	| { readonly type: typeof ActionType.RemoveAssetAdmin; readonly assetId: string; readonly userId: string; readonly role: AssetRole }
	| {
			readonly type: typeof ActionType.SetAutoPayHolder;
			readonly assetId: string;
			readonly before: string | null;
			readonly after: string | null;
	  }
	| { readonly type: typeof ActionType.RequestPartnership; readonly partnerAccountId: string; readonly partnership: Partnership }
	| { readonly type: typeof ActionType.AcceptPartnership; readonly partnerAccountId: string }
	| { readonly type: typeof ActionType.EndPartnership; readonly partnerAccountId: string }
	| {
			readonly type: typeof ActionType.ShareAsset;
			readonly assetId: string;
			readonly partnerAccountId: string;
			readonly roleCeiling: AssetRole;
			readonly sharedBy: string;
	  }
	| { readonly type: typeof ActionType.UnshareAsset; readonly assetId: string; readonly partnerAccountId: string }
	| { readonly type: typeof ActionType.SetSharedAssetAdmin; readonly assetId: string; readonly userId: string; readonly role: AssetRole }
	| { readonly type: typeof ActionType.RemoveSharedAssetAdmin; readonly assetId: string; readonly userId: string }
	| { readonly type: typeof ActionType.SendAffiliationRequest; readonly request: AffiliationRequest }
	| { readonly type: typeof ActionType.CancelAffiliationRequest; readonly request: AffiliationRequest }
	| {
			readonly type: typeof ActionType.DecideAffiliationRequest;
			readonly requestId: string;
			readonly requesterAccountId: string;
			readonly decision: Decision;
	  }
	| { readonly type: typeof ActionType.AddBook; readonly book: Book }
	| { readonly type: typeof ActionType.EditBook; readonly before: Book; readonly after: Book }
	| { readonly type: typeof ActionType.RemoveBook; readonly book: Book }
	| { readonly type: typeof ActionType.SetTerritory; readonly territory: Territory | null; readonly code: string }
	| { readonly type: typeof ActionType.AddPaymentProfile; readonly profile: PaymentProfile }
	| { readonly type: typeof ActionType.EditPaymentProfile; readonly profile: PaymentProfile }
	| { readonly type: typeof ActionType.RemovePaymentProfile; readonly profileId: string }
	| { readonly type: typeof ActionType.MarkNotificationRead; readonly notificationId: string }
	| { readonly type: typeof ActionType.RelayWrite; readonly collection: string };
