/**
 * `npm run bench` — measures, never asserts. Business Center against the alternatives a
 * self-hoster would pick instead, in one run on one machine; ratios are the result. Writes
 * BENCHMARKS.md. `npm run bench -- --quick` is a smoke run of about a minute.
 *
 * 1. Relay throughput and fan-out latency (ours with and without validation, y-websocket@1.5,
 *    Hocuspocus), each server in its own child process, real websockets on 127.0.0.1.
 * 2. Validation cost per update against document size (in-process).
 * 3. Storage: acked updates/s with commit-before-ack, recovery after restart.
 * 4. Client: the JS the first page loads, gzipped; cold start of the People page from
 *    IndexedDB in Chromium (10,000 members, 5,000 assets), the materialiser, search latency.
 * 5. Two relay nodes sharing PostgreSQL + Redis: writer on one node, observers on the other.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { measureFirstPageJs, type BundleResult } from './client.ts';
import { runClusterBench, type ClusterResult } from './cluster.ts';
import { runColdStartBench, type ColdStartParams, type ColdStartResult } from './coldstart.ts';
import { ServerKind, serverLabel } from './kinds.ts';
import { runRelayBench, UpdateKind, type RelayParams, type RelayResult, type RelayRow } from './relay.ts';
import { runStorageBench, type StorageResult } from './storage.ts';
import { runValidationBench, type ValidationRow } from './validation.ts';
import { percentile } from './stats.ts';

const quick = process.argv.includes('--quick');
const projectRoot = join(import.meta.dirname, '..');
const startedAt = new Date();
const t0 = performance.now();
const loadBefore = os.loadavg();

// Bounded: a run that hangs is killed (and its servers with it, see processes.ts).
const watchdog = setTimeout(
	() => {
		console.error(`bench: still running after ${quick ? 5 : 20} minutes, giving up`);
		process.exit(1);
	},
	(quick ? 5 : 20) * 60_000
);
watchdog.unref();

const log = (line: string): void => console.log(line);

const relayParams: RelayParams = quick
	? { clientCounts: [1, 20], bigCount: 100, warmup: 10, latencyUpdates: 40, throughputUpdates: 150, window: 50, bigRowFor: [ServerKind.Plain, ServerKind.YWebsocket, ServerKind.Hocuspocus] }
	: { clientCounts: [1, 50, 200], bigCount: 1000, warmup: 50, latencyUpdates: 500, throughputUpdates: 2000, window: 50, bigRowFor: [ServerKind.Plain, ServerKind.YWebsocket, ServerKind.Hocuspocus] };
const validationSizes: [number, number][] = quick ? [[10, 0], [1000, 500]] : [[10, 0], [1000, 0], [10_000, 5000]];
const validationIterations = quick ? 200 : 2000;
const coldParams: ColdStartParams = quick
	? { members: 2000, assets: 1000, runs: 2, searches: 5, materialiseRuns: 1 }
	: { members: 10_000, assets: 5000, runs: 5, searches: 20, materialiseRuns: 3 };
const clusterParams = quick
	? { observerCounts: [1, 50], warmup: 10, latencyUpdates: 40, throughputUpdates: 150, window: 50 }
	: { observerCounts: [1, 50], warmup: 50, latencyUpdates: 500, throughputUpdates: 2000, window: 50 };
const storageParams = quick ? { ackUpdates: 200, window: 50, recoveryUpdates: 5000 } : { ackUpdates: 2000, window: 50, recoveryUpdates: 100_000 };

function version(pkg: string): string {
	try {
		return (JSON.parse(readFileSync(join(projectRoot, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
	} catch {
		return '?';
	}
}

log(`bench${quick ? ' --quick' : ''}: 1/5 relay throughput and fan-out`);
const relay: RelayResult = await runRelayBench(relayParams, log);
log('bench: 2/5 validation cost against document size');
const validation: ValidationRow[] = runValidationBench(validationSizes, validationIterations, log);
log('bench: 3/5 storage');
const storage: StorageResult = await runStorageBench(storageParams, log);
log('bench: 4/5 client');
let bundle: BundleResult | null = null;
let bundleProblem = '';
try {
	bundle = await measureFirstPageJs(projectRoot, !quick, log);
	if (bundle === null) bundleProblem = 'build/ is missing (the quick run does not build; `npm run bench` does)';
} catch (error) {
	bundleProblem = `the build failed: ${error instanceof Error ? error.message : String(error)}`;
}
let cold: ColdStartResult | null = null;
let coldProblem = '';
try {
	cold = await runColdStartBench(projectRoot, coldParams, log);
} catch (error) {
	coldProblem = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
	log(`  cold start FAILED: ${coldProblem}`);
}
log('bench: 5/5 two relay nodes (PostgreSQL + Redis)');
const cluster: ClusterResult = await runClusterBench(projectRoot, clusterParams, log);
const seconds = (performance.now() - t0) / 1000;
const loadAfter = os.loadavg();

// ------------------------------------------------------------------ the report

const f0 = (n: number): string => (Number.isFinite(n) ? n.toFixed(0) : '–');
const f1 = (n: number): string => (Number.isFinite(n) ? n.toFixed(1) : '–');
const f2 = (n: number): string => (Number.isFinite(n) ? n.toFixed(2) : '–');
const f3 = (n: number): string => (Number.isFinite(n) ? n.toFixed(3) : '–');
const status = (met: boolean | null): string => (met === null ? '**not measured**' : met ? '**met**' : '**missed**');

const find = (server: ServerKind, kind: UpdateKind, observers: number): RelayRow | undefined =>
	relay.rows.find((r) => r.server === server && r.kind === kind && r.observers === observers);

// Target 1a: validation on ≥ 0.8× plain throughput (every client count, both update kinds).
const throughputRatios: { kind: UpdateKind; observers: number; ratio: number }[] = [];
for (const kind of [UpdateKind.Member, UpdateKind.Book]) {
	for (const n of relayParams.clientCounts) {
		const on = find(ServerKind.Validated, kind, n);
		const off = find(ServerKind.Plain, kind, n);
		if (on && off) throughputRatios.push({ kind, observers: n, ratio: on.updatesPerSecond / off.updatesPerSecond });
	}
}
const worstThroughput = throughputRatios.reduce((w, r) => (w === null || r.ratio < w.ratio ? r : w), null as (typeof throughputRatios)[number] | null);
const throughputMet = worstThroughput === null ? null : worstThroughput.ratio >= 0.8;
const meanThroughputRatio = throughputRatios.length === 0 ? Number.NaN : throughputRatios.reduce((s, r) => s + r.ratio, 0) / throughputRatios.length;

// Target 1b: validation time independent of size (largest within 2× of smallest).
const sizeRatio = validation[validation.length - 1]!.validateP50 / validation[0]!.validateP50;
const sizeMet = sizeRatio <= 2;

// Target 2: 1,000 observers, p99 < 50 ms, validation on.
const bigRow = find(ServerKind.Validated, UpdateKind.Member, relayParams.bigCount);
const bigMet = bigRow === undefined ? null : quick ? null : bigRow.p99 < 50;

// Target 3a: cold start from IndexedDB, member list interactive < 500 ms (p50 over the runs).
const coldRows = cold ? percentile(cold.runs.map((r) => r.rowsMs), 50) : Number.NaN;
const coldInteractive = cold ? percentile(cold.runs.map((r) => r.interactiveMs), 50) : Number.NaN;
const coldFull = cold !== null && cold.params.members >= 10_000 && cold.params.assets >= 5000;
const coldMet = cold === null || !coldFull ? null : coldInteractive < 500;
const searchP50 = cold ? percentile(cold.searchMs, 50) : Number.NaN;
const searchP99 = cold ? percentile(cold.searchMs, 99) : Number.NaN;
const applyP50 = cold?.materialise ? percentile(cold.materialise.applyMs, 50) : Number.NaN;
const offlineFails = cold?.offlineNavigation.startsWith('fails') ?? false;

function coldCell(): string {
	if (cold === null) return `not measured: ${coldProblem} | **not measured**`;
	const measured = `p50 ${f0(coldInteractive)} ms to a filtered list (first rows at p50 ${f0(coldRows)} ms), ${cold.runs.length} offline runs, ${cold.params.members.toLocaleString('en')} members + ${cold.params.assets.toLocaleString('en')} assets`;
	if (!coldFull) return `${measured} | **not measured** (the quick run's account is smaller than the target's)`;
	let why = '';
	if (coldMet === false) {
		why =
			` The first rows are on screen at ${f0(coldRows)} ms, within the budget; the prefix typed at that moment is answered ${f0(coldInteractive - coldRows)} ms later, ` +
			`while the same search on a page that has finished loading takes p50 ${f1(searchP50)} ms (section 4). In between the page is busy: most likely loading the ` +
			`account's Y.Doc (${f1(cold.seed.updateBytes / 2 ** 20)} MB of updates) from IndexedDB and applying it (\`Y.applyUpdate\` of the whole account alone takes ` +
			`${f0(applyP50)} ms in this Chromium) and comparing its state vector with the materialised one, all on the main thread, before the live query can answer. Not profiled yet.`;
	}
	return `${measured} | ${status(coldMet)}${why}${offlineFails ? ' Also: a new page cannot be opened offline at all (no service worker; see section 4).' : ''}`;
}

// Target 3b: first page JS < 150 KB gzipped.
const bundleMet = bundle === null ? null : bundle.totalGzip <= 150 * 1024;

const plainPerUpdateMs = (kind: UpdateKind, n: number): number => 1000 / (find(ServerKind.Plain, kind, n)?.updatesPerSecond ?? Number.NaN);
const validateMs = validation[validation.length - 1]!.validateP50;

const kindRatios = (kind: UpdateKind): string =>
	throughputRatios
		.filter((r) => r.kind === kind)
		.map((r) => `${f2(r.ratio)}× at ${r.observers}`)
		.join(', ');

function throughputReason(): string {
	if (throughputMet !== false || worstThroughput === null) return '';
	const w = worstThroughput;
	return (
		` Worst: ${w.kind}, ${w.observers} observer(s), ${f2(w.ratio)}×. Per update the plain relay spends ~${f2(plainPerUpdateMs(w.kind, w.observers))} ms ` +
		`(apply, one SQLite commit with fsync, broadcast); the check itself is ~${f3(validateMs)} ms (section 2), so the gap is not the check but the ` +
		`rest of an accepted write on the validating path — most likely the activity entry the relay writes into \`account/<id>/activity\` for every ` +
		`accepted change (a second room in the same commit, compacted every 500 entries), the clientID bookkeeping and, for member changes, the read-access ` +
		`re-check of the changed member. Not profiled separately yet. ` +
		`On this shared 2-core machine the rows also vary by ±30 % from run to run (mean ratio over all rows ${f2(meanThroughputRatio)}×). ` +
		`By update kind: member changes ${kindRatios(UpdateKind.Member)}; book edits ${kindRatios(UpdateKind.Book)} (the book edits run after every member-change scenario, ` +
		`i.e. after ${(relayParams.warmup + relayParams.latencyUpdates + relayParams.throughputUpdates) * (relayParams.clientCounts.length + 1)} accepted member changes and as many activity entries).`
	);
}

function relayTable(kind: UpdateKind): string {
	const counts = kind === UpdateKind.Member ? [...relayParams.clientCounts, relayParams.bigCount] : relayParams.clientCounts;
	const lines = [
		'| server | observers | updates/s | × validation off | fan-out p50 (ms) | fan-out p99 (ms) | peak RSS (MB) |',
		'|---|---:|---:|---:|---:|---:|---:|'
	];
	for (const n of counts) {
		for (const server of [ServerKind.Validated, ServerKind.Plain, ServerKind.YWebsocket, ServerKind.Hocuspocus]) {
			const row = find(server, kind, n);
			if (!row) continue;
			const base = find(ServerKind.Plain, kind, n);
			lines.push(
				`| ${serverLabel[server]} | ${n} | ${f0(row.updatesPerSecond)} | ${base ? `${f2(row.updatesPerSecond / base.updatesPerSecond)}×` : '–'} | ${f2(row.p50)} | ${f2(row.p99)} | ${f0(row.peakRssMb)} |`
			);
		}
	}
	return lines.join('\n');
}

const cpu = os.cpus();
const md = `# Benchmarks

Written by \`npm run bench${quick ? ' -- --quick' : ''}\` on ${startedAt.toISOString().replace('T', ' ').slice(0, 16)} UTC in ${f0(seconds)} s.${
	quick ? '\n**Quick smoke run: small samples, reduced client counts; the numbers are not the result.**' : ''
}

**Machine:** a shared ${cpu.length}-core machine (${cpu[0]?.model.trim() ?? 'cpu'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()};
other engineers were running tests on it during the run (load average ${loadBefore.map(f1).join(' / ')} at the start,
${loadAfter.map(f1).join(' / ')} at the end). Servers and the load-generating clients share the two cores, so absolute
times are pessimistic and noisy (±30 % between runs); **compare rows within one run — ratios are the result.**

**Versions:** Node ${process.version}, yjs ${version('yjs')}, ws ${version('ws')}, better-sqlite3 ${version('better-sqlite3')},
y-websocket ${version('y-websocket-15')} (server utilities, \`bin/utils\`), @hocuspocus/server ${version('@hocuspocus/server')}
(the newest release whose \`engines\` allows Node 20; 4.x needs Node 22).

## DESIGN §6 targets

| target | measured | status |
|---|---|---|
| Relay with validation ≥ 0.8× the update throughput of the plain relay | ${
	worstThroughput === null ? '–' : `${f2(worstThroughput.ratio)}× worst row (${worstThroughput.kind}, ${worstThroughput.observers} obs.), ${f2(meanThroughputRatio)}× mean`
} | ${status(throughputMet)}${throughputReason()} |
| Validation time per update independent of doc size (10 vs 10,000 members within 2×) | ${f2(sizeRatio)}× (p50 ${f3(validation[0]!.validateP50)} → ${f3(validation[validation.length - 1]!.validateP50)} ms) | ${status(sizeMet)} |
| One writer, 1,000 observers on one room, validation on: p99 fan-out < 50 ms | ${
	bigRow ? `p99 ${f1(bigRow.p99)} ms, p50 ${f1(bigRow.p50)} ms at ${relayParams.bigCount} observers` : '–'
} | ${quick ? '**not measured** (the quick run has 100 observers)' : status(bigMet)}${
	bigMet === false
		? ` The writer's update is validated and fsynced before the broadcast (~${f2(find(ServerKind.Validated, UpdateKind.Member, 1)?.p50 ?? Number.NaN)} ms with one observer); the rest is writing ${relayParams.bigCount} frames in one event-loop turn of the relay and reading them in the one client process that hosts every observer, both on a shared 2-core machine (compare the peers' rows at ${relayParams.bigCount}).`
		: ''
} |
| Cold start from IndexedDB, 10,000 members + 5,000 assets: member list interactive < 500 ms | ${coldCell()} |
| JS the first page loads < 150 KB gzipped | ${bundle ? `${f1(bundle.totalGzip / 1024)} KB gzipped (${f1(bundle.totalBytes / 1024)} KB raw)` : '–'} | ${status(bundleMet)}${
	bundleMet === false ? ' Over budget: see the file list in section 4.' : ''
}${bundle === null ? ` ${bundleProblem}` : ''} |

## 1. Relay throughput and fan-out

One room, one writer, N observers (plus the writer), real websockets on 127.0.0.1, each
server in its own child process (\`bench/server.ts\`, run with the tsx loader like \`npm start\`),
all clients in the bench process. The updates are made once by the domain commands
(\`changeMemberTypes\` on the account room, ${f0(relay.updateBytes[UpdateKind.Member])} bytes on average; \`editBook\` on the
catalog room, ${f0(relay.updateBytes[UpdateKind.Book])} bytes) and the same bytes are sent to every server.

- **Business Center relay, validation on**: the account (admin, ${relayParams.bigCount} observers who are members
  with \`catalog\`, one book) is built through this relay by a real client with the domain
  commands; users sign up over the HTTP API (the bench starts the relay with high rate limits
  and cheap scrypt). Every write is validated, committed to SQLite (synchronous=FULL) and acked
  before it is broadcast; each accepted change also writes its activity entry.
- **validation off**: \`startRelay({ validation: false })\` — same relay, same SQLite commit
  before broadcast, no read check, no validation, no activity. The baseline of the §6 ratio.
- **y-websocket@1.5** (\`setupWSConnection\`) and **Hocuspocus** (no extensions): no auth, no
  persistence, no validation; they are sent the account as a seed update first. Both echo
  each update back to its writer too.
- **fan-out latency**: the writer sends one update and waits until every observer has
  received it; p50/p99 over ${relayParams.latencyUpdates} updates (after ${relayParams.warmup} warm-up updates).
- **updates/s**: ${relayParams.throughputUpdates} updates with at most ${relayParams.window} not yet delivered to every observer;
  updates / time until every observer has all of them.
- **peak RSS**: the server process, sampled every 20 ms during the scenario.

### One member change (account room)

${relayTable(UpdateKind.Member)}

### One book edit (catalog room)

${relayTable(UpdateKind.Book)}
${relay.failures.length > 0 ? `\nFailed scenarios (left out of the tables):\n\n${relay.failures.map((f) => `- ${f}`).join('\n')}\n` : ''}
## 2. Validation cost per update against document size

In-process, no sockets. One update: an admin changes one member's access types. "validate"
is the relay's whole gate (\`validateUpdate\`: decode, classify, derive actions, policy,
invariants); the baseline is what a plain relay does with the same update (\`Y.applyUpdate\`).
${validationIterations} updates per size after 200 warm-up updates.

| members | assets | validate p50 (ms) | validate p99 (ms) | plain apply p50 (ms) | validate / apply |
|---:|---:|---:|---:|---:|---:|
${validation.map((r) => `| ${r.members} | ${r.assets} | ${f3(r.validateP50)} | ${f3(r.validateP99)} | ${f3(r.applyP50)} | ${f2(r.validateP50 / r.applyP50)}× |`).join('\n')}

Largest / smallest validate p50: ${f2(sizeRatio)}× — ${sizeMet ? 'met' : 'missed'} (target ≤ 2×).

## 3. Storage

**Acked updates/s, commit before ack.** The relay with validation on, one writer, no
observers, ${storageParams.ackUpdates} member changes with at most ${storageParams.window} unacknowledged; an ack is sent only
after the write (and its activity entry) is committed. Baseline: the same relay with a store
that keeps nothing.

| store | acked updates/s | × no storage |
|---|---:|---:|
${storage.acks.map((r) => `| ${r.store} | ${f0(r.updatesPerSecond)} | ${f2(r.updatesPerSecond / storage.acks[storage.acks.length - 1]!.updatesPerSecond)}× |`).join('\n')}

**Recovery after a restart.** A room with ${storage.recoveryUpdates.toLocaleString('en')} updates (one account, one member's
types changed back and forth by the domain commands; made in ${f1(storage.generateMs / 1000)} s) written by
\`SqliteRoomStorage\` into a fresh DATA_DIR; then a new relay process starts on it. The relay
loads a room on its first socket, so the time is: first socket opened → that client holds
the whole room (the relay read the snapshot and the log and applied them). "No compaction" is
a log that was never folded (\`COMPACT_AFTER\` larger than the log); the relay's default folds
every 500 updates, so a room it wrote never has more than 499 log entries past its snapshot.

| stored as | log entries | database (MB) | relay process start → listening (ms) | first socket → room synced (ms) |
|---|---:|---:|---:|---:|
${storage.recovery.map((r) => `| ${r.variant} | ${r.logEntries.toLocaleString('en')} | ${f1(r.storedBytes / 2 ** 20)} | ${f0(r.startMs)} | ${f0(r.firstSyncMs)} |`).join('\n')}

## 4. Client

**JS the first page loads**, gzipped (level 9) one file at a time from \`build/\`${
	bundle ? ` (built ${bundle.builtAt.toISOString().slice(0, 16).replace('T', ' ')} UTC${bundle.rebuilt ? ', rebuilt by this run because the sources were newer' : ''})` : ''
}: the scripts
\`build/index.html\` preloads and imports, the node of the \`/\` page, and every static import
they reach (dynamic imports are not counted).
${
	bundle
		? `
| file | bytes | gzipped |
|---|---:|---:|
${bundle.files.map((f) => `| \`${f.path}\` | ${f.bytes.toLocaleString('en')} | ${f.gzipBytes.toLocaleString('en')} |`).join('\n')}
| **total** | **${bundle.totalBytes.toLocaleString('en')}** | **${bundle.totalGzip.toLocaleString('en')}** (${f1(bundle.totalGzip / 1024)} KB) |
`
		: `\nNot measured: ${bundleProblem}.\n`
}
### Cold start of the People page from IndexedDB (Chromium, real app)

${
	cold === null
		? `Not measured: ${coldProblem}.\n`
		: `An account with ${cold.params.members.toLocaleString('en')} members and ${cold.params.assets.toLocaleString('en')} assets. The admin and the account are made through
the relay (sign-up over HTTP, \`createAccount\` over a socket, so the relay writes the admin's user room); the other members
and the assets are made in Node by the domain commands on a copy of that document (${f1(cold.seed.buildMs / 1000)} s, one update of
${f1(cold.seed.updateBytes / 2 ** 20)} MB), passed through the relay's own gate \`validateUpdate\` as one update from the admin (accepted, in
${f1(cold.seed.validateMs / 1000)} s), and written straight into the relay's SQLite (users through \`SqliteUserStore\`, the room as a
compacted snapshot through \`SqliteRoomStorage\`, ${f1(cold.seed.storeMs / 1000)} s). After a restart on that store one member change by the
admin over a socket was ${cold.seed.acceptedWrite ? 'validated and acked' : '**not** acked'}. Debian's Chromium (headless, playwright-core) then signs the admin in
through the sign-in form and opens \`/a/<id>/settings/users\`.

- **First sync + materialisation** (signed in, nothing of the account in IndexedDB): navigation → all
  ${cold.params.members.toLocaleString('en')} rows in the Dexie \`members\` table: **${f0(cold.firstSyncMs)} ms**; all ${cold.params.assets.toLocaleString('en')} \`assets\` rows: ${f0(cold.firstSyncAssetsMs)} ms
  (polled every 50 ms); first member rows on screen at ${f0(cold.firstSyncRowsMs)} ms.
- **Offline cold start**: that page is closed, the context goes offline (\`context.setOffline(true)\`) and a new page
  of the same context opens the People page. Offline navigation ${cold.offlineNavigation}.${
			offlineFails
				? `\n  The app registers no service worker, so nothing can load \`index.html\` without the network: **a user can't open the
  app in a new tab while offline**, whatever IndexedDB holds. To time what IndexedDB gives, the bench then serves
  \`build/\` to the page from disk (Playwright \`route.fulfill\`, standing in for a service worker's cache; the relay's
  \`/api\` and \`/sync\` stay unreachable).`
				: ''
		}
  Times are \`performance.now()\` in the page (from navigation start): the first member rows in the DOM, then a 5-character
  email prefix typed into the search box at that instant (an \`input\` event from a script installed before the page loads),
  until the table shows exactly the 10 matching rows.

| run | first rows (ms) | rows shown | search typed at first rows → filtered rows (ms from navigation) |
|---:|---:|---:|---:|
${cold.runs.map((r, i) => `| ${i + 1} | ${f0(r.rowsMs)} | ${r.rowsShown} | ${f0(r.interactiveMs)} |`).join('\n')}
| **p50** | **${f0(coldRows)}** | | **${f0(coldInteractive)}** |

- **Search latency** (live query): on the loaded page, offline, ${cold.searchMs.length} searches for a 5-character email prefix (10 matches out
  of ${cold.params.members.toLocaleString('en')}), each after going back to the whole list; typed (\`input\` event) → the table shows exactly the matches:
  **p50 ${f1(searchP50)} ms, p99 ${f1(searchP99)} ms**.
${
	cold.materialise
		? `- **Materialisation alone** (the app's \`Materialiser\` and Dexie schema, bundled from \`src/lib/db\` with esbuild, in a page of the
  same origin, real IndexedDB, a fresh database per run; ${cold.materialise.rebuildMs.length} run(s) each): from the document in memory to every row written.
  *Rebuild* (\`start()\` on a whole document, one transaction): **p50 ${f0(percentile(cold.materialise.rebuildMs, 50))} ms**.
  *Incremental* (an empty observed document receives the whole account as one update — the first sync's path; per-row
  \`put\`s in one transaction): **p50 ${f0(percentile(cold.materialise.incrementalMs, 50))} ms**, of which \`Y.applyUpdate\` itself ${f0(applyP50)} ms.
  The first sync above adds the socket, the relay's sync step 2 and y-dexie storing the document.`
		: `- Materialisation alone: not measured (${cold.materialiseProblem}).`
}
`
}
## 5. Two relay nodes sharing PostgreSQL and Redis

${
	cluster.rows.length === 0
		? `**Not measured:** ${cluster.problem}.`
		: `Member changes on the account room, validation on, one writer (the admin) and N observers, as in section 1
(fan-out p50/p99 over ${clusterParams.latencyUpdates} updates sent one at a time; updates/s over ${clusterParams.throughputUpdates} with at most ${clusterParams.window} in flight).
Each node is its own child process started like \`npm start\` with \`DATABASE_URL\` and \`REDIS_URL\` (${cluster.services}; a fresh
schema and Redis prefix, dropped afterwards); the account and its users are made through node A. On two nodes the writer's
socket is on node A and every observer's on node B: an update is validated and committed to PostgreSQL by A, published on
Redis, and B applies it and sends it to its sockets. The single-node SQLite rows are section 1's.

| layout | observers | updates/s | fan-out p50 (ms) | fan-out p99 (ms) |
|---|---:|---:|---:|---:|
${clusterParams.observerCounts
	.flatMap((n) => {
		const single = find(ServerKind.Validated, UpdateKind.Member, n);
		return [
			single ? `| one node, SQLite (section 1) | ${n} | ${f0(single.updatesPerSecond)} | ${f2(single.p50)} | ${f2(single.p99)} |` : `| one node, SQLite (section 1) | ${n} | not run at ${n} in this run | | |`,
			...cluster.rows.filter((r) => r.observers === n).map((r) => `| ${r.layout} | ${n} | ${f0(r.updatesPerSecond)} | ${f2(r.p50)} | ${f2(r.p99)} |`)
		];
	})
	.join('\n')}
${cluster.problem ? `\nNot every row was measured: ${cluster.problem}.\n` : ''}`
}

## Not measured yet

- **Offline start in a new tab without a service worker**: the app can't load at all offline (see section 4), so the cold
  start above is "IndexedDB → list" with the app's files served from disk, not what a user gets today.
- **A profile of the cold start** (where the time between the first rows and an answered search goes), and cold start on
  lower-end hardware (this is a 2-core server CPU, headless, no GPU).
- The seeded account has no activity entries and no user rooms for the generated members (they never sign in): only the
  admin's user room and the account room are what the relay would have written.
- **Cluster at 1,000 observers**, with observers spread over both nodes, and a node failing during the run.
- Observers spread over several client processes (all observers share one Node process here, which adds its own queueing
  to the 1,000-observer row).
`;

writeFileSync(join(projectRoot, 'BENCHMARKS.md'), md);
log(`bench: wrote BENCHMARKS.md in ${f0(seconds)} s`);
process.exit(0);
