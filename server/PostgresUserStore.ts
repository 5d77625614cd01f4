import type { PostgresDatabase } from './PostgresDatabase.ts';
import { CreateUserOutcome, type UserRecord, type UserStore } from './UserStore.ts';

interface UserRow {
	id: string;
	email: string;
	name: string;
	password_hash: string;
	created_at: string;
}

const toRecord = (row: UserRow): UserRecord => ({
	id: row.id,
	email: row.email,
	name: row.name,
	passwordHash: row.password_hash,
	createdAt: Number(row.created_at)
});

/** Users in PostgreSQL, so that every relay node signs in every user. */
export class PostgresUserStore implements UserStore {
	readonly #db: PostgresDatabase;

	constructor(db: PostgresDatabase) {
		this.#db = db;
	}

	async createUser(user: UserRecord): Promise<CreateUserOutcome> {
		// ON CONFLICT DO NOTHING on the unique email: two signups racing for one address (on
		// two nodes) get one row and one "taken", with no exception to tell from a real failure.
		const result = await this.#db.query(
			'INSERT INTO app_user (id, email, name, password_hash, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
			[user.id, user.email, user.name, user.passwordHash, user.createdAt]
		);
		return result.rowCount === 1 ? CreateUserOutcome.Created : CreateUserOutcome.EmailTaken;
	}

	async findByEmail(email: string): Promise<UserRecord | null> {
		const { rows } = await this.#db.query<UserRow>('SELECT * FROM app_user WHERE email = $1', [email]);
		return rows[0] === undefined ? null : toRecord(rows[0]);
	}

	async findById(id: string): Promise<UserRecord | null> {
		const { rows } = await this.#db.query<UserRow>('SELECT * FROM app_user WHERE id = $1', [id]);
		return rows[0] === undefined ? null : toRecord(rows[0]);
	}
}
