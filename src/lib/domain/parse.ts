import { isAccessType, normaliseAccessTypes, type AccessType } from './AccessType';
import { RejectReason } from './RejectReason';
import { ok, refuse, type Result } from './Result';
import {
	isAssetKind,
	isAssetRole,
	isBookStatus,
	PartnershipStatus,
	RequestStatus,
	Decision,
	NotificationKind,
	type AccountProfile,
	type Asset,
	type AssetRole,
	type BusinessInfo,
	type Membership,
	type Partnership,
	type SharedAsset,
	type AffiliationRequest,
	type Book,
	type PaymentProfile,
	type Territory,
	type Notification,
	type RequestDecision,
	type ActivityEntry
} from './entities';
import { isEmail, isForbiddenKey, isId, isIsbn, isName, isPriceMinor, maxNameLength, maxTextLength, normaliseEmail } from './validation';

/**
 * Parsers from untrusted JSON-shaped values (a document written by any client) to entities.
 * The relay runs them on the state an update would produce; commands run them on what they
 * are about to write. A value that does not parse is refused with a reason, never coerced.
 */

export type Raw = Readonly<Record<string, unknown>>;

const invalid = (field: string) => refuse(RejectReason.InvalidValue, { field });

function isRecord(value: unknown): value is Raw {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTimestamp(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function isText(value: unknown, max = maxTextLength): value is string {
	return typeof value === 'string' && value.length <= max;
}

const currencyPattern = /^[A-Z]{3}$/;
const territoryPattern = /^[A-Z]{2}$/;

export function parseBusinessInfo(value: unknown): Result<BusinessInfo> {
	if (!isRecord(value)) return invalid('businessInfo');
	const { registrationNumber, representative, address, phone } = value;
	if (!isText(registrationNumber, 64) || !isText(representative, 120) || !isText(address) || !isText(phone, 40)) {
		return invalid('businessInfo');
	}
	if (Object.keys(value).some((k) => !['registrationNumber', 'representative', 'address', 'phone'].includes(k))) {
		return invalid('businessInfo');
	}
	return ok({ registrationNumber, representative, address, phone });
}

export function parseAccessTypes(value: unknown): Result<AccessType[]> {
	if (!Array.isArray(value)) return invalid('types');
	for (const t of value) if (!isAccessType(t)) return refuse(RejectReason.UnknownAccessType, { type: String(t) });
	if (value.length === 0) return refuse(RejectReason.NoAccessTypes);
	return ok(normaliseAccessTypes(value as AccessType[]));
}

function parseRoleMap(value: unknown, field: string): Result<Record<string, AssetRole>> {
	if (!isRecord(value)) return invalid(field);
	const out: Record<string, AssetRole> = Object.create(null);
	for (const [userId, role] of Object.entries(value)) {
		if (!isId(userId)) return refuse(RejectReason.InvalidId, { field });
		if (!isAssetRole(role)) return refuse(RejectReason.UnknownRole, { role: String(role) });
		out[userId] = role;
	}
	return ok(out);
}

export function parseProfile(raw: Raw): Result<AccountProfile> {
	const { id, name, displayEmail, createdAt, createdBy } = raw;
	if (!isId(id)) return refuse(RejectReason.InvalidId, { field: 'id' });
	if (!isName(name)) return refuse(RejectReason.InvalidName, { field: 'name' });
	if (!isEmail(displayEmail)) return refuse(RejectReason.InvalidEmail, { field: 'displayEmail' });
	if (!isTimestamp(createdAt) || !isId(createdBy)) return invalid('createdAt');
	const businessInfo = parseBusinessInfo(raw.businessInfo);
	if (!businessInfo.ok) return businessInfo;
	return ok({ id, name, displayEmail, businessInfo: businessInfo.value, createdAt, createdBy });
}

export function parseMembership(key: string, raw: Raw): Result<Membership> {
	const { userId, email, name, addedAt, addedBy } = raw;
	if (userId !== key || !isId(userId)) return refuse(RejectReason.InvalidId, { field: 'userId' });
	if (!isEmail(email) || normaliseEmail(email) !== email) return refuse(RejectReason.InvalidEmail, { field: 'email' });
	if (!isName(name)) return refuse(RejectReason.InvalidName, { field: 'name' });
	if (!isTimestamp(addedAt) || !isId(addedBy)) return invalid('addedAt');
	const types = parseAccessTypes(raw.types);
	if (!types.ok) return types;
	return ok({ userId, email, name, types: types.value, addedAt, addedBy });
}

export function parseAsset(key: string, raw: Raw): Result<Asset> {
	const { id, kind, name, autoPayHolder, createdAt, createdBy } = raw;
	if (id !== key || !isId(id)) return refuse(RejectReason.InvalidId, { field: 'id' });
	if (!isAssetKind(kind)) return refuse(RejectReason.UnknownAssetKind, { kind: String(kind) });
	if (!isName(name)) return refuse(RejectReason.InvalidName, { field: 'name' });
	if (autoPayHolder !== null && autoPayHolder !== undefined && !isId(autoPayHolder)) return invalid('autoPayHolder');
	if (!isTimestamp(createdAt) || !isId(createdBy)) return invalid('createdAt');
	const businessInfo = parseBusinessInfo(raw.businessInfo);
	if (!businessInfo.ok) return businessInfo;
	const admins = parseRoleMap(raw.admins ?? {}, 'admins');
	if (!admins.ok) return admins;
	return ok({
		id,
		kind,
		name,
		businessInfo: businessInfo.value,
		admins: admins.value,
		autoPayHolder: autoPayHolder ?? null,
		createdAt,
		createdBy
	});
}

export function parsePartnership(key: string, raw: Raw): Result<Partnership> {
	const { accountId, status, requestedBy, requestedAt } = raw;
	const name = raw.name ?? '';
	if (accountId !== key || !isId(accountId)) return refuse(RejectReason.InvalidId, { field: 'accountId' });
	if (typeof name !== 'string' || name.length > maxNameLength) return refuse(RejectReason.InvalidName, { field: 'name' });
	if (status !== PartnershipStatus.Pending && status !== PartnershipStatus.Active) return invalid('status');
	if (!isId(requestedBy)) return invalid('requestedBy');
	if (!isTimestamp(requestedAt)) return invalid('requestedAt');
	return ok({ accountId, name, status, requestedBy, requestedAt });
}

export interface ShareGrant {
	readonly roleCeiling: AssetRole;
	readonly sharedAt: number;
	readonly sharedBy: string;
}

/** The outgoing shares of one asset: partner account → grant. */
export interface AssetShares {
	readonly assetId: string;
	readonly partners: Readonly<Record<string, ShareGrant>>;
}

export function parseShareGrant(value: unknown): Result<ShareGrant> {
	if (!isRecord(value)) return invalid('share');
	const { roleCeiling, sharedAt, sharedBy } = value;
	if (!isAssetRole(roleCeiling)) return refuse(RejectReason.UnknownRole, { role: String(roleCeiling) });
	if (!isTimestamp(sharedAt) || !isId(sharedBy)) return invalid('share');
	return ok({ roleCeiling, sharedAt, sharedBy });
}

export function parseAssetShares(key: string, raw: Raw): Result<AssetShares> {
	if (raw.assetId !== key || !isId(key)) return refuse(RejectReason.InvalidId, { field: 'assetId' });
	const partnersRaw = raw.partners ?? {};
	if (!isRecord(partnersRaw)) return invalid('partners');
	const partners: Record<string, ShareGrant> = Object.create(null);
	for (const [partnerId, grant] of Object.entries(partnersRaw)) {
		if (!isId(partnerId)) return refuse(RejectReason.InvalidId, { field: 'partners' });
		const parsed = parseShareGrant(grant);
		if (!parsed.ok) return parsed;
		partners[partnerId] = parsed.value;
	}
	return ok({ assetId: key, partners });
}

export function parseSharedAsset(key: string, raw: Raw): Result<SharedAsset> {
	const { assetId, ownerAccountId, ownerName, kind, name, roleCeiling, sharedAt } = raw;
	if (assetId !== key || !isId(assetId) || !isId(ownerAccountId)) return refuse(RejectReason.InvalidId, { field: 'assetId' });
	if (!isText(ownerName) || !isName(name)) return refuse(RejectReason.InvalidName, { field: 'name' });
	if (!isAssetKind(kind)) return refuse(RejectReason.UnknownAssetKind, { kind: String(kind) });
	if (!isAssetRole(roleCeiling)) return refuse(RejectReason.UnknownRole, { role: String(roleCeiling) });
	if (!isTimestamp(sharedAt)) return invalid('sharedAt');
	const admins = parseRoleMap(raw.admins ?? {}, 'admins');
	if (!admins.ok) return admins;
	return ok({ assetId, ownerAccountId, ownerName, kind, name, roleCeiling, sharedAt, admins: admins.value });
}

export function parseAffiliationRequest(key: string, raw: Raw): Result<AffiliationRequest> {
	const { id, assetId, ownerAccountId, status, createdAt, createdBy } = raw;
	const decidedAt = raw.decidedAt ?? null;
	const decidedBy = raw.decidedBy ?? null;
	if (id !== key || !isId(id) || !isId(assetId) || !isId(ownerAccountId)) return refuse(RejectReason.InvalidId, { field: 'id' });
	if (status !== RequestStatus.Pending && status !== RequestStatus.Accepted && status !== RequestStatus.Declined) {
		return invalid('status');
	}
	if (!isTimestamp(createdAt) || !isId(createdBy)) return invalid('createdAt');
	if ((decidedAt !== null && !isTimestamp(decidedAt)) || (decidedBy !== null && !isId(decidedBy))) return invalid('decidedAt');
	return ok({ id, assetId, ownerAccountId, status, createdAt, createdBy, decidedAt, decidedBy });
}

export function parseBook(key: string, raw: Raw): Result<Book> {
	const { id, title, authors, isbn, priceMinor, currency, status, updatedAt, updatedBy } = raw;
	if (id !== key || !isId(id)) return refuse(RejectReason.InvalidId, { field: 'id' });
	if (!isName(title, 300)) return refuse(RejectReason.InvalidName, { field: 'title' });
	if (!Array.isArray(authors) || authors.length > 50 || !authors.every((a) => isName(a))) return invalid('authors');
	if (!isIsbn(isbn)) return refuse(RejectReason.InvalidIsbn);
	if (!isPriceMinor(priceMinor)) return refuse(RejectReason.InvalidPrice);
	if (typeof currency !== 'string' || !currencyPattern.test(currency)) return invalid('currency');
	if (!isBookStatus(status)) return invalid('status');
	if (!isTimestamp(updatedAt) || !isId(updatedBy)) return invalid('updatedAt');
	return ok({ id, title, authors: authors as string[], isbn, priceMinor, currency, status, updatedAt, updatedBy });
}

export function parseTerritory(key: string, value: unknown): Result<Territory> {
	if (!territoryPattern.test(key) || !isRecord(value)) return invalid('territory');
	const { enabled, currency } = value;
	if (typeof enabled !== 'boolean' || typeof currency !== 'string' || !currencyPattern.test(currency)) return invalid('territory');
	return ok({ code: key, enabled, currency });
}

export function parsePaymentProfile(key: string, raw: Raw): Result<PaymentProfile> {
	const { id, name, bankName, accountHolder, accountNumber, currency, updatedAt, updatedBy } = raw;
	if (id !== key || !isId(id)) return refuse(RejectReason.InvalidId, { field: 'id' });
	if (!isName(name) || !isName(bankName) || !isName(accountHolder)) return refuse(RejectReason.InvalidName, { field: 'name' });
	if (typeof accountNumber !== 'string' || !/^[0-9 -]{4,34}$/.test(accountNumber)) return invalid('accountNumber');
	if (typeof currency !== 'string' || !currencyPattern.test(currency)) return invalid('currency');
	if (!isTimestamp(updatedAt) || !isId(updatedBy)) return invalid('updatedAt');
	return ok({ id, name, bankName, accountHolder, accountNumber, currency, updatedAt, updatedBy });
}

const notificationKinds: readonly string[] = Object.values(NotificationKind);

export function parseNotification(key: string, raw: Raw): Result<Notification> {
	const { id, kind, at } = raw;
	const readAt = raw.readAt ?? null;
	if (id !== key || !isId(id)) return refuse(RejectReason.InvalidId, { field: 'id' });
	if (typeof kind !== 'string' || !notificationKinds.includes(kind)) return invalid('kind');
	if (!isTimestamp(at) || (readAt !== null && !isTimestamp(readAt))) return invalid('at');
	if (!isRecord(raw.data)) return invalid('data');
	const data: Record<string, string> = Object.create(null);
	for (const [k, v] of Object.entries(raw.data)) {
		if (isForbiddenKey(k) || typeof v !== 'string') return invalid('data');
		data[k] = v;
	}
	return ok({ id, kind: kind as Notification['kind'], at, data, readAt });
}

export function parseDecision(key: string, value: unknown): Result<RequestDecision> {
	if (!isId(key) || !isRecord(value)) return invalid('decision');
	const { requesterAccountId, decision, decidedAt } = value;
	if (!isId(requesterAccountId)) return refuse(RejectReason.InvalidId, { field: 'requesterAccountId' });
	if (decision !== Decision.Accept && decision !== Decision.Decline) return invalid('decision');
	if (!isTimestamp(decidedAt)) return invalid('decidedAt');
	return ok({ requestId: key, requesterAccountId, decision, decidedAt });
}

export function parseActivityEntry(key: string, value: unknown): Result<ActivityEntry> {
	if (!isId(key) || !isRecord(value)) return invalid('activity');
	const { at, actorId, action, target } = value;
	if (!isTimestamp(at) || typeof actorId !== 'string' || typeof action !== 'string' || typeof target !== 'string') {
		return invalid('activity');
	}
	return ok({ id: key, at, actorId, action, target, before: value.before ?? null, after: value.after ?? null });
}
