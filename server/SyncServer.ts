import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { RejectReason } from '../src/lib/domain/RejectReason.ts';
import { parseRoomName } from '../src/lib/domain/Room.ts';
import { CloseCode, encodeMessage, MessageKind } from '../src/lib/protocol/protocol.ts';
import type { AuthService } from './AuthService.ts';
import type { Logger } from './Logger.ts';
import { RateLimiter, type RateLimit } from './RateLimiter.ts';
import type { RoomRegistry } from './RoomRegistry.ts';
import { RoomSession, type SessionLimits } from './RoomSession.ts';
import type { RoomWriter } from './RoomWriter.ts';

export const syncPathPrefix = '/sync/';

export interface SyncServerOptions {
	readonly auth: AuthService;
	readonly registry: RoomRegistry;
	readonly writer: RoomWriter;
	readonly maxFrameBytes: number;
	readonly maxSocketsPerUser: number;
	/** Frames per user, across all their sockets. */
	readonly messageRate: RateLimit;
	readonly sessionLimits: SessionLimits;
	readonly log: Logger;
}

/**
 * The websocket side of the relay: `/sync/<room>?token=…`. Authenticates the token, caps
 * sockets per user, and keeps every user's sessions so that a change that narrows a user's
 * access can close the sockets they may no longer read.
 */
export class SyncServer {
	readonly #options: SyncServerOptions;
	readonly #wss: WebSocketServer;
	readonly #messageRate: RateLimiter;
	readonly #byUser = new Map<string, Set<RoomSession>>();

	constructor(options: SyncServerOptions) {
		this.#options = options;
		this.#messageRate = new RateLimiter(options.messageRate);
		this.#wss = new WebSocketServer({
			noServer: true,
			maxPayload: options.maxFrameBytes,
			// Compression would let a small frame inflate past the limit and costs CPU per frame.
			perMessageDeflate: false
		});
	}

	/** For the HTTP server's 'upgrade' event. */
	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
		const url = new URL(req.url ?? '/', 'http://relay');
		if (!url.pathname.startsWith(syncPathPrefix)) {
			socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
			return;
		}
		this.#wss.handleUpgrade(req, socket, head, (ws) => this.#connected(ws, url));
	}

	#connected(ws: WebSocket, url: URL): void {
		const log = this.#options.log;
		limitFrameCloseCode(ws);
		ws.on('error', (error) => log.warn('sync: socket error', { error: error.message }));
		const roomName = url.pathname.slice(syncPathPrefix.length);
		const verified = this.#options.auth.verifyToken(url.searchParams.get('token') ?? '');
		if (!verified.ok) {
			ws.send(encodeMessage({ type: MessageKind.AuthError, reason: RejectReason.NotSignedIn, detail: { why: verified.problem } }));
			ws.close(CloseCode.Unauthenticated, RejectReason.NotSignedIn);
			return;
		}
		const claims = verified.claims;
		if (parseRoomName(roomName) === null) {
			ws.send(encodeMessage({ type: MessageKind.AuthError, reason: RejectReason.RoomNotFound }));
			ws.close(CloseCode.Forbidden, RejectReason.RoomNotFound);
			return;
		}
		const sessions = this.#byUser.get(claims.sub) ?? new Set<RoomSession>();
		if (sessions.size >= this.#options.maxSocketsPerUser) {
			log.warn('sync: too many sockets', { user: claims.sub });
			ws.close(CloseCode.RateLimited, 'too many sockets');
			return;
		}
		const session = new RoomSession(ws, claims, roomName, {
			registry: this.#options.registry,
			writer: this.#options.writer,
			messageRate: this.#messageRate,
			limits: this.#options.sessionLimits,
			log,
			onClosed: (closed) => this.#forget(closed)
		});
		sessions.add(session);
		this.#byUser.set(claims.sub, sessions);
		session.start();
	}

	#forget(session: RoomSession): void {
		const sessions = this.#byUser.get(session.userId);
		if (sessions === undefined) return;
		sessions.delete(session);
		if (sessions.size === 0) this.#byUser.delete(session.userId);
	}

	/** Re-runs the read check for every open socket of these users; closes the ones now refused (4401). */
	async recheckAccess(userIds: readonly string[]): Promise<void> {
		for (const userId of new Set(userIds)) {
			for (const session of [...(this.#byUser.get(userId) ?? [])]) {
				const room = session.room;
				if (room === null || room.room === null || !session.isOpen) continue;
				const allowed = await this.#options.writer.canRead(room.room, userId);
				if (!allowed.ok) {
					this.#options.log.info('sync: read access revoked, closing', { user: userId, room: room.name, reason: allowed.reason });
					session.close(CloseCode.PermissionRevoked, 'permission revoked');
				}
			}
		}
	}

	socketCount(userId: string): number {
		return this.#byUser.get(userId)?.size ?? 0;
	}

	close(): void {
		for (const sessions of this.#byUser.values()) for (const session of [...sessions]) session.close(CloseCode.GoingAway, 'relay shutting down');
		for (const ws of this.#wss.clients) ws.terminate();
		this.#wss.close();
	}
}

/**
 * ws closes an oversized frame with 1009 from inside its receiver, before any handler of
 * ours runs. Clients need the documented 4413, so that one code is translated on its way out.
 */
function limitFrameCloseCode(ws: WebSocket): void {
	const close = ws.close.bind(ws);
	ws.close = (code?: number, reason?: string | Buffer) =>
		code === 1009 ? close(CloseCode.TooLarge, 'frame too large') : close(code, reason);
}
