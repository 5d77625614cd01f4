import type { BusinessCenterDb } from './db';
import type { SessionRow } from './rows';

export type StoredSession = Omit<SessionRow, 'key'>;

/** The signed-in session, kept in IndexedDB so that the app opens offline after the first sign-in. */
export class SessionStore {
	readonly #db: BusinessCenterDb;

	constructor(db: BusinessCenterDb) {
		this.#db = db;
	}

	async get(): Promise<StoredSession | null> {
		const row = await this.#db.session.get('current');
		if (row === undefined) return null;
		const { key: _key, ...session } = row;
		return session;
	}

	async put(session: StoredSession): Promise<void> {
		await this.#db.session.put({ key: 'current', ...session });
	}

	async clear(): Promise<void> {
		await this.#db.session.delete('current');
	}
}
