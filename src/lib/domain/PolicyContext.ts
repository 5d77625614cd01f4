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
	/** Another account (a partner, an asset's owner), or null when it does not exist. */
	otherAccount(accountId: string): AccountView | null;
}
