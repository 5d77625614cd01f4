import { assertNever } from '$lib/domain/Result';
import type { Locale } from '$lib/i18n/Locale';
import { describeRefusal, translate } from '$lib/i18n/translate';
import { type AuthFailure, AuthFailureKind } from './authClient';
import { CredentialProblem, maxNameLength, minPasswordLength } from './credentials';

/** The sentence for a failed sign-in or sign-up, in `locale`. */
export function describeAuthFailure(failure: AuthFailure, locale: Locale): string {
	switch (failure.kind) {
		case AuthFailureKind.Refused:
			return describeRefusal({ reason: failure.reason }, locale);
		case AuthFailureKind.WrongCredentials:
			return translate(locale, 'auth.error.wrongCredentials');
		case AuthFailureKind.EmailTaken:
			return translate(locale, 'auth.error.emailTaken');
		case AuthFailureKind.RateLimited:
			return translate(locale, 'auth.error.rateLimited');
		case AuthFailureKind.Network:
			return translate(locale, 'auth.error.network');
		case AuthFailureKind.Unexpected:
			// A status is a code, not a quantity: no digit grouping.
			return translate(locale, 'auth.error.unexpected', { status: String(failure.status) });
		default:
			return assertNever(failure, 'auth failure');
	}
}

/** The hint under a form field that did not pass the client-side check. */
export function describeCredentialProblem(problem: CredentialProblem, locale: Locale): string {
	switch (problem) {
		case CredentialProblem.EmailInvalid:
			return translate(locale, 'auth.error.emailInvalid');
		case CredentialProblem.PasswordRequired:
			return translate(locale, 'auth.error.passwordRequired');
		case CredentialProblem.PasswordTooShort:
			return translate(locale, 'auth.error.passwordTooShort', { min: minPasswordLength });
		case CredentialProblem.NameRequired:
			return translate(locale, 'auth.error.nameRequired', { max: maxNameLength });
		default:
			return assertNever(problem, 'credential problem');
	}
}
