/** Child processes of the bench: each server in its own process, all killed on exit. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { BenchServerOptions, ServerKind } from './kinds.ts';

const live = new Set<ChildProcess>();

function killAll(): void {
	for (const child of live) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	live.clear();
}
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => {
		killAll();
		process.exit(130);
	});
}

export interface ServerProcess {
	readonly kind: ServerKind;
	readonly port: number;
	readonly pid: number;
	/** Milliseconds from spawn to listening. */
	readonly startMs: number;
	resetPeak(): Promise<void>;
	/** Bytes: the peak RSS since the last reset and the RSS now. */
	peak(): Promise<{ peakRss: number; rss: number }>;
	stop(): Promise<void>;
}

export async function startServer(kind: ServerKind, options: BenchServerOptions = {}, timeoutMs = 60_000): Promise<ServerProcess> {
	const t0 = performance.now();
	const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'server.ts'), kind], {
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		env: { ...process.env, BENCH_SERVER_OPTIONS: JSON.stringify(options) }
	});
	live.add(child);
	child.on('exit', () => live.delete(child));
	const port = await new Promise<number>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`${kind}: not ready after ${timeoutMs} ms`)), timeoutMs);
		child.on('message', function onReady(message: { ready?: boolean; port?: number }) {
			if (message.ready === true && typeof message.port === 'number') {
				clearTimeout(timer);
				child.off('message', onReady);
				resolve(message.port);
			}
		});
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`${kind}: exited with ${code} before ready`));
		});
	});
	const startMs = performance.now() - t0;
	const ask = (cmd: string): Promise<{ peakRss: number; rss: number }> =>
		new Promise((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`${kind}: no answer to ${cmd}`)), 30_000);
			child.once('message', (message: { peakRss: number; rss: number }) => {
				clearTimeout(timer);
				resolve(message);
			});
			child.send({ cmd });
		});
	return {
		kind,
		port,
		pid: child.pid ?? -1,
		startMs,
		resetPeak: async () => void (await ask('peak-reset')),
		peak: () => ask('peak'),
		stop: async () => {
			if (child.exitCode !== null || child.signalCode !== null) return;
			const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
			child.send({ cmd: 'stop' });
			const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
			await exited;
			clearTimeout(timer);
		}
	};
}
