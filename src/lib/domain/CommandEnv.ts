import type * as Y from 'yjs';
import { docAccountView, type AccountView } from './AccountView';
import type { Actor, User } from './entities';
import type { NotHeld, PolicyContext } from './PolicyContext';
import { RoomKind, type Room } from './Room';

/** What a command runs against: the room's document, who acts, and the lookups it needs. */
export interface CommandEnv {
	readonly doc: Y.Doc;
	readonly room: Room;
	readonly actor: Actor;
	readonly now: number;
	/** For section rooms (catalog, payments): the account room, where memberships live. */
	readonly accountDoc?: Y.Doc;
	/** The user the relay's lookup found, by id (R2: no shadow accounts). */
	lookupUser(userId: string): User | null;
	/** Another account (a partner, an asset's owner): see PolicyContext.otherAccount. */
	otherAccount(accountId: string): AccountView | null | typeof NotHeld;
	newId(): string;
}

export function policyContextOf(env: CommandEnv): PolicyContext {
	let account: AccountView | null = null;
	if (env.room.kind === RoomKind.Account) account = docAccountView(env.doc, env.room.accountId);
	else if (env.room.kind !== RoomKind.User && env.accountDoc !== undefined) account = docAccountView(env.accountDoc, env.room.accountId);
	return {
		actor: env.actor,
		room: env.room,
		now: env.now,
		account,
		lookupUser: (id) => env.lookupUser(id),
		otherAccount: (id) => env.otherAccount(id)
	};
}
