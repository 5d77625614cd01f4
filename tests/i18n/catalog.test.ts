import { describe, expect, it } from 'vitest';
import { allAccessTypes } from '$lib/domain/AccessType';
import { allAssetKinds, allAssetRoles } from '$lib/domain/entities';
import { RejectReason, allRejectReasons } from '$lib/domain/RejectReason';
import type { Catalog } from '$lib/i18n/Catalog';
import { Locale, allLocales, referenceLocale } from '$lib/i18n/Locale';
import { catalogs, describeRefusal, interpolate, translate } from '$lib/i18n/translate';

/** Every string of a catalog, by a path such as `messages.auth.signIn` or `accessTypes.admin.name`. */
function flatten(value: unknown, path = ''): Map<string, unknown> {
	const entries = new Map<string, unknown>();
	if (typeof value === 'object' && value !== null) {
		for (const [key, child] of Object.entries(value)) {
			for (const [childPath, leaf] of flatten(child, path === '' ? key : `${path}/${key}`)) entries.set(childPath, leaf);
		}
	} else {
		entries.set(path, value);
	}
	return entries;
}

function placeholders(text: string): string[] {
	return [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '').sort();
}

const reference = flatten(catalogs[referenceLocale]);
const otherLocales = allLocales.filter((locale) => locale !== referenceLocale);

describe('message catalogs', () => {
	it('ships Korean, Malay and English', () => {
		expect(Object.keys(catalogs).sort()).toEqual(['en', 'ko', 'ms']);
	});

	it.each(otherLocales)('%s has exactly the keys of the English reference', (locale) => {
		expect([...flatten(catalogs[locale]).keys()].sort()).toEqual([...reference.keys()].sort());
	});

	it.each(allLocales)('every %s string is non-empty text', (locale) => {
		for (const [path, text] of flatten(catalogs[locale])) {
			expect(typeof text, path).toBe('string');
			expect((text as string).trim(), path).not.toBe('');
		}
	});

	it.each(otherLocales)('%s uses the same {placeholders} as English in every string', (locale) => {
		for (const [path, text] of flatten(catalogs[locale])) {
			expect(placeholders(text as string), path).toEqual(placeholders(reference.get(path) as string));
		}
	});

	it('Korean and Malay are translated, not copies of the English', () => {
		// Brand names and loanwords (ISBN, OK, Status, Master, Edit in Malay) may stay the same;
		// fewer than 3 % of the strings may, so an untranslated block still fails.
		for (const locale of otherLocales) {
			const catalog = flatten(catalogs[locale]);
			const same = [...catalog].filter(([path, text]) => reference.get(path) === text);
			expect(same.length, `${locale}: ${same.map(([path]) => path).join(', ')}`).toBeLessThan(catalog.size * 0.03);
		}
	});

	it('every reject reason has a Korean, Malay and English sentence', () => {
		for (const locale of allLocales) {
			const reasons: Catalog['rejectReasons'] = catalogs[locale].rejectReasons;
			expect(Object.keys(reasons).sort()).toEqual([...allRejectReasons].sort());
			for (const reason of allRejectReasons) {
				expect(reasons[reason], `${locale} ${reason}`).toMatch(/\S/);
				expect(placeholders(reasons[reason]), `${locale} ${reason} cannot rely on optional detail`).toEqual([]);
			}
		}
	});

	it('every access type, asset kind and asset role has a name in every locale, and access types a description', () => {
		for (const locale of allLocales) {
			const catalog = catalogs[locale];
			for (const type of allAccessTypes) {
				expect(catalog.accessTypes[type].name, `${locale} ${type}`).toMatch(/\S/);
				expect(catalog.accessTypes[type].description, `${locale} ${type}`).toMatch(/\S/);
			}
			for (const kind of allAssetKinds) expect(catalog.assetKinds[kind], `${locale} ${kind}`).toMatch(/\S/);
			for (const role of allAssetRoles) expect(catalog.assetRoles[role].name, `${locale} ${role}`).toMatch(/\S/);
		}
	});

	it('uses the source pages’ terms for access types', () => {
		expect(Object.values(catalogs.ms.accessTypes).map((type) => type.name)).toEqual([
			'Akses Pentadbiran',
			'Katalog Buku',
			'Analitis dan Laporan',
			'Pusat Pembayaran'
		]);
		expect(catalogs.ko.assetRoles.master.name).toBe('마스터');
		expect(catalogs.ko.assetRoles.member.name).toBe('멤버');
		expect(translate(Locale.Malay, 'people.addUser')).toBe('Tambah Pengguna');
		expect(translate(Locale.Korean, 'people.title')).toBe('사람과 권한');
	});
});

describe('translate', () => {
	it('fills {placeholders} with the given params', () => {
		expect(translate(Locale.English, 'auth.signedInAs', { name: 'Siti' })).toBe('Signed in as Siti');
		expect(translate(Locale.Korean, 'auth.signedInAs', { name: '김민수' })).toBe('김민수님으로 로그인했습니다');
		expect(translate(Locale.Malay, 'auth.signedInAs', { name: 'Siti' })).toBe('Log masuk sebagai Siti');
	});

	it('groups the digits of number params the way the locale writes them', () => {
		expect(interpolate('{count}', { count: 10000 }, Locale.English)).toBe('10,000');
		expect(interpolate('{count}', { count: 10000 }, Locale.Korean)).toBe('10,000');
	});

	it('leaves a placeholder visible when its param is missing, rather than dropping text', () => {
		expect(interpolate('Hello {name}', {}, Locale.English)).toBe('Hello {name}');
	});
});

describe('describeRefusal', () => {
	it('gives the sentence for the reason in the requested locale', () => {
		expect(describeRefusal({ reason: RejectReason.LastAdmin }, Locale.English)).toMatch(/last user with Admin access/);
		expect(describeRefusal({ reason: RejectReason.MasterMustBeDemoted }, Locale.Korean)).toMatch(/멤버/);
		expect(describeRefusal({ reason: RejectReason.NotAdmin }, Locale.Malay)).toMatch(/Akses Pentadbiran/);
	});

	it('names the missing access type when the refusal says which one', () => {
		const refusal = { reason: RejectReason.MissingAccessType, detail: { type: 'payments' } };
		expect(describeRefusal(refusal, Locale.English)).toBe('This needs the Payments Center access type.');
		expect(describeRefusal(refusal, Locale.Malay)).toBe('Tindakan ini memerlukan jenis akses Pusat Pembayaran.');
		expect(describeRefusal(refusal, Locale.Korean)).toBe('결제 센터 권한이 필요합니다.');
	});

	it('names the unregistered email, but only when the detail is an email address', () => {
		const withEmail = { reason: RejectReason.UserNotRegistered, detail: { email: 'aminah@example.my' } };
		expect(describeRefusal(withEmail, Locale.English)).toContain('aminah@example.my');
		const withId = { reason: RejectReason.UserNotRegistered, detail: { userId: 'u1' } };
		expect(describeRefusal(withId, Locale.English)).toBe(catalogs.en.rejectReasons['user-not-registered']);
	});

	it('ignores detail it does not use instead of pasting machine data into the sentence', () => {
		const refusal = { reason: RejectReason.InvalidValue, detail: { field: 'createdBy' } };
		expect(describeRefusal(refusal, Locale.English)).toBe('One of the values is not valid.');
	});

	it('falls back to a general sentence for a code this client does not know yet', () => {
		const fromNewerRelay = { reason: 'some-future-code' as RejectReason };
		expect(describeRefusal(fromNewerRelay, Locale.Malay)).toBe('Perubahan ini ditolak.');
	});
});
