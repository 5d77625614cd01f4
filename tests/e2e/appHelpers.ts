/**
 * Helpers for the app's pages, on top of harness.ts (sign-in, language, axe, screenshots).
 * Controls are found by role and accessible name in the active language, from the app's
 * own catalogs, as in the harness.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { Locale } from '$lib/i18n/Locale';
import { catalogs } from '$lib/i18n/translate';
import { type E2e, type TestUser, type UserTab, describeViolations, newUser, openAs, registerUser, seriousAxeViolations, setLanguage, signIn, startE2e, text } from './harness';

/**
 * One relay and one Chromium per test file; each test's user tabs are closed after it, and
 * a test fails if any page threw or logged an error, or the relay logged one.
 */
export function useE2eSuite(): { readonly e2e: E2e; readonly tabs: UserTab[] } {
	let e2e: E2e | undefined;
	const tabs: UserTab[] = [];
	beforeAll(async () => {
		e2e = await startE2e();
	});
	afterAll(async () => {
		await e2e?.close();
	});
	afterEach(async () => {
		await Promise.all(tabs.splice(0).map((tab) => tab.context.close()));
		if (e2e === undefined) return;
		expect(e2e.pageErrors.splice(0)).toEqual([]);
		expect(e2e.relayLog.filter((entry) => entry.level === 'error')).toEqual([]);
	});
	return {
		get e2e(): E2e {
			if (e2e === undefined) throw new Error('the e2e suite has not started (use it inside tests)');
			return e2e;
		},
		tabs
	};
}

/** A registered user with a browser context of their own, signed in, UI in `locale`. */
export async function signedIn(e2e: E2e, label: string, locale: Locale, tabs: UserTab[], user: TestUser = newUser(label)): Promise<{ user: TestUser; page: Page; tab: UserTab }> {
	await registerUser(e2e, user).catch((error: unknown) => {
		if (!String(error).includes('409')) throw error;
	});
	const tab = await openAs(e2e, { browserLocale: locale });
	tabs.push(tab);
	await setLanguage(tab.page, locale);
	await signIn(tab.page, user);
	return { user, page: tab.page, tab };
}

/** Creates a business account through the start page's form; returns its id (from the URL it lands on). */
export async function createAccount(page: Page, locale: Locale, name: string, displayEmail = 'biz@example.test'): Promise<string> {
	await page.goto('/');
	await page.getByLabel(text(locale, 'account.name'), { exact: true }).fill(name);
	await page.getByLabel(text(locale, 'account.displayEmail'), { exact: true }).fill(displayEmail);
	await page.getByRole('button', { name: text(locale, 'account.create'), exact: true }).click();
	await page.waitForURL(/\/a\/[A-Za-z0-9_-]+$/);
	await page.getByRole('heading', { level: 1, name }).waitFor();
	const id = new URL(page.url()).pathname.split('/')[2];
	if (id === undefined) throw new Error('e2e: no account id in the URL');
	return id;
}

/** A link of the business account's menu, by its label. */
export function accountNavLink(page: Page, locale: Locale, label: string) {
	return page.getByRole('navigation', { name: text(locale, 'nav.account'), exact: true }).getByRole('link', { name: label, exact: true });
}

/** Presses a control from the keyboard: aria-disabled buttons stay focusable, and must do nothing. */
export async function pressWithKeyboard(locator: import('playwright-core').Locator): Promise<void> {
	await locator.focus();
	await locator.press('Enter');
}

/** Waits until every change of this tab has reached the relay (nothing in the outbox, connection online). */
export async function settled(page: Page): Promise<void> {
	await page.waitForFunction(
		() =>
			new Promise<boolean>((resolve) => {
				const open = indexedDB.open('business-center');
				open.onsuccess = () => {
					const db = open.result;
					const tx = db.transaction('outbox', 'readonly');
					const count = tx.objectStore('outbox').count();
					count.onsuccess = () => {
						resolve(count.result === 0 && document.querySelector('.connection-online') !== null);
						db.close();
					};
					count.onerror = () => resolve(false);
				};
				open.onerror = () => resolve(false);
			}),
		undefined,
		{ polling: 100 }
	);
}

/** Adds a user through People > Add user, as an admin would (the Malay page's steps 3–6). */
export async function addUser(page: Page, locale: Locale, accountId: string, email: string, accessTypeNames: readonly string[] = []): Promise<void> {
	await page.goto(`/a/${accountId}/settings/users`);
	await page.getByRole('button', { name: text(locale, 'people.addUser'), exact: true }).click();
	await page.getByLabel(text(locale, 'people.addEmail'), { exact: true }).fill(email);
	for (const name of accessTypeNames) await page.getByRole('group', { name: text(locale, 'people.accessTypes'), exact: true }).getByRole('checkbox', { name, exact: true }).check();
	await page.getByRole('button', { name: text(locale, 'common.ok'), exact: true }).click();
	await peopleRow(page, email).waitFor();
}

/** The row of the People table that shows `email`. */
export function peopleRow(page: Page, email: string) {
	return page.getByRole('row').filter({ has: page.getByRole('cell', { name: email, exact: true }) });
}

export function accessTypeName(locale: Locale, type: 'admin' | 'catalog' | 'analytics' | 'payments'): string {
	return catalogs[locale].accessTypes[type].name;
}

export function roleName(locale: Locale, role: 'master' | 'member'): string {
	return catalogs[locale].assetRoles[role].name;
}

export function refusalText(locale: Locale, reason: keyof (typeof catalogs)['en']['rejectReasons']): string {
	return catalogs[locale].rejectReasons[reason];
}

/** No serious or critical axe violations on the page as it is now. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
	expect(describeViolations(await seriousAxeViolations(page)), where).toEqual([]);
}

/** Room names kept in this browser's IndexedDB (the `rooms` table and the Yjs documents). */
export function storedRooms(page: Page): Promise<string[]> {
	return page.evaluate(
		() =>
			new Promise<string[]>((resolve, reject) => {
				const open = indexedDB.open('business-center');
				open.onsuccess = () => {
					const db = open.result;
					const tx = db.transaction(['rooms', 'ydocs'], 'readonly');
					const rooms = tx.objectStore('rooms').getAllKeys();
					const docs = tx.objectStore('ydocs').getAll();
					tx.oncomplete = () => {
						const names = new Set<string>([...rooms.result.map(String), ...(docs.result as { room: string }[]).map((d) => d.room)]);
						db.close();
						resolve([...names].sort());
					};
					tx.onerror = () => reject(tx.error);
				};
				open.onerror = () => reject(open.error);
			})
	);
}

/** Every string value anywhere in the database: to prove a secret never reached this browser. */
export function allStoredText(page: Page): Promise<string> {
	return page.evaluate(
		() =>
			new Promise<string>((resolve, reject) => {
				const open = indexedDB.open('business-center');
				open.onsuccess = () => {
					const db = open.result;
					const names = [...db.objectStoreNames];
					const tx = db.transaction(names, 'readonly');
					const parts: string[] = [];
					for (const name of names) {
						const all = tx.objectStore(name).getAll();
						all.onsuccess = () => {
							for (const value of all.result) {
								parts.push(
									JSON.stringify(value, (_key, v: unknown) => (v instanceof Uint8Array ? new TextDecoder('utf-8', { fatal: false }).decode(v) : v))
								);
							}
						};
					}
					tx.oncomplete = () => {
						db.close();
						resolve(parts.join('\n'));
					};
					tx.onerror = () => reject(tx.error);
				};
				open.onerror = () => reject(open.error);
			})
	);
}

/** Creates an asset on the Assets page; returns its id (from its page's URL). */
export async function createAsset(page: Page, locale: Locale, accountId: string, kindName: string, name: string): Promise<string> {
	await page.goto(`/a/${accountId}/assets`);
	await page.getByRole('button', { name: text(locale, 'assets.create'), exact: true }).click();
	await page.getByLabel(text(locale, 'assets.kind'), { exact: true }).selectOption({ label: kindName });
	await page.getByLabel(text(locale, 'assets.name'), { exact: true }).fill(name);
	await page.getByRole('button', { name: text(locale, 'common.create'), exact: true }).click();
	await page.getByRole('link', { name, exact: true }).click();
	await page.getByRole('heading', { level: 1, name }).waitFor();
	const assetId = new URL(page.url()).pathname.split('/')[4];
	if (assetId === undefined) throw new Error('e2e: no asset id in the URL');
	return assetId;
}

/** The row of an asset's admin table for the person whose email is shown in it. */
export function adminRow(page: Page, email: string) {
	return page.getByRole('row').filter({ hasText: email });
}

export function assetKindName(locale: Locale, kind: 'kakaotalk-channel' | 'ad-account' | 'pixel-sdk' | 'book-catalog'): string {
	return catalogs[locale].assetKinds[kind];
}
