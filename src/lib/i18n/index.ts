/**
 * Translations for the UI. Components import from here: `t`, `locale` and the format
 * helpers follow the active locale. Plain-TypeScript callers (and tests, which run without
 * the Svelte compiler) import `./translate` and `./format`, which take the locale explicitly.
 */
export { locale, t, formatDate, formatNumber, formatMoney, describeRefusal, interpolateMessage } from './locale.svelte';
export { translate, catalogs, type RefusalLike } from './translate';
export { Locale, allLocales, localeNames, isLocale, pickLocale, referenceLocale } from './Locale';
export type { Catalog, MessageKey, MessageParams, NamedAndDescribed, PlainMessageKey } from './Catalog';
export { currencyFractionDigits, type DateFormatOptions } from './format';
