/**
 * Live presence (DESIGN §5 #5): two people on the same page of one business account see each
 * other in the presence bar, through Yjs awareness stamped by the relay; one who leaves the
 * page disappears from the other's bar.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Locale } from '$lib/i18n/Locale';
import { newUser, text } from './harness';
import { accountNavLink, addUser, createAccount, expectAccessible, signedIn, useE2eSuite } from './appHelpers';

const suite = useE2eSuite();
const { tabs } = suite;

/** The presence bar ("Also here: …") of `locale`. */
function presenceBar(page: Page, locale: Locale) {
	return page.getByRole('status').filter({ hasText: text(locale, 'presence.alsoHere') });
}

function presentPerson(page: Page, locale: Locale, name: string) {
	return presenceBar(page, locale).getByRole('listitem').filter({ hasText: name });
}

describe('presence', () => {
	it('two users on the People page see each other; one who navigates away leaves the other’s bar', async () => {
		const en: Locale = 'en';
		const ms: Locale = 'ms';
		const farid = newUser('Farid');
		const { page: faridPage } = await signedIn(suite.e2e, 'Farid', ms, tabs, farid);
		const { page: sitiPage, user: siti } = await signedIn(suite.e2e, 'Siti', en, tabs);
		const accountId = await createAccount(sitiPage, en, 'Kedai Siti');
		// Alone on the page: no bar.
		await addUser(sitiPage, en, accountId, farid.email);
		await expect(presenceBar(sitiPage, en).count()).resolves.toBe(0);

		await faridPage.goto(`/a/${accountId}/settings/users`);
		await faridPage.getByRole('heading', { level: 1, name: text(ms, 'people.users') }).waitFor();

		await presentPerson(sitiPage, en, farid.name).waitFor();
		await presentPerson(faridPage, ms, siti.name).waitFor();
		// Only the others are listed, never oneself.
		await expect(presentPerson(sitiPage, en, siti.name).count()).resolves.toBe(0);
		await expect(presenceBar(sitiPage, en).textContent()).resolves.toContain(text(en, 'presence.alsoHere'));
		await expectAccessible(sitiPage, 'presence bar');

		// Farid goes to the account's overview: he is no longer on Siti's page.
		await accountNavLink(faridPage, ms, text(ms, 'nav.overview')).click();
		await faridPage.waitForURL(new RegExp(`/a/${accountId}$`));
		await presenceBar(sitiPage, en).waitFor({ state: 'detached' });
		await expect(presenceBar(faridPage, ms).count()).resolves.toBe(0);
	});
});
