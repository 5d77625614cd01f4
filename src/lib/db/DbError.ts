/**
 * The one place where foreign storage errors (Dexie's and IndexedDB's) become ours. Code
 * above `src/lib/db` sees a `DbFailure` value with a kind it can switch on, never a
 * DOMException or a Dexie error class.
 */
export const DbErrorKind = {
	/** The browser refused to store more (disk full, or the origin's quota). */
	QuotaExceeded: 'quota-exceeded',
	/** The database was closed (another tab upgraded it, the tab is going away). */
	Closed: 'closed',
	/** Another tab holds an older version open and blocks the upgrade. */
	Blocked: 'blocked',
	/** A newer version of the app upgraded the database: this tab must reload. */
	VersionMismatch: 'version-mismatch',
	/** A unique key or constraint was violated: a bug in our code, reported as such. */
	Constraint: 'constraint',
	/** IndexedDB is missing or forbidden (private mode in some browsers). */
	Unavailable: 'unavailable',
	/** Anything else. */
	Unknown: 'unknown'
} as const;
export type DbErrorKind = (typeof DbErrorKind)[keyof typeof DbErrorKind];

export interface DbFailure {
	readonly ok: false;
	readonly kind: DbErrorKind;
	/** For logs only; the UI words the kind. */
	readonly message: string;
}

export type DbResult<T> = { readonly ok: true; readonly value: T } | DbFailure;

/** Dexie error names (Dexie.errnames) and DOMException names, by the kind they map to. */
const kindByName: Readonly<Record<string, DbErrorKind>> = {
	QuotaExceededError: DbErrorKind.QuotaExceeded,
	DatabaseClosedError: DbErrorKind.Closed,
	AbortError: DbErrorKind.Closed,
	InvalidStateError: DbErrorKind.Closed,
	BlockedError: DbErrorKind.Blocked,
	VersionChangeError: DbErrorKind.VersionMismatch,
	VersionError: DbErrorKind.VersionMismatch,
	UpgradeError: DbErrorKind.VersionMismatch,
	ConstraintError: DbErrorKind.Constraint,
	MissingAPIError: DbErrorKind.Unavailable,
	SecurityError: DbErrorKind.Unavailable,
	InvalidAccessError: DbErrorKind.Unavailable
};

function nameOf(error: unknown): string {
	if (typeof error !== 'object' || error === null) return '';
	const name = (error as { name?: unknown }).name;
	// Dexie wraps the IndexedDB error it met as `inner`; a quota error often arrives wrapped
	// in an AbortError, and the inner name is the one that says why.
	const inner = (error as { inner?: unknown }).inner;
	const innerName = typeof inner === 'object' && inner !== null ? (inner as { name?: unknown }).name : undefined;
	if (typeof innerName === 'string' && Object.hasOwn(kindByName, innerName) && innerName !== 'AbortError') return innerName;
	return typeof name === 'string' ? name : '';
}

export function toDbFailure(error: unknown): DbFailure {
	const name = nameOf(error);
	const kind = Object.hasOwn(kindByName, name) ? (kindByName[name] ?? DbErrorKind.Unknown) : DbErrorKind.Unknown;
	const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
	return { ok: false, kind, message };
}

/** Runs a storage operation; an expected storage failure comes back as a value. */
export async function dbTry<T>(operation: () => Promise<T>): Promise<DbResult<T>> {
	try {
		return { ok: true, value: await operation() };
	} catch (error) {
		return toDbFailure(error);
	}
}
