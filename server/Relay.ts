import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { defaultMaxFrameBytes } from '../src/lib/protocol/protocol.ts';
import { AuthService, defaultAuthLimits, type AuthLimits } from './AuthService.ts';
import { DomainValidator } from './DomainValidator.ts';
import { HttpApi } from './HttpApi.ts';
import { consoleLogger, type Logger } from './Logger.ts';
import { PasswordHasher, type ScryptCost } from './PasswordHasher.ts';
import type { RateLimit } from './RateLimiter.ts';
import { RegisteredUsers } from './RegisteredUsers.ts';
import { loadRelaySecret } from './loadRelaySecret.ts';
import { RoomRegistry } from './RoomRegistry.ts';
import { defaultSessionLimits, type SessionLimits } from './RoomSession.ts';
import type { RoomStorage } from './RoomStorage.ts';
import type { RoomValidator } from './RoomValidator.ts';
import { RoomWriter } from './RoomWriter.ts';
import { openSqliteDatabase, SqliteSynchronous } from './SqliteDatabase.ts';
import { SqliteRoomStorage } from './SqliteRoomStorage.ts';
import { SqliteTokenStore } from './SqliteTokenStore.ts';
import { SqliteUserStore } from './SqliteUserStore.ts';
import { StaticFiles } from './StaticFiles.ts';
import { SyncServer } from './SyncServer.ts';
import { TokenSigner } from './TokenSigner.ts';

export interface RelayOptions {
	readonly dataDir: string;
	/** 0 picks a free port (tests). Default 8787. */
	readonly port?: number;
	readonly host?: string;
	/** HMAC key for session tokens; generated and kept in DATA_DIR when absent. */
	readonly secret?: string;
	/**
	 * The write policy. `false` runs a plain relay (no read checks, no validation: the
	 * benchmark baseline). Default: the domain's validator (DomainValidator).
	 */
	readonly validation?: false | RoomValidator;
	/** A replacement room store (PostgreSQL later; tests inject failing ones). */
	readonly storage?: RoomStorage;
	/** Directory of the built SPA. Default `build/` next to package.json. */
	readonly staticDir?: string;
	readonly maxFrameBytes?: number;
	/** Log entries per room before they are compacted into the snapshot. */
	readonly compactAfter?: number;
	readonly maxSocketsPerUser?: number;
	readonly messageRate?: RateLimit;
	readonly sessionLimits?: Partial<SessionLimits>;
	readonly authLimits?: Partial<AuthLimits>;
	readonly accessTokenTtlMs?: number;
	/** Idle rooms leave memory after this long. */
	readonly roomIdleMs?: number;
	readonly scryptCost?: ScryptCost;
	/** `NORMAL` trades durability on power loss (not on a crash) for speed. */
	readonly sqliteSynchronous?: SqliteSynchronous;
	readonly publicUrl?: string;
	readonly smtpUrl?: string;
	readonly log?: Logger;
}

export interface RunningRelay {
	/** `http://host:port` */
	readonly url: string;
	readonly port: number;
	close(): Promise<void>;
}

export const defaultMessageRate: RateLimit = { burst: 400, perSecond: 200 };

const projectRoot = join(import.meta.dirname, '..');

/** Starts the relay: HTTP API, static app and websocket rooms on one port. */
export async function startRelay(options: RelayOptions): Promise<RunningRelay> {
	const log = options.log ?? consoleLogger;
	const db = openSqliteDatabase(join(options.dataDir, 'relay.sqlite'), options.sqliteSynchronous ?? SqliteSynchronous.Full);
	const tokens = new SqliteTokenStore(db);
	tokens.purgeExpired(Date.now());
	const users = new SqliteUserStore(db);
	const storage = options.storage ?? new SqliteRoomStorage(db);
	const secret = options.secret ?? (await loadRelaySecret(options.dataDir));
	const auth = new AuthService({
		users,
		tokens,
		hasher: new PasswordHasher(options.scryptCost),
		signer: new TokenSigner(secret),
		limits: { ...defaultAuthLimits, ...options.authLimits },
		...(options.accessTokenTtlMs === undefined ? {} : { accessTtlMs: options.accessTokenTtlMs })
	});
	const validator = options.validation === false ? null : (options.validation ?? new DomainValidator());
	const registry = new RoomRegistry(storage, options.roomIdleMs ?? 60_000);
	let sync: SyncServer | null = null;
	const writer = new RoomWriter({
		registry,
		storage,
		validator,
		users: new RegisteredUsers((id) => auth.findUser(id)),
		compactAfter: options.compactAfter ?? 500,
		log,
		onAccessChanged: (userIds) => {
			sync?.recheckAccess(userIds).catch((error: unknown) => log.error('sync: access re-check failed', { error: String(error) }));
		}
	});
	sync = new SyncServer({
		auth,
		registry,
		writer,
		maxFrameBytes: options.maxFrameBytes ?? defaultMaxFrameBytes,
		maxSocketsPerUser: options.maxSocketsPerUser ?? 256,
		messageRate: options.messageRate ?? defaultMessageRate,
		sessionLimits: { ...defaultSessionLimits, ...options.sessionLimits },
		log
	});
	const api = new HttpApi(auth, log);
	const files = new StaticFiles(options.staticDir ?? join(projectRoot, 'build'));

	const server: Server = createServer((req, res) => {
		let url: URL;
		try {
			url = new URL(req.url ?? '/', 'http://relay');
		} catch {
			res.writeHead(400).end();
			return;
		}
		api
			.handle(req, res, url.pathname, url.searchParams)
			.then((handled) => (handled ? undefined : files.handle(req, res, url.pathname)))
			.catch((error: unknown) => {
				log.error('http: unexpected failure', { error: String(error) });
				if (!res.headersSent) res.writeHead(500).end();
				else res.destroy();
			});
	});
	const syncServer = sync;
	server.on('upgrade', (req, socket, head: Buffer) => {
		socket.on('error', () => socket.destroy());
		try {
			syncServer.handleUpgrade(req, socket, head);
		} catch (error) {
			log.error('sync: upgrade failed', { error: String(error) });
			socket.destroy();
		}
	});
	server.on('clientError', (_error, socket) => {
		if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
		else socket.destroy();
	});

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 8787, options.host ?? '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	const address = server.address() as AddressInfo;
	const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
	const url = `http://${host}:${address.port}`;
	log.info('relay: listening', { url, dataDir: options.dataDir, validation: validator !== null });

	let closing: Promise<void> | null = null;
	return {
		url,
		port: address.port,
		close: () => {
			closing ??= (async () => {
				syncServer.close();
				server.closeAllConnections();
				await new Promise<void>((resolve) => server.close(() => resolve()));
				registry.close();
				await storage.close();
				db.close();
			})();
			return closing;
		}
	};
}
