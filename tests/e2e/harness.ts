/**
 * End-to-end harness: the real relay (server/Relay.ts) in this process on a free loopback
 * port with a throwaway DATA_DIR, serving the built app (`build/`), driven by Debian's
 * Chromium through playwright-core (DESIGN §5).
 *
 * One Chromium per test file (`startE2e` in `beforeAll`), one browser context per user
 * (`openAs`): contexts share nothing — cookies, storage, IndexedDB — like two people on two
 * machines. Pages are found by role and accessible name in the active language, taken from
 * the app's own catalogs: a test that can't find a control by its label has found a real
 * accessibility bug, and the tests need no test ids.
 *
 * Chromium comes from `.ci/install-chromium.sh` (`npx playwright install` can't download
 * browsers here).
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axe from 'axe-core';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { type Locale, allLocales, isLocale } from '$lib/i18n/Locale';
import type { MessageKey, MessageParams } from '$lib/i18n/Catalog';
import { translate } from '$lib/i18n/translate';
import type { Logger } from '../../server/Logger';
import { type RelayOptions, type RunningRelay, startRelay } from '../../server/Relay';

export const projectRoot = join(import.meta.dirname, '..', '..');
export const buildDir = join(projectRoot, 'build');
export const screenshotDir = join(projectRoot, 'docs', 'screenshots');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const chromiumArgs = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
	'--disable-quic'
];

/** Long enough for a scrypt hash on a busy 2-core runner, short enough to fail fast. */
export const uiTimeoutMs = 10_000;

// ---------------------------------------------------------------------------------------
// The build

/** Files whose change means `build/` no longer shows the current app. */
const buildInputs = ['src', 'static', 'svelte.config.js', 'vite.config.ts'];

function newestMtime(path: string): number {
	const stat = statSync(path, { throwIfNoEntry: false });
	if (stat === undefined) return 0;
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = stat.mtimeMs;
	for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
	return newest;
}

function buildIsCurrent(): boolean {
	const index = statSync(join(buildDir, 'index.html'), { throwIfNoEntry: false });
	if (index === undefined) return false;
	return buildInputs.every((input) => newestMtime(join(projectRoot, input)) <= index.mtimeMs);
}

/**
 * Makes sure `build/` holds the current app: CI runs `npm run build` first, so this is a
 * no-op there; locally a missing or stale build is rebuilt once (test files run in parallel
 * processes, so the first one builds under a lock and the others wait). Throws — never
 * skips — when it can't.
 */
export function ensureBuild(): void {
	if (buildIsCurrent()) return;
	const lock = join(projectRoot, '.tmp', 'e2e-build.lock');
	mkdirSync(join(projectRoot, '.tmp'), { recursive: true });
	const deadline = Date.now() + 180_000;
	for (;;) {
		try {
			mkdirSync(lock);
			break;
		} catch {
			// Another test file is building; a lock older than the deadline is from a crashed run.
			const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
			if (age > 180_000) rmSync(lock, { recursive: true, force: true });
			if (Date.now() > deadline) throw new Error(`e2e: waited 180 s for another process to build the app (${lock})`);
			Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
		}
	}
	try {
		if (buildIsCurrent()) return;
		const why = existsSync(join(buildDir, 'index.html')) ? 'older than src/' : 'missing';
		console.warn(`e2e: build/ is ${why}; running \`npx vite build\` once`);
		const result = spawnSync('npx', ['vite', 'build'], { cwd: projectRoot, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
		if (result.status !== 0 || !existsSync(join(buildDir, 'index.html'))) {
			throw new Error(
				`e2e: the app is not built and \`npx vite build\` failed (exit ${result.status ?? result.signal}); run \`npm run build\`.\n${result.stderr}`
			);
		}
	} finally {
		rmSync(lock, { recursive: true, force: true });
	}
}

// ---------------------------------------------------------------------------------------
// Relay + browser

export interface LogEntry {
	readonly level: 'info' | 'warn' | 'error';
	readonly message: string;
	readonly fields?: Readonly<Record<string, unknown>>;
}

export interface E2e {
	readonly relay: RunningRelay;
	/** `http://127.0.0.1:<port>` */
	readonly baseUrl: string;
	readonly browser: Browser;
	/** Everything the relay logged, for assertions and for failure messages. */
	readonly relayLog: readonly LogEntry[];
	/** Console errors and uncaught exceptions of every page opened through `openAs`. */
	readonly pageErrors: string[];
	close(): Promise<void>;
}

export type E2eOptions = Omit<RelayOptions, 'dataDir' | 'port' | 'host' | 'staticDir' | 'log'>;

/**
 * Every user of an e2e file comes from 127.0.0.1 and a file signs in dozens of times, so
 * the production limits (a burst of 10 sign-ups per address, 10 sign-ins per email per
 * 10 minutes) would fail tests for a reason they are not about. The relay's own tests
 * cover rate limiting; a test about it passes `authLimits` explicitly.
 */
export const e2eAuthLimits = {
	loginPerAddress: { burst: 1_000, perSecond: 100 },
	loginPerEmail: { burst: 1_000, perSecond: 100 },
	signupPerAddress: { burst: 1_000, perSecond: 100 },
	lookupPerUser: { burst: 1_000, perSecond: 100 }
} as const;

/**
 * Builds the app if needed, starts the relay on 127.0.0.1 with a free port and an empty
 * temporary DATA_DIR, and launches Chromium. Call once per file, in `beforeAll`.
 */
export async function startE2e(options: E2eOptions = {}): Promise<E2e> {
	if (!existsSync(chromiumPath)) {
		throw new Error(`e2e: no Chromium at ${chromiumPath}; run .ci/install-chromium.sh (or set CHROMIUM_PATH)`);
	}
	ensureBuild();
	const dataDir = mkdtempSync(join(tmpdir(), 'bc-e2e-'));
	const relayLog: LogEntry[] = [];
	const log: Logger = {
		info: (message, fields) => relayLog.push({ level: 'info', message, ...(fields && { fields }) }),
		warn: (message, fields) => relayLog.push({ level: 'warn', message, ...(fields && { fields }) }),
		error: (message, fields) => relayLog.push({ level: 'error', message, ...(fields && { fields }) })
	};
	let relay: RunningRelay | null = null;
	let browser: Browser | null = null;
	try {
		relay = await startRelay({ authLimits: e2eAuthLimits, ...options, dataDir, port: 0, host: '127.0.0.1', staticDir: buildDir, log });
		browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
	} catch (error) {
		await relay?.close();
		rmSync(dataDir, { recursive: true, force: true });
		throw error;
	}
	const started = { relay, browser };
	return {
		relay,
		baseUrl: relay.url,
		browser,
		relayLog,
		pageErrors: [],
		async close() {
			await started.browser.close().catch(() => {});
			await started.relay.close();
			rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

export interface OpenOptions {
	/** The browser's language preference (`navigator.languages`); the app's default locale follows it. */
	readonly browserLocale?: string;
	readonly colorScheme?: 'light' | 'dark';
	readonly viewport?: { readonly width: number; readonly height: number };
}

export interface UserTab {
	readonly context: BrowserContext;
	readonly page: Page;
}

/**
 * A fresh browser context (a person on their own machine: no shared storage) with one page
 * on the app's start page. Console errors and page crashes are collected in `e2e.pageErrors`.
 */
export async function openAs(e2e: E2e, options: OpenOptions = {}): Promise<UserTab> {
	const context = await e2e.browser.newContext({
		baseURL: e2e.baseUrl,
		locale: options.browserLocale ?? 'en-US',
		colorScheme: options.colorScheme ?? 'light',
		viewport: options.viewport ?? { width: 1024, height: 768 },
		reducedMotion: 'reduce'
	});
	context.setDefaultTimeout(uiTimeoutMs);
	const page = await context.newPage();
	page.on('pageerror', (error) => e2e.pageErrors.push(`pageerror: ${error.message}`));
	page.on('console', (message) => {
		// Chromium logs every 4xx answer as a console error; a refused sign-in is an expected 401.
		if (message.type() === 'error' && !expectedHttpRefusal.test(message.text())) e2e.pageErrors.push(`console.error: ${message.text()}`);
	});
	await page.goto('/');
	await appReady(page);
	return { context, page };
}

const expectedHttpRefusal = /^Failed to load resource: the server responded with a status of 4\d\d\b/;

/** The app has started: AppShell has set `<html lang>` and the skip link is rendered. */
export async function appReady(page: Page): Promise<void> {
	await page.locator('main#main').waitFor();
	await page.waitForFunction(() => document.querySelector('main#main')?.childElementCount !== 0);
}

// ---------------------------------------------------------------------------------------
// Language

/** The locale the page shows, read from `<html lang>` (AppShell keeps it in step). */
export async function currentLocale(page: Page): Promise<Locale> {
	const lang = await page.evaluate(() => document.documentElement.lang);
	if (!isLocale(lang)) throw new Error(`e2e: <html lang="${lang}"> is not one of ${allLocales.join(', ')}`);
	return lang;
}

/** A message in `locale`, from the app's own catalog. */
export function text<Key extends MessageKey>(locale: Locale, key: Key, ...params: MessageParams<Key>): string {
	return translate(locale, key, ...params);
}

function escapeRegExp(value: string): string {
	return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The language menu, found by its label in whichever language is showing. */
export function languageMenu(page: Page) {
	const names = allLocales.map((locale) => escapeRegExp(translate(locale, 'app.language')));
	return page.getByRole('combobox', { name: new RegExp(`^\\s*(${names.join('|')})\\s*$`) });
}

/** Picks `locale` in the language menu, as a user would, and waits until the page shows it. */
export async function setLanguage(page: Page, locale: Locale): Promise<void> {
	await languageMenu(page).selectOption(locale);
	await page.waitForFunction((lang) => document.documentElement.lang === lang, locale);
}

// ---------------------------------------------------------------------------------------
// Users and auth

export interface TestUser {
	readonly name: string;
	readonly email: string;
	readonly password: string;
}

/** A user no other test (or run) has: unique email, a password that passes the sign-up rule. */
export function newUser(label = 'user'): TestUser {
	const id = randomUUID().slice(0, 8);
	return { name: `${label} ${id}`, email: `${label.toLowerCase().replace(/\W+/g, '-')}-${id}@example.test`, password: `pw-${randomUUID()}` };
}

/**
 * Registers `user` straight through the relay's HTTP API: for tests about something other
 * than signing up. (Sign-up through the UI is `signUp`.)
 */
export async function registerUser(e2e: E2e, user: TestUser): Promise<void> {
	const response = await fetch(`${e2e.baseUrl}/api/signup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(user)
	});
	if (response.status !== 200 && response.status !== 201) {
		throw new Error(`e2e: registering ${user.email} answered ${response.status} ${await response.text()}`);
	}
}

/** The visible heading of the signed-in card. */
export function signedInHeading(page: Page, locale: Locale, user: TestUser) {
	return page.getByRole('heading', { level: 1, name: text(locale, 'auth.signedInAs', { name: user.name }) });
}

/** The sign-in form's heading: the page a signed-out user sees. */
export function signInHeading(page: Page, locale: Locale) {
	return page.getByRole('heading', { level: 1, name: text(locale, 'auth.signInHeading') });
}

/** The form's alert (role="alert"): where a refused sign-in or sign-up says why. */
export function formAlert(page: Page) {
	return page.locator('form').getByRole('alert');
}

/**
 * The text of the form's alert once it says something (it is emptied on each submit and
 * filled when the answer comes). Returns '' when nothing appears within the UI timeout,
 * so that the test's own assertion reports what it expected.
 */
export async function alertText(page: Page): Promise<string> {
	const alert = formAlert(page);
	try {
		await alert.filter({ hasText: /\S/ }).waitFor();
	} catch {
		return '';
	}
	return ((await alert.textContent()) ?? '').trim();
}

async function fill(page: Page, locale: Locale, key: 'auth.name' | 'auth.email' | 'auth.password', value: string): Promise<void> {
	await page.getByLabel(text(locale, key), { exact: true }).fill(value);
}

/** Registers `user` through the sign-up form and waits until the page shows them signed in. */
export async function signUp(page: Page, user: TestUser): Promise<void> {
	const locale = await currentLocale(page);
	await page.getByRole('button', { name: text(locale, 'auth.switchToSignUp'), exact: true }).click();
	await page.getByRole('heading', { level: 1, name: text(locale, 'auth.signUpHeading'), exact: true }).waitFor();
	await fill(page, locale, 'auth.name', user.name);
	await fill(page, locale, 'auth.email', user.email);
	await fill(page, locale, 'auth.password', user.password);
	await page.getByRole('button', { name: text(locale, 'auth.signUp'), exact: true }).click();
	await signedInHeading(page, locale, user).waitFor();
}

/** Fills and submits the sign-in form; does not wait for the outcome (see `signIn`). */
export async function submitSignIn(page: Page, credentials: { readonly email: string; readonly password: string }): Promise<void> {
	const locale = await currentLocale(page);
	await signInHeading(page, locale).waitFor();
	await fill(page, locale, 'auth.email', credentials.email);
	await fill(page, locale, 'auth.password', credentials.password);
	await page.getByRole('button', { name: text(locale, 'auth.signIn'), exact: true }).click();
}

/** Signs `user` in through the form and waits until the page shows them signed in. */
export async function signIn(page: Page, user: TestUser): Promise<void> {
	await submitSignIn(page, user);
	await signedInHeading(page, await currentLocale(page), user).waitFor();
}

/** Clicks "Sign out" and waits for the sign-in form. */
export async function signOut(page: Page): Promise<void> {
	const locale = await currentLocale(page);
	await page.getByRole('button', { name: text(locale, 'auth.signOut'), exact: true }).click();
	await signInHeading(page, locale).waitFor();
}

// ---------------------------------------------------------------------------------------
// Screenshots

/**
 * Saves a full-page PNG as `docs/screenshots/<name>.png`. The file is rewritten only when
 * the picture changed, so an unchanged UI leaves the working tree clean.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
	if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`e2e: screenshot name "${name}" must be kebab-case`);
	mkdirSync(screenshotDir, { recursive: true });
	const path = join(screenshotDir, `${name}.png`);
	await page.evaluate(() => document.fonts.ready);
	const png = await page.screenshot({ fullPage: true, animations: 'disabled', caret: 'hide' });
	if (!existsSync(path) || !readFileSync(path).equals(png)) writeFileSync(path, png);
	return path;
}

// ---------------------------------------------------------------------------------------
// Accessibility

export interface AxeViolation {
	readonly id: string;
	readonly impact: string;
	readonly help: string;
	readonly helpUrl: string;
	/** CSS selectors of the offending elements, with axe's summary for each. */
	readonly nodes: readonly { readonly target: string; readonly summary: string }[];
}

/**
 * Runs axe-core (WCAG 2.x A/AA and best practices) on the page as it is now and returns
 * the serious and critical violations. `[]` means the page passed.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
	const loaded = await page.evaluate(() => 'axe' in window);
	if (!loaded) await page.addScriptTag({ content: axe.source });
	return page.evaluate(async () => {
		const runner = (window as unknown as { axe: typeof axe }).axe;
		const result = await runner.run(document, {
			runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
			resultTypes: ['violations']
		});
		return result.violations
			.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
			.map((violation) => ({
				id: violation.id,
				impact: violation.impact ?? 'unknown',
				help: violation.help,
				helpUrl: violation.helpUrl,
				nodes: violation.nodes.map((node) => ({ target: node.target.join(' '), summary: node.failureSummary ?? '' }))
			}));
	});
}

/** One line per offending element: readable in a failed `expect(...).toEqual([])`. */
export function describeViolations(violations: readonly AxeViolation[]): string[] {
	return violations.flatMap((violation) =>
		violation.nodes.map((node) => `${violation.impact} ${violation.id} at ${node.target}: ${violation.help} — ${node.summary.replace(/\s+/g, ' ')}`)
	);
}
