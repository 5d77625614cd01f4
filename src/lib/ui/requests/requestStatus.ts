import type { RequestStatus } from '$lib/domain';
import type { PlainMessageKey } from '$lib/i18n';

export const requestStatusKey: Readonly<Record<RequestStatus, PlainMessageKey>> = {
	pending: 'requests.status.pending',
	accepted: 'requests.status.accepted',
	declined: 'requests.status.declined'
};
