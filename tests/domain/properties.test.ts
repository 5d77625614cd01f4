import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import * as Y from 'yjs';
import {
	acceptPartnership,
	AccessType,
	addMember,
	AssetRole,
	bulkEditAssetBusinessInfo,
	changeMemberTypes,
	Collection,
	createAsset,
	editAsset,
	listEntities,
	permissionOf,
	readEntity,
	removeAssetAdmin,
	removeMember,
	removeSharedAssetAdmin,
	requestPartnership,
	roleWithinCeiling,
	setAssetAdmin,
	setAutoPayHolder,
	setSharedAssetAdmin,
	shareAsset,
	unshareAsset,
	type CommandEnv,
	type CommandOutcome,
	type Result,
	type User
} from '$lib/domain';
import { SeededWorld, seedAccount, seedAsset, seedMember } from './fixtures';

/**
 * Property tests (DESIGN §5): random command sequences by random actors, each taken through
 * the whole write path — command on the client's document, the update it wrote, the relay's
 * validation, the relay's effects — never break an invariant, and the command and the relay
 * always agree (the "one policy" claim).
 */

const accounts = ['acme', 'beta'] as const;
type AccountName = (typeof accounts)[number];

/** The starting world, built once: five users, two partner accounts, a few assets, one share. */
function baseWorld(): { world: SeededWorld; users: User[] } {
	const w = new SeededWorld();
	const users = ['u0', 'u1', 'u2', 'u3', 'u4'].map((n) => w.register(n));
	const [u0, u1, u2, u3, u4] = users as [User, User, User, User, User];
	seedAccount(w, u0, 'acme', 'Acme');
	seedMember(w, u0, 'acme', u1, ['admin']);
	seedMember(w, u0, 'acme', u2, ['catalog']);
	seedMember(w, u0, 'acme', u3, ['analytics', 'payments']);
	seedAccount(w, u4, 'beta', 'Beta');
	seedMember(w, u4, 'beta', u2, ['catalog']);
	seedMember(w, u4, 'beta', u3, ['admin']);
	w.must(u0, 'account/acme', (env) => requestPartnership(env, { partnerAccountId: 'beta' }));
	w.must(u4, 'account/beta', (env) => acceptPartnership(env, { partnerAccountId: 'acme' }));
	const ad = seedAsset(w, u0, 'acme', 'ad-account', 'Ads');
	seedAsset(w, u1, 'acme', 'kakaotalk-channel', 'Channel');
	seedAsset(w, u0, 'acme', 'pixel-sdk', 'Pixel');
	seedAsset(w, u4, 'beta', 'book-catalog', 'Beta Books');
	w.must(u0, 'account/acme', (env) => setAssetAdmin(env, { assetId: ad, userId: u2.id, role: AssetRole.Member }));
	w.must(u0, 'account/acme', (env) => setAutoPayHolder(env, { assetId: ad, userId: u2.id }));
	const channel = listEntities(w.relayDoc('account/acme'), Collection.Assets).find((a) => a.kind === 'kakaotalk-channel')!.id;
	w.must(u1, 'account/acme', (env) => shareAsset(env, { assetId: channel, partnerAccountId: 'beta', roleCeiling: AssetRole.Master }));
	w.must(u4, 'account/beta', (env) => setSharedAssetAdmin(env, { assetId: channel, userId: u2.id, role: AssetRole.Member }));
	return { world: w, users };
}

// ------------------------------------------------------------------ commands as data

const userIx = fc.nat({ max: 4 });
/** Actors lean towards the admins (u0, u1 in acme; u3, u4 in beta), so that most runs get past the policy. */
const actorIx = fc.constantFrom(0, 0, 1, 1, 2, 3, 4, 4);
const pick = fc.nat({ max: 1_000 });
const typesArb = fc.oneof(
	{ weight: 9, arbitrary: fc.subarray([...Object.values(AccessType)], { minLength: 1 }) as fc.Arbitrary<string[]> },
	{ weight: 1, arbitrary: fc.constantFrom<string[]>([], ['owner'], ['admin', 'root']) }
);
const roleArb = fc.constantFrom<string>(AssetRole.Master, AssetRole.Member, AssetRole.Member);
const accountArb = fc.constantFrom<AccountName>('acme', 'acme', 'beta');

type Cmd =
	| { readonly k: 'addMember'; readonly acct: AccountName; readonly actor: number; readonly target: number; readonly types: string[] | null }
	| { readonly k: 'changeTypes'; readonly acct: AccountName; readonly actor: number; readonly target: number; readonly types: string[] }
	| { readonly k: 'removeMember'; readonly acct: AccountName; readonly actor: number; readonly target: number }
	| { readonly k: 'createAsset'; readonly acct: AccountName; readonly actor: number; readonly kind: string }
	| { readonly k: 'setAssetAdmin'; readonly acct: AccountName; readonly actor: number; readonly asset: number; readonly target: number; readonly role: string }
	| { readonly k: 'removeAssetAdmin'; readonly acct: AccountName; readonly actor: number; readonly asset: number; readonly target: number }
	| { readonly k: 'setAutoPay'; readonly acct: AccountName; readonly actor: number; readonly asset: number; readonly target: number | null }
	| { readonly k: 'editAsset'; readonly acct: AccountName; readonly actor: number; readonly asset: number; readonly name: string }
	| { readonly k: 'bulkEdit'; readonly acct: AccountName; readonly actor: number; readonly assets: number[]; readonly phone: string }
	| { readonly k: 'share'; readonly actor: number; readonly asset: number; readonly ceiling: string }
	| { readonly k: 'unshare'; readonly actor: number; readonly asset: number }
	| { readonly k: 'setShared'; readonly actor: number; readonly asset: number; readonly target: number; readonly role: string }
	| { readonly k: 'removeShared'; readonly actor: number; readonly asset: number; readonly target: number };

const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
	fc.record({ k: fc.constant('addMember' as const), acct: accountArb, actor: actorIx, target: userIx, types: fc.option(typesArb, { nil: null }) }),
	fc.record({ k: fc.constant('changeTypes' as const), acct: accountArb, actor: actorIx, target: userIx, types: typesArb }),
	fc.record({ k: fc.constant('removeMember' as const), acct: accountArb, actor: actorIx, target: userIx }),
	fc.record({ k: fc.constant('createAsset' as const), acct: accountArb, actor: actorIx, kind: fc.constantFrom('ad-account', 'pixel-sdk', 'book-catalog', 'billboard') }),
	fc.record({ k: fc.constant('setAssetAdmin' as const), acct: accountArb, actor: actorIx, asset: pick, target: userIx, role: roleArb }),
	fc.record({ k: fc.constant('removeAssetAdmin' as const), acct: accountArb, actor: actorIx, asset: pick, target: userIx }),
	fc.record({ k: fc.constant('setAutoPay' as const), acct: accountArb, actor: actorIx, asset: pick, target: fc.option(userIx, { nil: null }) }),
	fc.record({ k: fc.constant('editAsset' as const), acct: accountArb, actor: actorIx, asset: pick, name: fc.constantFrom('Renamed', '', 'x'.repeat(121)) }),
	fc.record({
		k: fc.constant('bulkEdit' as const),
		acct: accountArb,
		actor: actorIx,
		assets: fc.array(pick, { maxLength: 4 }),
		phone: fc.constantFrom('+82 2 000', '+60 3 111', '9'.repeat(41))
	}),
	fc.record({ k: fc.constant('share' as const), actor: actorIx, asset: pick, ceiling: roleArb }),
	fc.record({ k: fc.constant('unshare' as const), actor: actorIx, asset: pick }),
	fc.record({ k: fc.constant('setShared' as const), actor: actorIx, asset: pick, target: userIx, role: roleArb }),
	fc.record({ k: fc.constant('removeShared' as const), actor: actorIx, asset: pick, target: userIx })
);

/** Ids present now in a collection of an account room (sorted, so picks are reproducible). */
function keysOf(w: SeededWorld, accountId: string, collection: string): string[] {
	return [...w.relayDoc(`account/${accountId}`).getMap(collection).keys()].sort();
}

function at(list: readonly string[], i: number): string {
	return list.length === 0 ? 'none' : list[i % list.length]!;
}

type Run = (env: CommandEnv) => Result<CommandOutcome>;

/** The room a command runs in and the command itself, resolved against the current state. */
function resolve(w: SeededWorld, users: readonly User[], cmd: Cmd): { accountId: string; run: Run } {
	const u = (i: number) => users[i]!;
	switch (cmd.k) {
		case 'addMember':
			return {
				accountId: cmd.acct,
				run: (env) => addMember(env, { email: u(cmd.target).email, user: u(cmd.target), ...(cmd.types === null ? {} : { types: cmd.types }) })
			};
		case 'changeTypes':
			return { accountId: cmd.acct, run: (env) => changeMemberTypes(env, { userId: u(cmd.target).id, types: cmd.types }) };
		case 'removeMember':
			return { accountId: cmd.acct, run: (env) => removeMember(env, { userId: u(cmd.target).id }) };
		case 'createAsset':
			return { accountId: cmd.acct, run: (env) => createAsset(env, { kind: cmd.kind, name: 'New asset' }) };
		case 'setAssetAdmin': {
			const assetId = at(keysOf(w, cmd.acct, 'assets'), cmd.asset);
			return { accountId: cmd.acct, run: (env) => setAssetAdmin(env, { assetId, userId: u(cmd.target).id, role: cmd.role }) };
		}
		case 'removeAssetAdmin': {
			const assetId = at(keysOf(w, cmd.acct, 'assets'), cmd.asset);
			return { accountId: cmd.acct, run: (env) => removeAssetAdmin(env, { assetId, userId: u(cmd.target).id }) };
		}
		case 'setAutoPay': {
			const assetId = at(keysOf(w, cmd.acct, 'assets'), cmd.asset);
			return { accountId: cmd.acct, run: (env) => setAutoPayHolder(env, { assetId, userId: cmd.target === null ? null : u(cmd.target).id }) };
		}
		case 'editAsset': {
			const assetId = at(keysOf(w, cmd.acct, 'assets'), cmd.asset);
			return { accountId: cmd.acct, run: (env) => editAsset(env, { assetId, name: cmd.name }) };
		}
		case 'bulkEdit': {
			const ids = keysOf(w, cmd.acct, 'assets');
			const assetIds = cmd.assets.map((i) => at(ids, i));
			return { accountId: cmd.acct, run: (env) => bulkEditAssetBusinessInfo(env, { assetIds, businessInfo: { phone: cmd.phone } }) };
		}
		case 'share': {
			const assetId = at(keysOf(w, 'acme', 'assets'), cmd.asset);
			return { accountId: 'acme', run: (env) => shareAsset(env, { assetId, partnerAccountId: 'beta', roleCeiling: cmd.ceiling }) };
		}
		case 'unshare': {
			const assetId = at(keysOf(w, 'acme', 'assets'), cmd.asset);
			return { accountId: 'acme', run: (env) => unshareAsset(env, { assetId, partnerAccountId: 'beta' }) };
		}
		case 'setShared': {
			const assetId = at(keysOf(w, 'beta', 'sharedIn'), cmd.asset);
			return { accountId: 'beta', run: (env) => setSharedAssetAdmin(env, { assetId, userId: u(cmd.target).id, role: cmd.role }) };
		}
		case 'removeShared': {
			const assetId = at(keysOf(w, 'beta', 'sharedIn'), cmd.asset);
			return { accountId: 'beta', run: (env) => removeSharedAssetAdmin(env, { assetId, userId: u(cmd.target).id }) };
		}
	}
}

// ------------------------------------------------------------------ invariants, on the relay's state

/** Every broken invariant of the relay's copy of an account, as readable strings. */
function brokenInvariants(w: SeededWorld, accountId: string): string[] {
	const doc = w.relayDoc(`account/${accountId}`);
	const broken: string[] = [];
	const members = listEntities(doc, Collection.Members);
	if (doc.getMap('members').size !== members.length) broken.push('a membership that does not parse');
	if (!members.some((m) => m.types.includes('admin'))) broken.push('no admin (R5)');
	const memberIds = new Set(members.map((m) => m.userId));
	const assets = listEntities(doc, Collection.Assets);
	if (doc.getMap('assets').size !== assets.length) broken.push('an asset that does not parse');
	for (const asset of assets) {
		if (!Object.values(asset.admins).includes(AssetRole.Master)) broken.push(`asset ${asset.id} without a master (R6)`);
		if (asset.autoPayHolder !== null && asset.admins[asset.autoPayHolder] === undefined) {
			broken.push(`asset ${asset.id}: auto-pay holder ${asset.autoPayHolder} is not one of its admins (R7)`);
		}
	}
	for (const shared of listEntities(doc, Collection.SharedIn)) {
		for (const [userId, role] of Object.entries(shared.admins)) {
			if (!memberIds.has(userId)) broken.push(`sharedIn ${shared.assetId}: grant for non-member ${userId} (R9)`);
			if (!roleWithinCeiling(role, shared.roleCeiling)) broken.push(`sharedIn ${shared.assetId}: ${userId} is ${role} above the ceiling ${shared.roleCeiling} (R9)`);
		}
		// What the receiving account sees matches what the owner shares (R8).
		const owner = readEntity(w.relayDoc(`account/${shared.ownerAccountId}`), Collection.Shares, shared.assetId);
		const grant = owner?.partners[accountId];
		if (grant === undefined) broken.push(`sharedIn ${shared.assetId}: the owner does not share it (R8)`);
		else if (grant.roleCeiling !== shared.roleCeiling) broken.push(`sharedIn ${shared.assetId}: ceiling ${shared.roleCeiling} differs from the owner's ${grant.roleCeiling} (R8)`);
	}
	return broken;
}

function checkInvariants(w: SeededWorld): void {
	const broken = accounts.flatMap((a) => brokenInvariants(w, a).map((b) => `${a}: ${b}`));
	expect(broken).toEqual([]);
}

// ------------------------------------------------------------------ one step of the write path

interface Stats {
	accepted: number;
	refusedByCommand: number;
	noop: number;
}

function step(w: SeededWorld, users: readonly User[], cmd: Cmd, stats: Stats): void {
	const actor = users[cmd.actor]!;
	const { accountId, run } = resolve(w, users, cmd);
	const roomName = `account/${accountId}`;
	const room = w.room(roomName);
	let result: Result<CommandOutcome> | undefined;
	const clientBefore = w.clientSnapshot(roomName);
	const update = w.capture(roomName, () => {
		result = run(w.env(actor, room, roomName));
	});
	if (result === undefined) throw new Error('command did not run');
	if (!result.ok) {
		// A refused command writes nothing.
		expect(update).toBeNull();
		expect(w.clientSnapshot(roomName)).toEqual(clientBefore);
		stats.refusedByCommand++;
		return;
	}
	const outcome = result.value;
	if (update === null) {
		// Allowed, but nothing to change (the same role again): no action either.
		expect(outcome.actions).toEqual([]);
		stats.noop++;
		return;
	}
	const relayed = w.relay(actor, room, roomName, update);
	// The one policy: what the command allowed, the relay accepts.
	if (!relayed.ok) {
		throw new Error(`command ${JSON.stringify(cmd)} by ${actor.id} was allowed but the relay refused it: ${relayed.reason} ${JSON.stringify(relayed.detail ?? {})}`);
	}
	// …and it reads the same actions off the update as the command built.
	expect(relayed.value.actions.map((a) => a.type)).toEqual(outcome.actions.map((a) => a.type));
	expect(relayed.value.actions.map(permissionOf)).toEqual(outcome.actions.map(permissionOf));
	w.applyEffects(relayed.value.effects);
	stats.accepted++;
}

// ------------------------------------------------------------------ hostile raw writes

type RawOp =
	| { readonly k: 'types'; readonly target: number; readonly types: string[] }
	| { readonly k: 'dropMember'; readonly target: number }
	| { readonly k: 'role'; readonly asset: number; readonly target: number; readonly role: string }
	| { readonly k: 'dropAdmin'; readonly asset: number; readonly target: number }
	| { readonly k: 'autoPay'; readonly asset: number; readonly target: number | null }
	| { readonly k: 'sharedRole'; readonly asset: number; readonly target: number; readonly role: string }
	| { readonly k: 'dropShared'; readonly asset: number; readonly target: number };

const rawOpArb: fc.Arbitrary<RawOp> = fc.oneof(
	fc.record({ k: fc.constant('types' as const), target: userIx, types: typesArb }),
	fc.record({ k: fc.constant('dropMember' as const), target: userIx }),
	fc.record({ k: fc.constant('role' as const), asset: pick, target: userIx, role: roleArb }),
	fc.record({ k: fc.constant('dropAdmin' as const), asset: pick, target: userIx }),
	fc.record({ k: fc.constant('autoPay' as const), asset: pick, target: fc.option(userIx, { nil: null }) }),
	fc.record({ k: fc.constant('sharedRole' as const), asset: pick, target: userIx, role: roleArb }),
	fc.record({ k: fc.constant('dropShared' as const), asset: pick, target: userIx })
);

function nested(doc: Y.Doc, collection: string, key: string, field?: string): Y.Map<unknown> | null {
	const entity = doc.getMap(collection).get(key);
	if (!(entity instanceof Y.Map)) return null;
	if (field === undefined) return entity as Y.Map<unknown>;
	const inner = (entity as Y.Map<unknown>).get(field);
	return inner instanceof Y.Map ? (inner as Y.Map<unknown>) : null;
}

function applyRaw(doc: Y.Doc, ids: { assets: string[]; sharedIn: string[] }, users: readonly User[], op: RawOp): void {
	const uid = (i: number) => users[i]!.id;
	switch (op.k) {
		case 'types':
			nested(doc, 'members', uid(op.target))?.set('types', op.types);
			return;
		case 'dropMember':
			doc.getMap('members').delete(uid(op.target));
			return;
		case 'role':
			nested(doc, 'assets', at(ids.assets, op.asset), 'admins')?.set(uid(op.target), op.role);
			return;
		case 'dropAdmin':
			nested(doc, 'assets', at(ids.assets, op.asset), 'admins')?.delete(uid(op.target));
			return;
		case 'autoPay':
			nested(doc, 'assets', at(ids.assets, op.asset))?.set('autoPayHolder', op.target === null ? null : uid(op.target));
			return;
		case 'sharedRole':
			nested(doc, 'sharedIn', at(ids.sharedIn, op.asset), 'admins')?.set(uid(op.target), op.role);
			return;
		case 'dropShared':
			nested(doc, 'sharedIn', at(ids.sharedIn, op.asset), 'admins')?.delete(uid(op.target));
			return;
	}
}

// ------------------------------------------------------------------ the properties

describe('properties: random command sequences through the whole write path', () => {
	const base = baseWorld();

	it('[R1–R13] the base world already satisfies every invariant', () => {
		checkInvariants(base.world);
		expect(keysOf(base.world, 'beta', 'sharedIn')).toHaveLength(1);
	});

	it('[R5][R6][R7][R9] no accepted sequence leaves an account without an admin, an asset without a master, an auto-pay holder off the asset, or a dangling shared grant; the relay accepts every command that returned ok, and derives the same actions', () => {
		const stats: Stats = { accepted: 0, refusedByCommand: 0, noop: 0 };
		fc.assert(
			fc.property(fc.array(cmdArb, { minLength: 5, maxLength: 25 }), (cmds) => {
				const w = base.world.copy();
				for (const cmd of cmds) {
					step(w, base.users, cmd, stats);
					checkInvariants(w);
				}
				// Every client ends in the relay's state: nothing was lost or invented.
				for (const name of w.relayDocs.keys()) expect(w.clientSnapshot(name)).toEqual(w.relaySnapshot(name));
			}),
			{ seed: 42, numRuns: 200 }
		);
		// The generator must exercise both sides, or the property says little.
		expect(stats.accepted).toBeGreaterThan(400);
		expect(stats.refusedByCommand).toBeGreaterThan(400);
	});

	it('[R1][R5][R6][R7][R9][R13] hostile raw updates (1–3 raw writes in one update, by a random user) never get past the relay with an invariant broken', () => {
		let accepted = 0;
		let refused = 0;
		fc.assert(
			fc.property(
				fc.array(fc.record({ acct: accountArb, actor: actorIx, ops: fc.array(rawOpArb, { minLength: 1, maxLength: 3 }) }), { minLength: 1, maxLength: 10 }),
				(updates) => {
					const w = base.world.copy();
					for (const { acct, actor, ops } of updates) {
						const roomName = `account/${acct}`;
						const ids = { assets: keysOf(w, acct, 'assets'), sharedIn: keysOf(w, acct, 'sharedIn') };
						const before = w.relaySnapshot(roomName);
						const update = w.hostile(roomName, (doc) => {
							for (const op of ops) applyRaw(doc, ids, base.users, op);
						});
						const result = w.relay(base.users[actor]!, w.room(roomName), roomName, update);
						if (result.ok) {
							accepted++;
							w.applyEffects(result.value.effects);
						} else {
							refused++;
							expect(w.relaySnapshot(roomName)).toEqual(before);
						}
						checkInvariants(w);
					}
				}
			),
			{ seed: 42, numRuns: 200 }
		);
		expect(accepted).toBeGreaterThan(20);
		expect(refused).toBeGreaterThan(20);
	});

	it('[R1][R9] one policy: the relay reads the actions off an update in the order the command built them, whichever clients wrote the entities', () => {
		const w = new SeededWorld();
		const [owner, admin, member] = ['o', 'a', 'm'].map((n) => w.register(n)) as [User, User, User];
		seedAccount(w, owner, 'acme', 'Acme');
		seedAccount(w, admin, 'beta', 'Beta');
		seedMember(w, admin, 'beta', member, ['catalog']); // written by beta's first client
		w.must(owner, 'account/acme', (env) => requestPartnership(env, { partnerAccountId: 'beta' }));
		w.must(admin, 'account/beta', (env) => acceptPartnership(env, { partnerAccountId: 'acme' }));
		const assetId = seedAsset(w, owner, 'acme', 'pixel-sdk', 'Pixel');
		w.must(owner, 'account/acme', (env) => shareAsset(env, { assetId, partnerAccountId: 'beta' }));
		// The client reloads the room (as after a rejection): a new clientID writes the grant.
		w.resetFromRelay('account/beta');
		w.must(admin, 'account/beta', (env) => setSharedAssetAdmin(env, { assetId, userId: member.id, role: AssetRole.Member }));
		const acted = w.act(admin, 'account/beta', (env) => removeMember(env, { userId: member.id }));
		expect(acted.result.ok).toBe(true);
		expect(acted.relayed?.ok).toBe(true);
		if (!acted.result.ok || acted.relayed === null || !acted.relayed.ok) return;
		expect(acted.result.value.actions.map((a) => a.type)).toEqual(['remove-member', 'remove-shared-asset-admin']);
		expect(acted.relayed.value.actions.map((a) => a.type)).toEqual(acted.result.value.actions.map((a) => a.type));
	});
});
