import { isRejectReason, RejectReason, type Refusal, type Result } from '$lib/domain';
import type { StoredSession } from '$lib/db';

/** The relay could not be reached (offline, DNS, refused): not a refusal, try again later. */
export const Unreachable = 'unreachable' as const;
export interface UnreachableFailure {
	readonly ok: false;
	readonly reason: typeof Unreachable;
	readonly message: string;
}

export type AuthOutcome<T> = Result<T> | UnreachableFailure;

export type FetchLike = (input: string, init?: { method?: string; headers?: Record<string, string>; body?: string }) => Promise<{
	readonly ok: boolean;
	readonly status: number;
	json(): Promise<unknown>;
}>;

export interface FoundUser {
	readonly id: string;
	readonly email: string;
	readonly name: string;
}

function isSession(value: unknown): value is StoredSession {
	if (typeof value !== 'object' || value === null) return false;
	const v = value as Record<string, unknown>;
	const user = v.user as Record<string, unknown> | undefined;
	return (
		typeof v.token === 'string' &&
		typeof v.refreshToken === 'string' &&
		typeof v.expiresAt === 'number' &&
		typeof user === 'object' &&
		user !== null &&
		typeof user.id === 'string' &&
		typeof user.email === 'string' &&
		typeof user.name === 'string'
	);
}

/** The string and number fields of a failure's `detail` (a line number, a field name). */
function plainDetail(body: unknown): Record<string, string | number> {
	const detail = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).detail : undefined;
	const out: Record<string, string | number> = {};
	if (typeof detail !== 'object' || detail === null) return out;
	for (const [key, value] of Object.entries(detail)) if (typeof value === 'string' || typeof value === 'number') out[key] = value;
	return out;
}

/** The relay's HTTP API (docs/PROTOCOL.md §HTTP): sign-up, sign-in, refresh, user lookup. */
export class AuthClient {
	readonly #baseUrl: string;
	readonly #fetch: FetchLike;

	constructor(baseUrl: string, fetchImpl: FetchLike = (input, init) => globalThis.fetch(input, init)) {
		this.#baseUrl = baseUrl.replace(/\/+$/, '');
		this.#fetch = fetchImpl;
	}

	signUp(input: { readonly email: string; readonly password: string; readonly name: string }): Promise<AuthOutcome<StoredSession>> {
		return this.#session('/api/signup', input);
	}

	logIn(input: { readonly email: string; readonly password: string }): Promise<AuthOutcome<StoredSession>> {
		return this.#session('/api/login', input);
	}

	/** Rotates the refresh token: the old one is used up (presenting it again revokes the family). */
	refresh(refreshToken: string): Promise<AuthOutcome<StoredSession>> {
		return this.#session('/api/refresh', { refreshToken });
	}

	/** Revokes the refresh token's family. Best effort: an unreachable relay is not an error here. */
	async logOut(refreshToken: string): Promise<void> {
		await this.#call('/api/logout', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refreshToken }) });
	}

	/** R2: who has this email (null when nobody is registered with it). */
	async lookup(token: string, email: string): Promise<AuthOutcome<FoundUser | null>> {
		const response = await this.#call(`/api/users/lookup?email=${encodeURIComponent(email)}`, {
			method: 'GET',
			headers: { Authorization: `Bearer ${token}` }
		});
		if (!response.ok) {
			if (response.reason === RejectReason.UserNotRegistered) return { ok: true, value: null };
			return response;
		}
		const body = response.value as Record<string, unknown>;
		if (typeof body.id !== 'string' || typeof body.name !== 'string') return { ok: false, reason: RejectReason.InvalidValue, detail: { field: 'lookup' } };
		return { ok: true, value: { id: body.id, email: email.trim().toLowerCase(), name: body.name } };
	}

	/** Imports a sales CSV into the account's reports room (R12: analytics or admin); the rows imported. */
	async importSales(token: string, accountId: string, csv: string): Promise<AuthOutcome<number>> {
		const response = await this.#call(`/api/accounts/${encodeURIComponent(accountId)}/reports/import`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/csv; charset=utf-8' },
			body: csv
		});
		if (!response.ok) return response;
		const imported = (response.value as Record<string, unknown> | null)?.imported;
		if (typeof imported !== 'number') return { ok: false, reason: RejectReason.InvalidValue, detail: { field: 'imported' } };
		return { ok: true, value: imported };
	}

	async #session(path: string, body: unknown): Promise<AuthOutcome<StoredSession>> {
		const response = await this.#call(path, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(body)
		});
		if (!response.ok) return response;
		const session = response.value;
		if (!isSession(session)) return { ok: false, reason: RejectReason.InvalidValue, detail: { field: 'session' } };
		const { user, token, expiresAt, refreshToken } = session;
		return { ok: true, value: { user: { id: user.id, email: user.email, name: user.name }, token, expiresAt, refreshToken } };
	}

	async #call(path: string, init: { method: string; headers: Record<string, string>; body?: string }): Promise<AuthOutcome<unknown>> {
		let response: Awaited<ReturnType<FetchLike>>;
		let body: unknown;
		try {
			response = await this.#fetch(this.#baseUrl + path, init);
			body = await response.json().catch(() => null);
		} catch (error) {
			return { ok: false, reason: Unreachable, message: error instanceof Error ? error.message : String(error) };
		}
		if (response.ok) return { ok: true, value: body };
		const error = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).error : undefined;
		const reason = isRejectReason(error) ? error : RejectReason.InvalidValue;
		const refusal: Refusal = { ok: false, reason, detail: { ...plainDetail(body), status: response.status } };
		return refusal;
	}
}
