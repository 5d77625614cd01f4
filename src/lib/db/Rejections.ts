import type { BusinessCenterDb } from './db';
import type { RejectionRow } from './rows';

/** Refused commands, shown to the user with their reason until dismissed. */
export class Rejections {
	readonly #db: BusinessCenterDb;

	constructor(db: BusinessCenterDb) {
		this.#db = db;
	}

	get table() {
		return this.#db.rejections;
	}

	add(rejection: Omit<RejectionRow, 'id'>): Promise<number> {
		return this.#db.rejections.add(rejection as RejectionRow);
	}

	list(): Promise<RejectionRow[]> {
		return this.#db.rejections.orderBy('at').toArray();
	}

	dismiss(id: number): Promise<void> {
		return this.#db.rejections.delete(id);
	}
}
