import { RejectReason } from '$lib/domain';

export const RejectionHandling = {
	/** The command is refused for good: show it with the reason, drop it from the outbox. */
	Refused: 'refused',
	/** The write lost a race or met a transient limit: rebase the command and send it again. */
	Rebase: 'rebase'
} as const;
export type RejectionHandling = (typeof RejectionHandling)[keyof typeof RejectionHandling];

/**
 * What the client does with a command the relay rejected for this reason. A Record over
 * every reason, so adding a reason to the domain fails to compile until it is decided here.
 */
const handling: Readonly<Record<RejectReason, RejectionHandling>> = {
	'not-signed-in': RejectionHandling.Refused,
	'not-member': RejectionHandling.Refused,
	'not-admin': RejectionHandling.Refused,
	'missing-access-type': RejectionHandling.Refused,
	'not-asset-master': RejectionHandling.Refused,
	'relay-only': RejectionHandling.Refused,
	'last-admin': RejectionHandling.Refused,
	'master-must-be-demoted': RejectionHandling.Refused,
	'last-master': RejectionHandling.Refused,
	'auto-pay-holder': RejectionHandling.Refused,
	'invalid-email': RejectionHandling.Refused,
	'invalid-name': RejectionHandling.Refused,
	'invalid-id': RejectionHandling.Refused,
	'invalid-value': RejectionHandling.Refused,
	'invalid-isbn': RejectionHandling.Refused,
	'invalid-price': RejectionHandling.Refused,
	'unknown-access-type': RejectionHandling.Refused,
	'no-access-types': RejectionHandling.Refused,
	'unknown-asset-kind': RejectionHandling.Refused,
	'unknown-role': RejectionHandling.Refused,
	'too-long': RejectionHandling.Refused,
	'user-not-registered': RejectionHandling.Refused,
	'already-member': RejectionHandling.Refused,
	'unknown-member': RejectionHandling.Refused,
	'unknown-account': RejectionHandling.Refused,
	'unknown-asset': RejectionHandling.Refused,
	'unknown-asset-admin': RejectionHandling.Refused,
	'unknown-partner': RejectionHandling.Refused,
	'unknown-share': RejectionHandling.Refused,
	'unknown-request': RejectionHandling.Refused,
	'unknown-book': RejectionHandling.Refused,
	'unknown-payment-profile': RejectionHandling.Refused,
	'already-exists': RejectionHandling.Refused,
	'not-partner': RejectionHandling.Refused,
	'partner-not-active': RejectionHandling.Refused,
	'partnership-pending': RejectionHandling.Refused,
	'cannot-partner-with-self': RejectionHandling.Refused,
	'not-owned-by-account': RejectionHandling.Refused,
	'already-shared': RejectionHandling.Refused,
	'already-in-account': RejectionHandling.Refused,
	'request-not-pending': RejectionHandling.Refused,
	'not-shared-with-account': RejectionHandling.Refused,
	'role-above-ceiling': RejectionHandling.Refused,
	'nothing-selected': RejectionHandling.Refused,
	'malformed-update': RejectionHandling.Refused,
	// The relay lacked what the write built on (it was written against state the relay had
	// not seen yet): after a resync the same command builds on the relay's state.
	'missing-dependency': RejectionHandling.Rebase,
	'unknown-path': RejectionHandling.Refused,
	'forbidden-key': RejectionHandling.Refused,
	// Another writer changed the key first: the command is re-run on the new value.
	'stale-write': RejectionHandling.Rebase,
	'foreign-client-id': RejectionHandling.Rebase,
	'room-not-found': RejectionHandling.Refused,
	'too-large': RejectionHandling.Refused,
	'rate-limited': RejectionHandling.Rebase
};

export function rejectionHandling(reason: RejectReason): RejectionHandling {
	return handling[reason];
}

/** How many times one command is rebased before it is reported as refused (no endless loop). */
export const maxRebases = 3;
