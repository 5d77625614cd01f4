import { type RejectReason, isRejectReason } from '$lib/domain/RejectReason';
import type { SignInInput, SignUpInput } from './credentials';
import { type Session, parseSession } from './Session';

/** Why sign-in or sign-up did not give a session, one kind per answer the relay can give. */
export const AuthFailureKind = {
	/** 400 with a reason code: the relay's own validation refused the input. */
	Refused: 'refused',
	/** 401 */
	WrongCredentials: 'wrong-credentials',
	/** 409: sign-up with an email that is already registered. */
	EmailTaken: 'email-taken',
	/** 429 */
	RateLimited: 'rate-limited',
	/** No answer at all: offline, relay down, DNS. */
	Network: 'network',
	/** Any other status, or a body that is not a session. */
	Unexpected: 'unexpected'
} as const;

export type AuthFailureKind = (typeof AuthFailureKind)[keyof typeof AuthFailureKind];

export type AuthFailure =
	| { readonly kind: typeof AuthFailureKind.Refused; readonly reason: RejectReason }
	| { readonly kind: typeof AuthFailureKind.WrongCredentials }
	| { readonly kind: typeof AuthFailureKind.EmailTaken }
	| { readonly kind: typeof AuthFailureKind.RateLimited }
	| { readonly kind: typeof AuthFailureKind.Network }
	| { readonly kind: typeof AuthFailureKind.Unexpected; readonly status: number };

export type AuthResult = { readonly ok: true; readonly session: Session } | { readonly ok: false; readonly failure: AuthFailure };

export const authPaths = {
	signIn: '/api/login',
	signUp: '/api/signup',
	signOut: '/api/logout'
} as const;

type Fetch = typeof fetch;

const signOutTimeoutMs = 5_000;

async function readJson(response: Response): Promise<unknown> {
	try {
		return await response.json();
	} catch {
		return null;
	}
}

async function failureFrom(response: Response): Promise<AuthFailure> {
	switch (response.status) {
		case 400: {
			const body = await readJson(response);
			const reason = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).error : undefined;
			return isRejectReason(reason)
				? { kind: AuthFailureKind.Refused, reason }
				: { kind: AuthFailureKind.Unexpected, status: 400 };
		}
		case 401:
			return { kind: AuthFailureKind.WrongCredentials };
		case 409:
			return { kind: AuthFailureKind.EmailTaken };
		case 429:
			return { kind: AuthFailureKind.RateLimited };
		default:
			return { kind: AuthFailureKind.Unexpected, status: response.status };
	}
}

async function postForSession(path: string, body: object, fetchFn: Fetch): Promise<AuthResult> {
	let response: Response;
	try {
		response = await fetchFn(path, {
			method: 'POST',
			headers: { 'content-type': 'application/json', accept: 'application/json' },
			body: JSON.stringify(body)
		});
	} catch {
		return { ok: false, failure: { kind: AuthFailureKind.Network } };
	}
	if (!response.ok) return { ok: false, failure: await failureFrom(response) };
	const session = parseSession(await readJson(response));
	return session === null
		? { ok: false, failure: { kind: AuthFailureKind.Unexpected, status: response.status } }
		: { ok: true, session };
}

/** `fetchFn` is injectable so tests can play the relay's answers without a network. */
export function signIn(input: SignInInput, fetchFn: Fetch = fetch): Promise<AuthResult> {
	return postForSession(authPaths.signIn, { email: input.email.trim(), password: input.password }, fetchFn);
}

export function signUp(input: SignUpInput, fetchFn: Fetch = fetch): Promise<AuthResult> {
	return postForSession(
		authPaths.signUp,
		{ email: input.email.trim(), password: input.password, name: input.name.trim() },
		fetchFn
	);
}

/**
 * Asks the relay to revoke the tokens. The caller forgets the session whatever the answer:
 * signing out must work offline too, and an unrevoked token still expires on its own.
 */
export async function signOut(session: Session, fetchFn: Fetch = fetch): Promise<void> {
	try {
		await fetchFn(authPaths.signOut, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
			body: JSON.stringify({ refreshToken: session.refreshToken }),
			// Signing out must not hang on a bad network; the local session ends anyway.
			signal: AbortSignal.timeout(signOutTimeoutMs)
		});
	} catch {
		// Offline or timed out: nothing more to do here.
	}
}
