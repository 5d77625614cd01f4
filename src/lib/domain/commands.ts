import * as Y from 'yjs';
import { normaliseAccessTypes, defaultAccessTypes, isAccessType, AccessType } from './AccessType';
import type { Action } from './Action';
import type { EntityChange } from './AccountView';
import { checkChanges } from './checkChanges';
import { policyContextOf, type CommandEnv } from './CommandEnv';
import {
	AssetKind,
	AssetRole,
	emptyBusinessInfo,
	isAssetKind,
	isAssetRole,
	isBookStatus,
	PartnershipStatus,
	RequestStatus,
	type Asset,
	type AssetRole as AssetRoleType,
	type BookStatus,
	type BusinessInfo,
	type Decision,
	type User
} from './entities';
import { parseBusinessInfo } from './parse';
import { RejectReason } from './RejectReason';
import { ok, refuse, type Result } from './Result';
import { RoomKind } from './Room';
import { Collection, readRaw, singleKey, toRaw, writeRaw } from './schema';
import { isEmail, isId, isIsbn, isName, isPriceMinor, maxNameLength, normaliseEmail, normaliseIsbn } from './validation';

/**
 * Commands: every user action of the product. Each validates its input, builds the entity
 * changes it would make, passes them through the same gate the relay uses (checkChanges),
 * and only then writes them in one Yjs transaction. A refused command writes nothing.
 */

export interface CommandOutcome {
	readonly actions: readonly Action[];
	readonly changes: readonly EntityChange[];
}

/** Transaction origin of command writes, so observers can tell them from remote updates. */
export const commandOrigin = Symbol('business-center-command');

type Raw = Record<string, unknown>;

function requireRoom(env: CommandEnv, kind: RoomKind): void {
	// Calling a command on the wrong room is a programming error, not a user's.
	if (env.room.kind !== kind) throw new Error(`command needs a ${kind} room, got ${env.room.kind}`);
}

function current(env: CommandEnv, collection: Collection, key: string): Raw | null {
	return readRaw(env.doc, collection, key) as Raw | null;
}

function change(env: CommandEnv, collection: Collection, key: string, after: unknown): EntityChange {
	return { collection, key, before: readRaw(env.doc, collection, key), after: toRaw(after) };
}

export function run(env: CommandEnv, changes: readonly EntityChange[]): Result<CommandOutcome> {
	const checked = checkChanges(changes, policyContextOf(env));
	if (!checked.ok) return checked;
	env.doc.transact(() => {
		for (const c of changes) writeRaw(env.doc, c.collection, c.key, c.before, c.after);
	}, commandOrigin);
	return ok({ actions: checked.value, changes });
}

/** Checks without writing: what a disabled button asks to say why. */
export function dryRun(env: CommandEnv, changes: readonly EntityChange[]): Result<readonly Action[]> {
	return checkChanges(changes, policyContextOf(env));
}

function nameOrRefuse(value: unknown, field: string, max = maxNameLength): Result<string> {
	if (typeof value === 'string' && value.length > max) return refuse(RejectReason.TooLong, { field, max });
	return isName(value, max) ? ok(value.trim()) : refuse(RejectReason.InvalidName, { field });
}

function businessInfoOrRefuse(base: BusinessInfo, patch: Partial<BusinessInfo> | undefined): Result<BusinessInfo> {
	const merged = { ...base, ...(patch ?? {}) };
	const trimmed = {
		registrationNumber: String(merged.registrationNumber ?? '').trim(),
		representative: String(merged.representative ?? '').trim(),
		address: String(merged.address ?? '').trim(),
		phone: String(merged.phone ?? '').trim()
	};
	return parseBusinessInfo(trimmed);
}

function typesOrRefuse(types: readonly unknown[] | undefined): Result<AccessType[]> {
	if (types === undefined) return ok([...defaultAccessTypes]);
	for (const t of types) if (!isAccessType(t)) return refuse(RejectReason.UnknownAccessType, { type: String(t) });
	if (types.length === 0) return refuse(RejectReason.NoAccessTypes);
	return ok(normaliseAccessTypes(types as AccessType[]));
}

// ------------------------------------------------------------------ account

export interface CreateAccountInput {
	readonly name: string;
	readonly displayEmail: string;
	readonly businessInfo?: Partial<BusinessInfo>;
	/** The creator, as the relay knows them. */
	readonly creator: User;
}

/** Creates the account in `env.room` (a fresh `account/<id>` room); the creator becomes its admin. */
export function createAccount(env: CommandEnv, input: CreateAccountInput): Result<CommandOutcome> {
	requireRoom(env, RoomKind.Account);
	if (env.room.kind !== RoomKind.Account) throw new Error('unreachable');
	const name = nameOrRefuse(input.name, 'name');
	if (!name.ok) return name;
	if (!isEmail(input.displayEmail)) return refuse(RejectReason.InvalidEmail, { field: 'displayEmail' });
	const info = businessInfoOrRefuse(emptyBusinessInfo, input.businessInfo);
	if (!info.ok) return info;
	if (input.creator.id !== env.actor.userId) return refuse(RejectReason.InvalidValue, { field: 'creator' });
	const profile = {
		id: env.room.accountId,
		name: name.value,
		displayEmail: input.displayEmail.trim(),
		businessInfo: info.value,
		createdAt: env.now,
		createdBy: env.actor.userId
	};
	const member = {
		userId: input.creator.id,
		email: normaliseEmail(input.creator.email),
		name: input.creator.name,
		types: [AccessType.Admin],
		addedAt: env.now,
		addedBy: env.actor.userId
	};
	return run(env, [change(env, Collection.Profile, singleKey, profile), change(env, Collection.Members, member.userId, member)]);
}

export interface EditProfileInput {
	readonly name?: string;
	readonly displayEmail?: string;
	readonly businessInfo?: Partial<BusinessInfo>;
}

export function editProfile(env: CommandEnv, input: EditProfileInput): Result<CommandOutcome> {
	requireRoom(env, RoomKind.Account);
	const before = current(env, Collection.Profile, singleKey);
	if (before === null) return refuse(RejectReason.UnknownAccount);
	const after: Raw = { ...before };
	if (input.name !== undefined) {
		const name = nameOrRefuse(input.name, 'name');
		if (!name.ok) return name;
		after.name = name.value;
	}
	if (input.displayEmail !== undefined) {
		if (!isEmail(input.displayEmail)) return refuse(RejectReason.InvalidEmail, { field: 'displayEmail' });
		after.displayEmail = input.displayEmail.trim();
	}
	if (input.businessInfo !== undefined) {
		const info = businessInfoOrRefuse(before.businessInfo as BusinessInfo, input.businessInfo);
		if (!info.ok) return info;
		after.businessInfo = info.value;
	}
	return run(env, [change(env, Collection.Profile, singleKey, after)]);
}

// ------------------------------------------------------------------ people (R1, R2, R4, R5)

export interface AddMemberInput {
	readonly email: string;
	/** What the relay's user lookup returned for the email; null when nobody has it (R2). */
	readonly user: User | null;
	readonly types?: readonly unknown[];
}

export function addMember(env: CommandEnv, input: AddMemberInput): Result<CommandOutcome> {
	requireRoom(env, RoomKind.Account);
	if (!isEmail(input.email)) return refuse(RejectReason.InvalidEmail, { field: 'email' });
	const email = normaliseEmail(input.email);
	if (input.user === null || normaliseEmail(input.user.email) !== email) return refuse(RejectReason.UserNotRegistered, { email });
	const types = typesOrRefuse(input.types);
	if (!types.ok) return types;
	if (current(env, Collection.Members, input.user.id) !== null) return refuse(RejectReason.AlreadyMember, { email });
	const member = { userId: input.user.id, email, name: input.user.name, types: types.value, addedAt: env.now, addedBy: env.actor.userId };
	return run(env, [change(env, Collection.Members, member.userId, member)]);
}

export function changeMemberTypes(env: CommandEnv, input: { readonly userId: string; readonly types: readonly unknown[] }): Result<CommandOutcome> {
	requireRoom(env, RoomKind.Account);
	const before = current(env, Collection.Members, input.userId);
	if (before === null) return refuse(RejectReason.UnknownMember, { userId: input.userId });
	const types = typesOrRefuse(input.types);
	if (!types.ok) return types;
	return run(env, [change(env, Collection.Members, input.userId, { ...before, types: types.value })]);
}

/** Removes a member and, with them, the grants they held on assets shared with this account. */
export function removeMember(env: CommandEnv, input: { readonly userId: string }): Result<CommandOutcome> {
	requireRoom(env, RoomKind.Account);
	if (current(env, Collection.Members, input.userId) === null) return refuse(RejectReason.UnknownMember, { userId: input.userId });
	const changes: EntityChange[] = [change(env, Collection.Members, input.userId, null)];
	for (const [assetId, entry] of env.doc.getMap(Collection.SharedIn)) {
		if (!(entry instanceof Y.Map)) continue;
		const admins = entry.get('admins');
		if (!(admins instanceof Y.Map) || !admins.has(input.userId)) continue;
		const shared = current(env, Collection.SharedIn, assetId)!;
		const rest = { ...(shared.admins as Raw) };
		delete rest[input.userId];
		changes.push(change(env, Collection.SharedIn, assetId, { ...shared, admins: rest }));
	}
	return run(env, changes);
}

// ------------------------------------------------------------------ assets (R6, R7, R11)

export interface CreateAssetInput {
	readonly kind: unknown;
	readonly name: string;
	readonly businessInfo?: Partial<BusinessInfo>;
}

export function createAsset(env: CommandEnv, input: CreateAssetInput): Result<CommandOutcome & { readonly assetId: string }> {
	requireRoom(env, RoomKind.Account);
	if (!isAssetKind(input.kind)) return refuse(RejectReason.UnknownAssetKind, { kind: String(input.kind) });
	const name = nameOrRefuse(input.name, 'name');
	if (!name.ok) return name;
	const info = businessInfoOrRefuse(emptyBusinessInfo, input.businessInfo);
	if (!info.ok) return info;
	const id = env.newId();
	const asset: Asset = {
		id,
		kind: input.kind,
		name: name.value,
		businessInfo: info.value,
		admins: { [env.actor.userId]: AssetRole.Master },
		autoPayHolder: null,
		createdAt: env.now,
		createdBy: env.actor.userId
	};
	const outcome = run(env, [change(env, Collection.Assets, id, asset)]);
	return outcome.ok ? ok({ ...outcome.value, assetId: id }) : outcome;
}

function assetOrRefuse(env: CommandEnv, assetId: string): Result<Raw> {
	const asset = current(env, Collection.Assets, assetId);
	return asset === null ? refuse(RejectReason.UnknownAsset, { assetId }) : ok(asset);
}

export function editAsset(
	env: CommandEnv,
	input: { readonly assetId: string; readonly name?: string; readonly businessInfo?: Partial<BusinessInfo> }
): Result<CommandOutcome> {
	requireRoom(env, RoomKind.Account);
	const asset = assetOrRefuse(env, input.assetId);
	if (!asset.ok) return asset;
	const after: Raw = { ...asset.value };
	if (input.name !== undefined) {
		const name = nameOrRefuse(input.name, 'name');
		if (!name.ok) return name;
		after.name = name.value;
	}
	if (input.businessInfo !== undefined) {
		const info = businessInfoOrRefuse(asset.value.businessInfo as BusinessInfo, input.businessInfo);
		if (!info.ok) return info;
		after.businessInfo = info.value;
	}
	return run(env, [change(env, Collection.Assets, input.assetId, after)]);
}

/** R11: one business-info edit over many assets, all or nothing. */
export function bulkEditAssetBusinessInfo(
	env: CommandEnv,
	input: { readonly assetIds: readonly string[]; readonly businessInfo: Partial<BusinessInfo> }
): Result<CommandOutcome> {
	requireRoom(env, RoomKind.Account);
	const ids = [...new Set(input.assetIds)];
	if (ids.length === 0) return refuse(RejectReason.NothingSelected);
	const changes: EntityChange[] = [];
	for (const assetId of ids) {
		const asset = assetOrRefuse(env, assetId);
		if (!asset.ok) return asset;
		const info = businessInfoOrRefuse(asset.value.businessInfo as BusinessInfo, input.businessInfo);
		if (!info.ok) return info;
		changes.push(change(env, Collection.Assets, assetId, { ...asset.value, businessInfo: info.value }));
	}
	return run(env, changes);
}

export function setAssetAdmin(
	env: CommandEnv,
	input: { readonly assetId: string; readonly userId: string; readonly role: unknown }
): Result<CommandOutcome> {
	requireRoom(env, RoomKind.Account);
	if (!isAssetRole(input.role)) return refuse(RejectReason.UnknownRole, { role: String(input.role) });
	if (!isId(input.userId)) return refuse(RejectReason.InvalidId, { field: 'userId' });
	const asset = assetOrRefuse(env, input.assetId);
	if (!asset.ok) return asset;
	const admins = { ...(asset.value.admins as Raw), [input.userId]: input.role };
	return run(env, [change(env, Collection.Assets, input.assetId, { ...asset.value, admins })]);
}

export function removeAssetAdmin(env: CommandEnv, input: { readonly assetId: string; readonly userId: string }): Result<CommandOutcome> {
	requireRoom(env, RoomKind.Account);
	const asset = assetOrRefuse(env, input.assetId);
	if (!asset.ok) return asset;
	const admins = { ...(asset.value.admins as Raw) };
	if (!Object.hasOwn(admins, input.userId)) return refuse(RejectReason.UnknownAssetAdmin, { userId: input.userId });
	delete admins[input.userId];
	return run(env, [change(env, Collection.Assets, input.assetId, { ...asset.value, admins })]);
}

/** R7: names whose card pays for an ad account (null clears it). */
export function setAutoPayHolder(env: CommandEnv, input: { readonly assetId: string; readonly userId: string | null }): Result<CommandOutcome> {
	requireRoom(env, RoomKind.Account);
	const asset = assetOrRefuse(env, input.assetId);
	if (!asset.ok) return asset;
	if (asset.value.kind !== AssetKind.AdAccount) return refuse(RejectReason.InvalidValue, { field: 'autoPayHolder' });
	return run(env, [change(env, Collection.Assets, input.assetId, { ...asset.value, autoPayHolder: input.userId })]);
}

// ------------------------------------------------------------------ partners and sharing (R8, R9)

export function requestPartnership(env: CommandEnv, input: { readonly partnerAccountId: string }): Result<CommandOutcome> {
	requireRoom(env, RoomKind.Account);
	if (env.room.kind !== RoomKind.Account) throw new Error('unreachable');
	if (!isId(input.partnerAccountId)) return refuse(RejectReason.InvalidId, { field: 'partnerAccountId' });
	const partnership = {
		accountId: input.partnerAccountId,
		// Shown to this account's people; the relay writes the partner's real name.
		name: '',
		status: PartnershipStatus.Pending,
		requestedBy: env.room.accountId,
		requestedAt: env.now
	};
	return run(env, [change(env, Collection.Partners, input.partnerAccountId, partnership)]);
}

export function acceptPartnership(env: CommandEnv, input: { readonly partnerAccountId: string }): Result<CommandOutcome> {
	requireRoom(env, RoomKind.Account);
	const before = current(env, Collection.Partners, input.partnerAccountId);
	if (before === null) return refuse(RejectReason.UnknownPartner);
	return run(env, [change(env, Collection.Partners, input.partnerAccountId, { ...before, status: PartnershipStatus.Active })]);
}

export function endPartnership(env: CommandEnv, input: { readonly partnerAccountId: string }): Result<CommandOutcome> {
	requireRoom(env, RoomKind.Account);
	if (current(env, Collection.Partners, input.partnerAccountId) === null) return refuse(RejectReason.UnknownPartner);
	return run(env, [change(env, Collection.Partners, input.partnerAccountId, null)]);
}

export function shareAsset(
	env: CommandEnv,
	input: { readonly assetId: string; readonly partnerAccountId: string; readonly roleCeiling?: unknown }
): Result<CommandOutcome> {
	requireRoom(env, RoomKind.Account);
	const roleCeiling = input.roleCeiling ?? AssetRole.Member;
	if (!isAssetRole(roleCeiling)) return refuse(RejectReason.UnknownRole, { role: String(roleCeiling) });
	if (!isId(input.partnerAccountId)) return refuse(RejectReason.InvalidId, { field: 'partnerAccountId' });
	const before = current(env, Collection.Shares, input.assetId);
	const partners = { ...((before?.partners as Raw | undefined) ?? {}) };
	if (Object.hasOwn(partners, input.partnerAccountId) && (partners[input.partnerAccountId] as Raw).roleCeiling === roleCeiling) {
		return refuse(RejectReason.AlreadyShared);
	}
	partners[input.partnerAccountId] = { roleCeiling, sharedAt: env.now, sharedBy: env.actor.userId };
	return run(env, [change(env, Collection.Shares, input.assetId, { assetId: input.assetId, partners })]);
}

export function unshareAsset(env: CommandEnv, input: { readonly assetId: string; readonly partnerAccountId: string }): Result<CommandOutcome> {
	requireRoom(env, RoomKind.Account);
	const before = current(env, Collection.Shares, input.assetId);
	const partners = { ...((before?.partners as Raw | undefined) ?? {}) };
	if (!Object.hasOwn(partners, input.partnerAccountId)) return refuse(RejectReason.UnknownShare);
	delete partners[input.partnerAccountId];
	return run(env, [change(env, Collection.Shares, input.assetId, { assetId: input.assetId, partners })]);
}

/** R9: the receiving account grants its own members a role on a shared asset. */
export function setSharedAssetAdmin(
	env: CommandEnv,
	input: { readonly assetId: string; readonly userId: string; readonly role: unknown }
): Result<CommandOutcome> {
	requireRoom(env, RoomKind.Account);
	if (!isAssetRole(input.role)) return refuse(RejectReason.UnknownRole, { role: String(input.role) });
	const shared = current(env, Collection.SharedIn, input.assetId);
	if (shared === null) return refuse(RejectReason.NotSharedWithAccount);
	const admins = { ...(shared.admins as Raw), [input.userId]: input.role as AssetRoleType };
	return run(env, [change(env, Collection.SharedIn, input.assetId, { ...shared, admins })]);
}

export function removeSharedAssetAdmin(env: CommandEnv, input: { readonly assetId: string; readonly userId: string }): Result<CommandOutcome> {
	requireRoom(env, RoomKind.Account);
	const shared = current(env, Collection.SharedIn, input.assetId);
	if (shared === null) return refuse(RejectReason.NotSharedWithAccount);
	const admins = { ...(shared.admins as Raw) };
	if (!Object.hasOwn(admins, input.userId)) return refuse(RejectReason.UnknownAssetAdmin);
	delete admins[input.userId];
	return run(env, [change(env, Collection.SharedIn, input.assetId, { ...shared, admins })]);
}

// ------------------------------------------------------------------ affiliation requests (R10)

export function sendAffiliationRequest(
	env: CommandEnv,
	input: { readonly assetId: string; readonly ownerAccountId: string }
): Result<CommandOutcome & { readonly requestId: string }> {
	requireRoom(env, RoomKind.Account);
	if (!isId(input.assetId) || !isId(input.ownerAccountId)) return refuse(RejectReason.InvalidId, { field: 'assetId' });
	const id = env.newId();
	const request = {
		id,
		assetId: input.assetId,
		ownerAccountId: input.ownerAccountId,
		status: RequestStatus.Pending,
		createdAt: env.now,
		createdBy: env.actor.userId,
		decidedAt: null,
		decidedBy: null
	};
	const outcome = run(env, [change(env, Collection.Requests, id, request)]);
	return outcome.ok ? ok({ ...outcome.value, requestId: id }) : outcome;
}

export function cancelAffiliationRequest(env: CommandEnv, input: { readonly requestId: string }): Result<CommandOutcome> {
	requireRoom(env, RoomKind.Account);
	if (current(env, Collection.Requests, input.requestId) === null) return refuse(RejectReason.UnknownRequest);
	return run(env, [change(env, Collection.Requests, input.requestId, null)]);
}

/** A master accepts or declines, in their own user room; the relay carries it out. */
export function decideAffiliationRequest(
	env: CommandEnv,
	input: { readonly requestId: string; readonly requesterAccountId: string; readonly decision: Decision }
): Result<CommandOutcome> {
	requireRoom(env, RoomKind.User);
	if (!isId(input.requestId) || !isId(input.requesterAccountId)) return refuse(RejectReason.InvalidId, { field: 'requestId' });
	if (current(env, Collection.Decisions, input.requestId) !== null) return refuse(RejectReason.RequestNotPending);
	const decision = { requesterAccountId: input.requesterAccountId, decision: input.decision, decidedAt: env.now };
	return run(env, [change(env, Collection.Decisions, input.requestId, decision)]);
}

export function markNotificationRead(env: CommandEnv, input: { readonly notificationId: string }): Result<CommandOutcome> {
	requireRoom(env, RoomKind.User);
	const before = current(env, Collection.Inbox, input.notificationId);
	if (before === null) return refuse(RejectReason.InvalidId, { field: 'notificationId' });
	if (before.readAt !== null && before.readAt !== undefined) return ok({ actions: [], changes: [] });
	return run(env, [change(env, Collection.Inbox, input.notificationId, { ...before, readAt: env.now })]);
}

// ------------------------------------------------------------------ catalog (R12)

export interface BookInput {
	readonly title: string;
	readonly authors: readonly string[];
	readonly isbn: string;
	readonly priceMinor: number;
	readonly currency: string;
	readonly status?: BookStatus;
}

function bookFields(input: Partial<BookInput>, base: Raw): Result<Raw> {
	const out: Raw = { ...base };
	if (input.title !== undefined) {
		const title = nameOrRefuse(input.title, 'title', 300);
		if (!title.ok) return title;
		out.title = title.value;
	}
	if (input.authors !== undefined) {
		const authors = input.authors.map((a) => (typeof a === 'string' ? a.trim() : a));
		if (authors.length === 0 || !authors.every((a) => isName(a))) return refuse(RejectReason.InvalidName, { field: 'authors' });
		out.authors = authors;
	}
	if (input.isbn !== undefined) {
		if (!isIsbn(input.isbn)) return refuse(RejectReason.InvalidIsbn);
		out.isbn = normaliseIsbn(input.isbn);
	}
	if (input.priceMinor !== undefined) {
		if (!isPriceMinor(input.priceMinor)) return refuse(RejectReason.InvalidPrice);
		out.priceMinor = input.priceMinor;
	}
	if (input.currency !== undefined) {
		if (!/^[A-Z]{3}$/.test(input.currency)) return refuse(RejectReason.InvalidValue, { field: 'currency' });
		out.currency = input.currency;
	}
	if (input.status !== undefined) {
		if (!isBookStatus(input.status)) return refuse(RejectReason.InvalidValue, { field: 'status' });
		out.status = input.status;
	}
	return ok(out);
}

export function addBook(env: CommandEnv, input: BookInput): Result<CommandOutcome & { readonly bookId: string }> {
	requireRoom(env, RoomKind.Catalog);
	const id = env.newId();
	const fields = bookFields({ status: 'draft', ...input }, { id, updatedAt: env.now, updatedBy: env.actor.userId });
	if (!fields.ok) return fields;
	const outcome = run(env, [change(env, Collection.Books, id, fields.value)]);
	return outcome.ok ? ok({ ...outcome.value, bookId: id }) : outcome;
}

export function editBook(env: CommandEnv, input: Partial<BookInput> & { readonly bookId: string }): Result<CommandOutcome> {
	requireRoom(env, RoomKind.Catalog);
	const before = current(env, Collection.Books, input.bookId);
	if (before === null) return refuse(RejectReason.UnknownBook);
	const fields = bookFields(input, { ...before, updatedAt: env.now, updatedBy: env.actor.userId });
	if (!fields.ok) return fields;
	return run(env, [change(env, Collection.Books, input.bookId, fields.value)]);
}

export function removeBook(env: CommandEnv, input: { readonly bookId: string }): Result<CommandOutcome> {
	requireRoom(env, RoomKind.Catalog);
	if (current(env, Collection.Books, input.bookId) === null) return refuse(RejectReason.UnknownBook);
	return run(env, [change(env, Collection.Books, input.bookId, null)]);
}

// ------------------------------------------------------------------ payments (R12)

export function setTerritory(
	env: CommandEnv,
	input: { readonly code: string; readonly enabled: boolean; readonly currency: string }
): Result<CommandOutcome> {
	requireRoom(env, RoomKind.Payments);
	const code = input.code.trim().toUpperCase();
	if (!/^[A-Z]{2}$/.test(code)) return refuse(RejectReason.InvalidValue, { field: 'code' });
	if (!/^[A-Z]{3}$/.test(input.currency)) return refuse(RejectReason.InvalidValue, { field: 'currency' });
	return run(env, [change(env, Collection.Territories, code, { enabled: input.enabled, currency: input.currency })]);
}

export interface PaymentProfileInput {
	readonly name: string;
	readonly bankName: string;
	readonly accountHolder: string;
	readonly accountNumber: string;
	readonly currency: string;
}

function paymentFields(input: Partial<PaymentProfileInput>, base: Raw): Result<Raw> {
	const out: Raw = { ...base };
	for (const field of ['name', 'bankName', 'accountHolder'] as const) {
		const value = input[field];
		if (value === undefined) continue;
		const checked = nameOrRefuse(value, field);
		if (!checked.ok) return checked;
		out[field] = checked.value;
	}
	if (input.accountNumber !== undefined) {
		const number = input.accountNumber.trim();
		if (!/^[0-9 -]{4,34}$/.test(number)) return refuse(RejectReason.InvalidValue, { field: 'accountNumber' });
		out.accountNumber = number;
	}
	if (input.currency !== undefined) {
		if (!/^[A-Z]{3}$/.test(input.currency)) return refuse(RejectReason.InvalidValue, { field: 'currency' });
		out.currency = input.currency;
	}
	return ok(out);
}

export function addPaymentProfile(env: CommandEnv, input: PaymentProfileInput): Result<CommandOutcome & { readonly profileId: string }> {
	requireRoom(env, RoomKind.Payments);
	const id = env.newId();
	const fields = paymentFields(input, { id, updatedAt: env.now, updatedBy: env.actor.userId });
	if (!fields.ok) return fields;
	const outcome = run(env, [change(env, Collection.PaymentProfiles, id, fields.value)]);
	return outcome.ok ? ok({ ...outcome.value, profileId: id }) : outcome;
}

export function editPaymentProfile(
	env: CommandEnv,
	input: Partial<PaymentProfileInput> & { readonly profileId: string }
): Result<CommandOutcome> {
	requireRoom(env, RoomKind.Payments);
	const before = current(env, Collection.PaymentProfiles, input.profileId);
	if (before === null) return refuse(RejectReason.UnknownPaymentProfile);
	const fields = paymentFields(input, { ...before, updatedAt: env.now, updatedBy: env.actor.userId });
	if (!fields.ok) return fields;
	return run(env, [change(env, Collection.PaymentProfiles, input.profileId, fields.value)]);
}

export function removePaymentProfile(env: CommandEnv, input: { readonly profileId: string }): Result<CommandOutcome> {
	requireRoom(env, RoomKind.Payments);
	if (current(env, Collection.PaymentProfiles, input.profileId) === null) return refuse(RejectReason.UnknownPaymentProfile);
	return run(env, [change(env, Collection.PaymentProfiles, input.profileId, null)]);
}
