import type * as Y from 'yjs';
import {
	AccessType,
	accountRoom,
	AssetRole,
	Collection,
	dryRun,
	normaliseAccessTypes,
	readEntity,
	readRaw,
	RejectReason,
	type CommandEnv,
	type EntityChange,
	type Refusal,
	type Room
} from '$lib/domain';

/**
 * Why a button is disabled: each guard builds the change its command would make and asks
 * the domain's gate (`dryRun`: the same policy and invariants the command and the relay use)
 * without writing anything. `null` means the action is allowed.
 */

type Raw = Record<string, unknown>;

function envFor(doc: Y.Doc, room: Room, actorId: string, accountDoc?: Y.Doc): CommandEnv {
	return {
		doc,
		room,
		actor: { userId: actorId },
		now: Date.now(),
		...(accountDoc === undefined ? {} : { accountDoc }),
		// Asset admins are chosen among the account's users, whom the account document names.
		lookupUser: (userId) => {
			const member = readEntity(accountDoc ?? doc, Collection.Members, userId);
			return member === null ? null : { id: member.userId, email: member.email, name: member.name };
		},
		otherAccount: () => null,
		newId: () => 'dry-run'
	};
}

function verdict(doc: Y.Doc, room: Room, actorId: string, changes: EntityChange[], accountDoc?: Y.Doc): Refusal | null {
	const result = dryRun(envFor(doc, room, actorId, accountDoc), changes);
	return result.ok ? null : result;
}

function raw(doc: Y.Doc, collection: Collection, key: string): Raw | null {
	return readRaw(doc, collection, key) as Raw | null;
}

/** R1, R5: may `actorId` remove `userId` from the account? */
export function whyNotRemoveMember(doc: Y.Doc, accountId: string, actorId: string, userId: string): Refusal | null {
	const before = raw(doc, Collection.Members, userId);
	if (before === null) return { ok: false, reason: RejectReason.UnknownMember };
	return verdict(doc, accountRoom(accountId), actorId, [{ collection: Collection.Members, key: userId, before, after: null }]);
}

/** R1, R5: may `actorId` give `userId` these access types? */
export function whyNotChangeTypes(doc: Y.Doc, accountId: string, actorId: string, userId: string, types: readonly AccessType[]): Refusal | null {
	const before = raw(doc, Collection.Members, userId);
	if (before === null) return { ok: false, reason: RejectReason.UnknownMember };
	if (types.length === 0) return { ok: false, reason: RejectReason.NoAccessTypes };
	const after = { ...before, types: normaliseAccessTypes(types) };
	return verdict(doc, accountRoom(accountId), actorId, [{ collection: Collection.Members, key: userId, before, after }]);
}

/** R1: account settings and people are for admins. Asks with an edit that changes nothing visible. */
export function whyNotEditProfile(doc: Y.Doc, accountId: string, actorId: string): Refusal | null {
	const before = raw(doc, Collection.Profile, 'self');
	if (before === null) return { ok: false, reason: RejectReason.UnknownAccount };
	return verdict(doc, accountRoom(accountId), actorId, [{ collection: Collection.Profile, key: 'self', before, after: { ...before } }]);
}

/** R1: adding people is for admins (the lookup of the email comes after). */
export function whyNotManagePeople(doc: Y.Doc, accountId: string, actorId: string): Refusal | null {
	const me = raw(doc, Collection.Members, actorId);
	if (me === null) return { ok: false, reason: RejectReason.NotMember };
	const types = Array.isArray(me.types) ? (me.types as string[]) : [];
	return types.includes(AccessType.Admin) ? null : { ok: false, reason: RejectReason.NotAdmin };
}

function assetChange(doc: Y.Doc, assetId: string, admins: (current: Raw) => Raw): EntityChange[] | Refusal {
	const before = raw(doc, Collection.Assets, assetId);
	if (before === null) return { ok: false, reason: RejectReason.UnknownAsset };
	return [{ collection: Collection.Assets, key: assetId, before, after: { ...before, admins: admins({ ...(before.admins as Raw) }) } }];
}

/** R6, R7: may `actorId` remove `userId` from the asset's admins? */
export function whyNotRemoveAssetAdmin(doc: Y.Doc, accountId: string, actorId: string, assetId: string, userId: string): Refusal | null {
	const changes = assetChange(doc, assetId, (admins) => {
		delete admins[userId];
		return admins;
	});
	if (!Array.isArray(changes)) return changes;
	return verdict(doc, accountRoom(accountId), actorId, changes);
}

/** R6: may `actorId` set `userId`'s role on the asset (the last master can't become a member)? */
export function whyNotSetAssetRole(doc: Y.Doc, accountId: string, actorId: string, assetId: string, userId: string, role: AssetRole): Refusal | null {
	const changes = assetChange(doc, assetId, (admins) => ({ ...admins, [userId]: role }));
	if (!Array.isArray(changes)) return changes;
	return verdict(doc, accountRoom(accountId), actorId, changes);
}

/** R8: the asset may be shared only with an active partner, by an admin. */
export function whyNotShare(doc: Y.Doc, accountId: string, actorId: string, assetId: string, partnerAccountId: string): Refusal | null {
	const before = raw(doc, Collection.Shares, assetId);
	const partners = { ...((before?.partners as Raw | undefined) ?? {}) };
	if (Object.hasOwn(partners, partnerAccountId)) return { ok: false, reason: RejectReason.AlreadyShared };
	partners[partnerAccountId] = { roleCeiling: AssetRole.Member, sharedAt: Date.now(), sharedBy: actorId };
	return verdict(doc, accountRoom(accountId), actorId, [{ collection: Collection.Shares, key: assetId, before, after: { assetId, partners } }]);
}
