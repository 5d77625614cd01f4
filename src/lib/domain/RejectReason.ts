/**
 * Every reason a command, the policy, an invariant or the relay can refuse something.
 * The UI maps each one to a translated sentence (src/lib/i18n); the relay sends the code
 * in its `rejected` message (docs/PROTOCOL.md). Codes are stable wire values: never rename.
 */
export const RejectReason = {
	// who may do it
	NotSignedIn: 'not-signed-in',
	NotMember: 'not-member',
	NotAdmin: 'not-admin',
	MissingAccessType: 'missing-access-type',
	NotAssetMaster: 'not-asset-master',
	RelayOnly: 'relay-only',
	// invariants
	LastAdmin: 'last-admin',
	MasterMustBeDemoted: 'master-must-be-demoted',
	LastMaster: 'last-master',
	AutoPayHolder: 'auto-pay-holder',
	// input
	InvalidEmail: 'invalid-email',
	InvalidName: 'invalid-name',
	InvalidId: 'invalid-id',
	InvalidValue: 'invalid-value',
	InvalidIsbn: 'invalid-isbn',
	InvalidPrice: 'invalid-price',
	UnknownAccessType: 'unknown-access-type',
	NoAccessTypes: 'no-access-types',
	UnknownAssetKind: 'unknown-asset-kind',
	UnknownRole: 'unknown-role',
	TooLong: 'too-long',
	// references
	UserNotRegistered: 'user-not-registered',
	AlreadyMember: 'already-member',
	UnknownMember: 'unknown-member',
	UnknownAccount: 'unknown-account',
	UnknownAsset: 'unknown-asset',
	UnknownAssetAdmin: 'unknown-asset-admin',
	UnknownPartner: 'unknown-partner',
	UnknownShare: 'unknown-share',
	UnknownRequest: 'unknown-request',
	UnknownBook: 'unknown-book',
	UnknownPaymentProfile: 'unknown-payment-profile',
	AlreadyExists: 'already-exists',
	NotPartner: 'not-partner',
	PartnerNotActive: 'partner-not-active',
	PartnershipPending: 'partnership-pending',
	CannotPartnerWithSelf: 'cannot-partner-with-self',
	NotOwnedByAccount: 'not-owned-by-account',
	AlreadyShared: 'already-shared',
	AlreadyInAccount: 'already-in-account',
	RequestNotPending: 'request-not-pending',
	NotSharedWithAccount: 'not-shared-with-account',
	RoleAboveCeiling: 'role-above-ceiling',
	NothingSelected: 'nothing-selected',
	// the wire (relay)
	MalformedUpdate: 'malformed-update',
	MissingDependency: 'missing-dependency',
	UnknownPath: 'unknown-path',
	ForbiddenKey: 'forbidden-key',
	StaleWrite: 'stale-write',
	ForeignClientId: 'foreign-client-id',
	RoomNotFound: 'room-not-found',
	TooLarge: 'too-large',
	RateLimited: 'rate-limited'
} as const;

export type RejectReason = (typeof RejectReason)[keyof typeof RejectReason];

export const allRejectReasons: readonly RejectReason[] = Object.values(RejectReason);

export function isRejectReason(value: unknown): value is RejectReason {
	return typeof value === 'string' && (allRejectReasons as readonly string[]).includes(value);
}
