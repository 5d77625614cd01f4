import type { Locale } from './Locale';

/**
 * Intl formatting for an explicit locale. Formatters are cached: building one is far
 * costlier than using it, and lists render thousands of rows (DESIGN §6).
 */

const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function numberFormat(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
	const key = `${locale}|${JSON.stringify(options)}`;
	let format = numberFormats.get(key);
	if (format === undefined) {
		format = new Intl.NumberFormat(locale, options);
		numberFormats.set(key, format);
	}
	return format;
}

export function formatNumber(value: number, locale: Locale): string {
	return numberFormat(locale, {}).format(value);
}

/** Digits after the decimal point that a currency's minor unit stands for: KRW 0, MYR 2. */
export function currencyFractionDigits(currency: string): number {
	return numberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * Money is stored in minor units (sen, won) so that sums stay exact integers;
 * only display divides, by the currency's own number of fraction digits.
 */
export function formatMoney(minor: number, currency: string, locale: Locale): string {
	const digits = currencyFractionDigits(currency);
	return numberFormat(locale, { style: 'currency', currency }).format(minor / 10 ** digits);
}

export interface DateFormatOptions {
	/** Add the time of day (for activity entries and notifications). */
	readonly withTime?: boolean;
	/** IANA zone; the browser's own zone when absent. Tests pin it to stay deterministic. */
	readonly timeZone?: string;
}

export function formatDate(value: Date | number, locale: Locale, options: DateFormatOptions = {}): string {
	const intlOptions: Intl.DateTimeFormatOptions = options.withTime
		? { dateStyle: 'medium', timeStyle: 'short', timeZone: options.timeZone }
		: { dateStyle: 'medium', timeZone: options.timeZone };
	const key = `${locale}|${JSON.stringify(intlOptions)}`;
	let format = dateFormats.get(key);
	if (format === undefined) {
		format = new Intl.DateTimeFormat(locale, intlOptions);
		dateFormats.set(key, format);
	}
	return format.format(value);
}
