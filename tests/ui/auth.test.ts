import { describe, expect, it } from 'vitest';
import { RejectReason } from '$lib/domain/RejectReason';
import { Locale } from '$lib/i18n/Locale';
import { translate } from '$lib/i18n/translate';
import { StatusKind, statusKindFor } from '$lib/ui/StatusKind';
import { AuthFailureKind, authPaths, signIn, signOut, signUp } from '$lib/ui/session/authClient';
import { describeAuthFailure, describeCredentialProblem } from '$lib/ui/session/authMessages';
import { CredentialProblem, checkSignIn, checkSignUp, minPasswordLength } from '$lib/ui/session/credentials';
import { parseSession } from '$lib/ui/session/Session';

const validSession = {
	user: { id: 'u1', email: 'siti@example.my', name: 'Siti' },
	token: 'access-token',
	refreshToken: 'refresh-token',
	expiresAt: 1_900_000_000_000
};

interface Call {
	readonly url: string;
	readonly init: RequestInit | undefined;
}

/** A stand-in relay: answers every request with `status` and `body`, and records what it was sent. */
function relayAnswering(status: number, body?: unknown): { fetch: typeof fetch; calls: Call[] } {
	const calls: Call[] = [];
	const fakeFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
		calls.push({ url: String(input), init });
		return new Response(body === undefined ? null : JSON.stringify(body), {
			status,
			headers: { 'content-type': 'application/json' }
		});
	};
	return { fetch: fakeFetch as typeof fetch, calls };
}

const unreachableRelay = (async () => {
	throw new TypeError('Failed to fetch');
}) as typeof fetch;

describe('client-side credential checks', () => {
	it('asks for a real-looking email address', () => {
		expect(checkSignIn({ email: 'siti', password: 'x' }).email).toBe(CredentialProblem.EmailInvalid);
		expect(checkSignIn({ email: 'siti@example.my', password: 'x' }).email).toBeUndefined();
	});

	it(`requires a new password of at least ${minPasswordLength} characters at sign-up`, () => {
		const short = 'a'.repeat(minPasswordLength - 1);
		expect(checkSignUp({ email: 'a@b.co', password: short, name: 'A' }).password).toBe(CredentialProblem.PasswordTooShort);
		expect(checkSignUp({ email: 'a@b.co', password: short + 'a', name: 'A' })).toEqual({});
	});

	it('only needs some password at sign-in, so older passwords still work', () => {
		expect(checkSignIn({ email: 'a@b.co', password: '' }).password).toBe(CredentialProblem.PasswordRequired);
		expect(checkSignIn({ email: 'a@b.co', password: 'short' })).toEqual({});
	});

	it('requires a name at sign-up', () => {
		expect(checkSignUp({ email: 'a@b.co', password: 'long enough!', name: '   ' }).name).toBe(CredentialProblem.NameRequired);
	});

	it('explains each problem in the chosen language', () => {
		expect(describeCredentialProblem(CredentialProblem.PasswordTooShort, Locale.Malay)).toBe(
			`Gunakan kata laluan sekurang-kurangnya ${minPasswordLength} aksara.`
		);
		expect(describeCredentialProblem(CredentialProblem.EmailInvalid, Locale.Korean)).toContain('이메일');
	});
});

describe('signing in and up against the relay', () => {
	it('posts the email and password as JSON to /api/login and returns the session', async () => {
		const relay = relayAnswering(200, validSession);
		const result = await signIn({ email: ' siti@example.my ', password: 'correct horse' }, relay.fetch);
		expect(result).toEqual({ ok: true, session: validSession });
		expect(relay.calls[0]?.url).toBe(authPaths.signIn);
		expect(relay.calls[0]?.init?.method).toBe('POST');
		expect(JSON.parse(String(relay.calls[0]?.init?.body))).toEqual({ email: 'siti@example.my', password: 'correct horse' });
	});

	it('posts the name too to /api/signup', async () => {
		const relay = relayAnswering(201, validSession);
		const result = await signUp({ email: 'siti@example.my', password: 'correct horse', name: ' Siti ' }, relay.fetch);
		expect(result.ok).toBe(true);
		expect(relay.calls[0]?.url).toBe(authPaths.signUp);
		expect(JSON.parse(String(relay.calls[0]?.init?.body))).toEqual({
			email: 'siti@example.my',
			password: 'correct horse',
			name: 'Siti'
		});
	});

	it.each([
		[401, undefined, { kind: AuthFailureKind.WrongCredentials }],
		[409, { error: 'exists' }, { kind: AuthFailureKind.EmailTaken }],
		[429, undefined, { kind: AuthFailureKind.RateLimited }],
		[400, { error: 'invalid-email' }, { kind: AuthFailureKind.Refused, reason: RejectReason.InvalidEmail }],
		[400, { error: 'nonsense' }, { kind: AuthFailureKind.Unexpected, status: 400 }],
		[500, undefined, { kind: AuthFailureKind.Unexpected, status: 500 }]
	])('turns status %i into a failure the UI can explain', async (status, body, failure) => {
		const result = await signIn({ email: 'a@b.co', password: 'pw' }, relayAnswering(status, body).fetch);
		expect(result).toEqual({ ok: false, failure });
	});

	it('reports an unreachable relay as a network failure', async () => {
		expect(await signIn({ email: 'a@b.co', password: 'pw' }, unreachableRelay)).toEqual({
			ok: false,
			failure: { kind: AuthFailureKind.Network }
		});
	});

	it('does not accept a success answer that is not a complete session', async () => {
		const result = await signIn({ email: 'a@b.co', password: 'pw' }, relayAnswering(200, { user: validSession.user }).fetch);
		expect(result).toEqual({ ok: false, failure: { kind: AuthFailureKind.Unexpected, status: 200 } });
	});

	it('signs out with the session token and refresh token, and does not throw offline', async () => {
		const relay = relayAnswering(204);
		await signOut(validSession, relay.fetch);
		expect(relay.calls[0]?.url).toBe(authPaths.signOut);
		expect(new Headers(relay.calls[0]?.init?.headers).get('authorization')).toBe('Bearer access-token');
		expect(JSON.parse(String(relay.calls[0]?.init?.body))).toEqual({ refreshToken: 'refresh-token' });
		await expect(signOut(validSession, unreachableRelay)).resolves.toBeUndefined();
	});
});

describe('auth failure messages', () => {
	it('gives each failure its own sentence in every locale', () => {
		for (const locale of [Locale.Korean, Locale.Malay, Locale.English]) {
			const sentences = [
				describeAuthFailure({ kind: AuthFailureKind.WrongCredentials }, locale),
				describeAuthFailure({ kind: AuthFailureKind.EmailTaken }, locale),
				describeAuthFailure({ kind: AuthFailureKind.RateLimited }, locale),
				describeAuthFailure({ kind: AuthFailureKind.Network }, locale),
				describeAuthFailure({ kind: AuthFailureKind.Refused, reason: RejectReason.InvalidName }, locale),
				describeAuthFailure({ kind: AuthFailureKind.Unexpected, status: 503 }, locale)
			];
			expect(new Set(sentences).size).toBe(sentences.length);
		}
	});

	it('explains a 400 with the reason code the relay sent', () => {
		expect(describeAuthFailure({ kind: AuthFailureKind.Refused, reason: RejectReason.InvalidEmail }, Locale.English)).toBe(
			'Enter a valid email address.'
		);
	});

	it('shows an unexpected status as a code, without digit grouping', () => {
		expect(describeAuthFailure({ kind: AuthFailureKind.Unexpected, status: 1503 }, Locale.English)).toContain('1503');
		expect(translate(Locale.English, 'auth.error.wrongCredentials')).toBe('The email address or password is incorrect.');
	});
});

describe('stored session', () => {
	it('round-trips through JSON', () => {
		expect(parseSession(JSON.parse(JSON.stringify(validSession)))).toEqual(validSession);
	});

	it('is rejected when any part is missing, so a damaged store means signed out', () => {
		expect(parseSession(null)).toBeNull();
		expect(parseSession({ ...validSession, token: '' })).toBeNull();
		expect(parseSession({ ...validSession, user: { id: 'u1', name: 'x' } })).toBeNull();
	});
});

describe('error pages', () => {
	it('shows 404 as not found, 401 and 403 as no access, anything else as an error', () => {
		expect(statusKindFor(404)).toBe(StatusKind.NotFound);
		expect(statusKindFor(403)).toBe(StatusKind.NoAccess);
		expect(statusKindFor(401)).toBe(StatusKind.NoAccess);
		expect(statusKindFor(500)).toBe(StatusKind.Error);
	});
});
