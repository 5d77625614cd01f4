import { beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	accountRoom,
	addBook,
	addMember,
	addPaymentProfile,
	AssetKind,
	canReadRoom,
	changeMemberTypes,
	Collection,
	createAccount,
	createAsset,
	editAsset,
	editBook,
	isIsbn,
	markNotificationRead,
	readEntity,
	RejectReason,
	removeAssetAdmin,
	removeBook,
	RoomKind,
	setAssetAdmin,
	setTerritory,
	type Room,
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
	seedAsset,
	seedMember,
	World
} from '../fixtures';

const acme = 'account/acme';
const catalog = 'account/acme/catalog';
const payments = 'account/acme/payments';

let w: World;
let alice: User; // admin
let cathy: User; // catalog
let paul: User; // payments
let andy: User; // analytics
let dave: User; // registered, not a member

beforeEach(() => {
	w = new World();
	alice = w.register('alice');
	cathy = w.register('cathy');
	paul = w.register('paul');
	andy = w.register('andy');
	dave = w.register('dave');
	seedAccount(w, alice, 'acme', 'Acme');
	seedMember(w, alice, 'acme', cathy, ['catalog']);
	seedMember(w, alice, 'acme', paul, ['payments']);
	seedMember(w, alice, 'acme', andy, ['analytics']);
});

type BookInput = Parameters<typeof addBook>[1];
const book: BookInput = { title: 'Hikayat', authors: ['Abdullah'], isbn: '978-0-306-40615-7', priceMinor: 2990, currency: 'MYR' };
const profile = { name: 'Main', bankName: 'Maybank', accountHolder: 'Acme Sdn Bhd', accountNumber: '1234 5678 9012', currency: 'MYR' };
const rawBook = (id: string, isbn: string, by: string) => ({
	id,
	title: 'Raw',
	authors: ['Someone'],
	isbn,
	priceMinor: 100,
	currency: 'KRW',
	status: 'draft',
	updatedAt: w.now,
	updatedBy: by
});
const readCtx = () => ({ accountDoc: (id: string) => w.relayDocs.get(`account/${id}`) ?? null });
const section = (kind: 'catalog' | 'reports' | 'payments' | 'activity', accountId = 'acme'): Room => ({ kind, accountId }) as Room;

// ------------------------------------------------------------------ R12 catalog

describe('R12 the catalog section needs catalog or admin', () => {
	it('[R12] a catalog member adds a book; the relay accepts it', () => {
		const { value } = expectAccepted(w, cathy, catalog, (env) => addBook(env, book));
		expect(readEntity(w.relayDoc(catalog), Collection.Books, value.bookId)).toMatchObject({ isbn: '9780306406157', status: 'draft', updatedBy: cathy.id });
	});

	it('[R12] an admin adds, edits and removes a book', () => {
		const { value } = expectAccepted(w, alice, catalog, (env) => addBook(env, book));
		expectAccepted(w, alice, catalog, (env) => editBook(env, { bookId: value.bookId, status: 'live' }));
		expectAccepted(w, alice, catalog, (env) => removeBook(env, { bookId: value.bookId }));
		expect(readEntity(w.relayDoc(catalog), Collection.Books, value.bookId)).toBeNull();
	});

	for (const [who, reason] of [
		['analytics', RejectReason.MissingAccessType],
		['payments', RejectReason.MissingAccessType],
		['non-member', RejectReason.NotMember]
	] as const) {
		it(`[R12] a ${who} user cannot add a book: ${reason}`, () => {
			const actor = who === 'analytics' ? andy : who === 'payments' ? paul : dave;
			expectCommandRefused(w, actor, catalog, (env) => addBook(env, book), reason);
		});
		it(`[R12] hostile: a ${who} user writes a raw book: ${reason}`, () => {
			const actor = who === 'analytics' ? andy : who === 'payments' ? paul : dave;
			expectRelayRefuses(w, actor, catalog, (doc) => doc.getMap('books').set('b1', newEntity(rawBook('b1', '9780306406157', actor.id))), reason);
		});
	}

	it('[R12] hostile: the raw book a catalog client would write is accepted', () => {
		expectRelayAccepts(w, cathy, catalog, (doc) => doc.getMap('books').set('b1', newEntity(rawBook('b1', '9780306406157', cathy.id))));
		expect(readEntity(w.relayDoc(catalog), Collection.Books, 'b1')?.title).toBe('Raw');
	});

	it('[R12] a member who loses catalog can no longer write books', () => {
		w.must(alice, acme, (env) => changeMemberTypes(env, { userId: cathy.id, types: ['analytics'] }));
		expectCommandRefused(w, cathy, catalog, (env) => addBook(env, book), RejectReason.MissingAccessType);
		expect(canReadRoom(section('catalog'), cathy.id, readCtx())).toMatchObject({ ok: false, reason: RejectReason.MissingAccessType });
	});
});

describe('R12 ISBN checksums', () => {
	const valid = ['978-0-306-40615-7', '9780306406157', '0-306-40615-2', '0 8044 2957 X', '080442957x'];
	const invalid = ['978-0-306-40615-8', '0-306-40615-3', '978030640615', '97803064061577', 'ISBN 9780306406157', '', '080442957Y'];

	for (const isbn of valid) {
		it(`[R12] ${JSON.stringify(isbn)} is a valid ISBN; the book is accepted`, () => {
			expect(isIsbn(isbn)).toBe(true);
			expectAccepted(w, cathy, catalog, (env) => addBook(env, { ...book, isbn }));
		});
	}
	for (const isbn of invalid) {
		it(`[R12] ${JSON.stringify(isbn)} is refused: invalid-isbn, nothing written`, () => {
			expect(isIsbn(isbn)).toBe(false);
			expectCommandRefused(w, cathy, catalog, (env) => addBook(env, { ...book, isbn }), RejectReason.InvalidIsbn);
		});
	}

	it('[R12] editing a book to a bad ISBN: invalid-isbn, the book unchanged', () => {
		const { value } = expectAccepted(w, cathy, catalog, (env) => addBook(env, book));
		expectCommandRefused(w, cathy, catalog, (env) => editBook(env, { bookId: value.bookId, isbn: '978-0-306-40615-0', title: 'Changed' }), RejectReason.InvalidIsbn);
		expect(readEntity(w.relayDoc(catalog), Collection.Books, value.bookId)?.title).toBe('Hikayat');
	});

	it('[R12] hostile: a raw book with a bad check digit: invalid-isbn', () => {
		expectRelayRefuses(w, cathy, catalog, (doc) => doc.getMap('books').set('b1', newEntity(rawBook('b1', '9780306406158', cathy.id))), RejectReason.InvalidIsbn);
	});

	it('[R12] hostile: overwriting a stored ISBN with a bad one: invalid-isbn', () => {
		const { value } = expectAccepted(w, cathy, catalog, (env) => addBook(env, book));
		expectRelayRefuses(w, cathy, catalog, (doc) => entityMap(doc, 'books', value.bookId).set('isbn', '0306406153'), RejectReason.InvalidIsbn);
	});

	it('[R12] a negative or fractional price: invalid-price', () => {
		expectCommandRefused(w, cathy, catalog, (env) => addBook(env, { ...book, priceMinor: -1 }), RejectReason.InvalidPrice);
		expectCommandRefused(w, cathy, catalog, (env) => addBook(env, { ...book, priceMinor: 1.5 }), RejectReason.InvalidPrice);
	});
});

// ------------------------------------------------------------------ R12 payments

describe('R12 the payments section needs payments or admin', () => {
	it('[R12] a payments member sets a territory and adds a payment profile', () => {
		expectAccepted(w, paul, payments, (env) => setTerritory(env, { code: 'my', enabled: true, currency: 'MYR' }));
		const { value } = expectAccepted(w, paul, payments, (env) => addPaymentProfile(env, profile));
		expect(readEntity(w.relayDoc(payments), Collection.Territories, 'MY')).toEqual({ code: 'MY', enabled: true, currency: 'MYR' });
		expect(readEntity(w.relayDoc(payments), Collection.PaymentProfiles, value.profileId)?.bankName).toBe('Maybank');
	});

	it('[R12] an admin manages payments too', () => {
		expectAccepted(w, alice, payments, (env) => setTerritory(env, { code: 'KR', enabled: true, currency: 'KRW' }));
	});

	for (const [who, reason] of [
		['catalog', RejectReason.MissingAccessType],
		['analytics', RejectReason.MissingAccessType],
		['non-member', RejectReason.NotMember]
	] as const) {
		it(`[R12] a ${who} user cannot touch payments: ${reason}`, () => {
			const actor = who === 'catalog' ? cathy : who === 'analytics' ? andy : dave;
			expectCommandRefused(w, actor, payments, (env) => addPaymentProfile(env, profile), reason);
			expectCommandRefused(w, actor, payments, (env) => setTerritory(env, { code: 'KR', enabled: true, currency: 'KRW' }), reason);
		});
		it(`[R12] hostile: a ${who} user writes bank details raw: ${reason}`, () => {
			const actor = who === 'catalog' ? cathy : who === 'analytics' ? andy : dave;
			expectRelayRefuses(
				w,
				actor,
				payments,
				(doc) => doc.getMap('paymentProfiles').set('p1', newEntity({ id: 'p1', ...profile, updatedAt: w.now, updatedBy: actor.id })),
				reason
			);
		});
	}
});

// ------------------------------------------------------------------ R12 reading

describe('R12 a user without access never receives the data', () => {
	it('[R12] a catalog-only member may read the account and catalog rooms', () => {
		expect(canReadRoom(accountRoom('acme'), cathy.id, readCtx()).ok).toBe(true);
		expect(canReadRoom(section('catalog'), cathy.id, readCtx()).ok).toBe(true);
	});

	it('[R12] a catalog-only member is refused the payments and reports rooms (missing-access-type) and activity (not-admin)', () => {
		expect(canReadRoom(section('payments'), cathy.id, readCtx())).toMatchObject({ ok: false, reason: RejectReason.MissingAccessType });
		expect(canReadRoom(section('reports'), cathy.id, readCtx())).toMatchObject({ ok: false, reason: RejectReason.MissingAccessType });
		expect(canReadRoom(section('activity'), cathy.id, readCtx())).toMatchObject({ ok: false, reason: RejectReason.NotAdmin });
	});

	it('[R12] analytics reads reports only; payments reads reports and payments; admin reads all', () => {
		expect(canReadRoom(section('reports'), andy.id, readCtx()).ok).toBe(true);
		expect(canReadRoom(section('payments'), andy.id, readCtx()).ok).toBe(false);
		expect(canReadRoom(section('catalog'), andy.id, readCtx()).ok).toBe(false);
		expect(canReadRoom(section('reports'), paul.id, readCtx()).ok).toBe(true);
		expect(canReadRoom(section('payments'), paul.id, readCtx()).ok).toBe(true);
		for (const kind of ['catalog', 'reports', 'payments', 'activity'] as const) expect(canReadRoom(section(kind), alice.id, readCtx()).ok).toBe(true);
	});

	it('[R12] a non-member reads no room of the account: not-member', () => {
		expect(canReadRoom(accountRoom('acme'), dave.id, readCtx())).toMatchObject({ ok: false, reason: RejectReason.NotMember });
		for (const kind of ['catalog', 'reports', 'payments', 'activity'] as const) {
			expect(canReadRoom(section(kind), dave.id, readCtx())).toMatchObject({ ok: false, reason: RejectReason.NotMember });
		}
	});

	it('[R12] sections of an account that does not exist: unknown-account', () => {
		expect(canReadRoom(section('catalog', 'nowhere'), alice.id, readCtx())).toMatchObject({ ok: false, reason: RejectReason.UnknownAccount });
	});

	it('[R12] a member who loses payments no longer receives the payments room', () => {
		w.must(alice, acme, (env) => changeMemberTypes(env, { userId: paul.id, types: ['catalog'] }));
		expect(canReadRoom(section('payments'), paul.id, readCtx())).toMatchObject({ ok: false, reason: RejectReason.MissingAccessType });
	});
});

describe('R12 activity, reports and user account lists are written by the relay only', () => {
	it('[R12] hostile: an admin writes an activity entry: relay-only', () => {
		expectRelayRefuses(
			w,
			alice,
			'account/acme/activity',
			(doc) => doc.getMap('entries').set('e1', { at: w.now, actorId: alice.id, action: 'x', target: 'y' }),
			RejectReason.RelayOnly
		);
	});

	it('[R12] hostile: an admin writes sales data into reports: relay-only', () => {
		expectRelayRefuses(w, alice, 'account/acme/reports', (doc) => doc.getMap('sales').set('s1', { amount: 100 }), RejectReason.RelayOnly);
	});

	it("[R12] hostile: a user adds an account to their own account list: relay-only", () => {
		expectRelayRefuses(w, dave, `user/${dave.id}`, (doc) => doc.getMap('accounts').set('acme', { addedAt: w.now }), RejectReason.RelayOnly);
	});

	it('[R12] hostile: a user writes a notification into their own inbox: relay-only', () => {
		expectRelayRefuses(
			w,
			cathy,
			`user/${cathy.id}`,
			(doc) => doc.getMap('inbox').set('n1', newEntity({ id: 'n1', kind: 'access-granted', at: w.now, data: {}, readAt: null })),
			RejectReason.RelayOnly
		);
	});

	it('[R12] the one thing a user writes in their own room besides decisions: marking a notification read', () => {
		const inbox = [...w.relayDoc(`user/${cathy.id}`).getMap('inbox').keys()];
		expect(inbox.length).toBeGreaterThan(0);
		expectAccepted(w, cathy, `user/${cathy.id}`, (env) => markNotificationRead(env, { notificationId: inbox[0]! }));
		expect(readEntity(w.relayDoc(`user/${cathy.id}`), Collection.Inbox, inbox[0]!)?.readAt).toBe(w.now);
	});

	it('[R12] hostile: writing a root the room does not have: unknown-path', () => {
		expectRelayRefuses(w, alice, acme, (doc) => doc.getMap('books').set('b1', newEntity(rawBook('b1', '9780306406157', alice.id))), RejectReason.UnknownPath);
		expectRelayRefuses(w, alice, acme, (doc) => doc.getMap('secrets').set('k', 1), RejectReason.UnknownPath);
	});
});

// ------------------------------------------------------------------ input validation

describe('input validation: typed reasons, nothing half-applied', () => {
	const fresh = 'account/fresh';

	it('[input] account names: empty or blank → invalid-name; over 120 characters → too-long; bad email → invalid-email', () => {
		expectCommandRefused(w, dave, fresh, (env) => createAccount(env, { name: '', displayEmail: 'a@b.co', creator: dave }), RejectReason.InvalidName);
		expectCommandRefused(w, dave, fresh, (env) => createAccount(env, { name: '   ', displayEmail: 'a@b.co', creator: dave }), RejectReason.InvalidName);
		expectCommandRefused(w, dave, fresh, (env) => createAccount(env, { name: 'x'.repeat(121), displayEmail: 'a@b.co', creator: dave }), RejectReason.TooLong);
		expectCommandRefused(w, dave, fresh, (env) => createAccount(env, { name: 'Fresh', displayEmail: 'not an email', creator: dave }), RejectReason.InvalidEmail);
		expectAccepted(w, dave, fresh, (env) => createAccount(env, { name: 'x'.repeat(120), displayEmail: 'a@b.co', creator: dave }));
	});

	it('[input] member emails: malformed → invalid-email', () => {
		for (const email of ['', 'dave', 'dave@', '@example.com', 'da ve@example.com', `${'a'.repeat(250)}@b.co`]) {
			expectCommandRefused(w, alice, acme, (env) => addMember(env, { email, user: dave }), RejectReason.InvalidEmail);
		}
	});

	it('[input] access types: unknown → unknown-access-type; none → no-access-types; unknown member → unknown-member', () => {
		expectCommandRefused(w, alice, acme, (env) => addMember(env, { email: dave.email, user: dave, types: ['catalog', 'owner'] }), RejectReason.UnknownAccessType);
		expectCommandRefused(w, alice, acme, (env) => addMember(env, { email: dave.email, user: dave, types: [] }), RejectReason.NoAccessTypes);
		expectCommandRefused(w, alice, acme, (env) => changeMemberTypes(env, { userId: cathy.id, types: ['superuser'] }), RejectReason.UnknownAccessType);
		expectCommandRefused(w, alice, acme, (env) => changeMemberTypes(env, { userId: 'u-nobody', types: ['catalog'] }), RejectReason.UnknownMember);
	});

	it('[input] assets: unknown kind → unknown-asset-kind; blank name → invalid-name; long name → too-long', () => {
		expectCommandRefused(w, alice, acme, (env) => createAsset(env, { kind: 'billboard', name: 'Big' }), RejectReason.UnknownAssetKind);
		expectCommandRefused(w, alice, acme, (env) => createAsset(env, { kind: AssetKind.PixelSdk, name: ' ' }), RejectReason.InvalidName);
		expectCommandRefused(w, alice, acme, (env) => createAsset(env, { kind: AssetKind.PixelSdk, name: 'p'.repeat(121) }), RejectReason.TooLong);
	});

	it('[input] asset admins: unknown role → unknown-role; unknown asset → unknown-asset; bad id → invalid-id; unregistered → user-not-registered; not an admin → unknown-asset-admin', () => {
		const asset = seedAsset(w, alice, 'acme', AssetKind.PixelSdk, 'Pixel');
		expectCommandRefused(w, alice, acme, (env) => setAssetAdmin(env, { assetId: asset, userId: cathy.id, role: 'owner' }), RejectReason.UnknownRole);
		expectCommandRefused(w, alice, acme, (env) => setAssetAdmin(env, { assetId: 'nope', userId: cathy.id, role: 'member' }), RejectReason.UnknownAsset);
		expectCommandRefused(w, alice, acme, (env) => setAssetAdmin(env, { assetId: asset, userId: 'not an id!', role: 'member' }), RejectReason.InvalidId);
		expectCommandRefused(w, alice, acme, (env) => setAssetAdmin(env, { assetId: asset, userId: 'u-ghost', role: 'member' }), RejectReason.UserNotRegistered);
		expectCommandRefused(w, alice, acme, (env) => removeAssetAdmin(env, { assetId: asset, userId: cathy.id }), RejectReason.UnknownAssetAdmin);
		expectCommandRefused(w, alice, acme, (env) => editAsset(env, { assetId: 'nope', name: 'X' }), RejectReason.UnknownAsset);
	});

	it('[input] books: long title → too-long; no authors → invalid-name; bad currency → invalid-value', () => {
		expectCommandRefused(w, cathy, catalog, (env) => addBook(env, { ...book, title: 't'.repeat(301) }), RejectReason.TooLong);
		expectCommandRefused(w, cathy, catalog, (env) => addBook(env, { ...book, authors: [] }), RejectReason.InvalidName);
		expectCommandRefused(w, cathy, catalog, (env) => addBook(env, { ...book, currency: 'ringgit' }), RejectReason.InvalidValue);
	});

	it('[input] hostile: a raw membership with an over-long name → invalid-name; an unnormalised email → invalid-email; an unknown type → unknown-access-type', () => {
		const raw = { userId: dave.id, email: dave.email, name: dave.name, types: ['catalog'], addedAt: w.now, addedBy: alice.id };
		expectRelayRefuses(w, alice, acme, (doc) => doc.getMap('members').set(dave.id, newEntity({ ...raw, name: 'n'.repeat(121) })), RejectReason.InvalidName);
		expectRelayRefuses(w, alice, acme, (doc) => doc.getMap('members').set(dave.id, newEntity({ ...raw, email: 'DAVE@example.com' })), RejectReason.InvalidEmail);
		expectRelayRefuses(w, alice, acme, (doc) => doc.getMap('members').set(dave.id, newEntity({ ...raw, types: ['root'] })), RejectReason.UnknownAccessType);
		expectRelayRefuses(w, alice, acme, (doc) => doc.getMap('members').set('__proto__', newEntity(raw)), RejectReason.ForbiddenKey);
	});

	it('[input] hostile: one update with a valid and an invalid change is refused whole (nothing half-applied)', () => {
		const raw = { userId: dave.id, email: dave.email, name: dave.name, types: ['catalog'], addedAt: w.now, addedBy: alice.id };
		expectRelayRefuses(
			w,
			alice,
			acme,
			(doc) => {
				doc.getMap('members').set(dave.id, newEntity(raw)); // fine on its own
				entityMap(doc, 'members', cathy.id).set('types', ['wizard']);
			},
			RejectReason.UnknownAccessType
		);
		expect(readEntity(w.relayDoc(acme), Collection.Members, dave.id)).toBeNull();
		expect(readEntity(w.relayDoc(acme), Collection.Members, cathy.id)?.types).toEqual(['catalog']);
	});

	it('[input] hostile: a raw asset with an unknown kind → unknown-asset-kind', () => {
		expectRelayRefuses(
			w,
			alice,
			acme,
			(doc) =>
				doc.getMap('assets').set(
					'a1',
					newEntity(
						{ id: 'a1', kind: 'billboard', name: 'Big', businessInfo: { registrationNumber: '', representative: '', address: '', phone: '' }, admins: { [alice.id]: 'master' }, autoPayHolder: null, createdAt: w.now, createdBy: alice.id },
						['admins']
					)
				),
			RejectReason.UnknownAssetKind
		);
	});

	it('[input] hostile: a Y.Array or Y.Text smuggled into an entity is refused', () => {
		const before = w.relaySnapshot(acme);
		const update = w.hostile(acme, (doc) => entityMap(doc, 'members', cathy.id).set('types', new Y.Array()));
		const result = w.relay(alice, { kind: RoomKind.Account, accountId: 'acme' }, acme, update);
		expect(result.ok).toBe(false);
		expect(w.relaySnapshot(acme)).toEqual(before);
	});
});
