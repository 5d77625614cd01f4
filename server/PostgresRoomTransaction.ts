import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { RoomChanges, RoomTransaction, RoomWrite } from './RoomStorage.ts';

/** Something that runs a query: the pool, or one client inside a transaction. */
type Queryable = Pick<pg.ClientBase, 'query'>;

/** The update that changes nothing: logged for a write that only binds clientIDs. */
const emptyUpdate = new Uint8Array([0, 0]);

/**
 * The advisory-lock key of a room: 64 bits of its name's SHA-256. A collision only makes
 * two rooms share a lock (more waiting), never lets two writers into one room.
 */
export function roomLockKey(room: string): string {
	return createHash('sha256').update(room).digest().readBigInt64BE(0).toString();
}

interface ChangeRow {
	seq: string;
	data: Buffer;
	access_changed: string[] | null;
	is_snapshot: boolean;
}

/**
 * What was committed to a room after `afterSeq`. Snapshot and entries come from ONE
 * statement, so one MVCC snapshot: a compaction committing in between cannot make us see the
 * old snapshot and the already-trimmed log. Bindings are only ever added, so a second
 * statement is safe (at worst it sees a binding a moment before its update: still true).
 */
export async function readRoomChanges(db: Queryable, room: string, afterSeq: number): Promise<RoomChanges> {
	const { rows } = await db.query<ChangeRow>(
		`SELECT seq, data, NULL::text[] AS access_changed, true AS is_snapshot FROM room_snapshot WHERE room = $1 AND seq > $2
		 UNION ALL
		 SELECT seq, data, access_changed, false AS is_snapshot FROM room_update WHERE room = $1 AND seq > $2
		 ORDER BY is_snapshot DESC, seq`,
		[room, afterSeq]
	);
	let snapshot: RoomChanges['snapshot'] = null;
	const entries: { seq: number; update: Uint8Array; accessChangedFor: readonly string[] }[] = [];
	for (const row of rows) {
		const data = new Uint8Array(row.data);
		if (row.is_snapshot) snapshot = { seq: Number(row.seq), data };
		else entries.push({ seq: Number(row.seq), update: data, accessChangedFor: row.access_changed ?? [] });
	}
	const owners = await db.query<{ client_id: string; owner: string }>('SELECT client_id, owner FROM room_client WHERE room = $1 AND seq > $2', [
		room,
		afterSeq
	]);
	return { snapshot, entries, clientOwners: owners.rows.map((row) => [Number(row.client_id), row.owner] as const) };
}

/**
 * One PostgreSQL transaction (READ COMMITTED, on purpose: after waiting for a lock, the
 * next statement must see what the previous holder committed — REPEATABLE READ would keep
 * the view from before the wait) holding transaction-scoped advisory locks on rooms.
 */
export class PostgresRoomTransaction implements RoomTransaction {
	readonly #client: pg.PoolClient;
	readonly #locked = new Set<string>();
	#ended = false;

	private constructor(client: pg.PoolClient) {
		this.#client = client;
	}

	static async begin(pool: pg.Pool): Promise<PostgresRoomTransaction> {
		const client = await pool.connect();
		try {
			await client.query('BEGIN');
		} catch (error) {
			client.release(error instanceof Error ? error : true);
			throw error;
		}
		return new PostgresRoomTransaction(client);
	}

	async lock(room: string, afterSeq: number): Promise<RoomChanges> {
		if (!this.#locked.has(room)) {
			// Waits for the holder's commit or rollback; PostgreSQL's deadlock detector covers
			// advisory locks, so two writes locking two rooms in opposite order end with one error.
			await this.#client.query('SELECT pg_advisory_xact_lock($1::bigint)', [roomLockKey(room)]);
			this.#locked.add(room);
		}
		return readRoomChanges(this.#client, room, afterSeq);
	}

	async append(writes: readonly RoomWrite[]): Promise<ReadonlyMap<string, number>> {
		const seqs = new Map<string, number>();
		const now = Date.now();
		for (const write of writes) {
			this.#mustHold(write.room);
			// Under the room's lock: positions are contiguous and follow commit order.
			const head = await this.#client.query<{ seq: string }>(
				`INSERT INTO room_head (room, seq) VALUES ($1, 1)
				 ON CONFLICT (room) DO UPDATE SET seq = room_head.seq + 1 RETURNING seq`,
				[write.room]
			);
			const seq = Number(head.rows[0]?.seq);
			await this.#client.query('INSERT INTO room_update (room, seq, data, access_changed, created_at) VALUES ($1, $2, $3, $4, $5)', [
				write.room,
				seq,
				Buffer.from(write.update ?? emptyUpdate),
				[...(write.accessChangedFor ?? [])],
				now
			]);
			for (const [clientId, owner] of write.clientOwners) {
				// A binding never moves: the first owner keeps it (the writer checked under the lock).
				await this.#client.query('INSERT INTO room_client (room, client_id, owner, seq) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
					write.room,
					clientId,
					owner,
					seq
				]);
			}
			seqs.set(write.room, seq);
		}
		return seqs;
	}

	async compact(room: string, snapshot: Uint8Array, seq: number, minEntries: number): Promise<boolean> {
		this.#mustHold(room);
		const current = await this.#client.query<{ seq: string }>('SELECT seq FROM room_snapshot WHERE room = $1', [room]);
		const folded = Number(current.rows[0]?.seq ?? 0);
		// Another node may have just compacted the same room: once is enough.
		if (seq - folded < minEntries) return false;
		await this.#client.query(
			`INSERT INTO room_snapshot (room, seq, data, updated_at) VALUES ($1, $2, $3, $4)
			 ON CONFLICT (room) DO UPDATE SET seq = excluded.seq, data = excluded.data, updated_at = excluded.updated_at`,
			[room, seq, Buffer.from(snapshot), Date.now()]
		);
		await this.#client.query('DELETE FROM room_update WHERE room = $1 AND seq <= $2', [room, seq]);
		return true;
	}

	async commit(): Promise<void> {
		if (this.#ended) throw new Error('transaction already ended');
		this.#ended = true;
		try {
			await this.#client.query('COMMIT');
		} catch (error) {
			this.#client.release(error instanceof Error ? error : true);
			throw error;
		}
		this.#client.release();
	}

	async rollback(): Promise<void> {
		if (this.#ended) return;
		this.#ended = true;
		try {
			await this.#client.query('ROLLBACK');
			this.#client.release();
		} catch (error) {
			// The connection is in an unknown state: destroy it rather than pool it.
			this.#client.release(error instanceof Error ? error : true);
		}
	}

	#mustHold(room: string): void {
		if (!this.#locked.has(room)) throw new Error(`room ${room} is written without its lock`);
	}
}
