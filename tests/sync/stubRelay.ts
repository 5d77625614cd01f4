import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { CloseCode, decodeMessage, encodeMessage, MessageKind } from '$lib/protocol/protocol';

/**
 * A scripted relay for the protocol paths a real relay reaches only through long set-ups:
 * it speaks the handshake, acks every write, and closes the rooms it is told to with the
 * code it is told to, right after the handshake.
 */
export class StubRelay {
	readonly closeWith = new Map<string, number>();
	readonly connections = new Map<string, number>();
	#server: Server;
	#wss: WebSocketServer;
	url = '';

	private constructor() {
		this.#server = createServer((_req, res) => res.writeHead(404).end());
		this.#wss = new WebSocketServer({ server: this.#server });
		this.#wss.on('connection', (ws, req) => this.#connected(ws, new URL(req.url ?? '/', 'http://stub').pathname.replace(/^\/sync\//, '')));
	}

	static async start(): Promise<StubRelay> {
		const stub = new StubRelay();
		await new Promise<void>((resolve) => stub.#server.listen(0, '127.0.0.1', resolve));
		stub.url = `http://127.0.0.1:${(stub.#server.address() as AddressInfo).port}`;
		return stub;
	}

	#connected(ws: WebSocket, room: string): void {
		this.connections.set(room, (this.connections.get(room) ?? 0) + 1);
		let seq = 0;
		ws.send(encodeMessage({ type: MessageKind.SyncStep1, stateVector: new Uint8Array([0]) }));
		ws.on('message', (data: Buffer) => {
			const decoded = decodeMessage(new Uint8Array(data));
			if (!decoded.ok) return;
			const message = decoded.value;
			if (message.type === MessageKind.SyncStep1) ws.send(encodeMessage({ type: MessageKind.SyncStep2, update: new Uint8Array([0, 0]) }));
			if (message.type === MessageKind.SyncStep2 || message.type === MessageKind.SyncUpdate) {
				const code = this.closeWith.get(room);
				if (code !== undefined) {
					ws.close(code, code === CloseCode.PermissionRevoked ? 'permission revoked' : 'closed');
					return;
				}
				ws.send(encodeMessage({ type: MessageKind.Ack, seq: ++seq }));
			}
		});
	}

	async stop(): Promise<void> {
		for (const client of this.#wss.clients) client.terminate();
		this.#wss.close();
		await new Promise<void>((resolve) => this.#server.close(() => resolve()));
	}
}
