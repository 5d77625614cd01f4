import type { PlainMessageKey } from '$lib/i18n/Catalog';

/** The pages shown instead of content: nothing here, not allowed here, or broken. */
export const StatusKind = {
	NotFound: 'not-found',
	NoAccess: 'no-access',
	Error: 'error'
} as const;

export type StatusKind = (typeof StatusKind)[keyof typeof StatusKind];

export function statusKindFor(httpStatus: number): StatusKind {
	if (httpStatus === 404) return StatusKind.NotFound;
	if (httpStatus === 401 || httpStatus === 403) return StatusKind.NoAccess;
	return StatusKind.Error;
}

export const statusTexts: Readonly<Record<StatusKind, { readonly title: PlainMessageKey; readonly body: PlainMessageKey }>> = {
	'not-found': { title: 'status.notFound.title', body: 'status.notFound.body' },
	'no-access': { title: 'status.noAccess.title', body: 'status.noAccess.body' },
	error: { title: 'status.error.title', body: 'status.error.body' }
};
