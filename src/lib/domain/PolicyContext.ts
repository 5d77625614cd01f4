import type { AccountView } from './AccountView';
import type { Actor, User } from './entities';
import type { Room } from './Room';

/** What the policy may consult besides the action: who acts, where, and the accounts involved. */
export interface PolicyContext {
	readonly actor: Actor;
	readonly room: Room;
	readonly now: number;
	/** The account that owns the room (null for user rooms). Reflects the state before the change. */
	readonly account: AccountView | null;
	/** R2: registered users only. */
	lookupUser(userId: string): User | null;
	/**
	 * Another account (a partner, an asset's owner): its view, null when it does not exist,
	 * or {@link NotHeld} when this side cannot see it — a browser holds only the accounts its
	 * user belongs to. The relay holds every account and never answers NotHeld, so what a
	 * browser cannot check there, the relay still does.
	 */
	otherAccount(accountId: string): AccountView | null | typeof NotHeld;
}

/** "This client does not hold that account's document": the check is left to the relay. */
export const NotHeld: unique symbol = Symbol('not-held');
