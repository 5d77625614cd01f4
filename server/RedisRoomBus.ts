import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { Redis } from 'ioredis';
import type { Logger } from './Logger.ts';

/** One write committed by some node: what the other nodes need to apply and broadcast it. */
export interface RoomCommit {
	readonly room: string;
	/** The entry's position in the room's log (see SharedRoomStorage). */
	readonly seq: number;
	readonly update: Uint8Array;
	readonly clientOwners: readonly (readonly [clientId: number, owner: string])[];
	readonly accessChangedFor: readonly string[];
}

export interface RoomBusHandlers {
	readonly commit: (commit: RoomCommit) => void;
	/**
	 * The subscription was re-established after a disconnect: messages may have been lost
	 * meanwhile, so every loaded room must catch up from storage.
	 */
	readonly resubscribed: () => void;
}

const formatVersion = 1;

export function encodeRoomCommit(commit: RoomCommit): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, formatVersion);
	encoding.writeVarString(encoder, commit.room);
	encoding.writeVarUint(encoder, commit.seq);
	encoding.writeVarUint8Array(encoder, commit.update);
	encoding.writeVarUint(encoder, commit.clientOwners.length);
	for (const [clientId, owner] of commit.clientOwners) {
		encoding.writeVarUint(encoder, clientId);
		encoding.writeVarString(encoder, owner);
	}
	encoding.writeVarUint(encoder, commit.accessChangedFor.length);
	for (const userId of commit.accessChangedFor) encoding.writeVarString(encoder, userId);
	return encoding.toUint8Array(encoder);
}

/** Null for a message this version cannot read (a newer node during a rolling upgrade): storage has it. */
export function decodeRoomCommit(bytes: Uint8Array): RoomCommit | null {
	try {
		const decoder = decoding.createDecoder(bytes);
		if (decoding.readVarUint(decoder) !== formatVersion) return null;
		const room = decoding.readVarString(decoder);
		const seq = decoding.readVarUint(decoder);
		const update = decoding.readVarUint8Array(decoder);
		const clientOwners: [number, string][] = [];
		for (let n = decoding.readVarUint(decoder); n > 0; n--) clientOwners.push([decoding.readVarUint(decoder), decoding.readVarString(decoder)]);
		const accessChangedFor: string[] = [];
		for (let n = decoding.readVarUint(decoder); n > 0; n--) accessChangedFor.push(decoding.readVarString(decoder));
		return { room, seq, update: update.slice(), clientOwners, accessChangedFor };
	} catch {
		return null;
	}
}

/**
 * Redis pub/sub between relay nodes (`REDIS_URL`): after a node commits a write it
 * publishes it here, and every other node applies it to its copy of the room and
 * broadcasts it to its own sockets. Pub/sub is a fast path only, never the source of
 * truth: a lost message is found from storage (the log positions show the gap).
 *
 * One channel for all rooms: every node reads every commit and drops those for rooms it
 * has not loaded. Simple and enough for the scale this app targets; per-room channels
 * would cut that cost when many nodes serve disjoint rooms.
 */
export class RedisRoomBus {
	readonly #publisher: Redis;
	readonly #subscriber: Redis;
	readonly #channel: string;
	readonly #log: Logger;
	#lastFailureLogged = 0;

	private constructor(publisher: Redis, subscriber: Redis, channel: string, log: Logger) {
		this.#publisher = publisher;
		this.#subscriber = subscriber;
		this.#channel = channel;
		this.#log = log;
	}

	/** Connects both sides (a subscribed Redis connection can do nothing else) and subscribes. */
	static async connect(url: string, prefix: string, log: Logger, handlers: RoomBusHandlers): Promise<RedisRoomBus> {
		// No offline queue for publishing: while Redis is away a publish fails at once (other
		// nodes catch up from storage) instead of piling up in memory.
		const publisher = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
		const subscriber = new Redis(url, { lazyConnect: true, autoResubscribe: true });
		const bus = new RedisRoomBus(publisher, subscriber, `${prefix}rooms`, log);
		publisher.on('error', (error: Error) => bus.#failed('publisher', error));
		subscriber.on('error', (error: Error) => bus.#failed('subscriber', error));
		subscriber.on('messageBuffer', (_channel: Buffer, message: Buffer) => {
			const commit = decodeRoomCommit(new Uint8Array(message.buffer, message.byteOffset, message.byteLength));
			if (commit === null) log.warn('redis: unreadable room commit ignored');
			else handlers.commit(commit);
		});
		try {
			await Promise.all([publisher.connect(), subscriber.connect()]);
			await subscriber.subscribe(bus.#channel);
		} catch (error) {
			publisher.disconnect();
			subscriber.disconnect();
			throw error;
		}
		// 'ready' fires again after every reconnect, once ioredis has resubscribed.
		subscriber.on('ready', () => {
			log.info('redis: subscription restored, catching up from storage');
			handlers.resubscribed();
		});
		return bus;
	}

	/** Fire and forget: the write is already committed; a lost message is caught up from storage. */
	publish(commit: RoomCommit): void {
		this.#publisher.publish(this.#channel, Buffer.from(encodeRoomCommit(commit))).catch((error: unknown) => this.#failed('publish', error));
	}

	/** The connection rate limiters use (not the subscribed one). */
	get commands(): Redis {
		return this.#publisher;
	}

	#failed(what: string, error: unknown): void {
		const now = Date.now();
		if (now - this.#lastFailureLogged < 10_000) return;
		this.#lastFailureLogged = now;
		this.#log.warn(`redis: ${what} failed`, { error: String(error) });
	}

	async close(): Promise<void> {
		await Promise.allSettled([this.#subscriber.quit(), this.#publisher.quit()]);
	}
}
