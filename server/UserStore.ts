/** Relay-registered users (DESIGN §2 User). Async so that PostgreSQL can implement it. */

export interface UserRecord {
	readonly id: string;
	/** Normalised (trimmed, lower case): the unique key, so uniqueness is case-insensitive. */
	readonly email: string;
	readonly name: string;
	/** PasswordHasher's self-describing hash string. */
	readonly passwordHash: string;
	readonly createdAt: number;
}

export const CreateUserOutcome = {
	Created: 'created',
	EmailTaken: 'email-taken'
} as const;
export type CreateUserOutcome = (typeof CreateUserOutcome)[keyof typeof CreateUserOutcome];

export interface UserStore {
	createUser(user: UserRecord): Promise<CreateUserOutcome>;
	/** `email` must already be normalised. */
	findByEmail(email: string): Promise<UserRecord | null>;
	findById(id: string): Promise<UserRecord | null>;
}
