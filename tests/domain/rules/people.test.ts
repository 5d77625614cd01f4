import { beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	accountRoom,
	addMember,
	allAccessTypes,
	AccessType,
	canReadRoom,
	changeMemberTypes,
	defaultAccessTypes,
	editProfile,
	hasAccess,
	readableSections,
	readEntity,
	Collection,
	removeMember,
	RejectReason,
	RoomKind,
	type CommandEnv,
	type Result,
	type User
} from '$lib/domain';
import {
	entityMap,
	expectAccepted,
	expectCommandRefused,
	expectRelayAccepts,
	expectRelayRefuses,
	newEntity,
	seedAccount,
	seedMember,
	World
} from '../fixtures';

const room = 'account/acme';

let w: World;
let alice: User; // admin
let bob: User; // admin
let carol: User; // catalog
let dave: User; // registered, not a member
let erin: User; // analytics + payments

beforeEach(() => {
	w = new World();
	alice = w.register('alice');
	bob = w.register('bob');
	carol = w.register('carol');
	dave = w.register('dave');
	erin = w.register('erin');
	seedAccount(w, alice, 'acme', 'Acme');
	seedMember(w, alice, 'acme', bob, ['admin']);
	seedMember(w, alice, 'acme', carol, ['catalog']);
	seedMember(w, alice, 'acme', erin, ['analytics', 'payments']);
});

const memberOf = (userId: string, docs: 'relay' | 'client' = 'relay') =>
	readEntity(docs === 'relay' ? w.relayDoc(room) : w.doc(room), Collection.Members, userId);

/** A membership as the add-member command would write it, as raw fields. */
function rawMember(user: User, types: readonly string[], addedBy: string): Record<string, unknown> {
	return { userId: user.id, email: user.email, name: user.name, types: [...types], addedAt: w.now, addedBy };
}

// ------------------------------------------------------------------ R1

describe('R1 only admins add, change and remove members', () => {
	type Case = { name: string; command: (env: CommandEnv) => Result<unknown> };
	const cases: Case[] = [
		{ name: 'add a member', command: (env) => addMember(env, { email: dave.email, user: dave }) },
		{ name: "change a member's types", command: (env) => changeMemberTypes(env, { userId: erin.id, types: ['analytics'] }) },
		{ name: 'remove a member', command: (env) => removeMember(env, { userId: erin.id }) }
	];

	for (const c of cases) {
		it(`[R1] an admin may ${c.name}; the relay accepts the update`, () => {
			expectAccepted(w, alice, room, c.command);
		});
		it(`[R1] a catalog member may not ${c.name}: not-admin, nothing written`, () => {
			expectCommandRefused(w, carol, room, c.command, RejectReason.NotAdmin);
		});
		it(`[R1] a member holding every type but admin may not ${c.name}: not-admin`, () => {
			w.must(alice, room, (env) => changeMemberTypes(env, { userId: erin.id, types: ['catalog', 'analytics', 'payments'] }));
			expectCommandRefused(w, erin, room, c.command, RejectReason.NotAdmin);
		});
		it(`[R1] a non-member may not ${c.name}: not-member`, () => {
			expectCommandRefused(w, dave, room, c.command, RejectReason.NotMember);
		});
	}

	it('[R1] the relay accepts an admin-written raw membership change', () => {
		expectRelayAccepts(w, bob, room, (doc) => entityMap(doc, 'members', carol.id).set('types', ['catalog', 'analytics']));
		expect(memberOf(carol.id)?.types).toEqual(['catalog', 'analytics']);
	});

	it('[R1] hostile: a catalog member grants themself admin by a raw write: not-admin', () => {
		expectRelayRefuses(w, carol, room, (doc) => entityMap(doc, 'members', carol.id).set('types', ['admin']), RejectReason.NotAdmin);
		expect(memberOf(carol.id)?.types).toEqual(['catalog']);
	});

	it('[R1] hostile: a catalog member adds a member by creating the map entry: not-admin', () => {
		expectRelayRefuses(
			w,
			carol,
			room,
			(doc) => doc.getMap('members').set(dave.id, newEntity(rawMember(dave, ['admin'], carol.id))),
			RejectReason.NotAdmin
		);
		expect(memberOf(dave.id)).toBeNull();
	});

	it('[R1] hostile: a catalog member removes an admin by deleting the map key: not-admin', () => {
		expectRelayRefuses(w, carol, room, (doc) => doc.getMap('members').delete(bob.id), RejectReason.NotAdmin);
		expect(memberOf(bob.id)).not.toBeNull();
	});

	it('[R1] hostile: a non-member adds themself to the account: not-member', () => {
		expectRelayRefuses(
			w,
			dave,
			room,
			(doc) => doc.getMap('members').set(dave.id, newEntity(rawMember(dave, ['admin'], dave.id))),
			RejectReason.NotMember
		);
	});

	it('[R1] hostile: even an admin may not rewrite who added a member: invalid-value', () => {
		expectRelayRefuses(w, alice, room, (doc) => entityMap(doc, 'members', carol.id).set('addedBy', bob.id), RejectReason.InvalidValue);
	});
});

// ------------------------------------------------------------------ R2

describe('R2 members are added by email, registered users only, catalog by default', () => {
	it('[R2] a registered user added by email gets catalog when no type is picked', () => {
		expect(defaultAccessTypes).toEqual(['catalog']);
		const { accepted } = expectAccepted(w, alice, room, (env) => addMember(env, { email: dave.email, user: dave }));
		expect(memberOf(dave.id)?.types).toEqual([AccessType.Catalog]);
		expect(memberOf(dave.id)?.email).toBe(dave.email);
		expect(accepted.actions.map((a) => a.type)).toEqual(['add-member']);
	});

	it('[R2] the email is matched case-insensitively and stored normalised', () => {
		expectAccepted(w, alice, room, (env) => addMember(env, { email: '  DAVE@Example.COM ', user: dave }));
		expect(memberOf(dave.id)?.email).toBe('dave@example.com');
	});

	it('[R2] the admin may pick several types instead of the default', () => {
		expectAccepted(w, alice, room, (env) => addMember(env, { email: dave.email, user: dave, types: ['payments', 'analytics'] }));
		expect(memberOf(dave.id)?.types).toEqual(['analytics', 'payments']);
	});

	it('[R2] the new member receives the account in their user room and an access-granted notification', () => {
		expectAccepted(w, alice, room, (env) => addMember(env, { email: dave.email, user: dave }));
		const userDoc = w.relayDoc(`user/${dave.id}`);
		expect(userDoc.getMap('accounts').has('acme')).toBe(true);
		const inbox = [...userDoc.getMap('inbox').values()].map((n) => (n as Y.Map<unknown>).get('kind'));
		expect(inbox).toContain('access-granted');
	});

	it('[R2] an email nobody registered is refused: user-not-registered (no shadow accounts)', () => {
		expectCommandRefused(w, alice, room, (env) => addMember(env, { email: 'ghost@example.com', user: null }), RejectReason.UserNotRegistered);
	});

	it("[R2] a lookup result that is not the email's owner is refused: user-not-registered", () => {
		expectCommandRefused(w, alice, room, (env) => addMember(env, { email: 'ghost@example.com', user: dave }), RejectReason.UserNotRegistered);
	});

	it('[R2] a malformed email is refused: invalid-email', () => {
		expectCommandRefused(w, alice, room, (env) => addMember(env, { email: 'dave@', user: dave }), RejectReason.InvalidEmail);
	});

	it('[R2] adding someone who is already a member is refused: already-member', () => {
		expectCommandRefused(w, alice, room, (env) => addMember(env, { email: carol.email, user: carol }), RejectReason.AlreadyMember);
	});

	it('[R2] hostile: an admin writes a membership for an unregistered user id: user-not-registered', () => {
		const ghost: User = { id: 'u-ghost', email: 'ghost@example.com', name: 'Ghost' };
		expectRelayRefuses(
			w,
			alice,
			room,
			(doc) => doc.getMap('members').set(ghost.id, newEntity(rawMember(ghost, ['catalog'], alice.id))),
			RejectReason.UserNotRegistered
		);
	});

	it("[R2] hostile: an admin writes a membership under another person's email: user-not-registered", () => {
		expectRelayRefuses(
			w,
			alice,
			room,
			(doc) => doc.getMap('members').set(dave.id, newEntity({ ...rawMember(dave, ['catalog'], alice.id), email: 'someone@else.example' })),
			RejectReason.UserNotRegistered
		);
	});

	it('[R2] hostile: a membership with no types is refused: no-access-types', () => {
		expectRelayRefuses(w, alice, room, (doc) => doc.getMap('members').set(dave.id, newEntity(rawMember(dave, [], alice.id))), RejectReason.NoAccessTypes);
	});

	it('[R2] hostile: an asset created with an unregistered user among its admins: user-not-registered', () => {
		expectRelayRefuses(
			w,
			alice,
			room,
			(doc) =>
				doc.getMap('assets').set(
					'a1',
					newEntity(
						{
							id: 'a1',
							kind: 'pixel-sdk',
							name: 'Pixel',
							businessInfo: { registrationNumber: '', representative: '', address: '', phone: '' },
							admins: { [alice.id]: 'master', 'u-ghost': 'master' },
							autoPayHolder: null,
							createdAt: w.now,
							createdBy: alice.id
						},
						['admins']
					)
				),
			RejectReason.UserNotRegistered
		);
	});

	it('[R2] hostile: the raw membership an admin client would write is accepted', () => {
		expectRelayAccepts(w, alice, room, (doc) => doc.getMap('members').set(dave.id, newEntity(rawMember(dave, ['catalog'], alice.id))));
		expect(memberOf(dave.id)?.types).toEqual(['catalog']);
	});
});

// ------------------------------------------------------------------ R4

describe('R4 admin includes every type; several types; revenue needs payments or admin', () => {
	it('[R4] hasAccess: admin holds every access type', () => {
		for (const t of allAccessTypes) expect(hasAccess(['admin'], t)).toBe(true);
	});

	it('[R4] hasAccess: a member holds exactly the types they were given, several at once', () => {
		expect(hasAccess(['analytics', 'payments'], 'analytics')).toBe(true);
		expect(hasAccess(['analytics', 'payments'], 'payments')).toBe(true);
		expect(hasAccess(['analytics', 'payments'], 'catalog')).toBe(false);
		expect(hasAccess(['analytics', 'payments'], 'admin')).toBe(false);
	});

	const ctx = () => ({ accountDoc: (id: string) => w.relayDocs.get(`account/${id}`) ?? null });
	const reports = { kind: RoomKind.Reports, accountId: 'acme' } as const;
	const payments = { kind: RoomKind.Payments, accountId: 'acme' } as const;

	it('[R4] revenue (payments room): readable with payments or admin', () => {
		expect(canReadRoom(payments, erin.id, ctx())).toEqual({ ok: true, value: true });
		expect(canReadRoom(payments, alice.id, ctx())).toEqual({ ok: true, value: true });
	});

	it('[R4] revenue (payments room): refused to analytics-only and catalog-only members: missing-access-type', () => {
		w.must(alice, room, (env) => changeMemberTypes(env, { userId: erin.id, types: ['analytics'] }));
		expect(canReadRoom(payments, erin.id, ctx())).toMatchObject({ ok: false, reason: RejectReason.MissingAccessType });
		expect(canReadRoom(payments, carol.id, ctx())).toMatchObject({ ok: false, reason: RejectReason.MissingAccessType });
	});

	it('[R4] reports room: readable with analytics, payments or admin; not with catalog', () => {
		expect(canReadRoom(reports, erin.id, ctx()).ok).toBe(true);
		expect(canReadRoom(reports, alice.id, ctx()).ok).toBe(true);
		w.must(alice, room, (env) => changeMemberTypes(env, { userId: erin.id, types: ['payments'] }));
		expect(canReadRoom(reports, erin.id, ctx()).ok).toBe(true);
		expect(canReadRoom(reports, carol.id, ctx())).toMatchObject({ ok: false, reason: RejectReason.MissingAccessType });
	});

	it('[R4] the sections a member opens follow their types (admin: all)', () => {
		expect(readableSections(['admin'])).toEqual(['catalog', 'reports', 'payments', 'activity']);
		expect(readableSections(['analytics', 'payments'])).toEqual(['reports', 'payments']);
		expect(readableSections(['catalog'])).toEqual(['catalog']);
	});

	it('[R4] a member may hold several types, stored as one normalised set', () => {
		expectAccepted(w, alice, room, (env) => changeMemberTypes(env, { userId: carol.id, types: ['payments', 'catalog', 'payments'] }));
		expect(memberOf(carol.id)?.types).toEqual(['catalog', 'payments']);
	});

	it('[R4] account settings need admin: an admin edits the profile', () => {
		expectAccepted(w, bob, room, (env) => editProfile(env, { name: 'Acme Holdings' }));
		expect(readEntity(w.relayDoc(room), Collection.Profile)?.name).toBe('Acme Holdings');
	});

	it('[R4] account settings need admin: every other type together is not enough: not-admin', () => {
		w.must(alice, room, (env) => changeMemberTypes(env, { userId: erin.id, types: ['catalog', 'analytics', 'payments'] }));
		expectCommandRefused(w, erin, room, (env) => editProfile(env, { name: 'Mine now' }), RejectReason.NotAdmin);
		expectRelayRefuses(w, erin, room, (doc) => doc.getMap('profile').set('name', 'Mine now'), RejectReason.NotAdmin);
	});
});

// ------------------------------------------------------------------ R5

describe('R5 the last admin cannot lose admin nor be removed', () => {
	beforeEach(() => {
		// From here on alice is the only admin.
		w.must(alice, room, (env) => changeMemberTypes(env, { userId: bob.id, types: ['catalog'] }));
	});

	it('[R5] the last admin cannot drop admin: last-admin', () => {
		expectCommandRefused(w, alice, room, (env) => changeMemberTypes(env, { userId: alice.id, types: ['catalog'] }), RejectReason.LastAdmin);
	});

	it('[R5] the last admin cannot be removed: last-admin', () => {
		expectCommandRefused(w, alice, room, (env) => removeMember(env, { userId: alice.id }), RejectReason.LastAdmin);
	});

	it('[R5] the last admin may change other types while keeping admin', () => {
		expectAccepted(w, alice, room, (env) => changeMemberTypes(env, { userId: alice.id, types: ['admin', 'payments'] }));
		expect(memberOf(alice.id)?.types).toEqual(['admin', 'payments']);
	});

	it('[R5] with a second admin, the first may step down and then be removed', () => {
		w.must(alice, room, (env) => changeMemberTypes(env, { userId: bob.id, types: ['admin'] }));
		expectAccepted(w, alice, room, (env) => changeMemberTypes(env, { userId: alice.id, types: ['catalog'] }));
		expectAccepted(w, bob, room, (env) => removeMember(env, { userId: alice.id }));
		expect(memberOf(alice.id)).toBeNull();
		expect(memberOf(bob.id)?.types).toEqual(['admin']);
	});

	it('[R5] hostile: the last admin drops admin by a raw write: last-admin', () => {
		expectRelayRefuses(w, alice, room, (doc) => entityMap(doc, 'members', alice.id).set('types', ['catalog']), RejectReason.LastAdmin);
	});

	it('[R5] hostile: the last admin deletes their own membership key: last-admin', () => {
		expectRelayRefuses(w, alice, room, (doc) => doc.getMap('members').delete(alice.id), RejectReason.LastAdmin);
	});

	it('[R5] hostile: one update that demotes both of two admins at once: last-admin', () => {
		w.must(alice, room, (env) => changeMemberTypes(env, { userId: bob.id, types: ['admin'] }));
		expectRelayRefuses(
			w,
			alice,
			room,
			(doc) => {
				entityMap(doc, 'members', alice.id).set('types', ['catalog']);
				entityMap(doc, 'members', bob.id).set('types', ['catalog']);
			},
			RejectReason.LastAdmin
		);
		expect(memberOf(alice.id)?.types).toEqual(['admin']);
		expect(memberOf(bob.id)?.types).toEqual(['admin']);
	});

	it('[R5] hostile: one update that removes one admin and demotes the other: last-admin', () => {
		w.must(alice, room, (env) => changeMemberTypes(env, { userId: bob.id, types: ['admin'] }));
		expectRelayRefuses(
			w,
			bob,
			room,
			(doc) => {
				doc.getMap('members').delete(alice.id);
				entityMap(doc, 'members', bob.id).set('types', ['payments']);
			},
			RejectReason.LastAdmin
		);
	});

	it('[R5] hostile: demoting one of two admins in a raw write is accepted', () => {
		w.must(alice, room, (env) => changeMemberTypes(env, { userId: bob.id, types: ['admin'] }));
		expectRelayAccepts(w, bob, room, (doc) => entityMap(doc, 'members', alice.id).set('types', ['payments']));
		expect(memberOf(alice.id)?.types).toEqual(['payments']);
	});
});

// ------------------------------------------------------------------ R13

describe('R13 every actor is the authenticated user', () => {
	it('[R13] the relay judges an update by the socket user: an admin-made update sent by a catalog member is refused not-admin', () => {
		// alice's client writes a legitimate add-member…
		let update: Uint8Array | null = null;
		update = w.capture(room, () => {
			const r = addMember(w.env(alice, accountRoom('acme'), room), { email: dave.email, user: dave });
			expect(r.ok).toBe(true);
		});
		expect(update).not.toBeNull();
		// …but it arrives on carol's socket: the relay acts as carol, whatever the update claims.
		expectRelayRefuses(w, carol, room, update!, RejectReason.NotAdmin);
		// The same bytes on alice's socket are fine.
		expect(w.relay(alice, accountRoom('acme'), room, update!)).toMatchObject({ ok: true });
	});

	it("[R13] hostile: a non-admin writes a membership claiming an admin's id in addedBy: still not-admin", () => {
		expectRelayRefuses(
			w,
			carol,
			room,
			(doc) => doc.getMap('members').set(dave.id, newEntity(rawMember(dave, ['admin'], alice.id))),
			RejectReason.NotAdmin
		);
		expect(memberOf(dave.id)).toBeNull();
	});

	it("[R13] hostile: an admin may not attribute their addition to another admin: invalid-value", () => {
		expectRelayRefuses(
			w,
			bob,
			room,
			(doc) => doc.getMap('members').set(dave.id, newEntity(rawMember(dave, ['catalog'], alice.id))),
			RejectReason.InvalidValue
		);
	});

	it("[R13] hostile: an admin stores a member under a display name that is not the registered user's: invalid-value", () => {
		expectRelayRefuses(
			w,
			alice,
			room,
			(doc) => doc.getMap('members').set(dave.id, newEntity({ ...rawMember(dave, ['catalog'], alice.id), name: 'Alice (CEO)' })),
			RejectReason.InvalidValue
		);
	});

	it('[R13] the command records the acting user as addedBy, and the relay accepts exactly that', () => {
		expectAccepted(w, bob, room, (env) => addMember(env, { email: dave.email, user: dave }));
		expect(memberOf(dave.id)?.addedBy).toBe(bob.id);
	});

	it("[R13] a user's own room is readable only by that user; nobody else's", () => {
		const ctx = { accountDoc: (id: string) => w.relayDocs.get(`account/${id}`) ?? null };
		expect(canReadRoom({ kind: RoomKind.User, userId: carol.id }, carol.id, ctx).ok).toBe(true);
		expect(canReadRoom({ kind: RoomKind.User, userId: carol.id }, alice.id, ctx)).toMatchObject({ ok: false, reason: RejectReason.NotMember });
	});
});
