/**
 * People (Account settings > Users) in real Chromium against the real relay: the Malay
 * page's steps as written, R2 (registered users only), R4 (admin includes every type),
 * R5 (the last admin), R12 (a section the user may not read never reaches the browser),
 * with axe checks and the People screenshots in docs/screenshots/.
 */
import { describe, expect, it } from 'vitest';
import { type Locale, allLocales } from '$lib/i18n/Locale';
import { type TestUser, newUser, registerUser, screenshot, text } from './harness';
import {
	accessTypeName,
	accountNavLink,
	addUser,
	allStoredText,
	createAccount,
	expectAccessible,
	peopleRow,
	pressWithKeyboard,
	refusalText,
	settled,
	signedIn,
	storedRooms,
	useE2eSuite
} from './appHelpers';

const suite = useE2eSuite();
const { tabs } = suite;

describe('Tetapan Akaun > Pengguna, as the Malay help page describes it', () => {
	it('an admin adds a registered user by email with Tambah Pengguna and OK, sees them in the list with Katalog Buku, then removes them with Alih Keluar (R1, R2)', async () => {
		const ms: Locale = 'ms';
		const { page } = await signedIn(suite.e2e, 'Siti', ms, tabs);
		await createAccount(page, ms, 'Kedai Buku Siti');
		const farid = newUser('Farid');
		await registerUser(suite.e2e, farid);

		// 2. Pergi ke Tetapan Akaun.  3. Klik Pengguna.
		await accountNavLink(page, ms, text(ms, 'account.settings')).click();
		await page.getByRole('heading', { level: 1, name: text(ms, 'account.settings') }).waitFor();
		await accountNavLink(page, ms, text(ms, 'people.users')).click();
		await page.getByRole('heading', { level: 1, name: text(ms, 'people.users') }).waitFor();
		await expectAccessible(page, 'Pengguna');
		// 4. Klik butang Tambah Pengguna.  5. Masukkan alamat e-mel.  6. Klik OK.
		await page.getByRole('button', { name: text(ms, 'people.addUser'), exact: true }).click();
		await page.getByLabel(text(ms, 'people.addEmail'), { exact: true }).fill(farid.email);
		await expectAccessible(page, 'Tambah Pengguna');
		await page.getByRole('button', { name: text(ms, 'common.ok'), exact: true }).click();

		// The email address is now in the list of users, with Book Catalog access by default (R2).
		const row = peopleRow(page, farid.email);
		await row.waitFor();
		await expect(row.getByRole('checkbox', { name: accessTypeName(ms, 'catalog') }).isChecked()).resolves.toBe(true);
		await expect(row.getByRole('checkbox', { name: accessTypeName(ms, 'admin') }).isChecked()).resolves.toBe(false);
		await expect(page.getByRole('status').filter({ hasText: text(ms, 'people.addedMessage', { email: farid.email }) }).count()).resolves.toBe(1);

		// Alih keluar pengguna: Klik Alih Keluar di sebelah alamat e-mel pengguna.
		await row.getByRole('button', { name: text(ms, 'people.remove'), exact: true }).click();
		await row.waitFor({ state: 'detached' });
		await settled(page);
		await expect(peopleRow(page, farid.email).count()).resolves.toBe(0);
	});

	it('an email nobody registered with is refused with a sentence naming it, and no one is added (R2)', async () => {
		const ms: Locale = 'ms';
		const { page } = await signedIn(suite.e2e, 'Aminah', ms, tabs);
		const accountId = await createAccount(page, ms, 'Kedai Aminah');
		const nobody = newUser('Nobody');
		await page.goto(`/a/${accountId}/settings/users`);
		await page.getByRole('button', { name: text(ms, 'people.addUser'), exact: true }).click();
		await page.getByLabel(text(ms, 'people.addEmail'), { exact: true }).fill(nobody.email);
		await page.getByRole('button', { name: text(ms, 'common.ok'), exact: true }).click();

		const alert = page.getByRole('alert').filter({ hasText: /\S/ });
		await expect(alert.textContent()).resolves.toBe(text(ms, 'refusal.userNotRegistered.email', { email: nobody.email }));
		await expect(peopleRow(page, nobody.email).count()).resolves.toBe(0);
		await expectAccessible(page, 'refused add');
	});

	it('admin access checks every other type and says why in place; the last admin cannot be removed or lose admin, and the Remove button says so (R4, R5)', async () => {
		const en: Locale = 'en';
		const { page, user } = await signedIn(suite.e2e, 'Owner', en, tabs);
		const accountId = await createAccount(page, en, 'Solo Books');
		await page.goto(`/a/${accountId}/settings/users`);
		const mine = peopleRow(page, user.email);
		await mine.waitFor();

		// R4: admin implies every other type, explained in place.
		await expect(mine.getByRole('checkbox', { name: accessTypeName(en, 'payments') }).isChecked()).resolves.toBe(true);
		await expect(mine.getByRole('checkbox', { name: accessTypeName(en, 'payments') }).isDisabled()).resolves.toBe(true);
		await expect(mine.getByText(text(en, 'people.adminImplies')).isVisible()).resolves.toBe(true);

		// R5: the only admin's Remove button is disabled and says why.
		const remove = mine.getByRole('button', { name: text(en, 'people.remove'), exact: true });
		await expect(remove.getAttribute('aria-disabled')).resolves.toBe('true');
		await expect(mine.getByText(refusalText(en, 'last-admin')).isVisible()).resolves.toBe(true);
		await pressWithKeyboard(remove);
		await expect(peopleRow(page, user.email).count()).resolves.toBe(1);

		// R5: unticking admin offers a save that the domain refuses, with the same reason.
		await mine.getByRole('checkbox', { name: accessTypeName(en, 'admin') }).uncheck();
		const save = mine.getByRole('button', { name: text(en, 'people.saveTypes'), exact: true });
		await expect(save.getAttribute('aria-disabled')).resolves.toBe('true');
		await expectAccessible(page, 'last admin');
	});

	it('search by the start of an email or a name finds the member through the database query', async () => {
		const en: Locale = 'en';
		const { page } = await signedIn(suite.e2e, 'Searcher', en, tabs);
		const accountId = await createAccount(page, en, 'Search Books');
		const wanted = newUser('Zainab');
		await registerUser(suite.e2e, wanted);
		await addUser(page, en, accountId, wanted.email);

		const search = page.getByRole('searchbox', { name: text(en, 'people.search') });
		await search.fill('zain');
		await peopleRow(page, wanted.email).waitFor();
		await expect(page.getByRole('row').count()).resolves.toBe(2); // header + Zainab
		await search.fill(wanted.name.slice(0, 4).toUpperCase());
		await peopleRow(page, wanted.email).waitFor();
		await search.fill('nobody-starts-like-this');
		await page.getByText(text(en, 'people.noMatch')).waitFor();
	});
});

describe('sections by access type (R12)', () => {
	it('a user with only Book Catalog opens the payments URL directly: "no access", and no payment data was ever stored in their browser; settings are read-only and say why (R1, R12)', async () => {
		const en: Locale = 'en';
		const admin = await signedIn(suite.e2e, 'Payer', en, tabs);
		const accountId = await createAccount(admin.page, en, 'Payment Books');
		const secretNumber = `9${Date.now()}`.slice(0, 14);
		await admin.page.goto(`/a/${accountId}/payments`);
		await admin.page.getByLabel(text(en, 'payments.profileName'), { exact: true }).fill('Main account');
		await admin.page.getByLabel(text(en, 'payments.bankName'), { exact: true }).fill('Maybank');
		await admin.page.getByLabel(text(en, 'payments.accountHolder'), { exact: true }).fill('Payment Books Sdn Bhd');
		await admin.page.getByLabel(text(en, 'payments.accountNumber'), { exact: true }).fill(secretNumber);
		await admin.page.getByRole('button', { name: text(en, 'payments.addProfile'), exact: true }).click();
		await admin.page.getByRole('cell', { name: secretNumber }).waitFor();
		await expectAccessible(admin.page, 'payments');
		// A payment profile can be edited and removed in place.
		await admin.page.getByRole('button', { name: text(en, 'payments.editProfileNamed', { name: 'Main account' }), exact: true }).click();
		await admin.page.getByLabel(text(en, 'payments.bankName'), { exact: true }).fill('CIMB Bank');
		await admin.page.getByRole('button', { name: text(en, 'payments.saveProfile'), exact: true }).click();
		await admin.page.getByRole('cell', { name: 'CIMB Bank', exact: true }).waitFor();
		await admin.page.getByLabel(text(en, 'payments.profileName'), { exact: true }).fill('Old account');
		await admin.page.getByLabel(text(en, 'payments.bankName'), { exact: true }).fill('Maybank');
		await admin.page.getByLabel(text(en, 'payments.accountHolder'), { exact: true }).fill('Payment Books Sdn Bhd');
		await admin.page.getByLabel(text(en, 'payments.accountNumber'), { exact: true }).fill('1234 5678');
		await admin.page.getByRole('button', { name: text(en, 'payments.addProfile'), exact: true }).click();
		await admin.page.getByRole('rowheader', { name: 'Old account', exact: true }).waitFor();
		await admin.page.getByRole('button', { name: text(en, 'payments.removeProfileNamed', { name: 'Old account' }), exact: true }).click();
		await admin.page.getByRole('status').filter({ hasText: text(en, 'payments.profileRemoved') }).waitFor();
		await expect(admin.page.getByRole('rowheader', { name: 'Old account', exact: true }).count()).resolves.toBe(0);
		const cataloguer: TestUser = newUser('Cataloguer');
		await registerUser(suite.e2e, cataloguer);
		await addUser(admin.page, en, accountId, cataloguer.email);
		await settled(admin.page);

		const { page } = await signedIn(suite.e2e, 'Cataloguer', en, tabs, cataloguer);
		await page.goto(`/a/${accountId}/payments`);
		await page.getByRole('heading', { level: 1, name: text(en, 'status.noAccess.title') }).waitFor();
		await page.getByText(text(en, 'noAccess.needs', { types: accessTypeName(en, 'payments') })).waitFor();
		await expectAccessible(page, 'no access');
		// The payments section is not offered in the menu either.
		await expect(page.getByRole('link', { name: accessTypeName(en, 'payments'), exact: true }).count()).resolves.toBe(0);
		await settled(page);

		const rooms = await storedRooms(page);
		expect(rooms).toContain(`account/${accountId}`);
		expect(rooms).toContain(`account/${accountId}/catalog`);
		expect(rooms.filter((room) => room.endsWith('/payments') || room.endsWith('/activity'))).toEqual([]);
		const stored = await allStoredText(page);
		expect(stored).not.toContain(secretNumber);
		expect(stored).not.toContain('Maybank');
		expect(stored).not.toContain('CIMB Bank');

		// Account settings: visible to every user, changeable by admins only, and it says so (R1).
		await page.goto(`/a/${accountId}/settings`);
		await page.getByText(text(en, 'account.readOnly')).waitFor();
		await expect(page.getByLabel(text(en, 'account.name'), { exact: true }).getAttribute('readonly')).resolves.not.toBeNull();
		await expect(page.getByRole('button', { name: text(en, 'common.save'), exact: true }).getAttribute('aria-disabled')).resolves.toBe('true');
		await page.getByText(refusalText(en, 'not-admin')).first().waitFor();
		await expectAccessible(page, 'read-only settings');
	});
});

describe('People page look and accessibility, in Korean, Malay and English', () => {
	it.each(allLocales)('the People page has no serious or critical axe violations and is saved as docs/screenshots/people-%s.png', async (locale: Locale) => {
		const { page } = await signedIn(suite.e2e, 'Shot', locale, tabs);
		const names: Record<Locale, string> = { ko: '한빛북스', ms: 'Kedai Buku Siti', en: 'Harbour Books' };
		const accountId = await createAccount(page, locale, names[locale]);
		const colleague = newUser(locale === 'ko' ? 'Minho' : locale === 'ms' ? 'Farid' : 'Alex');
		await registerUser(suite.e2e, colleague);
		await addUser(page, locale, accountId, colleague.email, [accessTypeName(locale, 'analytics')]);
		await settled(page);
		await expectAccessible(page, `people ${locale}`);
		await screenshot(page, `people-${locale}`);
	});
});
