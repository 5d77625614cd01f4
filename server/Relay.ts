import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { defaultMaxFrameBytes } from '../src/lib/protocol/protocol.ts';
import { AuthService, defaultAuthLimits, type AuthLimits } from './AuthService.ts';
import { ClusterRoomSync } from './ClusterRoomSync.ts';
import { ClusterWrites } from './ClusterWrites.ts';
import { DomainValidator } from './DomainValidator.ts';
import { HttpApi } from './HttpApi.ts';
import { consoleLogger, type Logger } from './Logger.ts';
import { PasswordHasher, type ScryptCost } from './PasswordHasher.ts';
import { openPostgresDatabase } from './PostgresDatabase.ts';
import { loadPostgresRelaySecret } from './PostgresRelaySecret.ts';
import { PostgresRoomStorage } from './PostgresRoomStorage.ts';
import { PostgresTokenStore } from './PostgresTokenStore.ts';
import { PostgresUserStore } from './PostgresUserStore.ts';
import type { RateLimit } from './RateLimiter.ts';
import { RedisRateLimiter } from './RedisRateLimiter.ts';
import { RedisRoomBus } from './RedisRoomBus.ts';
import { RegisteredUsers } from './RegisteredUsers.ts';
import { loadRelaySecret } from './loadRelaySecret.ts';
import { RoomRegistry } from './RoomRegistry.ts';
import { defaultSessionLimits, type SessionLimits } from './RoomSession.ts';
import { isSharedRoomStorage, type RoomStorage } from './RoomStorage.ts';
import type { RoomValidator } from './RoomValidator.ts';
import { RoomWriter } from './RoomWriter.ts';
import { SalesImport } from './SalesImport.ts';
import { openSqliteDatabase, SqliteSynchronous } from './SqliteDatabase.ts';
import { SqliteRoomStorage } from './SqliteRoomStorage.ts';
import { SqliteTokenStore } from './SqliteTokenStore.ts';
import { SqliteUserStore } from './SqliteUserStore.ts';
import { SmtpMailer } from './SmtpMailer.ts';
import type { Mailer } from './Mailer.ts';
import { StaticFiles } from './StaticFiles.ts';
import { SyncServer } from './SyncServer.ts';
import { TokenSigner } from './TokenSigner.ts';
import type { TokenStore } from './TokenStore.ts';
import type { UserStore } from './UserStore.ts';
import { singleNodeScopes, type WriteScopes } from './WriteScope.ts';

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
	/** Replaces the SMTP mailer (tests). */
	readonly mailer?: Mailer;
	/**
	 * PostgreSQL for rooms, users and refresh tokens instead of SQLite, so that several relay
	 * nodes can share them (docs/ARCHITECTURE.md "Several relay nodes").
	 */
	readonly databaseUrl?: string;
	/** Connections per node to PostgreSQL. Default 16. */
	readonly databasePoolSize?: number;
	/** Redis for pub/sub between nodes and for shared auth rate limits. Needs `databaseUrl`. */
	readonly redisUrl?: string;
	/** Prefix of every Redis key and channel: lets several deployments share one Redis. Default `bc:`. */
	readonly redisPrefix?: string;
	/**
	 * How often each node compares its loaded rooms with PostgreSQL to catch commits whose
	 * Redis message was lost. Default 10 s with Redis, 1 s without (then it is the only way
	 * nodes hear of each other's writes). 0: never.
	 */
	readonly clusterPollMs?: number;
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
	if (options.redisUrl !== undefined && options.databaseUrl === undefined) throw new Error('redisUrl needs databaseUrl: nodes must share storage');
	const closers: (() => Promise<void> | void)[] = [];
	const closeAll = async (): Promise<void> => {
		for (const close of closers.reverse()) await close();
	};
	let users: UserStore;
	let tokens: TokenStore;
	let storage: RoomStorage;
	let secret: string;
	let bus: RedisRoomBus | null = null;
	// Set once the rooms exist; Redis messages that arrive before have nothing to update.
	let clusterSync: ClusterRoomSync | null = null;
	try {
		if (options.databaseUrl !== undefined) {
			const pg = await openPostgresDatabase(options.databaseUrl, options.databasePoolSize === undefined ? {} : { poolSize: options.databasePoolSize });
			closers.push(() => pg.end());
			const pgTokens = new PostgresTokenStore(pg);
			await pgTokens.purgeExpired(Date.now());
			tokens = pgTokens;
			users = new PostgresUserStore(pg);
			storage = options.storage ?? new PostgresRoomStorage(pg);
			secret = options.secret ?? (await loadPostgresRelaySecret(pg));
		} else {
			const db = openSqliteDatabase(join(options.dataDir, 'relay.sqlite'), options.sqliteSynchronous ?? SqliteSynchronous.Full);
			closers.push(() => void db.close());
			const sqliteTokens = new SqliteTokenStore(db);
			sqliteTokens.purgeExpired(Date.now());
			tokens = sqliteTokens;
			users = new SqliteUserStore(db);
			storage = options.storage ?? new SqliteRoomStorage(db);
			secret = options.secret ?? (await loadRelaySecret(options.dataDir));
		}
		if (options.redisUrl !== undefined) {
			bus = await RedisRoomBus.connect(options.redisUrl, options.redisPrefix ?? 'bc:', log, {
				commit: (commit) => clusterSync?.receive(commit),
				resubscribed: () => {
					clusterSync?.catchUpAll().catch((error: unknown) => log.warn('cluster: catch-up after reconnect failed', { error: String(error) }));
				}
			});
			const connected = bus;
			closers.push(() => connected.close());
		}
	} catch (error) {
		await closeAll();
		throw error;
	}
	const redis = bus?.commands;
	const prefix = options.redisPrefix ?? 'bc:';
	const auth = new AuthService({
		...(redis === undefined ? {} : { limiter: (name: string, limit: RateLimit) => new RedisRateLimiter(redis, `${prefix}rl:${name}:`, limit, log) }),
		users,
		tokens,
		hasher: new PasswordHasher(options.scryptCost),
		signer: new TokenSigner(secret),
		limits: { ...defaultAuthLimits, ...options.authLimits },
		...(options.accessTokenTtlMs === undefined ? {} : { accessTtlMs: options.accessTokenTtlMs })
	});
	const mailer = options.mailer ?? (options.smtpUrl === undefined ? undefined : new SmtpMailer(options.smtpUrl, log));
	const validator =
		options.validation === false
			? null
			: (options.validation ??
				new DomainValidator({
					...(mailer === undefined ? {} : { mailer }),
					...(options.publicUrl === undefined ? {} : { publicUrl: options.publicUrl }),
					findUser: (id) => auth.findUser(id),
					log
				}));
	let sync: SyncServer | null = null;
	const onAccessChanged = (userIds: readonly string[]): void => {
		sync?.recheckAccess(userIds).catch((error: unknown) => log.error('sync: access re-check failed', { error: String(error) }));
	};
	const registry = new RoomRegistry(
		storage,
		options.roomIdleMs ?? 60_000,
		isSharedRoomStorage(storage)
			? async (room) => {
					// Commits made between the load's read and the room's registration, whose
					// messages had no room to reach yet.
					await clusterSync?.catchUp(room).catch((error: unknown) => log.warn('cluster: catch-up after load failed', { room: room.name, error: String(error) }));
				}
			: undefined
	);
	let scopes: WriteScopes;
	if (isSharedRoomStorage(storage)) {
		const roomSync = new ClusterRoomSync({
			storage,
			registry,
			log,
			onAccessChanged,
			pollMs: options.clusterPollMs ?? (bus === null ? 1000 : 10_000)
		});
		clusterSync = roomSync;
		closers.push(() => roomSync.stop());
		const connected = bus;
		scopes = new ClusterWrites({
			storage,
			sync: roomSync,
			publish: connected === null ? null : (commit) => connected.publish(commit),
			maxConcurrentWrites: Math.max(1, (options.databasePoolSize ?? 16) - 4),
			log
		});
	} else {
		scopes = singleNodeScopes(storage);
	}
	const writer = new RoomWriter({
		registry,
		storage,
		validator,
		users: new RegisteredUsers((id) => auth.findUser(id)),
		compactAfter: options.compactAfter ?? 500,
		log,
		onAccessChanged,
		scopes
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
	const api = new HttpApi(auth, log, new SalesImport(writer));
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
	log.info('relay: listening', {
		url,
		storage: options.databaseUrl === undefined ? options.dataDir : 'postgresql',
		pubsub: bus === null ? 'none' : 'redis',
		validation: validator !== null
	});

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
				await closeAll();
			})();
			return closing;
		}
	};
}
