import * as Y from 'yjs';
import {
	Collection,
	entityKeys,
	NotificationKind,
	readEntity,
	RequestStatus,
	RoomKind,
	type Room
} from '$lib/domain';
import { MaterialisedTable, allMaterialisedTables } from './db';
import {
	AssetSource,
	RequestDirection,
	type AccountRow,
	type AssetRow,
	type MemberRow,
	type NotificationRow,
	type PartnerRow,
	type RequestRow,
	type ShareRow
} from './rows';

/**
 * What the materialised tables hold for one entity of one room, as row operations. The
 * materialiser runs this only for the entities a transaction touched (incremental); a
 * rebuild runs it for every entity of the room. Both read the entity from the document as
 * it is now, so applying the ops for a key any number of times converges to the same rows.
 */

export interface MaterialiseContext {
	readonly room: Room;
	readonly roomName: string;
	/** The signed-in user (for `accounts.myTypes` and incoming requests). */
	readonly userId: string;
}

export type RowKey = string | readonly string[];

export type RowOp =
	| { readonly type: 'put'; readonly table: MaterialisedTable; readonly row: object }
	| { readonly type: 'delete'; readonly table: MaterialisedTable; readonly key: RowKey }
	| { readonly type: 'deleteWhere'; readonly table: MaterialisedTable; readonly index: string; readonly value: readonly string[] }
	| {
			readonly type: 'modifyWhere';
			readonly table: MaterialisedTable;
			readonly index: string;
			readonly value: readonly string[];
			readonly changes: Readonly<Record<string, unknown>>;
	  };

/** The document collections that feed materialised tables, by room kind. */
export function materialisedCollections(kind: RoomKind): readonly Collection[] {
	switch (kind) {
		case RoomKind.Account:
			return [
				Collection.Profile,
				Collection.Members,
				Collection.Assets,
				Collection.SharedIn,
				Collection.Partners,
				Collection.Shares,
				Collection.Requests
			];
		case RoomKind.User:
			return [Collection.Inbox, Collection.Decisions];
		case RoomKind.Catalog:
		case RoomKind.Reports:
		case RoomKind.Payments:
		case RoomKind.Activity:
			// Section rooms are read straight from their documents: no list view needs an index yet.
			return [];
		default: {
			const never: never = kind;
			throw new Error(`Unexpected room kind ${String(never)}`);
		}
	}
}

function accountOps(ctx: MaterialiseContext, doc: Y.Doc, accountId: string): RowOp[] {
	const profile = readEntity(doc, Collection.Profile);
	if (profile === null) return [{ type: 'delete', table: MaterialisedTable.Accounts, key: accountId }];
	const me = readEntity(doc, Collection.Members, ctx.userId);
	const row: AccountRow = {
		accountId,
		room: ctx.roomName,
		name: profile.name,
		displayEmail: profile.displayEmail,
		businessInfo: profile.businessInfo,
		myTypes: me?.types ?? []
	};
	return [{ type: 'put', table: MaterialisedTable.Accounts, row }];
}

/** Incoming affiliation requests live in the master's inbox; their status is the master's decision. */
function incomingStatus(doc: Y.Doc, requestId: string): RequestStatus {
	const decision = readEntity(doc, Collection.Decisions, requestId);
	if (decision === null) return RequestStatus.Pending;
	return decision.decision === 'accept' ? RequestStatus.Accepted : RequestStatus.Declined;
}

export function entityOps(ctx: MaterialiseContext, doc: Y.Doc, collection: Collection, key: string): RowOp[] {
	const { room, roomName } = ctx;
	if (room.kind === RoomKind.User) {
		const scope = roomName;
		switch (collection) {
			case Collection.Inbox: {
				const note = readEntity(doc, Collection.Inbox, key);
				const ops: RowOp[] = [
					{ type: 'delete', table: MaterialisedTable.Notifications, key: [room.userId, key] },
					{ type: 'delete', table: MaterialisedTable.Requests, key: [scope, key] }
				];
				if (note === null) return ops;
				const row: NotificationRow = { userId: room.userId, id: key, room: roomName, kind: note.kind, at: note.at, data: note.data, readAt: note.readAt };
				ops.push({ type: 'put', table: MaterialisedTable.Notifications, row });
				const requestId = note.data.requestId;
				if (note.kind === NotificationKind.AffiliationRequested && requestId !== undefined) {
					const request: RequestRow = {
						scope,
						id: key,
						room: roomName,
						direction: RequestDirection.Incoming,
						requestId,
						assetId: note.data.assetId ?? '',
						accountId: note.data.requesterAccountId ?? '',
						status: incomingStatus(doc, requestId),
						at: note.at
					};
					ops.push({ type: 'put', table: MaterialisedTable.Requests, row: request });
				}
				return ops;
			}
			case Collection.Decisions:
				return [
					{
						type: 'modifyWhere',
						table: MaterialisedTable.Requests,
						index: '[scope+requestId]',
						value: [scope, key],
						changes: { status: incomingStatus(doc, key) }
					}
				];
			default:
				return [];
		}
	}
	if (room.kind !== RoomKind.Account) return [];
	const accountId = room.accountId;
	switch (collection) {
		case Collection.Profile:
			return accountOps(ctx, doc, accountId);
		case Collection.Members: {
			const member = readEntity(doc, Collection.Members, key);
			const ops: RowOp[] = [];
			if (member === null) ops.push({ type: 'delete', table: MaterialisedTable.Members, key: [accountId, key] });
			else {
				const row: MemberRow = {
					accountId,
					userId: key,
					room: roomName,
					email: member.email,
					name: member.name,
					nameLower: member.name.toLowerCase(),
					types: member.types,
					addedAt: member.addedAt
				};
				ops.push({ type: 'put', table: MaterialisedTable.Members, row });
			}
			if (key === ctx.userId) ops.push(...accountOps(ctx, doc, accountId));
			return ops;
		}
		case Collection.Assets:
		case Collection.SharedIn: {
			const owned = readEntity(doc, Collection.Assets, key);
			const shared = owned === null ? readEntity(doc, Collection.SharedIn, key) : null;
			// One asset key: owned wins over a (never expected) shared-in copy of the same id.
			let row: AssetRow | null = null;
			if (owned !== null) {
				row = {
					accountId,
					assetId: key,
					room: roomName,
					source: AssetSource.Owned,
					kind: owned.kind,
					name: owned.name,
					ownerAccountId: accountId,
					admins: owned.admins,
					businessInfo: owned.businessInfo,
					roleCeiling: null
				};
			} else if (shared !== null) {
				row = {
					accountId,
					assetId: key,
					room: roomName,
					source: AssetSource.Shared,
					kind: shared.kind,
					name: shared.name,
					ownerAccountId: shared.ownerAccountId,
					admins: shared.admins,
					businessInfo: null,
					roleCeiling: shared.roleCeiling
				};
			}
			return row === null
				? [{ type: 'delete', table: MaterialisedTable.Assets, key: [accountId, key] }]
				: [{ type: 'put', table: MaterialisedTable.Assets, row }];
		}
		case Collection.Partners: {
			const partner = readEntity(doc, Collection.Partners, key);
			if (partner === null) return [{ type: 'delete', table: MaterialisedTable.Partners, key: [accountId, key] }];
			const row: PartnerRow = {
				accountId,
				partnerAccountId: key,
				name: partner.name,
				room: roomName,
				status: partner.status,
				requestedBy: partner.requestedBy,
				requestedAt: partner.requestedAt
			};
			return [{ type: 'put', table: MaterialisedTable.Partners, row }];
		}
		case Collection.Shares: {
			const shares = readEntity(doc, Collection.Shares, key);
			const ops: RowOp[] = [{ type: 'deleteWhere', table: MaterialisedTable.Shares, index: '[accountId+assetId]', value: [accountId, key] }];
			for (const [partnerAccountId, grant] of Object.entries(shares?.partners ?? {})) {
				const row: ShareRow = { accountId, assetId: key, partnerAccountId, room: roomName, ...grant };
				ops.push({ type: 'put', table: MaterialisedTable.Shares, row });
			}
			return ops;
		}
		case Collection.Requests: {
			const request = readEntity(doc, Collection.Requests, key);
			if (request === null) return [{ type: 'delete', table: MaterialisedTable.Requests, key: [accountId, key] }];
			const row: RequestRow = {
				scope: accountId,
				id: key,
				room: roomName,
				direction: RequestDirection.Outgoing,
				requestId: key,
				assetId: request.assetId,
				accountId: request.ownerAccountId,
				status: request.status,
				at: request.createdAt
			};
			return [{ type: 'put', table: MaterialisedTable.Requests, row }];
		}
		default:
			return [];
	}
}

export type RoomRows = Record<MaterialisedTable, object[]>;

/**
 * Every row a room's document yields, computed from scratch: what a rebuild writes, and what
 * the property test compares the incremental tables with.
 */
export function roomRows(ctx: MaterialiseContext, doc: Y.Doc): RoomRows {
	const rows = Object.fromEntries(allMaterialisedTables.map((t) => [t, [] as object[]])) as RoomRows;
	const seen = new Map<string, object>();
	for (const collection of materialisedCollections(ctx.room.kind)) {
		for (const key of entityKeys(doc, collection)) {
			for (const op of entityOps(ctx, doc, collection, key)) {
				// From an empty table only puts matter; later puts of the same row replace earlier ones.
				if (op.type === 'put') seen.set(`${op.table}\u0000${JSON.stringify(primaryKeyOf(op.table, op.row))}`, { table: op.table, row: op.row });
			}
		}
	}
	for (const entry of seen.values()) {
		const { table, row } = entry as { table: MaterialisedTable; row: object };
		rows[table].push(row);
	}
	return rows;
}

/** The primary key fields of each materialised table (as declared in db.ts). */
export const primaryKeyFields: Readonly<Record<MaterialisedTable, readonly string[]>> = {
	accounts: ['accountId'],
	members: ['accountId', 'userId'],
	assets: ['accountId', 'assetId'],
	partners: ['accountId', 'partnerAccountId'],
	shares: ['accountId', 'assetId', 'partnerAccountId'],
	requests: ['scope', 'id'],
	notifications: ['userId', 'id']
};

export function primaryKeyOf(table: MaterialisedTable, row: object): RowKey {
	const fields = primaryKeyFields[table];
	const values = fields.map((f) => String((row as Record<string, unknown>)[f]));
	return values.length === 1 ? (values[0] ?? '') : values;
}
