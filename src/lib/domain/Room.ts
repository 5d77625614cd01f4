import { isId } from './validation';

/**
 * One Yjs document per read scope (DESIGN §3). A room name is the path after `/sync/`.
 */
export const RoomKind = {
	Account: 'account',
	Catalog: 'catalog',
	Reports: 'reports',
	Payments: 'payments',
	Activity: 'activity',
	User: 'user'
} as const;

export type RoomKind = (typeof RoomKind)[keyof typeof RoomKind];

export type Room =
	| { readonly kind: typeof RoomKind.Account; readonly accountId: string }
	| { readonly kind: typeof RoomKind.Catalog; readonly accountId: string }
	| { readonly kind: typeof RoomKind.Reports; readonly accountId: string }
	| { readonly kind: typeof RoomKind.Payments; readonly accountId: string }
	| { readonly kind: typeof RoomKind.Activity; readonly accountId: string }
	| { readonly kind: typeof RoomKind.User; readonly userId: string };

const accountSubRooms: Readonly<Record<string, RoomKind>> = {
	catalog: RoomKind.Catalog,
	reports: RoomKind.Reports,
	payments: RoomKind.Payments,
	activity: RoomKind.Activity
};

/** Parses `account/<id>`, `account/<id>/<section>` or `user/<id>`; anything else is null. */
export function parseRoomName(name: string): Room | null {
	const parts = name.split('/');
	if (parts[0] === 'user' && parts.length === 2 && isId(parts[1])) {
		return { kind: RoomKind.User, userId: parts[1] };
	}
	if (parts[0] !== 'account' || !isId(parts[1])) return null;
	const accountId = parts[1];
	if (parts.length === 2) return { kind: RoomKind.Account, accountId };
	if (parts.length !== 3) return null;
	const section = parts[2];
	const kind = section !== undefined && Object.hasOwn(accountSubRooms, section) ? accountSubRooms[section] : undefined;
	return kind === undefined ? null : ({ kind, accountId } as Room);
}

export function roomName(room: Room): string {
	switch (room.kind) {
		case RoomKind.User:
			return `user/${room.userId}`;
		case RoomKind.Account:
			return `account/${room.accountId}`;
		case RoomKind.Catalog:
		case RoomKind.Reports:
		case RoomKind.Payments:
		case RoomKind.Activity:
			return `account/${room.accountId}/${room.kind}`;
		default:
			return assertNeverRoom(room);
	}
}

function assertNeverRoom(room: never): never {
	throw new Error(`Unexpected room ${JSON.stringify(room)}`);
}

export const accountRoom = (accountId: string): Room => ({ kind: RoomKind.Account, accountId });
export const userRoom = (userId: string): Room => ({ kind: RoomKind.User, userId });
