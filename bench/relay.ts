/**
 * Relay throughput and fan-out latency: one room, one writer, N observers, the same Yjs
 * updates sent to each server (ours with validation, ours without, y-websocket@1.5,
 * Hocuspocus), each server in its own child process.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchSocket, openSockets, sleep, wireOf, type Wire } from './clients.ts';
import { startServer, type ServerProcess } from './processes.ts';
import { ServerKind } from './kinds.ts';
import { buildAccount, type BenchAccount } from './setup.ts';
import { percentile } from './stats.ts';

export const UpdateKind = { Member: 'member change', Book: 'book edit' } as const;
export type UpdateKind = (typeof UpdateKind)[keyof typeof UpdateKind];

export interface RelayParams {
	readonly clientCounts: readonly number[];
	/** The DESIGN §6 row: one writer, this many observers. */
	readonly bigCount: number;
	readonly warmup: number;
	/** Updates sent one at a time (latency). */
	readonly latencyUpdates: number;
	/** Updates sent with a window (throughput). */
	readonly throughputUpdates: number;
	readonly window: number;
	/** Servers that also run the big row (ours with validation always does). */
	readonly bigRowFor: readonly ServerKind[];
}

export interface RelayRow {
	readonly server: ServerKind;
	readonly kind: UpdateKind;
	readonly observers: number;
	readonly updatesPerSecond: number;
	readonly p50: number;
	readonly p99: number;
	readonly peakRssMb: number;
}

export interface RelayResult {
	readonly rows: RelayRow[];
	readonly updateBytes: Record<UpdateKind, number>;
	readonly params: RelayParams;
	readonly failures: string[];
}

const secret = 'bench-secret-0123456789abcdef';

interface Plan {
	readonly kind: UpdateKind;
	readonly observers: number;
	readonly updates: Uint8Array[];
	/** The DESIGN §6 row (member changes, `bigCount` observers). */
	readonly big: boolean;
}

/** Sends `frames`, at most `window` not yet received by every observer; returns each update's send→all time. */
export async function deliver(writer: BenchSocket, observers: readonly BenchSocket[], frames: readonly Uint8Array[], window: number): Promise<{ latencies: number[]; ms: number }> {
	const n = observers.length;
	const reached = new Int32Array(frames.length);
	const sentAt = new Float64Array(frames.length);
	const doneAt = new Float64Array(frames.length);
	let completed = 0;
	let wake: (() => void) | null = null;
	let lastProgress = performance.now();
	for (const o of observers) o.updates = 0;
	const onUpdate = (o: BenchSocket): void => {
		const k = o.updates - 1;
		if (k >= frames.length) return;
		if (++reached[k]! === n) {
			doneAt[k] = performance.now();
			while (completed < frames.length && reached[completed] === n) completed++;
			lastProgress = performance.now();
			const w = wake;
			wake = null;
			w?.();
		}
	};
	for (const o of observers) o.onUpdate = onUpdate;
	const waitProgress = async (): Promise<void> => {
		await new Promise<void>((resolve) => {
			wake = resolve;
			const timer = setTimeout(() => {
				if (wake === resolve) {
					wake = null;
					resolve();
				}
			}, 1000);
			timer.unref();
		});
		const failed = [writer, ...observers].find((s) => s.failure !== null);
		if (failed) throw new Error(`socket failed: ${failed.failure}`);
		if (performance.now() - lastProgress > 30_000) throw new Error(`no progress for 30 s (${completed}/${frames.length} delivered)`);
	};
	const t0 = performance.now();
	for (let i = 0; i < frames.length; i++) {
		while (i - completed >= window) await waitProgress();
		sentAt[i] = performance.now();
		writer.send(frames[i]!);
	}
	while (completed < frames.length) await waitProgress();
	const ms = performance.now() - t0;
	for (const o of observers) o.onUpdate = null;
	const latencies: number[] = [];
	for (let i = 0; i < frames.length; i++) latencies.push(doneAt[i]! - sentAt[i]!);
	return { latencies, ms };
}

async function runScenario(server: ServerProcess, wire: Wire, room: string, writer: BenchSocket, account: BenchAccount, plan: Plan, params: RelayParams): Promise<RelayRow> {
	await server.resetPeak();
	const observers = await openSockets(plan.observers, (i) => new BenchSocket(wire, server.port, room, account.observers[i]!.token));
	try {
		await sleep(200);
		const frames = plan.updates.map((u) => wire.update(room, u));
		const warm = params.warmup;
		const lat = params.latencyUpdates;
		await deliver(writer, observers, frames.slice(0, warm), 1);
		const latency = await deliver(writer, observers, frames.slice(warm, warm + lat), 1);
		const throughput = await deliver(writer, observers, frames.slice(warm + lat), params.window);
		const { peakRss } = await server.peak();
		return {
			server: server.kind,
			kind: plan.kind,
			observers: plan.observers,
			updatesPerSecond: (frames.length - warm - lat) / (throughput.ms / 1000),
			p50: percentile(latency.latencies, 50),
			p99: percentile(latency.latencies, 99),
			peakRssMb: peakRss / 2 ** 20
		};
	} finally {
		for (const o of observers) o.close();
		await sleep(300);
	}
}

/**
 * The writer of one room for a server's whole run. For servers that were not part of the
 * setup it first sends the account as it stands; it stays connected because Hocuspocus
 * (without persistence) drops a document when its last socket closes.
 */
async function openWriter(server: ServerProcess, wire: Wire, room: string, token: string, seed: Uint8Array | null): Promise<BenchSocket> {
	const writer = new BenchSocket(wire, server.port, room, token);
	await writer.joined;
	if (seed !== null) {
		writer.send(wire.update(room, seed));
		await sleep(300);
	}
	return writer;
}

export async function runRelayBench(params: RelayParams, log: (line: string) => void): Promise<RelayResult> {
	const rows: RelayRow[] = [];
	const failures: string[] = [];
	const servers: ServerKind[] = [ServerKind.Validated, ServerKind.Plain, ServerKind.YWebsocket, ServerKind.Hocuspocus];
	const perScenario = params.warmup + params.latencyUpdates + params.throughputUpdates;
	const plans: Plan[] = [];
	const maxObservers = Math.max(params.bigCount, ...params.clientCounts);
	const dirs: string[] = [];
	let account: BenchAccount | null = null;
	try {
		for (const server of servers) {
			const dataDir = await mkdtemp(join(tmpdir(), 'bc-bench-'));
			dirs.push(dataDir);
			const proc = await startServer(server, { dataDir, secret });
			let procWriters: BenchSocket[] = [];
			try {
				if (account === null) {
					// Ours with validation goes first: the account is built through it.
					log(`  building the account through the validating relay (${maxObservers} observers)…`);
					const t0 = performance.now();
					account = await buildAccount(proc.port, maxObservers);
					log(`  built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
					for (const kind of [UpdateKind.Member, UpdateKind.Book]) {
						const counts: [number, boolean][] = params.clientCounts.map((c) => [c, false]);
						if (kind === UpdateKind.Member) counts.push([params.bigCount, true]);
						for (const [observers, big] of counts) {
							const make = kind === UpdateKind.Member ? account.nextMemberChange : account.nextBookEdit;
							plans.push({ kind, observers, big, updates: Array.from({ length: perScenario }, () => make()) });
						}
					}
				}
				const seeded = server !== ServerKind.Validated;
				const writers = new Map<string, BenchSocket>([
					[account.accountRoom, await openWriter(proc, wireOf(server), account.accountRoom, account.admin.token, seeded ? account.accountSeed : null)],
					[account.catalogRoom, await openWriter(proc, wireOf(server), account.catalogRoom, account.admin.token, seeded ? account.catalogSeed : null)]
				]);
				procWriters = [...writers.values()];
				for (const plan of plans) {
					if (plan.big && server !== ServerKind.Validated && !params.bigRowFor.includes(server)) {
						// Ours must still see every update in order; the peers need not.
						continue;
					}
					const room = plan.kind === UpdateKind.Member ? account.accountRoom : account.catalogRoom;
					try {
						const row = await runScenario(proc, wireOf(server), room, writers.get(room)!, account, plan, params);
						rows.push(row);
						log(
							`  ${server.padEnd(12)} ${plan.kind.padEnd(13)} ${String(plan.observers).padStart(4)} observers: ${row.updatesPerSecond.toFixed(0)} updates/s, p50 ${row.p50.toFixed(2)} ms, p99 ${row.p99.toFixed(2)} ms, peak RSS ${row.peakRssMb.toFixed(0)} MB`
						);
					} catch (error) {
						const message = `${server}, ${plan.kind}, ${plan.observers} observers: ${error instanceof Error ? error.message : String(error)}`;
						failures.push(message);
						log(`  FAILED ${message}`);
						if (server === ServerKind.Validated) throw error;
						break;
					}
				}
			} finally {
				for (const w of procWriters) w.close();
				await proc.stop();
			}
		}
	} finally {
		for (const dir of dirs) await rm(dir, { recursive: true, force: true });
	}
	const bytes = (kind: UpdateKind): number => {
		const plan = plans.find((p) => p.kind === kind);
		if (!plan) return 0;
		return plan.updates.reduce((sum, u) => sum + u.length, 0) / plan.updates.length;
	};
	return { rows, updateBytes: { [UpdateKind.Member]: bytes(UpdateKind.Member), [UpdateKind.Book]: bytes(UpdateKind.Book) }, params, failures };
}
