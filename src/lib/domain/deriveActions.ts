import { ActionType, type Action } from './Action';
import type { EntityChange } from './AccountView';
import { jsonEqual } from './schema';
import { Collection, parsers, type EntityTypes } from './schema';
import { RejectReason } from './RejectReason';
import { ok, refuse, assertNever, type Result } from './Result';
import type { AssetRole } from './entities';

function parsed<C extends Collection>(collection: C, key: string, raw: unknown): Result<EntityTypes[C] | null> {
	if (raw === null || raw === undefined) return ok(null);
	return parsers[collection](key, raw);
}

function changedFields(before: object, after: object): string[] {
	const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
	return [...keys].filter((k) => !jsonEqual((before as Record<string, unknown>)[k], (after as Record<string, unknown>)[k]));
}

function roleMapDiff(
	before: Readonly<Record<string, AssetRole>>,
	after: Readonly<Record<string, AssetRole>>
): { set: [string, AssetRole, AssetRole | null][]; removed: [string, AssetRole][] } {
	const set: [string, AssetRole, AssetRole | null][] = [];
	const removed: [string, AssetRole][] = [];
	for (const [userId, role] of Object.entries(after)) {
		const was = Object.hasOwn(before, userId) ? (before[userId] ?? null) : null;
		if (was !== role) set.push([userId, role, was]);
	}
	for (const [userId, role] of Object.entries(before)) if (!Object.hasOwn(after, userId)) removed.push([userId, role]);
	return { set, removed };
}

const immutable = (field: string) => refuse(RejectReason.InvalidValue, { field });

/**
 * What a change to one entity means as user actions. The relay does not trust a client to
 * say what it did: it reads it off the change and asks the policy about that. A change that
 * no user action produces (editing an immutable field, writing what only the relay writes)
 * is refused here.
 */
export function deriveActions(change: EntityChange): Result<Action[]> {
	const { collection, key } = change;
	switch (collection) {
		case Collection.Profile: {
			const before = parsed(collection, key, change.before);
			const after = parsed(collection, key, change.after);
			if (!before.ok) return before;
			if (!after.ok) return after;
			if (after.value === null) return refuse(RejectReason.RelayOnly, { collection });
			if (before.value === null) return ok([{ type: ActionType.CreateAccount, accountId: after.value.id, profile: after.value }]);
			return ok([{ type: ActionType.EditProfile, before: before.value, after: after.value }]);
		}
		case Collection.Members: {
			const before = parsed(collection, key, change.before);
			const after = parsed(collection, key, change.after);
			if (!before.ok) return before;
			if (!after.ok) return after;
			if (before.value === null && after.value === null) return ok([]);
			if (before.value === null) return ok([{ type: ActionType.AddMember, member: after.value! }]);
			if (after.value === null) return ok([{ type: ActionType.RemoveMember, member: before.value }]);
			const fields = changedFields(before.value, after.value);
			if (fields.some((f) => f !== 'types')) return immutable(fields.join(','));
			return ok(
				fields.length === 0
					? []
					: [{ type: ActionType.ChangeMemberTypes, userId: key, before: before.value.types, after: after.value.types }]
			);
		}
		case Collection.Assets: {
			const before = parsed(collection, key, change.before);
			const after = parsed(collection, key, change.after);
			if (!before.ok) return before;
			if (!after.ok) return after;
			if (before.value === null && after.value === null) return ok([]);
			if (before.value === null) return ok([{ type: ActionType.CreateAsset, asset: after.value! }]);
			// An asset leaves an account only through an accepted affiliation request.
			if (after.value === null) return refuse(RejectReason.RelayOnly, { collection });
			const b = before.value;
			const a = after.value;
			const actions: Action[] = [];
			const fields = changedFields(b, a);
			const edited = fields.filter((f) => f === 'name' || f === 'businessInfo');
			const other = fields.filter((f) => !['name', 'businessInfo', 'admins', 'autoPayHolder'].includes(f));
			if (other.length > 0) return immutable(other.join(','));
			if (edited.length > 0) actions.push({ type: ActionType.EditAsset, assetId: key, fields: edited });
			const diff = roleMapDiff(b.admins, a.admins);
			for (const [userId, role, was] of diff.set) {
				actions.push({ type: ActionType.SetAssetAdmin, assetId: key, userId, before: was, after: role });
			}
			for (const [userId, role] of diff.removed) actions.push({ type: ActionType.RemoveAssetAdmin, assetId: key, userId, role });
			if (b.autoPayHolder !== a.autoPayHolder) {
				actions.push({ type: ActionType.SetAutoPayHolder, assetId: key, before: b.autoPayHolder, after: a.autoPayHolder });
			}
			return ok(actions);
		}
		case Collection.Partners: {
			const before = parsed(collection, key, change.before);
			const after = parsed(collection, key, change.after);
			if (!before.ok) return before;
			if (!after.ok) return after;
			const b = before.value;
			const a = after.value;
			if (b === null && a === null) return ok([]);
			if (a === null) return ok([{ type: ActionType.EndPartnership, partnerAccountId: key }]);
			if (b === null) {
				return a.status === 'pending'
					? ok([{ type: ActionType.RequestPartnership, partnerAccountId: key, partnership: a }])
					: immutable('status');
			}
			const fields = changedFields(b, a);
			if (fields.length === 0) return ok([]);
			if (fields.length === 1 && fields[0] === 'status' && a.status === 'active') {
				return ok([{ type: ActionType.AcceptPartnership, partnerAccountId: key }]);
			}
			return immutable(fields.join(','));
		}
		case Collection.Shares: {
			const before = parsed(collection, key, change.before);
			const after = parsed(collection, key, change.after);
			if (!before.ok) return before;
			if (!after.ok) return after;
			const b = before.value?.partners ?? {};
			const a = after.value?.partners ?? {};
			const actions: Action[] = [];
			for (const [partnerAccountId, grant] of Object.entries(a)) {
				if (!Object.hasOwn(b, partnerAccountId) || !jsonEqual(b[partnerAccountId], grant)) {
					actions.push({
						type: ActionType.ShareAsset,
						assetId: key,
						partnerAccountId,
						roleCeiling: grant.roleCeiling,
						sharedBy: grant.sharedBy
					});
				}
			}
			for (const partnerAccountId of Object.keys(b)) {
				if (!Object.hasOwn(a, partnerAccountId)) actions.push({ type: ActionType.UnshareAsset, assetId: key, partnerAccountId });
			}
			return ok(actions);
		}
		case Collection.SharedIn: {
			const before = parsed(collection, key, change.before);
			const after = parsed(collection, key, change.after);
			if (!before.ok) return before;
			if (!after.ok) return after;
			const b = before.value;
			const a = after.value;
			if (b === null && a === null) return ok([]);
			// The relay writes the shared asset itself (R8); the account only manages its own admins (R9).
			if (b === null || a === null) return refuse(RejectReason.RelayOnly, { collection });
			const fields = changedFields(b, a).filter((f) => f !== 'admins');
			if (fields.length > 0) return refuse(RejectReason.RelayOnly, { collection });
			const diff = roleMapDiff(b.admins, a.admins);
			return ok([
				...diff.set.map(([userId, role]): Action => ({ type: ActionType.SetSharedAssetAdmin, assetId: key, userId, role })),
				...diff.removed.map(([userId]): Action => ({ type: ActionType.RemoveSharedAssetAdmin, assetId: key, userId }))
			]);
		}
		case Collection.Requests: {
			const before = parsed(collection, key, change.before);
			const after = parsed(collection, key, change.after);
			if (!before.ok) return before;
			if (!after.ok) return after;
			if (before.value === null && after.value === null) return ok([]);
			if (before.value === null) return ok([{ type: ActionType.SendAffiliationRequest, request: after.value! }]);
			if (after.value === null) return ok([{ type: ActionType.CancelAffiliationRequest, request: before.value }]);
			// Status changes come from the asset's master, through the relay.
			return changedFields(before.value, after.value).length === 0 ? ok([]) : refuse(RejectReason.RelayOnly, { collection });
		}
		case Collection.Books: {
			const before = parsed(collection, key, change.before);
			const after = parsed(collection, key, change.after);
			if (!before.ok) return before;
			if (!after.ok) return after;
			if (before.value === null && after.value === null) return ok([]);
			if (before.value === null) return ok([{ type: ActionType.AddBook, book: after.value! }]);
			if (after.value === null) return ok([{ type: ActionType.RemoveBook, book: before.value }]);
			return ok([{ type: ActionType.EditBook, before: before.value, after: after.value }]);
		}
		case Collection.Territories: {
			const after = parsed(collection, key, change.after);
			if (!after.ok) return after;
			return ok([{ type: ActionType.SetTerritory, code: key, territory: after.value }]);
		}
		case Collection.PaymentProfiles: {
			const before = parsed(collection, key, change.before);
			const after = parsed(collection, key, change.after);
			if (!before.ok) return before;
			if (!after.ok) return after;
			if (before.value === null && after.value === null) return ok([]);
			if (before.value === null) return ok([{ type: ActionType.AddPaymentProfile, profile: after.value! }]);
			if (after.value === null) return ok([{ type: ActionType.RemovePaymentProfile, profileId: key }]);
			return ok([{ type: ActionType.EditPaymentProfile, profile: after.value }]);
		}
		case Collection.Inbox: {
			const before = parsed(collection, key, change.before);
			const after = parsed(collection, key, change.after);
			if (!before.ok) return before;
			if (!after.ok) return after;
			if (before.value === null || after.value === null) return refuse(RejectReason.RelayOnly, { collection });
			const fields = changedFields(before.value, after.value);
			if (fields.length === 0) return ok([]);
			if (fields.length === 1 && fields[0] === 'readAt' && after.value.readAt !== null) {
				return ok([{ type: ActionType.MarkNotificationRead, notificationId: key }]);
			}
			return refuse(RejectReason.RelayOnly, { collection });
		}
		case Collection.Decisions: {
			const after = parsed(collection, key, change.after);
			if (!after.ok) return after;
			// A decision is final: written once, never edited or withdrawn.
			if (change.before !== null || after.value === null) return refuse(RejectReason.RelayOnly, { collection });
			return ok([
				{
					type: ActionType.DecideAffiliationRequest,
					requestId: key,
					requesterAccountId: after.value.requesterAccountId,
					decision: after.value.decision
				}
			]);
		}
		case Collection.Sales:
		case Collection.Activity:
		case Collection.Accounts:
			return ok([{ type: ActionType.RelayWrite, collection }]);
		default:
			return assertNever(collection, 'collection');
	}
}
