import { isAccessType } from '$lib/domain/AccessType';
import type { RejectReason } from '$lib/domain/RejectReason';
import { RejectReason as Reason } from '$lib/domain/RejectReason';
import { isEmail } from '$lib/domain/validation';
import type { Catalog, MessageKey, MessageParams, MessageParamValue } from './Catalog';
import type { Locale } from './Locale';
import { formatNumber } from './format';
import { en } from './messages/en';
import { ko } from './messages/ko';
import { ms } from './messages/ms';

export const catalogs: Readonly<Record<Locale, Catalog>> = { ko, ms, en };

const placeholder = /\{(\w+)\}/g;

/** Replaces `{name}` with its param; numbers get the locale's digit grouping. */
export function interpolate(
	text: string,
	params: Readonly<Record<string, MessageParamValue>>,
	locale: Locale
): string {
	return text.replace(placeholder, (whole, name: string) => {
		const value = params[name];
		if (value === undefined) return whole; // a visible `{name}` is easier to spot than a silent gap
		return typeof value === 'number' ? formatNumber(value, locale) : value;
	});
}

/** The message `key` in `locale`; the UI uses `t`, which supplies the active locale. */
export function translate<Key extends MessageKey>(locale: Locale, key: Key, ...params: MessageParams<Key>): string {
	const text = catalogs[locale].messages[key];
	const [values] = params;
	return values === undefined ? text : interpolate(text, values, locale);
}

/** What the domain and the relay refuse with: `Refusal` from `$lib/domain/Result`, or a `rejected` message. */
export interface RefusalLike {
	readonly reason: RejectReason;
	readonly detail?: Readonly<Record<string, string | number>>;
}

/**
 * The sentence to show for a refusal. A detail that the sentence can use makes it more
 * precise (which access type is missing, which email is not registered); any other detail
 * is machine data and stays out of the text.
 */
export function describeRefusal(refusal: RefusalLike, locale: Locale): string {
	const catalog = catalogs[locale];
	const detail = refusal.detail ?? {};
	if (refusal.reason === Reason.MissingAccessType && isAccessType(detail.type)) {
		return translate(locale, 'refusal.missingAccessType.named', {
			accessType: catalog.accessTypes[detail.type].name
		});
	}
	if (refusal.reason === Reason.UserNotRegistered && isEmail(detail.email)) {
		return translate(locale, 'refusal.userNotRegistered.email', { email: detail.email });
	}
	// A relay newer than this client may send a code it does not know yet.
	const sentence: string | undefined = catalog.rejectReasons[refusal.reason];
	return sentence ?? translate(locale, 'refusal.unknown');
}
