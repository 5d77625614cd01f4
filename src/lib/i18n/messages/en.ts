import type { Catalog } from '../Catalog';

/**
 * English, the reference catalog: its keys and `{placeholders}` are the contract that
 * Korean and Malay must match (checked by TypeScript and by tests/i18n).
 * `as const` keeps each string's literal type so that `t` can check its params.
 */
export const enMessages = {
	'app.name': 'Business Center',
	'app.skipToContent': 'Skip to main content',
	'app.language': 'Language',

	'auth.signIn': 'Sign in',
	'auth.signUp': 'Sign up',
	'auth.signOut': 'Sign out',
	'auth.signInHeading': 'Sign in to Business Center',
	'auth.signUpHeading': 'Create your login',
	'auth.ownCredentials': 'Everyone signs in with their own email address and password, so no one needs to share a password.',
	'auth.email': 'Email address',
	'auth.password': 'Password',
	'auth.passwordRule': 'At least {min} characters.',
	'auth.name': 'Your name',
	'auth.nameHint': 'Shown to the people you work with.',
	'auth.signingIn': 'Signing in…',
	'auth.signingUp': 'Creating your login…',
	'auth.switchToSignUp': 'New here? Create a login',
	'auth.switchToSignIn': 'Already registered? Sign in',
	'auth.signedInAs': 'Signed in as {name}',
	'auth.signedInEmail': 'Email address: {email}',
	'auth.signingOut': 'Signing out…',
	'auth.signedOut': 'You have signed out.',
	'auth.error.emailInvalid': 'Enter an email address such as name@example.com.',
	'auth.error.passwordRequired': 'Enter your password.',
	'auth.error.passwordTooShort': 'Use a password of at least {min} characters.',
	'auth.error.nameRequired': 'Enter your name (up to {max} characters).',
	'auth.error.wrongCredentials': 'The email address or password is incorrect.',
	'auth.error.emailTaken': 'This email address is already registered. Sign in instead.',
	'auth.error.rateLimited': 'Too many attempts. Wait a moment and try again.',
	'auth.error.network': 'Cannot reach the server. Check your connection and try again.',
	'auth.error.unexpected': 'Something went wrong on the server (status {status}). Please try again.',

	'account.businessAccount': 'Business account',
	'account.create': 'Create business account',
	'account.settings': 'Account settings',
	'account.partnerBusinessAccount': 'Partner business account',

	'people.title': 'People',
	'people.users': 'Users',
	'people.addUser': 'Add user',
	'people.remove': 'Remove',
	'people.accessTypes': 'Access types',
	'people.defaultAccessNote': 'New users get Book Catalog access unless you choose other access types.',
	'people.revenueReportsNote': 'To view and download revenue reports, a user needs Payments Center or Admin access.',

	'assets.title': 'Assets',
	'assets.kind': 'Asset type',
	'assets.role': 'Role',
	'assets.admins': 'Asset admins',
	'partners.title': 'Partners',
	'requests.title': 'Asset affiliation requests',
	'requests.short': 'Requests',
	'notifications.title': 'Notifications',
	'activity.title': 'Activity',

	'refusal.missingAccessType.named': 'This needs the {accessType} access type.',
	'refusal.userNotRegistered.email': 'No one has registered with {email} yet. Ask them to sign up first.',
	'refusal.unknown': 'This change was refused.',

	'status.notFound.title': 'Page not found',
	'status.notFound.body': 'There is nothing at this address. Check the link, or go back to the start page.',
	'status.noAccess.title': 'You do not have access to this page',
	'status.noAccess.body': 'Your access types do not include this section. Ask an admin of the business account for access.',
	'status.error.title': 'Something went wrong',
	'status.error.body': 'The page could not be shown. Try again, or go back to the start page.',
	'status.backHome': 'Back to the start page'
} as const;

export const en: Catalog = {
	messages: enMessages,
	rejectReasons: {
		'not-signed-in': 'Sign in to continue.',
		'not-member': 'You are not a user of this business account.',
		'not-admin': 'Only users with Admin access can do this.',
		'missing-access-type': 'Your access types do not allow this.',
		'not-asset-master': 'Only a master of this asset can do this.',
		'relay-only': 'Only the server can make this change.',
		'last-admin':
			'The last user with Admin access cannot lose it or be removed. Give Admin access to someone else first.',
		'master-must-be-demoted': 'A master cannot be removed from the asset. Change their role to member first.',
		'last-master': 'The only master of an asset cannot become a member. Make someone else a master first.',
		'auto-pay-holder':
			"This admin's card is the ad account's auto-pay card, so they cannot be removed. Change the auto-pay card first.",
		'invalid-email': 'Enter a valid email address.',
		'invalid-name': 'Enter a name. It cannot be empty or too long.',
		'invalid-id': 'An identifier in this change is not valid.',
		'invalid-value': 'One of the values is not valid.',
		'invalid-isbn': 'Enter a valid ISBN-10 or ISBN-13.',
		'invalid-price': 'Enter a price of zero or more.',
		'unknown-access-type': 'That access type does not exist.',
		'no-access-types': 'Choose at least one access type.',
		'unknown-asset-kind': 'That asset type is not supported.',
		'unknown-role': 'That role does not exist. Choose master or member.',
		'too-long': 'This text is too long.',
		'user-not-registered': 'No one has registered with this email address yet. Ask them to sign up first.',
		'already-member': 'This person is already a user of the business account.',
		'unknown-member': 'This person is not a user of the business account, or was removed.',
		'unknown-account': 'This business account does not exist.',
		'unknown-asset': 'This asset does not exist or was removed.',
		'unknown-asset-admin': 'This person is not an admin of the asset.',
		'unknown-partner': 'This partner does not exist.',
		'unknown-share': 'This asset is not shared, or sharing has ended.',
		'unknown-request': 'This request does not exist.',
		'unknown-book': 'This book does not exist or was removed.',
		'unknown-payment-profile': 'This payment profile does not exist.',
		'already-exists': 'This already exists.',
		'not-partner': 'That business account is not a partner.',
		'partner-not-active': 'The partnership has not been accepted yet.',
		'partnership-pending': 'A partnership request is already waiting for an answer.',
		'cannot-partner-with-self': 'A business account cannot be its own partner.',
		'not-owned-by-account': 'This asset does not belong to this business account.',
		'already-shared': 'This asset is already shared with that partner.',
		'already-in-account': 'This asset already belongs to this business account.',
		'request-not-pending': 'This request has already been answered.',
		'not-shared-with-account': 'This asset is not shared with your business account.',
		'role-above-ceiling': 'This role is higher than the share allows.',
		'nothing-selected': 'Select at least one item.',
		'malformed-update': 'The server could not read this change.',
		'missing-dependency': 'This change depends on data the server does not have.',
		'unknown-path': 'This change refers to data that does not exist.',
		'forbidden-key': 'This change writes a field that may not be written.',
		'stale-write': 'Someone else changed this in the meantime. Check the latest version and try again.',
		'foreign-client-id': "This change was sent under another user's session and was refused.",
		'room-not-found': 'The server has no such data.',
		'too-large': 'This change is too large.',
		'rate-limited': 'Too many requests. Wait a moment and try again.'
	},
	accessTypes: {
		admin: {
			name: 'Admin',
			description: 'Includes every other access type, plus viewing and editing account settings such as managing users.'
		},
		catalog: { name: 'Book Catalog', description: 'Add and edit books.' },
		analytics: {
			name: 'Analytics and Reports',
			description: 'Open the Analytics tab and download previews and sales reports.'
		},
		payments: {
			name: 'Payments Center',
			description: 'Manage sales territories and payment profiles (including bank details) and see revenue reports.'
		}
	},
	assetKinds: {
		'kakaotalk-channel': 'KakaoTalk channel',
		'ad-account': 'Ad account',
		'pixel-sdk': 'Pixel & SDK',
		'book-catalog': 'Book catalog'
	},
	assetRoles: {
		master: {
			name: 'Master',
			description: "Manages the asset's admins and accepts affiliation requests. Must become a member before being removed."
		},
		member: { name: 'Member', description: 'Works on the asset. A master can remove them.' }
	}
};
