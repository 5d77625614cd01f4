import type { SqliteSynchronous } from '../server/SqliteDatabase.ts';

/** The servers under test. */
export const ServerKind = {
	Validated: 'bc-validated',
	Plain: 'bc-plain',
	YWebsocket: 'y-websocket',
	Hocuspocus: 'hocuspocus'
} as const;
export type ServerKind = (typeof ServerKind)[keyof typeof ServerKind];

export const serverLabel: Record<ServerKind, string> = {
	[ServerKind.Validated]: 'Business Center relay, validation on',
	[ServerKind.Plain]: 'Business Center relay, validation off',
	[ServerKind.YWebsocket]: 'y-websocket@1.5 server utilities',
	[ServerKind.Hocuspocus]: '@hocuspocus/server'
};

export interface BenchServerOptions {
	readonly dataDir?: string;
	readonly secret?: string;
	readonly sqliteSynchronous?: SqliteSynchronous;
	/** Keep nothing on disk: the storage baseline. */
	readonly memoryStorage?: boolean;
	readonly compactAfter?: number;
	/** A cluster node: PostgreSQL storage (a schema of its own via search_path) and Redis fan-out. */
	readonly databaseUrl?: string;
	readonly redisUrl?: string;
	readonly redisPrefix?: string;
}
