/** The languages the UI ships in (DESIGN §1): Korean and Malay first, English as the reference. */
export const Locale = {
	Korean: 'ko',
	Malay: 'ms',
	English: 'en'
} as const;

export type Locale = (typeof Locale)[keyof typeof Locale];

export const allLocales: readonly Locale[] = [Locale.Korean, Locale.Malay, Locale.English];

/** The catalog every other locale must match key for key. */
export const referenceLocale: Locale = Locale.English;

/** Each language named in itself: people scan a language menu for their own language's name. */
export const localeNames: Readonly<Record<Locale, string>> = {
	ko: '한국어',
	ms: 'Bahasa Melayu',
	en: 'English'
};

export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (allLocales as readonly string[]).includes(value);
}

/**
 * The first supported language in the user's preference order (`navigator.languages`),
 * matched on the primary subtag so that `ko-KR` and `ms-MY` count; English when none fits.
 */
export function pickLocale(preferred: readonly string[]): Locale {
	for (const tag of preferred) {
		const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
		if (isLocale(primary)) return primary;
	}
	return referenceLocale;
}
