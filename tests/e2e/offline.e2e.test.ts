/**
 * Local-first (DESIGN §1): after the first sign-in the app opens with no network at all.
 * The data is in IndexedDB; the app itself comes from the service worker's cache.
 */
import { describe, expect, it } from 'vitest';
import type { Locale } from '$lib/i18n/Locale';
import { newUser, registerUser, text } from './harness';
import { addUser, createAccount, peopleRow, signedIn, useE2eSuite } from './appHelpers';

const suite = useE2eSuite();
const { tabs } = suite;
const en: Locale = 'en';

describe('opening the app offline', () => {
	it('a new tab opened with no network shows the app and the account, read from this device', async () => {
		const { page, tab } = await signedIn(suite.e2e, 'Offline Olga', en, tabs);
		const accountId = await createAccount(page, en, 'Offline Traders');
		const colleague = newUser('Colleague');
		await registerUser(suite.e2e, colleague);
		await addUser(page, en, accountId, colleague.email);
		await peopleRow(page, colleague.email).waitFor();
		// The service worker has installed and holds the app shell.
		expect(await page.evaluate(async () => (await navigator.serviceWorker.ready).active !== null)).toBe(true);

		await tab.context.setOffline(true);
		const offline = await tab.context.newPage();
		await offline.goto(`/a/${accountId}/settings/users`);
		await offline.getByRole('heading', { level: 1, name: text(en, 'people.users') }).waitFor();
		await peopleRow(offline, colleague.email).waitFor();
		await offline.getByText(text(en, 'connection.offline')).first().waitFor();
		await offline.close();
		await tab.context.setOffline(false);
	});
});
