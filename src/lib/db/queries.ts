import { liveQuery, type Observable } from 'dexie';
import { RequestStatus, roomName, userRoom, type AssetKind } from '$lib/domain';
import type { BusinessCenterDb } from './db';
import type { AccountRow, AssetRow, MemberRow, NotificationRow, RejectionRow, RequestRow, ShareRow } from './rows';

/**
 * Reactive reads for the views: each is a Dexie `liveQuery` over the materialised tables and
 * re-emits when a table it read changes, in this tab or another. Svelte subscribes to the
 * returned observable as to a store. Nothing here scans a Y.Doc.
 */

/** Highest code unit: `prefix + maxChar` bounds every string that starts with `prefix`. */
const maxChar = '\uffff';

/** Members whose email or name starts with `prefix` (case-insensitive), by name. */
export function membersByPrefix(db: BusinessCenterDb, accountId: string, prefix: string, limit = 100): Observable<MemberRow[]> {
	const lower = prefix.trim().toLowerCase();
	return liveQuery(async () => {
		const [byEmail, byName] = await Promise.all([
			db.members.where('[accountId+email]').between([accountId, lower], [accountId, lower + maxChar], true, true).limit(limit).toArray(),
			db.members.where('[accountId+nameLower]').between([accountId, lower], [accountId, lower + maxChar], true, true).limit(limit).toArray()
		]);
		const byId = new Map<string, MemberRow>();
		for (const member of [...byName, ...byEmail]) byId.set(member.userId, member);
		return [...byId.values()].sort((a, b) => a.nameLower.localeCompare(b.nameLower) || a.userId.localeCompare(b.userId)).slice(0, limit);
	});
}

export function assetsByKind(db: BusinessCenterDb, accountId: string, kind: AssetKind): Observable<AssetRow[]> {
	return liveQuery(() => db.assets.where('[accountId+kind]').equals([accountId, kind]).toArray());
}

/** Outgoing shares of an account with one partner. */
export function sharesByPartner(db: BusinessCenterDb, accountId: string, partnerAccountId: string): Observable<ShareRow[]> {
	return liveQuery(() => db.shares.where('[accountId+partnerAccountId]').equals([accountId, partnerAccountId]).toArray());
}

/** R10: affiliation requests waiting for this user's decision as an asset master, newest first. */
export function pendingRequestsForMe(db: BusinessCenterDb, userId: string): Observable<RequestRow[]> {
	const scope = roomName(userRoom(userId));
	return liveQuery(async () => (await db.requests.where('[scope+status]').equals([scope, RequestStatus.Pending]).toArray()).sort((a, b) => b.at - a.at));
}

export function myAccounts(db: BusinessCenterDb): Observable<AccountRow[]> {
	return liveQuery(() => db.accounts.orderBy('accountId').toArray());
}

export function notificationsOf(db: BusinessCenterDb, userId: string): Observable<NotificationRow[]> {
	return liveQuery(async () => (await db.notifications.where('[userId+at]').between([userId, -Infinity], [userId, Infinity]).toArray()).reverse());
}

/** Refused commands the user has not dismissed yet. */
export function rejections(db: BusinessCenterDb): Observable<RejectionRow[]> {
	return liveQuery(() => db.rejections.orderBy('at').toArray());
}

/** How many commands wait for the relay. */
export function pendingCount(db: BusinessCenterDb): Observable<number> {
	return liveQuery(() => db.outbox.count());
}
