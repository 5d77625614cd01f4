/**
 * One server under test, run as its own child process so that its RSS is its own:
 * `node --import tsx bench/server.ts <kind>` with an IPC channel. Options come as JSON in
 * BENCH_SERVER_OPTIONS. Replies to IPC commands:
 *   { cmd: 'peak-reset' }  → { peakRss }   starts a new peak window
 *   { cmd: 'peak' }        → { peakRss, rss } bytes; peak since the last reset
 *   { cmd: 'stop' }        closes and exits
 * Sends { ready: true, port } once listening on 127.0.0.1.
 */
import { createRequire } from 'node:module';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { RoomStorage, StoredRoom } from '../server/RoomStorage.ts';
import type { Logger } from '../server/Logger.ts';
import { ServerKind, type BenchServerOptions } from './kinds.ts';

/** Errors only: an info line per socket would cost more than the work measured. */
const quietLogger: Logger = {
	info: () => {},
	warn: () => {},
	error: (message, fields) => console.error(`[server] ${message}`, fields ?? '')
};

/** A store that keeps nothing (the cost of the relay without its disk). */
class MemoryRoomStorage implements RoomStorage {
	async loadRoom(): Promise<StoredRoom> {
		return { updates: [], logLength: 0, clientOwners: new Map<number, string>() };
	}
	async append(): Promise<void> {}
	async compact(): Promise<void> {}
	async close(): Promise<void> {}
}

/** Limits that would throttle a benchmark client (per-user message rate, sockets, signups). */
const unlimited = { burst: 1e9, perSecond: 1e9 };

async function start(kind: ServerKind, options: BenchServerOptions): Promise<{ port: number; close: () => Promise<void> }> {
	switch (kind) {
		case ServerKind.Validated:
		case ServerKind.Plain: {
			if (options.dataDir === undefined) throw new Error('dataDir required');
			// Imported here: the y-websocket child must load only y-websocket's (CommonJS) Yjs.
			const { startRelay } = await import('../server/Relay.ts');
			const relay = await startRelay({
				dataDir: options.dataDir,
				port: 0,
				host: '127.0.0.1',
				...(options.secret === undefined ? {} : { secret: options.secret }),
				...(kind === ServerKind.Plain ? { validation: false as const } : {}),
				...(options.memoryStorage ? { storage: new MemoryRoomStorage() } : {}),
				...(options.sqliteSynchronous === undefined ? {} : { sqliteSynchronous: options.sqliteSynchronous }),
				...(options.compactAfter === undefined ? {} : { compactAfter: options.compactAfter }),
				...(options.databaseUrl === undefined ? {} : { databaseUrl: options.databaseUrl, databasePoolSize: 16 }),
				...(options.redisUrl === undefined ? {} : { redisUrl: options.redisUrl, redisPrefix: options.redisPrefix ?? 'bc-bench:' }),
				maxSocketsPerUser: 100_000,
				messageRate: unlimited,
				sessionLimits: { maxQueuedFrames: 100_000 },
				authLimits: { signupPerAddress: unlimited, loginPerAddress: unlimited, loginPerEmail: unlimited, lookupPerUser: unlimited },
				// Sign-up cost is not what is measured; the bench signs up 1,000 users.
				scryptCost: { N: 2 ** 10, r: 8, p: 1 },
				log: quietLogger
			});
			return { port: relay.port, close: () => relay.close() };
		}
		case ServerKind.YWebsocket: {
			// y-websocket@1.5's own server utilities (what `npx y-websocket` runs), no persistence.
			delete process.env.YPERSISTENCE;
			delete process.env.CALLBACK_URL;
			const require = createRequire(import.meta.url);
			const utils = require('y-websocket-15/bin/utils') as { setupWSConnection: (ws: unknown, req: unknown, opts?: object) => void };
			const http = createServer((_req, res) => res.writeHead(200).end('ok'));
			const wss = new WebSocketServer({ noServer: true });
			wss.on('connection', (ws, req) => utils.setupWSConnection(ws, req, { gc: true }));
			http.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)));
			await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
			return {
				port: (http.address() as AddressInfo).port,
				close: async () => {
					for (const ws of wss.clients) ws.terminate();
					wss.close();
					http.closeAllConnections();
					await new Promise<void>((resolve) => http.close(() => resolve()));
				}
			};
		}
		case ServerKind.Hocuspocus: {
			const { Server } = await import('@hocuspocus/server');
			// No extensions: no persistence, no auth (any token is accepted).
			const server = new Server({ port: 0, address: '127.0.0.1', quiet: true, stopOnSignals: false });
			await server.listen();
			return { port: server.address.port, close: () => server.destroy() };
		}
		default:
			throw new Error(`unknown server kind ${String(kind)}`);
	}
}

async function main(): Promise<void> {
	const kind = process.argv[2] as ServerKind;
	const options = JSON.parse(process.env.BENCH_SERVER_OPTIONS ?? '{}') as BenchServerOptions;
	// The parent going away (even by SIGKILL) closes the IPC channel: never outlive it.
	process.on('disconnect', () => process.exit(0));
	let peak = process.memoryUsage.rss();
	const sampler = setInterval(() => {
		peak = Math.max(peak, process.memoryUsage.rss());
	}, 20);
	const server = await start(kind, options);
	process.on('message', (message: { cmd: string }) => {
		const rss = process.memoryUsage.rss();
		peak = Math.max(peak, rss);
		if (message.cmd === 'peak-reset') {
			peak = rss;
			process.send?.({ peakRss: peak, rss });
		} else if (message.cmd === 'peak') {
			process.send?.({ peakRss: peak, rss });
		} else if (message.cmd === 'stop') {
			clearInterval(sampler);
			server.close().finally(() => process.exit(0));
			setTimeout(() => process.exit(0), 3000).unref();
		}
	});
	process.send?.({ ready: true, port: server.port });
}

main().catch((error: unknown) => {
	console.error('[server] failed to start', error);
	process.exit(1);
});
