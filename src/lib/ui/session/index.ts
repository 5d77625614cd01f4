export { type Session, parseSession } from './Session';
export {
	AuthFailureKind,
	type AuthFailure,
	type AuthResult,
	authPaths,
	signIn,
	signUp,
	signOut
} from './authClient';
export {
	CredentialProblem,
	type CredentialField,
	type CredentialProblems,
	type SignInInput,
	type SignUpInput,
	checkSignIn,
	checkSignUp,
	hasProblems,
	minPasswordLength
} from './credentials';
export { describeAuthFailure, describeCredentialProblem } from './authMessages';
