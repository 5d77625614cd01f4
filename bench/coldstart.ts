/**
 * Client cold start (DESIGN §6): an account with N members and M assets, an admin signs in
 * through the real app in Chromium (playwright-core, /usr/bin/chromium), the first load
 * syncs the account into IndexedDB, then new pages of the same browser context open the
 * People page offline and are timed until the member list is interactive. Also: the
 * materialiser alone in Chromium (real IndexedDB), and live-query search latency.
 *
 * The account is built fast: the admin and the account are made through the relay (sign-up
 * over HTTP, `createAccount` over a socket, so the relay writes the admin's user room); the
 * members and assets are made in Node by the domain commands on a copy of that document,
 * checked by the relay's own gate (`validateUpdate`), and written straight into the relay's
 * SQLite store (users through SqliteUserStore, the room through SqliteRoomStorage) before
 * the relay is started again on it. After the restart one validated write over a socket
 * proves the relay accepts writes against the seeded room.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import {
	accountRoom,
	addMember,
	allAssetKinds,
	changeMemberTypes,
	createAsset,
	validateUpdate,
	type CommandEnv,
	type User
} from '../src/lib/domain/index.ts';
import { openSqliteDatabase, SqliteSynchronous } from '../server/SqliteDatabase.ts';
import { SqliteRoomStorage } from '../server/SqliteRoomStorage.ts';
import { SqliteUserStore } from '../server/SqliteUserStore.ts';
import { ensureAppBuilt } from '../server/ensureAppBuilt.ts';
import { BenchSocket, sleep, wireOf } from './clients.ts';
import { ServerKind } from './kinds.ts';
import { startServer, type ServerProcess } from './processes.ts';
import { buildAccount } from './setup.ts';
import { percentile } from './stats.ts';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** As tests/e2e/harness.ts launches it. */
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

const secret = 'bench-secret-0123456789abcdef';
const password = 'bench password 0123';
const accountId = 'cold';

export interface ColdStartParams {
	readonly members: number;
	readonly assets: number;
	/** Offline cold starts timed (p50 reported). */
	readonly runs: number;
	/** Searches on the People page (p50/p99). */
	readonly searches: number;
	/** Materialiser-only runs per path in Chromium. */
	readonly materialiseRuns: number;
}

export interface ColdRun {
	/** Navigation start → first member rows in the DOM. */
	readonly rowsMs: number;
	/** Navigation start → a prefix typed into the search box has filtered the rows. */
	readonly interactiveMs: number;
	readonly rowsShown: number;
}

export interface ColdStartResult {
	readonly params: ColdStartParams;
	readonly seed: { readonly buildMs: number; readonly validateMs: number; readonly updateBytes: number; readonly storeMs: number; readonly acceptedWrite: boolean };
	/** Navigation to People (signed in, empty IndexedDB) → every member and asset row in IndexedDB. */
	readonly firstSyncMs: number;
	readonly firstSyncAssetsMs: number;
	/** … → the first rows of the list on screen (during the first sync). */
	readonly firstSyncRowsMs: number;
	readonly offlineNavigation: string;
	readonly runs: ColdRun[];
	readonly searchMs: number[];
	readonly materialise: { readonly rebuildMs: number[]; readonly incrementalMs: number[]; readonly applyMs: number[] } | null;
	readonly materialiseProblem: string;
}

const pad = (i: number): string => String(i).padStart(5, '0');

/** The members' emails are m00000@… so that a 4-digit prefix ("m0042") matches 10 of them. */
function memberUser(i: number): User {
	return { id: `cold${pad(i)}`, email: `m${pad(i)}@cold.bench.test`, name: `Member ${pad(i)}` };
}

async function seedAccount(dataDir: string, params: ColdStartParams, log: (line: string) => void): Promise<{ admin: User; seed: ColdStartResult['seed']; nextWrite: () => Uint8Array }> {
	// 1. The admin and the account through the relay.
	let proc = await startServer(ServerKind.Validated, { dataDir, secret });
	let account;
	try {
		account = await buildAccount(proc.port, 0, accountId);
	} finally {
		await proc.stop();
	}
	const admin = account.admin.user;
	// 2. Members and assets by the domain commands on a copy of the relay's document.
	const t0 = performance.now();
	const before = new Y.Doc();
	Y.applyUpdate(before, account.accountSeed);
	const doc = new Y.Doc();
	Y.applyUpdate(doc, account.accountSeed);
	const users = new Map<string, User>([[admin.id, admin]]);
	const generated: User[] = [];
	// buildAccount made two members (the admin and a target).
	for (let i = 0; i < params.members - 2; i++) {
		const user = memberUser(i);
		users.set(user.id, user);
		generated.push(user);
	}
	let seq = 0;
	const env: CommandEnv = {
		doc,
		room: accountRoom(accountId),
		actor: { userId: admin.id },
		now: Date.now(),
		lookupUser: (id) => users.get(id) ?? null,
		otherAccount: () => null,
		newId: () => `cs${++seq}`
	};
	const svBefore = Y.encodeStateVector(doc);
	for (const user of generated) {
		const result = addMember(env, { email: user.email, user, types: ['catalog'] });
		if (!result.ok) throw new Error(`addMember refused: ${result.reason}`);
	}
	const kinds = allAssetKinds;
	for (let i = 0; i < params.assets; i++) {
		const result = createAsset(env, { kind: kinds[i % kinds.length]!, name: `Asset ${pad(i)}` });
		if (!result.ok) throw new Error(`createAsset refused: ${result.reason}`);
	}
	const update = Y.encodeStateAsUpdate(doc, svBefore);
	const buildMs = performance.now() - t0;
	// 3. The relay's own gate on the whole seed, as if the admin had sent it.
	const t1 = performance.now();
	const verdict = validateUpdate(before, update, {
		actor: { userId: admin.id },
		room: accountRoom(accountId),
		now: Date.now(),
		lookupUser: (id: string) => users.get(id) ?? null,
		accountDoc: () => null
	});
	const validateMs = performance.now() - t1;
	if (!verdict.ok) throw new Error(`the relay's validateUpdate refuses the seed: ${verdict.reason}`);
	log(`  seed: ${params.members} members + ${params.assets} assets made in ${(buildMs / 1000).toFixed(1)} s (${(update.length / 2 ** 20).toFixed(1)} MB), validated in ${(validateMs / 1000).toFixed(1)} s`);
	// 4. Straight into the relay's store: users, then the room (log entry + compacted snapshot).
	const t2 = performance.now();
	const db = openSqliteDatabase(join(dataDir, 'relay.sqlite'), SqliteSynchronous.Normal);
	try {
		const userStore = new SqliteUserStore(db);
		db.exec('BEGIN');
		// The generated members never sign in: no password hash that any password matches.
		for (const user of generated) await userStore.createUser({ id: user.id, email: user.email, name: user.name, passwordHash: '!', createdAt: Date.now() });
		db.exec('COMMIT');
		const storage = new SqliteRoomStorage(db);
		const room = `account/${accountId}`;
		await storage.append([{ room, update, clientOwners: [[doc.clientID, admin.id]] }]);
		await storage.compact(room, Y.encodeStateAsUpdate(doc));
		db.pragma('wal_checkpoint(TRUNCATE)');
	} finally {
		db.close();
	}
	const storeMs = performance.now() - t2;
	// 5. Restart on it and make one validated write against the seeded room.
	proc = await startServer(ServerKind.Validated, { dataDir, secret });
	let acceptedWrite = false;
	let turn = 0;
	const nextWrite = (): Uint8Array => {
		const updates: Uint8Array[] = [];
		const listener = (u: Uint8Array): void => void updates.push(u);
		doc.on('update', listener);
		const result = changeMemberTypes({ ...env, now: Date.now() }, { userId: generated[0]!.id, types: turn++ % 2 === 0 ? ['catalog', 'analytics'] : ['catalog'] });
		doc.off('update', listener);
		if (!result.ok) throw new Error(result.reason);
		return Y.mergeUpdates(updates);
	};
	try {
		const socket = new BenchSocket(wireOf(ServerKind.Validated), proc.port, `account/${accountId}`, account.admin.token, 60_000);
		await socket.joined;
		socket.send(wireOf(ServerKind.Validated).update(`account/${accountId}`, nextWrite()));
		const deadline = Date.now() + 30_000;
		while (socket.acks === 0 && socket.failure === null && Date.now() < deadline) await sleep(10);
		acceptedWrite = socket.acks === 1 && socket.failure === null;
		socket.close();
		if (!acceptedWrite) throw new Error(`the relay did not accept a write on the seeded room: ${socket.failure ?? 'no answer'}`);
	} finally {
		await proc.stop();
	}
	return { admin, seed: { buildMs, validateMs, updateBytes: update.length, storeMs, acceptedWrite }, nextWrite };
}

/** Counts of a Dexie table, read with plain IndexedDB (never creates the database). */
async function countRows(page: Page, tables: readonly string[]): Promise<number[]> {
	return page.evaluate(
		(names) =>
			new Promise<number[]>((resolve) => {
				void indexedDB.databases().then((dbs) => {
					if (!dbs.some((d) => d.name === 'business-center')) return resolve(names.map(() => 0));
					const open = indexedDB.open('business-center');
					open.onsuccess = () => {
						const db = open.result;
						try {
							const tx = db.transaction([...names], 'readonly');
							const counts = names.map((n) => tx.objectStore(n).count());
							tx.oncomplete = () => {
								db.close();
								resolve(counts.map((c) => c.result));
							};
							tx.onerror = () => {
								db.close();
								resolve(names.map(() => 0));
							};
						} catch {
							db.close();
							resolve(names.map(() => 0));
						}
					};
					open.onerror = () => resolve(names.map(() => 0));
				});
			}),
		tables
	);
}

/** The account room's materialised state vector is stored (the materialiser has flushed). */
async function materialisedSvStored(page: Page, room: string): Promise<boolean> {
	return page.evaluate(
		(name) =>
			new Promise<boolean>((resolve) => {
				const open = indexedDB.open('business-center');
				open.onsuccess = () => {
					const db = open.result;
					const get = db.transaction('rooms', 'readonly').objectStore('rooms').get(name);
					get.onsuccess = () => {
						db.close();
						resolve((get.result as { materialisedSv?: unknown } | undefined)?.materialisedSv != null);
					};
					get.onerror = () => resolve(false);
				};
				open.onerror = () => resolve(false);
			}),
		room
	);
}

/*
 * Scripts run in the page are plain JavaScript strings: tsx compiles this file with esbuild's
 * keepNames, which wraps named functions in a `__name` helper that the page doesn't have.
 */

/**
 * Installed in a page before it loads: the first member rows are timed, then (when a prefix
 * is given) the prefix is typed into the search box at once and the filtered rows are timed.
 * All times are `performance.now()`: milliseconds since the page's navigation started.
 */
function benchObserver(prefix: string | null, expect: number): string {
	return `(() => {
	const prefix = ${JSON.stringify(prefix)};
	const expect = ${expect};
	const b = (window.__bench = {});
	const observer = new MutationObserver(function () {
		const rows = document.querySelectorAll('.people-table tbody tr');
		if (b.rows === undefined) {
			if (rows.length === 0) return;
			b.rows = performance.now();
			b.rowCount = rows.length;
			if (prefix === null) return observer.disconnect();
			const input = document.querySelector('input[type=search]');
			if (input === null) return;
			input.value = prefix;
			input.dispatchEvent(new Event('input', { bubbles: true }));
			b.typed = performance.now();
			return;
		}
		if (b.done === undefined && rows.length === expect && Array.from(rows).every(function (r) { return (r.querySelector('.email')?.textContent ?? '').startsWith(prefix); })) {
			b.done = performance.now();
			observer.disconnect();
		}
	});
	observer.observe(document, { subtree: true, childList: true, characterData: true });
})();`;
}

/** Types `prefix` into the search box of an open People page; ms until the rows show only its matches. */
async function timeSearch(page: Page, prefix: string, expect: number): Promise<number> {
	return page.evaluate(`new Promise(function (resolve, reject) {
	const prefix = ${JSON.stringify(prefix)};
	const expect = ${expect};
	const input = document.querySelector('input[type=search]');
	const body = document.querySelector('.people-table tbody');
	if (input === null || body === null) return reject(new Error('no search box or table'));
	function done() {
		const rows = body.querySelectorAll('tr');
		return rows.length === expect && Array.from(rows).every(function (r) { return (r.querySelector('.email')?.textContent ?? '').startsWith(prefix); });
	}
	const timer = setTimeout(function () { reject(new Error('search "' + prefix + '" did not settle')); }, 20000);
	const t0 = performance.now();
	const observer = new MutationObserver(function () {
		if (!done()) return;
		observer.disconnect();
		clearTimeout(timer);
		resolve(performance.now() - t0);
	});
	observer.observe(body, { subtree: true, childList: true, characterData: true });
	input.value = prefix;
	input.dispatchEvent(new Event('input', { bubbles: true }));
})`) as Promise<number>;
}

async function signIn(page: Page, email: string): Promise<void> {
	await page.goto('/');
	await page.getByRole('heading', { level: 1, name: 'Sign in to Business Center' }).waitFor();
	await page.getByLabel('Email address', { exact: true }).fill(email);
	await page.getByLabel('Password', { exact: true }).fill(password);
	await page.getByRole('button', { name: 'Sign in', exact: true }).click();
	await page.getByRole('heading', { level: 1, name: /^Signed in as / }).waitFor({ timeout: 60_000 });
}

async function waitUntil(what: string, timeoutMs: number, check: () => Promise<boolean>, pollMs = 50): Promise<number> {
	const t0 = performance.now();
	for (;;) {
		if (await check()) return performance.now();
		if (performance.now() - t0 > timeoutMs) throw new Error(`${what}: not after ${timeoutMs} ms`);
		await sleep(pollMs);
	}
}

async function bundleMaterialiser(projectRoot: string): Promise<string> {
	const esbuild = await import('esbuild');
	const lib = join(projectRoot, 'src', 'lib');
	const result = await esbuild.build({
		entryPoints: [join(import.meta.dirname, 'browser', 'materialise.ts')],
		bundle: true,
		write: false,
		format: 'iife',
		platform: 'browser',
		target: 'es2022',
		minify: true,
		logLevel: 'silent',
		plugins: [
			{
				name: 'sveltekit-lib',
				setup(build) {
					build.onResolve({ filter: /^\$lib(\/|$)/ }, async (args) => {
						const rest = args.path.replace(/^\$lib/, '');
						const resolved = await build.resolve(`./${join('.', rest)}`, { resolveDir: lib, kind: args.kind });
						return resolved.errors.length > 0 ? { errors: resolved.errors } : { path: resolved.path };
					});
				}
			}
		]
	});
	return result.outputFiles[0]!.text;
}

async function measureMaterialiser(context: BrowserContext, baseUrl: string, projectRoot: string, update: Uint8Array, adminId: string, runs: number): Promise<NonNullable<ColdStartResult['materialise']>> {
	const script = await bundleMaterialiser(projectRoot);
	const page = await context.newPage();
	try {
		// A page of the relay's origin (IndexedDB is per origin) that is not the app.
		await page.route('**/__bench/materialise', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>bench</title>' }));
		await page.goto(`${baseUrl}/__bench/materialise`);
		await page.addScriptTag({ content: script });
		const b64 = Buffer.from(update).toString('base64');
		const rebuildMs: number[] = [];
		const incrementalMs: number[] = [];
		const applyMs: number[] = [];
		for (let i = 0; i < runs; i++) {
			for (const mode of ['rebuild', 'incremental'] as const) {
				const r = await page.evaluate(
					({ b64, room, userId, mode }) =>
						(window as unknown as { benchMaterialise: (u: string, r: string, id: string, m: string) => Promise<{ ms: number; members: number; assets: number; applyMs: number }> }).benchMaterialise(b64, room, userId, mode),
					{ b64, room: `account/${accountId}`, userId: adminId, mode }
				);
				if (mode === 'rebuild') rebuildMs.push(r.ms);
				else {
					incrementalMs.push(r.ms);
					applyMs.push(r.applyMs);
				}
				if (r.members < 2 || r.assets === 0) throw new Error(`${mode}: materialised ${r.members} members, ${r.assets} assets`);
			}
		}
		return { rebuildMs, incrementalMs, applyMs };
	} finally {
		await page.close();
	}
}

export async function runColdStartBench(projectRoot: string, params: ColdStartParams, log: (line: string) => void): Promise<ColdStartResult> {
	if (!existsSync(chromiumPath)) throw new Error(`no Chromium at ${chromiumPath} (run .ci/install-chromium.sh)`);
	await ensureAppBuilt(projectRoot, { info: (m) => log(`  ${m}`), warn: (m) => log(`  ${m}`), error: (m) => log(`  ${m}`) });
	const dataDir = await mkdtemp(join(tmpdir(), 'bc-bench-cold-'));
	let proc: ServerProcess | null = null;
	let browser: Browser | null = null;
	try {
		const { admin, seed } = await seedAccount(dataDir, params, log);
		// The seed again, whole, for the materialiser-only measurement.
		const seedUpdate = await (async () => {
			const db = openSqliteDatabase(join(dataDir, 'relay.sqlite'), SqliteSynchronous.Normal);
			try {
				const stored = await new SqliteRoomStorage(db).loadRoom(`account/${accountId}`);
				return Y.mergeUpdates([...stored.updates]);
			} finally {
				db.close();
			}
		})();
		proc = await startServer(ServerKind.Validated, { dataDir, secret });
		const baseUrl = `http://127.0.0.1:${proc.port}`;
		browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
		const context = await browser.newContext({ baseURL: baseUrl, locale: 'en-US', viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
		context.setDefaultTimeout(60_000);
		const people = `/a/${accountId}/settings/users`;

		// First load: signed in, nothing of the account in IndexedDB yet.
		let page = await context.newPage();
		await signIn(page, admin.email);
		await page.addInitScript(benchObserver(null, 0));
		const t0 = performance.now();
		await page.goto(people);
		let membersAt = Number.NaN;
		let assetsAt = Number.NaN;
		await waitUntil('first sync', 300_000, async () => {
			const [members, assets] = await countRows(page, ['members', 'assets']);
			if (Number.isNaN(membersAt) && members! >= params.members) membersAt = performance.now();
			if (Number.isNaN(assetsAt) && assets! >= params.assets) assetsAt = performance.now();
			return !Number.isNaN(membersAt) && !Number.isNaN(assetsAt);
		});
		await page.waitForFunction('window.__bench && window.__bench.rows !== undefined', undefined, { timeout: 60_000, polling: 20 });
		const firstSyncRowsMs = ((await page.evaluate('window.__bench.rows')) as number | undefined) ?? Number.NaN;
		const firstSyncMs = membersAt - t0;
		const firstSyncAssetsMs = assetsAt - t0;
		log(`  first sync: members ${firstSyncMs.toFixed(0)} ms, assets ${firstSyncAssetsMs.toFixed(0)} ms, first rows at ${firstSyncRowsMs.toFixed(0)} ms`);
		// Let the document and the materialised state vector reach IndexedDB before closing.
		await waitUntil('materialised state stored', 60_000, () => materialisedSvStored(page, `account/${accountId}`), 100);
		await sleep(1500);
		await page.close();

		// Offline: new pages of the same context.
		await context.setOffline(true);
		let offlineNavigation = 'works (index.html and the scripts from the HTTP cache)';
		const runs: ColdRun[] = [];
		const probe = await context.newPage();
		try {
			await probe.goto(people, { timeout: 15_000 });
		} catch (error) {
			const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
			offlineNavigation = `fails (${/net::[A-Z_]+/.exec(message)?.[0] ?? message})`;
		}
		await probe.close();
		if (offlineNavigation.startsWith('fails')) {
			// No service worker: the browser can't load index.html offline. Serve the app's files
			// from build/ to the page (what a service worker's cache would do); the relay stays
			// unreachable (offline), so every row comes from IndexedDB.
			log(`  offline navigation ${offlineNavigation}; serving build/ to the page from disk instead`);
			await context.route('**/*', async (route) => {
				const url = new URL(route.request().url());
				if (url.origin !== baseUrl || url.pathname.startsWith('/api/') || url.pathname.startsWith('/sync/')) return route.abort('internetdisconnected');
				const file = join(projectRoot, 'build', decodeURIComponent(url.pathname));
				const isFile = url.pathname !== '/' && existsSync(file) && !file.endsWith('/');
				return route.fulfill({ path: isFile ? file : join(projectRoot, 'build', 'index.html') });
			});
		}
		for (let i = 0; i < params.runs; i++) {
			page = await context.newPage();
			const prefix = `m${pad(i * 37 + 100).slice(0, 4)}`;
			await page.addInitScript(benchObserver(prefix, 10));
			await page.goto(people);
			try {
				await page.waitForFunction('window.__bench && window.__bench.done !== undefined', undefined, { timeout: 60_000, polling: 20 });
			} catch (error) {
				const shown = ((await page.evaluate('document.body.innerText').catch(() => '?')) as string).replace(/\s+/g, ' ').slice(0, 300);
				throw new Error(`offline cold start ${i + 1}: the list did not become interactive; the page shows: ${shown}`, { cause: error });
			}
			const b = (await page.evaluate('window.__bench')) as { rows: number; rowCount: number; done: number };
			runs.push({ rowsMs: b.rows, interactiveMs: b.done, rowsShown: b.rowCount });
			log(`  offline cold start ${i + 1}: rows at ${b.rows.toFixed(0)} ms (${b.rowCount} shown), search answered at ${b.done.toFixed(0)} ms`);
			if (i < params.runs - 1) await page.close();
		}
		// Search latency on the last page (still offline, list loaded).
		const searchMs: number[] = [];
		for (let i = 0; i < params.searches; i++) {
			const prefix = `m${pad((i * 211) % (params.members - 12)).slice(0, 4)}`;
			searchMs.push(await timeSearch(page, prefix, 10));
			// Back to the whole list between searches, so that each one changes the rows.
			await timeSearch(page, 'm', 100);
		}
		log(`  search: p50 ${percentile(searchMs, 50).toFixed(1)} ms, p99 ${percentile(searchMs, 99).toFixed(1)} ms`);
		await page.close();
		await context.unrouteAll({ behavior: 'ignoreErrors' });
		await context.setOffline(false);

		let materialise: ColdStartResult['materialise'] = null;
		let materialiseProblem = '';
		try {
			materialise = await measureMaterialiser(context, baseUrl, projectRoot, seedUpdate, admin.id, params.materialiseRuns);
			log(`  materialiser: rebuild p50 ${percentile(materialise.rebuildMs, 50).toFixed(0)} ms, incremental p50 ${percentile(materialise.incrementalMs, 50).toFixed(0)} ms`);
		} catch (error) {
			materialiseProblem = error instanceof Error ? error.message.split('\n')[0]! : String(error);
			log(`  materialiser: FAILED ${materialiseProblem}`);
		}
		await context.close();
		return { params, seed, firstSyncMs, firstSyncAssetsMs, firstSyncRowsMs, offlineNavigation, runs, searchMs, materialise, materialiseProblem };
	} finally {
		await browser?.close().catch(() => {});
		await proc?.stop();
		await rm(dataDir, { recursive: true, force: true });
	}
}
