import { ActionType, type Action } from './Action';
import { assertNever } from './Result';

/**
 * The permission an action needs, named: what the classifier's output is mapped to when the
 * relay (or a test) asks "what did this update need?". The policy (policy.ts) is where each
 * is enforced; this names them for logs, tests and the UI's explanations.
 */
export const Permission = {
	AnyUser: 'any-user',
	AccountAdmin: 'account-admin',
	AssetManager: 'asset-manager',
	AssetMaster: 'asset-master',
	Catalog: 'catalog',
	Payments: 'payments',
	OwnInbox: 'own-inbox',
	RelayOnly: 'relay-only'
} as const;
export type Permission = (typeof Permission)[keyof typeof Permission];

export function permissionOf(action: Action): Permission {
	switch (action.type) {
		case ActionType.CreateAccount:
			return Permission.AnyUser;
		case ActionType.EditProfile:
		case ActionType.AddMember:
		case ActionType.ChangeMemberTypes:
		case ActionType.RemoveMember:
		case ActionType.CreateAsset:
		case ActionType.RequestPartnership:
		case ActionType.AcceptPartnership:
		case ActionType.EndPartnership:
		case ActionType.ShareAsset:
		case ActionType.UnshareAsset:
		case ActionType.SetSharedAssetAdmin:
		case ActionType.RemoveSharedAssetAdmin:
		case ActionType.SendAffiliationRequest:
		case ActionType.CancelAffiliationRequest:
			return Permission.AccountAdmin;
		case ActionType.EditAsset:
		case ActionType.SetAssetAdmin:
		case ActionType.RemoveAssetAdmin:
		case ActionType.SetAutoPayHolder:
			return Permission.AssetManager;
		case ActionType.DecideAffiliationRequest:
			return Permission.AssetMaster;
		case ActionType.AddBook:
		case ActionType.EditBook:
		case ActionType.RemoveBook:
			return Permission.Catalog;
		case ActionType.SetTerritory:
		case ActionType.AddPaymentProfile:
		case ActionType.EditPaymentProfile:
		case ActionType.RemovePaymentProfile:
			return Permission.Payments;
		case ActionType.MarkNotificationRead:
			return Permission.OwnInbox;
		case ActionType.RelayWrite:
			return Permission.RelayOnly;
		default:
			return assertNever(action, 'action');
	}
}
