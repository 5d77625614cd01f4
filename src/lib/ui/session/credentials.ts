import { isEmail, isName, maxNameLength, minPasswordLength } from '$lib/domain/validation';

// The relay refuses shorter passwords at sign-up; checking here too saves a round trip.
export { maxNameLength, minPasswordLength };

export const CredentialProblem = {
	EmailInvalid: 'email-invalid',
	PasswordRequired: 'password-required',
	PasswordTooShort: 'password-too-short',
	NameRequired: 'name-required'
} as const;

export type CredentialProblem = (typeof CredentialProblem)[keyof typeof CredentialProblem];

export interface SignInInput {
	readonly email: string;
	readonly password: string;
}

export interface SignUpInput extends SignInInput {
	readonly name: string;
}

export type CredentialField = keyof SignUpInput;

export type CredentialProblems = Partial<Record<CredentialField, CredentialProblem>>;

/**
 * Sign-in checks only that a password was typed: the length rule belongs to creating a
 * password, and enforcing it here would lock out anyone whose password predates a change of rule.
 */
export function checkSignIn(input: SignInInput): CredentialProblems {
	const problems: CredentialProblems = {};
	if (!isEmail(input.email)) problems.email = CredentialProblem.EmailInvalid;
	if (input.password.length === 0) problems.password = CredentialProblem.PasswordRequired;
	return problems;
}

export function checkSignUp(input: SignUpInput): CredentialProblems {
	const problems: CredentialProblems = {};
	if (!isName(input.name)) problems.name = CredentialProblem.NameRequired;
	if (!isEmail(input.email)) problems.email = CredentialProblem.EmailInvalid;
	if (input.password.length === 0) problems.password = CredentialProblem.PasswordRequired;
	else if (input.password.length < minPasswordLength) problems.password = CredentialProblem.PasswordTooShort;
	return problems;
}

export function hasProblems(problems: CredentialProblems): boolean {
	return Object.keys(problems).length > 0;
}
