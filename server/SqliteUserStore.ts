import { CreateUserOutcome, type UserRecord, type UserStore } from './UserStore.ts';
import type { SqliteDatabase } from './SqliteDatabase.ts';

interface UserRow {
	id: string;
	email: string;
	name: string;
	password_hash: string;
	created_at: number;
}

const toRecord = (row: UserRow): UserRecord => ({
	id: row.id,
	email: row.email,
	name: row.name,
	passwordHash: row.password_hash,
	createdAt: row.created_at
});

export class SqliteUserStore implements UserStore {
	readonly #insert;
	readonly #byEmail;
	readonly #byId;

	constructor(db: SqliteDatabase) {
		// ON CONFLICT DO NOTHING on the unique email: two signups racing for one address get
		// one row and one "taken", with no exception to tell apart from a real failure.
		this.#insert = db.prepare<[string, string, string, string, number]>(
			'INSERT INTO user (id, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING'
		);
		this.#byEmail = db.prepare<[string], UserRow>('SELECT * FROM user WHERE email = ?');
		this.#byId = db.prepare<[string], UserRow>('SELECT * FROM user WHERE id = ?');
	}

	async createUser(user: UserRecord): Promise<CreateUserOutcome> {
		const result = this.#insert.run(user.id, user.email, user.name, user.passwordHash, user.createdAt);
		return result.changes === 1 ? CreateUserOutcome.Created : CreateUserOutcome.EmailTaken;
	}

	async findByEmail(email: string): Promise<UserRecord | null> {
		const row = this.#byEmail.get(email);
		return row === undefined ? null : toRecord(row);
	}

	async findById(id: string): Promise<UserRecord | null> {
		const row = this.#byId.get(id);
		return row === undefined ? null : toRecord(row);
	}
}
