import type { User } from '$lib/domain/entities';

/** What the relay returns on sign-in and sign-up, and what the app keeps while signed in. */
export interface Session {
	readonly user: User;
	readonly token: string;
	readonly refreshToken: string;
	/** When `token` expires (ms since the epoch); the sync layer refreshes it before then. */
	readonly expiresAt: number;
}

function isNonEmptyString(value: unknown): value is string {
	return typeof value === 'string' && value.length > 0;
}

/** Accepts only a complete session: a half-parsed one would fail later, far from the cause. */
export function parseSession(value: unknown): Session | null {
	if (typeof value !== 'object' || value === null) return null;
	const { user, token, refreshToken, expiresAt } = value as Record<string, unknown>;
	if (typeof user !== 'object' || user === null) return null;
	const { id, email, name } = user as Record<string, unknown>;
	if (!isNonEmptyString(id) || !isNonEmptyString(email) || typeof name !== 'string') return null;
	if (!isNonEmptyString(token) || !isNonEmptyString(refreshToken)) return null;
	if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) return null;
	return { user: { id, email, name }, token, refreshToken, expiresAt };
}
