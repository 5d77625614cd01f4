import type { AccessType } from './AccessType';

/**
 * The entities of DESIGN §2 as plain, JSON-shaped values: what the domain reasons about.
 * In the Yjs documents each entity is a Y.Map keyed by field (schema.ts), so that
 * concurrent edits merge field by field and the relay can validate key by key.
 *
 * Every grant-like value may later carry `expiresAt` (DESIGN §7): readers ignore fields
 * they do not know, so adding it is not a migration.
 */

export type UserId = string;
export type AccountId = string;
export type AssetId = string;
/** Milliseconds since the epoch. */
export type Timestamp = number;

export interface User {
	readonly id: UserId;
	readonly email: string;
	readonly name: string;
}

/** Who is acting: always the authenticated user, never a client's claim. */
export interface Actor {
	readonly userId: UserId;
}

export interface BusinessInfo {
	readonly registrationNumber: string;
	readonly representative: string;
	readonly address: string;
	readonly phone: string;
}

export const emptyBusinessInfo: BusinessInfo = { registrationNumber: '', representative: '', address: '', phone: '' };

export interface AccountProfile {
	readonly id: AccountId;
	/** Identifies the organisation; shown in invitations and affiliation requests. */
	readonly name: string;
	/** Shown to admins to identify the account. */
	readonly displayEmail: string;
	readonly businessInfo: BusinessInfo;
	readonly createdAt: Timestamp;
	readonly createdBy: UserId;
}

export interface Membership {
	readonly userId: UserId;
	readonly email: string;
	readonly name: string;
	readonly types: readonly AccessType[];
	readonly addedAt: Timestamp;
	readonly addedBy: UserId;
}

export const AssetKind = {
	KakaoTalkChannel: 'kakaotalk-channel',
	AdAccount: 'ad-account',
	PixelSdk: 'pixel-sdk',
	BookCatalog: 'book-catalog'
} as const;
export type AssetKind = (typeof AssetKind)[keyof typeof AssetKind];
export const allAssetKinds: readonly AssetKind[] = Object.values(AssetKind);
export function isAssetKind(value: unknown): value is AssetKind {
	return typeof value === 'string' && (allAssetKinds as readonly string[]).includes(value);
}

export const AssetRole = {
	Master: 'master',
	Member: 'member'
} as const;
export type AssetRole = (typeof AssetRole)[keyof typeof AssetRole];
export const allAssetRoles: readonly AssetRole[] = [AssetRole.Master, AssetRole.Member];
export function isAssetRole(value: unknown): value is AssetRole {
	return value === AssetRole.Master || value === AssetRole.Member;
}
/** A role ceiling: `master` allows both roles, `member` only `member`. */
export function roleWithinCeiling(role: AssetRole, ceiling: AssetRole): boolean {
	return ceiling === AssetRole.Master || role === AssetRole.Member;
}

export interface Asset {
	readonly id: AssetId;
	readonly kind: AssetKind;
	readonly name: string;
	readonly businessInfo: BusinessInfo;
	/** user → role. Asset admins are registered users; they need not be account members. */
	readonly admins: Readonly<Record<UserId, AssetRole>>;
	/** R7: the ad-account admin whose card is the account's auto-pay card. */
	readonly autoPayHolder: UserId | null;
	readonly createdAt: Timestamp;
	readonly createdBy: UserId;
}

export const PartnershipStatus = {
	Pending: 'pending',
	Active: 'active'
} as const;
export type PartnershipStatus = (typeof PartnershipStatus)[keyof typeof PartnershipStatus];

/** One side's record of a partnership; the relay mirrors it into the other account's room. */
export interface Partnership {
	readonly accountId: AccountId;
	/** The partner's business account name, as the relay knows it ('' until it has written it). */
	readonly name: string;
	readonly status: PartnershipStatus;
	/** The account whose admin asked; the other account's admin accepts. */
	readonly requestedBy: AccountId;
	readonly requestedAt: Timestamp;
}

/** An asset shared by this account with a partner (outgoing), keyed asset → partner. */
export interface Share {
	readonly assetId: AssetId;
	readonly partnerAccountId: AccountId;
	readonly roleCeiling: AssetRole;
	readonly sharedAt: Timestamp;
	readonly sharedBy: UserId;
}

/** An asset another account shared with this one (incoming), written by the relay. */
export interface SharedAsset {
	readonly assetId: AssetId;
	readonly ownerAccountId: AccountId;
	readonly ownerName: string;
	readonly kind: AssetKind;
	readonly name: string;
	readonly roleCeiling: AssetRole;
	readonly sharedAt: Timestamp;
	/** R9: only the admins this account granted itself. */
	readonly admins: Readonly<Record<UserId, AssetRole>>;
}

export const RequestStatus = {
	Pending: 'pending',
	Accepted: 'accepted',
	Declined: 'declined'
} as const;
export type RequestStatus = (typeof RequestStatus)[keyof typeof RequestStatus];

/** An affiliation request sent by this account for an asset owned elsewhere. */
export interface AffiliationRequest {
	readonly id: string;
	readonly assetId: AssetId;
	readonly ownerAccountId: AccountId;
	readonly status: RequestStatus;
	readonly createdAt: Timestamp;
	readonly createdBy: UserId;
	readonly decidedAt: Timestamp | null;
	readonly decidedBy: UserId | null;
}

export const Decision = {
	Accept: 'accept',
	Decline: 'decline'
} as const;
export type Decision = (typeof Decision)[keyof typeof Decision];

/** A master's answer to an affiliation request, written into their own user room. */
export interface RequestDecision {
	readonly requestId: string;
	readonly requesterAccountId: AccountId;
	readonly decision: Decision;
	readonly decidedAt: Timestamp;
}

export const NotificationKind = {
	AccessGranted: 'access-granted',
	AccessChanged: 'access-changed',
	AccessRemoved: 'access-removed',
	PartnershipRequested: 'partnership-requested',
	PartnershipAccepted: 'partnership-accepted',
	PartnershipEnded: 'partnership-ended',
	ShareReceived: 'share-received',
	ShareEnded: 'share-ended',
	AffiliationRequested: 'affiliation-requested',
	AffiliationAccepted: 'affiliation-accepted',
	AffiliationDeclined: 'affiliation-declined'
} as const;
export type NotificationKind = (typeof NotificationKind)[keyof typeof NotificationKind];

export interface Notification {
	readonly id: string;
	readonly kind: NotificationKind;
	readonly at: Timestamp;
	/** Ids the UI needs to link and to word the message (account, asset, request, names). */
	readonly data: Readonly<Record<string, string>>;
	readonly readAt: Timestamp | null;
}

export interface ActivityEntry {
	readonly id: string;
	readonly at: Timestamp;
	/** The authenticated user, or `relay` for the relay's own effects. */
	readonly actorId: UserId;
	readonly action: string;
	readonly target: string;
	readonly before: unknown;
	readonly after: unknown;
}

export const BookStatus = {
	Draft: 'draft',
	Live: 'live',
	Withdrawn: 'withdrawn'
} as const;
export type BookStatus = (typeof BookStatus)[keyof typeof BookStatus];
export function isBookStatus(value: unknown): value is BookStatus {
	return value === 'draft' || value === 'live' || value === 'withdrawn';
}

export interface Book {
	readonly id: string;
	readonly title: string;
	readonly authors: readonly string[];
	readonly isbn: string;
	readonly priceMinor: number;
	readonly currency: string;
	readonly status: BookStatus;
	readonly updatedAt: Timestamp;
	readonly updatedBy: UserId;
}

export interface Territory {
	readonly code: string;
	readonly enabled: boolean;
	readonly currency: string;
}

export interface PaymentProfile {
	readonly id: string;
	readonly name: string;
	readonly bankName: string;
	readonly accountHolder: string;
	readonly accountNumber: string;
	readonly currency: string;
	readonly updatedAt: Timestamp;
	readonly updatedBy: UserId;
}
