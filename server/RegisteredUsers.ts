import type { User } from '../src/lib/domain/entities.ts';

/**
 * A synchronous answer to "who is this registered user?" for the validation context,
 * backed by the async user store. Users are never deleted or renamed, so a found user is
 * cached for good; a miss is asked again on the next write (they may have signed up since).
 */
export class RegisteredUsers {
	readonly #known = new Map<string, User>();
	readonly #lookup: (userId: string) => Promise<User | null>;

	constructor(lookup: (userId: string) => Promise<User | null>) {
		this.#lookup = lookup;
	}

	/** The user when cached; undefined means "not known yet", see {@link load}. */
	peek(userId: string): User | undefined {
		return this.#known.get(userId);
	}

	async load(userId: string): Promise<User | null> {
		const cached = this.#known.get(userId);
		if (cached !== undefined) return cached;
		const user = await this.#lookup(userId);
		if (user !== null) this.#known.set(userId, user);
		return user;
	}
}
