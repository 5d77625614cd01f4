import type * as Y from 'yjs';
import { AccessType, hasAccess } from './AccessType';
import { Collection, readEntity } from './schema';
import { RejectReason } from './RejectReason';
import { ok, refuse, assertNever, type Result } from './Result';
import { RoomKind, type Room } from './Room';

export interface RoomAccessContext {
	/** The `account/<id>` document, or null when the relay has no such room. */
	accountDoc(accountId: string): Y.Doc | null;
}

/** The access type a section room needs (DESIGN §3 rooms table, R12). */
function sectionAccess(kind: RoomKind): readonly AccessType[] {
	switch (kind) {
		case RoomKind.Catalog:
			return [AccessType.Catalog];
		case RoomKind.Reports:
			return [AccessType.Analytics, AccessType.Payments];
		case RoomKind.Payments:
			return [AccessType.Payments];
		case RoomKind.Activity:
			return [AccessType.Admin];
		case RoomKind.Account:
		case RoomKind.User:
			return [];
		default:
			return assertNever(kind, 'room kind');
	}
}

/**
 * R12: who receives a room at all. The relay asks this before it sends a single byte of a
 * document, and again after every change to a membership, to close sockets that lost it.
 * An account room nobody has created yet is open: it is empty, and the first write into it
 * must be its creation by the user who will be its only admin.
 */
export function canReadRoom(room: Room, userId: string, ctx: RoomAccessContext): Result<true> {
	if (room.kind === RoomKind.User) return room.userId === userId ? ok(true) : refuse(RejectReason.NotMember);
	const doc = ctx.accountDoc(room.accountId);
	const exists = doc !== null && doc.getMap(Collection.Profile).size > 0;
	if (!exists) return room.kind === RoomKind.Account ? ok(true) : refuse(RejectReason.UnknownAccount);
	const member = readEntity(doc, Collection.Members, userId);
	if (member === null) return refuse(RejectReason.NotMember);
	const needed = sectionAccess(room.kind);
	if (needed.length === 0 || needed.some((t) => hasAccess(member.types, t))) return ok(true);
	return refuse(needed.includes(AccessType.Admin) ? RejectReason.NotAdmin : RejectReason.MissingAccessType, { type: needed.join(',') });
}

/** The rooms of an account this member may read, for the client to open. */
export function readableSections(types: readonly AccessType[]): RoomKind[] {
	return [RoomKind.Catalog, RoomKind.Reports, RoomKind.Payments, RoomKind.Activity].filter((kind) =>
		sectionAccess(kind).some((t) => hasAccess(types, t))
	);
}
