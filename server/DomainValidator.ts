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
	type Room,
	AssetRole,
	EffectType,
	readEntity
} from '../src/lib/domain/index.ts';
import type { Logger } from './Logger.ts';
import type { Mailer } from './Mailer.ts';
import type { AcceptedWrite, FollowUp, ReadContext, RelayWriteEnv, RoomValidator, WriteContext } from './RoomValidator.ts';

/**
 * The real policy: src/lib/domain decides who reads a room and whether an update may be
 * applied; this adapter turns what it accepts into the relay's follow-ups (activity entries
 * and cross-room effects) and names the users whose read access may have shrunk.
 */
export interface DomainValidatorOptions {
	/** R10: affiliation requests also go out by e-mail when the relay has SMTP configured. */
	readonly mailer?: Mailer;
	/** The app's public URL, for links in e-mail. */
	readonly publicUrl?: string;
	/** Registered users by id (their e-mail addresses). */
	readonly findUser?: (userId: string) => Promise<{ email: string; name: string } | null>;
	readonly log?: Logger;
}

export class DomainValidator implements RoomValidator {
	readonly #options: DomainValidatorOptions;

	constructor(options: DomainValidatorOptions = {}) {
		this.#options = options;
	}

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
		const accepted = toAcceptedWrite(result.value, ctx);
		const mails = this.#mailFollowUps(result.value.effects);
		if (mails.followUps.length === 0) return { ok: true, value: accepted };
		return {
			ok: true,
			value: { ...accepted, followUps: [...accepted.followUps, ...mails.followUps], afterCommit: mails.afterCommit }
		};
	}

	/**
	 * An affiliation request's masters are known only once the owner's room is loaded, which
	 * the follow-ups arrange: the follow-up notes them (the last, real run wins over the
	 * dry run that only finds rooms), and the mail goes out after the commit.
	 */
	#mailFollowUps(effects: readonly Effect[]): { followUps: FollowUp[]; afterCommit: (() => void)[] } {
		const { mailer, findUser } = this.#options;
		if (mailer === undefined || findUser === undefined) return { followUps: [], afterCommit: [] };
		const followUps: FollowUp[] = [];
		const afterCommit: (() => void)[] = [];
		for (const effect of effects) {
			if (effect.type !== EffectType.NotifyAssetMasters) continue;
			let found: { masters: string[]; assetName: string } | null = null;
			followUps.push((env) => {
				const owner = env.doc(roomName(accountRoom(effect.ownerAccountId)));
				const asset = owner === null ? null : readEntity(owner, Collection.Assets, effect.assetId);
				found =
					asset === null
						? null
						: { masters: Object.keys(asset.admins).filter((id) => asset.admins[id] === AssetRole.Master), assetName: asset.name };
			});
			afterCommit.push(() => {
				const noted = found as { masters: string[]; assetName: string } | null;
				if (noted === null) return;
				void this.#sendAffiliationMail(noted.masters, noted.assetName, effect.data.requesterName ?? '');
			});
		}
		return { followUps, afterCommit };
	}

	async #sendAffiliationMail(masterIds: readonly string[], assetName: string, requesterName: string): Promise<void> {
		const { mailer, findUser, publicUrl, log } = this.#options;
		try {
			const users = (await Promise.all(masterIds.map((id) => findUser!(id)))).filter((u) => u !== null);
			if (users.length === 0) return;
			// Without PUBLIC_URL the relay cannot know the address people reach it by: no link then.
			const link = publicUrl === undefined ? '' : `${publicUrl.replace(/\/$/, '')}/inbox`;
			await mailer!.sendAffiliationRequest({ to: users, requesterName, assetName, link });
		} catch (error) {
			log?.warn('mail: affiliation request not sent', { error: String(error) });
		}
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
