/**
 * Signing up, in and out in real Chromium against the real relay (R13: everyone signs in
 * with their own credentials), in Korean, Malay and English, with axe-core checks and the
 * sign-in screenshots in docs/screenshots/.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { type Locale, allLocales } from '$lib/i18n/Locale';
import {
	type E2e,
	type TestUser,
	type UserTab,
	currentLocale,
	describeViolations,
	alertText,
	newUser,
	openAs,
	registerUser,
	screenshot,
	seriousAxeViolations,
	setLanguage,
	signIn,
	signInHeading,
	signOut,
	signUp,
	signedInHeading,
	startE2e,
	submitSignIn,
	text
} from './harness';

let e2e: E2e;
/** Registered once through the API, for the tests that are not about signing up. */
let registered: TestUser;
const tabs: UserTab[] = [];

beforeAll(async () => {
	e2e = await startE2e();
	registered = newUser('Registered');
	await registerUser(e2e, registered);
});

afterAll(async () => {
	await e2e?.close();
});

afterEach(async () => {
	await Promise.all(tabs.splice(0).map((tab) => tab.context.close()));
	// A console error or uncaught exception is a bug even when the test's assertions passed.
	expect(e2e.pageErrors.splice(0)).toEqual([]);
	expect(e2e.relayLog.filter((entry) => entry.level === 'error')).toEqual([]);
});

async function open(options?: Parameters<typeof openAs>[1]): Promise<Page> {
	const tab = await openAs(e2e, options);
	tabs.push(tab);
	return tab.page;
}

/** The HTTP status of the sign-in request that the form sends. */
async function signInStatus(page: Page, credentials: { email: string; password: string }): Promise<number> {
	const [response] = await Promise.all([
		page.waitForResponse((response) => new URL(response.url()).pathname === '/api/login'),
		submitSignIn(page, credentials)
	]);
	// (Not response.text(): with Debian's Chromium, reading a fetch() body over CDP can hang.)
	return response.status();
}

/** What the relay answers a sign-in, read from Node. */
async function loginAnswer(credentials: { email: string; password: string }): Promise<{ status: number; body: unknown }> {
	const response = await fetch(`${e2e.baseUrl}/api/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(credentials)
	});
	return { status: response.status, body: await response.json() };
}

const hangul = /[\uAC00-\uD7A3]/;

describe('signing up, in and out (R13)', () => {
	it('a new user signs up through the form and lands signed in, and stays signed in across a reload (R13)', async () => {
		const page = await open();
		const user = newUser('Aminah');
		await signUp(page, user);

		await expect(signedInHeading(page, 'en', user).isVisible()).resolves.toBe(true);
		await expect(page.getByText(text('en', 'auth.signedInEmail', { email: user.email }), { exact: true }).isVisible()).resolves.toBe(true);
		// The signed-in card takes focus, so a screen reader announces the result.
		await expect(signedInHeading(page, 'en', user).evaluate((heading) => heading === document.activeElement)).resolves.toBe(true);

		await page.reload();
		await signedInHeading(page, 'en', user).waitFor();
	});

	it('a signed-in user signs out, sees that they did, and signs in again with their own password (R13)', async () => {
		const page = await open();
		await signIn(page, registered);

		await signOut(page);
		await expect(page.getByRole('status').textContent()).resolves.toBe(text('en', 'auth.signedOut'));
		await expect(signInHeading(page, 'en').evaluate((heading) => heading === document.activeElement)).resolves.toBe(true);
		// Signed out means signed out after a reload too.
		await page.reload();
		await signInHeading(page, 'en').waitFor();

		await signIn(page, registered);
	});

	it("one user's password does not sign in another user: each signs in with their own credentials (R13)", async () => {
		const other = newUser('Other');
		await registerUser(e2e, other);
		const [mine, theirs] = [await open(), await open()];

		await submitSignIn(mine, { email: other.email, password: registered.password });
		await expect(alertText(mine)).resolves.toBe(text('en', 'auth.error.wrongCredentials'));
		await expect(signInHeading(mine, 'en').isVisible()).resolves.toBe(true);

		// Two people on two machines, each with their own password, are both signed in at once.
		await signIn(mine, registered);
		await signIn(theirs, other);
		await expect(signedInHeading(mine, 'en', registered).isVisible()).resolves.toBe(true);
	});

	it.each(allLocales)('a wrong password is refused with the message in the chosen language (%s)', async (locale: Locale) => {
		const page = await open();
		await setLanguage(page, locale);

		await submitSignIn(page, { email: registered.email, password: `${registered.password}-wrong` });

		await expect(alertText(page)).resolves.toBe(text(locale, 'auth.error.wrongCredentials'));
		if (locale === 'ko') await expect(alertText(page)).resolves.toMatch(hangul);
		if (locale === 'ms') await expect(alertText(page)).resolves.toContain('kata laluan');
		await expect(signInHeading(page, locale).isVisible()).resolves.toBe(true);
	});

	it('an unregistered email gets exactly the answer a wrong password gets: no user enumeration', async () => {
		const page = await open();
		await setLanguage(page, 'ko');

		const wrongPassword = { email: registered.email, password: `${registered.password}-wrong` };
		const unknownEmail = { email: newUser('Nobody').email, password: registered.password };

		await expect(signInStatus(page, wrongPassword)).resolves.toBe(401);
		const wrongPasswordText = await alertText(page);
		await expect(signInStatus(page, unknownEmail)).resolves.toBe(401);
		const unknownEmailText = await alertText(page);

		expect(unknownEmailText).toBe(wrongPasswordText);
		expect(unknownEmailText).toBe(text('ko', 'auth.error.wrongCredentials'));
		// The relay's answer itself tells the two apart by nothing either.
		expect(await loginAnswer(unknownEmail)).toEqual(await loginAnswer(wrongPassword));
	});

	it('signing up with an email that is already registered says so, in the chosen language, and signs no one in', async () => {
		const page = await open();
		await setLanguage(page, 'ms');
		await page.getByRole('button', { name: text('ms', 'auth.switchToSignUp'), exact: true }).click();
		await page.getByLabel(text('ms', 'auth.name'), { exact: true }).fill('Someone Else');
		await page.getByLabel(text('ms', 'auth.email'), { exact: true }).fill(registered.email.toUpperCase());
		await page.getByLabel(text('ms', 'auth.password'), { exact: true }).fill(`${registered.password}-mine`);
		await page.getByRole('button', { name: text('ms', 'auth.signUp'), exact: true }).click();

		// Emails are unique case-insensitively (DESIGN §2).
		await expect(alertText(page)).resolves.toBe(text('ms', 'auth.error.emailTaken'));
		await expect(page.getByRole('heading', { level: 1, name: text('ms', 'auth.signUpHeading'), exact: true }).isVisible()).resolves.toBe(true);
		// The registered user's own password still works.
		expect((await loginAnswer(registered)).status).toBe(200);
	});

	it('the language follows the browser, and a language the user picks survives a reload', async () => {
		const page = await open({ browserLocale: 'ko-KR' });
		expect(await currentLocale(page)).toBe('ko');
		await signInHeading(page, 'ko').waitFor();

		await setLanguage(page, 'ms');
		await page.reload();
		await signInHeading(page, 'ms').waitFor();
		expect(await currentLocale(page)).toBe('ms');
	});
});

describe('accessibility and look, in Korean, Malay and English', () => {
	it.each(allLocales)('the sign-in page has no serious or critical axe violations, and is saved as docs/screenshots/sign-in-%s.png', async (locale: Locale) => {
		const page = await open();
		await setLanguage(page, locale);
		await signInHeading(page, locale).waitFor();

		expect(describeViolations(await seriousAxeViolations(page))).toEqual([]);
		await screenshot(page, `sign-in-${locale}`);
	});

	it.each(allLocales)('the sign-in and sign-up forms showing their errors have no serious or critical axe violations (%s)', async (locale: Locale) => {
		const page = await open({ colorScheme: 'dark' });
		await setLanguage(page, locale);

		// An empty submit: each field says what is missing and the first one takes focus.
		await page.getByRole('button', { name: text(locale, 'auth.signIn'), exact: true }).click();
		await expect(page.getByLabel(text(locale, 'auth.email'), { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true');
		await expect(
			page.getByLabel(text(locale, 'auth.email'), { exact: true }).evaluate((input) => input === document.activeElement)
		).resolves.toBe(true);
		expect(describeViolations(await seriousAxeViolations(page))).toEqual([]);

		await submitSignIn(page, { email: registered.email, password: `${registered.password}-wrong` });
		await expect(alertText(page)).resolves.toBe(text(locale, 'auth.error.wrongCredentials'));
		expect(describeViolations(await seriousAxeViolations(page))).toEqual([]);

		await page.getByRole('button', { name: text(locale, 'auth.switchToSignUp'), exact: true }).click();
		await page.getByRole('button', { name: text(locale, 'auth.signUp'), exact: true }).click();
		await expect(page.getByLabel(text(locale, 'auth.name'), { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true');
		expect(describeViolations(await seriousAxeViolations(page))).toEqual([]);
	});

	it('the signed-in page has no serious or critical axe violations in Korean, Malay or English', async () => {
		const page = await open();
		await signIn(page, registered);
		for (const locale of allLocales) {
			await setLanguage(page, locale);
			await signedInHeading(page, locale, registered).waitFor();
			expect(describeViolations(await seriousAxeViolations(page)), locale).toEqual([]);
		}
	});

	it('the axe check itself reports a serious violation when one is there (so an empty list means something)', async () => {
		const page = await open();
		await page.evaluate(() => {
			const field = document.createElement('input');
			field.type = 'text';
			document.querySelector('main')?.append(field); // an input with no label: axe's "label", critical
		});
		const ids = (await seriousAxeViolations(page)).map((violation) => violation.id);
		expect(ids).toContain('label');
	});

	it.each(allLocales)('on a 360 px phone screen nothing is wider than the screen (%s)', async (locale: Locale) => {
		const page = await open({ viewport: { width: 360, height: 740 } });
		await setLanguage(page, locale);
		const fitsWidth = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

		await expect(fitsWidth()).resolves.toBe(true);
		await page.getByRole('button', { name: text(locale, 'auth.switchToSignUp'), exact: true }).click();
		await page.getByRole('button', { name: text(locale, 'auth.signUp'), exact: true }).click();
		await expect(fitsWidth()).resolves.toBe(true);
	});
});
