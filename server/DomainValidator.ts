import * as Y from 'yjs';
import {
	accountRoom,
	applyEffect,
	canReadRoom,
	Collection,
	roomName,
	RoomKind,
	userRoom,
	validateUpdate,
	writeActivity,
	type AcceptedUpdate,
	type ActivityDraft,
	type Effect,
	type EffectEnv,
	type Result,
	type Room
} from '../src/lib/domain/index.ts';
import type { AcceptedWrite, FollowUp, ReadContext, RelayWriteEnv, RoomValidator, WriteContext } from './RoomValidator.ts';

/**
 * The real policy: src/lib/domain decides who reads a room and whether an update may be
 * applied; this adapter turns what it accepts into the relay's follow-ups (activity entries
 * and cross-room effects) and names the users whose read access may have shrunk.
 */
export class DomainValidator implements RoomValidator {
	canRead(room: Room, userId: string, ctx: ReadContext): Result<true> {
		return canReadRoom(room, userId, ctx);
	}

	validate(doc: Y.Doc, update: Uint8Array, ctx: WriteContext): Result<AcceptedWrite> {
		const result = validateUpdate(doc, update, {
			actor: ctx.actor,
			room: ctx.room,
			now: ctx.now,
			lookupUser: (id) => ctx.lookupUser(id),
			accountDoc: (id) => ctx.accountDoc(id)
		});
		if (!result.ok) return result;
		return { ok: true, value: toAcceptedWrite(result.value, ctx) };
	}
}

function toAcceptedWrite(accepted: AcceptedUpdate, ctx: WriteContext): AcceptedWrite {
	const followUps: FollowUp[] = [];
	const activityRoom = activityRoomOf(ctx.room);
	if (activityRoom !== null && accepted.activity.length > 0) {
		followUps.push(activityFollowUp(activityRoom, accepted.activity, ctx.actor.userId));
	}
	for (const effect of accepted.effects) followUps.push(effectFollowUp(effect));
	// A membership that changed or went is the only thing that narrows who reads a room.
	const accessChangedFor = [...new Set(accepted.changes.filter((c) => c.collection === Collection.Members).map((c) => c.key))];
	return { followUps, accessChangedFor };
}

/** Activity is logged per account; a user room's own bookkeeping (read marks) is not. */
function activityRoomOf(room: Room): string | null {
	return room.kind === RoomKind.User ? null : roomName({ kind: RoomKind.Activity, accountId: room.accountId });
}

function activityFollowUp(room: string, drafts: readonly ActivityDraft[], actorId: string): FollowUp {
	return (env) => {
		const doc = env.doc(room);
		if (doc !== null) writeActivity(doc, drafts, actorId, env.now, env.newId, env.origin);
	};
}

function effectFollowUp(effect: Effect): FollowUp {
	return (env) => applyEffect(effect, effectEnv(env));
}

function effectEnv(env: RelayWriteEnv): EffectEnv {
	return {
		accountDoc: (accountId) => {
			const doc = env.doc(roomName(accountRoom(accountId)));
			// The domain means "no such account" by null: an empty room is not an account.
			return doc !== null && doc.getMap(Collection.Profile).size > 0 ? doc : null;
		},
		// While the relay is still learning which rooms are needed, a throwaway document
		// stands in for one not loaded yet; nothing written to it is kept.
		userDoc: (userId) => env.doc(roomName(userRoom(userId))) ?? new Y.Doc(),
		newId: env.newId,
		now: env.now,
		origin: env.origin
	};
}
