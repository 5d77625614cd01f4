import type { MessageKey, MessageParams } from './Catalog';
import { type Locale, isLocale, pickLocale, referenceLocale } from './Locale';
import * as format from './format';
import { describeRefusal as describeRefusalIn, interpolate, translate, type RefusalLike } from './translate';

const storageKey = 'business-center.locale';

function storedLocale(): Locale | null {
	try {
		const value = globalThis.localStorage?.getItem(storageKey);
		return isLocale(value) ? value : null;
	} catch {
		return null; // storage can be disabled (privacy settings); the browser's languages still apply
	}
}

function initialLocale(): Locale {
	const languages = globalThis.navigator?.languages ?? [];
	return storedLocale() ?? (languages.length > 0 ? pickLocale(languages) : referenceLocale);
}

/**
 * The language the UI is shown in: the user's last choice, else their browser's
 * preference. Reading `locale.current` in a component re-renders it on change.
 */
class LocaleState {
	#current = $state<Locale>(initialLocale());

	get current(): Locale {
		return this.#current;
	}

	/** An explicit choice is remembered; the browser's preference is only a default. */
	set(next: Locale): void {
		this.#current = next;
		try {
			globalThis.localStorage?.setItem(storageKey, next);
		} catch {
			// Not remembered across visits, but the choice still applies now.
		}
	}
}

export const locale = new LocaleState();

/** The message `key` in the active locale, with its `{placeholders}` filled from `params`. */
export function t<Key extends MessageKey>(key: Key, ...params: MessageParams<Key>): string {
	return translate(locale.current, key, ...params);
}

export function formatDate(value: Date | number, options?: format.DateFormatOptions): string {
	return format.formatDate(value, locale.current, options);
}

export function formatNumber(value: number): string {
	return format.formatNumber(value, locale.current);
}

/** `minor` in the currency's minor unit (won, sen). */
export function formatMoney(minor: number, currency: string): string {
	return format.formatMoney(minor, currency, locale.current);
}

/** The refusal's sentence, in the active locale unless another is given. */
export function describeRefusal(refusal: RefusalLike, inLocale: Locale = locale.current): string {
	return describeRefusalIn(refusal, inLocale);
}

/** Fills `{placeholders}` of a catalog sentence that is not a message key (notification kinds). */
export function interpolateMessage(text: string, params: Readonly<Record<string, string | number>>): string {
	return interpolate(text, params, locale.current);
}
