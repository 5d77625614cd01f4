import type * as Y from 'yjs';
import type { Action } from './Action';
import { docAccountView, type AccountView, type EntityChange } from './AccountView';
import { activityDrafts, type ActivityDraft } from './activity';
import { checkChanges } from './checkChanges';
import { classifyUpdate } from './classifyUpdate';
import { deriveEffects } from './deriveEffects';
import type { Effect } from './Effect';
import type { Actor, User } from './entities';
import type { PolicyContext } from './PolicyContext';
import { ok, type Result } from './Result';
import { RoomKind, type Room } from './Room';

/** What the relay knows when an update arrives. */
export interface ValidationContext {
	/** The authenticated user of the socket: never a client's claim. */
	readonly actor: Actor;
	readonly room: Room;
	readonly now: number;
	/** Registered users (R2). */
	lookupUser(userId: string): User | null;
	/** The `account/<id>` document, or null when there is no such account. */
	accountDoc(accountId: string): Y.Doc | null;
}

export interface AcceptedUpdate {
	readonly changes: readonly EntityChange[];
	readonly actions: readonly Action[];
	readonly activity: readonly ActivityDraft[];
	readonly effects: readonly Effect[];
}

function viewOf(doc: Y.Doc | null, accountId: string): AccountView | null {
	return doc === null ? null : docAccountView(doc, accountId);
}

/**
 * The relay's gate (DESIGN §3, write path): classify what the update touches, derive the
 * actions, ask the policy with the state before and the authenticated user, check the
 * invariants on the result. On success, the activity to log and the cross-room effects to
 * apply. Never mutates `doc`.
 */
export function validateUpdate(doc: Y.Doc, update: Uint8Array, ctx: ValidationContext): Result<AcceptedUpdate> {
	const classified = classifyUpdate(doc, update, ctx.room.kind);
	if (!classified.ok) return classified;
	const { changes } = classified.value;
	const account =
		ctx.room.kind === RoomKind.Account
			? docAccountView(doc, ctx.room.accountId)
			: ctx.room.kind === RoomKind.User
				? null
				: viewOf(ctx.accountDoc(ctx.room.accountId), ctx.room.accountId);
	const policy: PolicyContext = {
		actor: ctx.actor,
		room: ctx.room,
		now: ctx.now,
		account,
		lookupUser: (id) => ctx.lookupUser(id),
		otherAccount: (id) => viewOf(ctx.accountDoc(id), id)
	};
	const checked = checkChanges(changes, policy);
	if (!checked.ok) return checked;
	const actions = checked.value;
	return ok({
		changes,
		actions,
		activity: activityDrafts(actions, changes),
		effects: deriveEffects(actions, ctx.room, ctx.actor, account, ctx.now)
	});
}
