import { describe, expect, it } from 'vitest';
import { currencyFractionDigits, formatDate, formatMoney, formatNumber } from '$lib/i18n/format';
import { Locale, pickLocale } from '$lib/i18n/Locale';

// Intl separates symbol and amount with a no-break space in some locales; compare words, not spacing.
const plain = (text: string): string => text.replace(/[\u00a0\u202f]/g, ' ');

describe('formatMoney', () => {
	it('shows won without decimals: KRW has no minor unit', () => {
		expect(currencyFractionDigits('KRW')).toBe(0);
		expect(plain(formatMoney(12_345, 'KRW', Locale.Korean))).toBe('₩12,345');
		expect(formatMoney(12_345, 'KRW', Locale.English)).not.toMatch(/\./);
	});

	it('shows ringgit with two decimals from sen', () => {
		expect(currencyFractionDigits('MYR')).toBe(2);
		expect(plain(formatMoney(12_345, 'MYR', Locale.Malay))).toBe('RM 123.45');
		expect(plain(formatMoney(5, 'MYR', Locale.Malay))).toBe('RM 0.05');
		expect(plain(formatMoney(100_000, 'MYR', Locale.English))).toBe('MYR 1,000.00');
	});
});

describe('formatNumber', () => {
	it('groups thousands for each locale', () => {
		expect(formatNumber(1_234_567, Locale.English)).toBe('1,234,567');
		expect(formatNumber(1_234_567, Locale.Korean)).toBe('1,234,567');
		expect(formatNumber(1_234_567.5, Locale.Malay)).toBe('1,234,567.5');
	});
});

describe('formatDate', () => {
	const moment = Date.UTC(2025, 2, 14, 9, 30); // 14 March 2025, 09:30 UTC
	const inKualaLumpur = { timeZone: 'Asia/Kuala_Lumpur' } as const;

	it('writes dates the way each locale does', () => {
		expect(formatDate(moment, Locale.Korean, inKualaLumpur)).toBe('2025. 3. 14.');
		expect(formatDate(moment, Locale.Malay, inKualaLumpur)).toBe('14 Mac 2025');
		expect(formatDate(moment, Locale.English, inKualaLumpur)).toBe('Mar 14, 2025');
	});

	it('adds the time of day in the given time zone when asked', () => {
		const korean = plain(formatDate(moment, Locale.Korean, { withTime: true, timeZone: 'Asia/Seoul' }));
		expect(korean).toContain('2025. 3. 14.');
		expect(korean).toContain('6:30');
		expect(plain(formatDate(moment, Locale.Malay, { withTime: true, ...inKualaLumpur }))).toContain('5:30');
	});
});

describe('pickLocale', () => {
	it('takes the first supported language from the browser preference order', () => {
		expect(pickLocale(['ko-KR', 'en-US'])).toBe(Locale.Korean);
		expect(pickLocale(['fr-FR', 'ms-MY', 'ko'])).toBe(Locale.Malay);
		expect(pickLocale(['en-GB'])).toBe(Locale.English);
	});

	it('falls back to English when none is supported', () => {
		expect(pickLocale(['fr', 'de'])).toBe(Locale.English);
		expect(pickLocale([])).toBe(Locale.English);
	});
});
