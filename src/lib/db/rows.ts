import type { AccessType, AssetKind, AssetRole, BusinessInfo, NotificationKind, PartnershipStatus, RequestStatus } from '$lib/domain';
import type { Detail } from '$lib/protocol/protocol';
import type { RejectReason } from '$lib/domain';

/**
 * The rows of the Dexie tables. Materialised rows are derived from the room documents and
 * carry the `room` they came from, so that a room's rows can be dropped or rebuilt as a unit
 * (a rejection reset, a revoked room). Every row comes from exactly one room.
 */

/** One room the client keeps: which Yjs document incarnation is current. */
export interface RoomRow {
	readonly name: string;
	/** Key of the current `ydocs` row. A reset writes a new one, so the new Y.Doc gets a new clientID. */
	readonly docId: string;
	/** State vector of the document the materialised rows were last written from. */
	readonly materialisedSv: Uint8Array | null;
}

/** The y-dexie table: `doc` is a Y.Doc property that y-dexie keeps in `$ydocs.doc_updates`. */
export interface YDocInsert {
	readonly id: string;
	readonly room: string;
}

/** A business account the user reads (from its room's profile and the user's own membership). */
export interface AccountRow {
	readonly accountId: string;
	readonly room: string;
	readonly name: string;
	readonly displayEmail: string;
	readonly businessInfo: BusinessInfo;
	/** The signed-in user's access types in this account ([] when not, or not yet, a member). */
	readonly myTypes: readonly AccessType[];
}

export interface MemberRow {
	readonly accountId: string;
	readonly userId: string;
	readonly room: string;
	/** Normalised (lower-case) by the domain. */
	readonly email: string;
	readonly name: string;
	/** Since schema v2: for case-insensitive name-prefix search. */
	readonly nameLower: string;
	readonly types: readonly AccessType[];
	readonly addedAt: number;
}

export const AssetSource = { Owned: 'owned', Shared: 'shared' } as const;
export type AssetSource = (typeof AssetSource)[keyof typeof AssetSource];

export interface AssetRow {
	readonly accountId: string;
	readonly assetId: string;
	readonly room: string;
	/** R8: an asset shared with the account is in its asset list too. */
	readonly source: AssetSource;
	readonly kind: AssetKind;
	readonly name: string;
	/** The owning account: this one for owned assets. */
	readonly ownerAccountId: string;
	/** Owned: the asset's admins. Shared: R9, only the admins this account added. */
	readonly admins: Readonly<Record<string, AssetRole>>;
	readonly businessInfo: BusinessInfo | null;
	readonly roleCeiling: AssetRole | null;
}

export interface PartnerRow {
	readonly accountId: string;
	readonly partnerAccountId: string;
	/** The partner's business account name ('' until the relay has written it). */
	readonly name: string;
	readonly room: string;
	readonly status: PartnershipStatus;
	readonly requestedBy: string;
	readonly requestedAt: number;
}

/** One outgoing share: asset × partner (the document keys shares by asset). */
export interface ShareRow {
	readonly accountId: string;
	readonly assetId: string;
	readonly partnerAccountId: string;
	readonly room: string;
	readonly roleCeiling: AssetRole;
	readonly sharedAt: number;
	readonly sharedBy: string;
}

export const RequestDirection = { Outgoing: 'outgoing', Incoming: 'incoming' } as const;
export type RequestDirection = (typeof RequestDirection)[keyof typeof RequestDirection];

/**
 * An affiliation request. Outgoing: sent by an account (scope = account id, id = request id).
 * Incoming: delivered to a master's inbox (scope = `user/<id>`, id = notification id), its
 * status read from the master's own decisions.
 */
export interface RequestRow {
	readonly scope: string;
	readonly id: string;
	readonly room: string;
	readonly direction: RequestDirection;
	readonly requestId: string;
	readonly assetId: string;
	readonly accountId: string;
	readonly status: RequestStatus;
	readonly at: number;
}

export interface NotificationRow {
	readonly userId: string;
	readonly id: string;
	readonly room: string;
	readonly kind: NotificationKind;
	readonly at: number;
	readonly data: Readonly<Record<string, string>>;
	readonly readAt: number | null;
}

/** A command waiting for the relay's ack (DESIGN §3: the outbox stores commands, not updates). */
export interface OutboxRow {
	readonly id?: number;
	readonly room: string;
	readonly command: string;
	readonly input: unknown;
	readonly createdAt: number;
	readonly actorId: string;
	/** Ids the command generated (createAsset, addBook…), reused when it is replayed. */
	readonly ids: readonly string[];
	/** The Y.Doc clientID the command wrote under and the clock after it: acked once the relay's state covers it. */
	readonly clientId: number;
	readonly clock: number;
}

export const RejectionSource = {
	/** The relay refused the write. */
	Relay: 'relay',
	/** On replay after a reset, the domain itself refused the command against the relay's state. */
	Replay: 'replay',
	/** The user lost read access to the room (4401/4403): its pending commands cannot be done. */
	Revoked: 'revoked'
} as const;
export type RejectionSource = (typeof RejectionSource)[keyof typeof RejectionSource];

/** A command that was refused, kept until the user dismisses it: nothing is lost silently. */
export interface RejectionRow {
	readonly id?: number;
	readonly room: string;
	readonly command: string;
	readonly input: unknown;
	readonly createdAt: number;
	readonly reason: RejectReason;
	readonly detail: Detail | null;
	readonly source: RejectionSource;
	readonly at: number;
}

export interface SessionUser {
	readonly id: string;
	readonly email: string;
	readonly name: string;
}

/** The signed-in session, kept so that the app opens offline. One row, key `current`. */
export interface SessionRow {
	readonly key: 'current';
	readonly user: SessionUser;
	readonly token: string;
	/** When `token` expires (ms since the epoch). */
	readonly expiresAt: number;
	readonly refreshToken: string;
}
