import * as Y from 'yjs';
import { ActionType, type Action } from './Action';
import type { EntityChange } from './AccountView';
import { assertNever } from './Result';
import { Collection, jsonEqual } from './schema';

/** An activity entry before the relay stamps it with an id, a time and the actor. */
/** What the relay logs for work it does on its own authority (an import), not for a client's action. */
export const RelayActivity = { ImportSales: 'import-sales' } as const;
export type RelayActivity = (typeof RelayActivity)[keyof typeof RelayActivity];

export interface ActivityDraft {
	readonly action: Action['type'] | RelayActivity;
	readonly target: string;
	readonly before: unknown;
	readonly after: unknown;
}

function targetOf(action: Action): string {
	switch (action.type) {
		case ActionType.CreateAccount:
			return `account/${action.accountId}`;
		case ActionType.EditProfile:
			return `account/${action.after.id}`;
		case ActionType.AddMember:
		case ActionType.RemoveMember:
			return `member/${action.member.userId}`;
		case ActionType.ChangeMemberTypes:
			return `member/${action.userId}`;
		case ActionType.CreateAsset:
			return `asset/${action.asset.id}`;
		case ActionType.EditAsset:
		case ActionType.SetAutoPayHolder:
			return `asset/${action.assetId}`;
		case ActionType.SetAssetAdmin:
		case ActionType.RemoveAssetAdmin:
		case ActionType.SetSharedAssetAdmin:
		case ActionType.RemoveSharedAssetAdmin:
			return `asset/${action.assetId}/admin/${action.userId}`;
		case ActionType.RequestPartnership:
		case ActionType.AcceptPartnership:
		case ActionType.EndPartnership:
			return `partner/${action.partnerAccountId}`;
		case ActionType.ShareAsset:
		case ActionType.UnshareAsset:
			return `asset/${action.assetId}/share/${action.partnerAccountId}`;
		case ActionType.SendAffiliationRequest:
		case ActionType.CancelAffiliationRequest:
			return `request/${action.request.id}`;
		case ActionType.DecideAffiliationRequest:
			return `request/${action.requestId}`;
		case ActionType.AddBook:
		case ActionType.RemoveBook:
			return `book/${action.book.id}`;
		case ActionType.EditBook:
			return `book/${action.after.id}`;
		case ActionType.SetTerritory:
			return `territory/${action.code}`;
		case ActionType.AddPaymentProfile:
		case ActionType.EditPaymentProfile:
			return `payment-profile/${action.profile.id}`;
		case ActionType.RemovePaymentProfile:
			return `payment-profile/${action.profileId}`;
		case ActionType.MarkNotificationRead:
			return `notification/${action.notificationId}`;
		case ActionType.RelayWrite:
			return action.collection;
		default:
			return assertNever(action, 'action');
	}
}

/** Payment profiles hold bank details: the log says that they changed, not what they are. */
function redact(collection: string, value: unknown): unknown {
	if (collection === Collection.PaymentProfiles && value !== null && typeof value === 'object') {
		const { accountNumber, ...rest } = value as Record<string, unknown>;
		return typeof accountNumber === 'string' ? { ...rest, accountNumber: `…${accountNumber.slice(-4)}` } : rest;
	}
	return value;
}

/**
 * The value before and after, reduced to the fields that changed: an edit of one price logs
 * the price, not the whole book. A creation or a removal logs the whole entity.
 */
function beforeAndAfter(change: EntityChange | undefined): { before: unknown; after: unknown } {
	if (change === undefined) return { before: null, after: null };
	const { before, after, collection } = change;
	const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
	if (!isRecord(before) || !isRecord(after)) return { before: redact(collection, before), after: redact(collection, after) };
	const changedBefore: Record<string, unknown> = {};
	const changedAfter: Record<string, unknown> = {};
	for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
		if (jsonEqual(before[key], after[key])) continue;
		if (Object.hasOwn(before, key)) changedBefore[key] = before[key];
		if (Object.hasOwn(after, key)) changedAfter[key] = after[key];
	}
	return { before: redact(collection, changedBefore), after: redact(collection, changedAfter) };
}

/** One entry per accepted action, with what changed: the values before and after. */
export function activityDrafts(actions: readonly Action[], changes: readonly EntityChange[]): ActivityDraft[] {
	// By key, so that a large update (an import of thousands of members) costs O(n), not O(n²).
	const byKey = new Map<string, EntityChange>();
	for (const change of changes) if (!byKey.has(change.key)) byKey.set(change.key, change);
	const profile = changes.find((c) => c.collection === Collection.Profile);
	return actions
		.filter((a) => a.type !== ActionType.MarkNotificationRead)
		.map((action) => {
			const target = targetOf(action);
			const change =
				action.type === ActionType.CreateAccount || action.type === ActionType.EditProfile
					? profile
					: changes.length === 1
						? changes[0]
						: target
								.split('/')
								.map((segment) => byKey.get(segment))
								.find((c) => c !== undefined);
			return { action: action.type, target, ...beforeAndAfter(change) };
		});
}

/** Appends entries to an `account/<id>/activity` document; the actor is the authenticated user. */
export function writeActivity(
	doc: Y.Doc,
	drafts: readonly ActivityDraft[],
	actorId: string,
	at: number,
	newId: () => string,
	origin: unknown
): void {
	if (drafts.length === 0) return;
	doc.transact(() => {
		const entries = doc.getMap(Collection.Activity);
		for (const draft of drafts) {
			const id = newId();
			entries.set(id, JSON.parse(JSON.stringify({ at, actorId, ...draft })));
		}
	}, origin);
}
