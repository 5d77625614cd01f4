/**
 * The domain: the one source of the rules, imported by the UI and by the relay.
 * Pure TypeScript and Yjs — no DOM, no storage, no network (enforced by ESLint).
 */
export { AccessType, allAccessTypes, defaultAccessTypes, hasAccess, isAccessType, normaliseAccessTypes } from './AccessType';
export { ActionType, type Action } from './Action';
export { docAccountView, projectedAccountView, type AccountView, type EntityChange } from './AccountView';
export { activityDrafts, RelayActivity, writeActivity, type ActivityDraft } from './activity';
export { applyEffect, type EffectEnv } from './applyEffect';
export { canReadRoom, readableSections, type RoomAccessContext } from './canReadRoom';
export { checkChanges } from './checkChanges';
export { classifyUpdate, Deleted, NewMap, type ClassifiedUpdate, type Touch, type TouchValue } from './classifyUpdate';
export { policyContextOf, type CommandEnv } from './CommandEnv';
export {
	acceptPartnership,
	addBook,
	addMember,
	addPaymentProfile,
	bulkEditAssetBusinessInfo,
	cancelAffiliationRequest,
	changeMemberTypes,
	commandOrigin,
	createAccount,
	createAsset,
	decideAffiliationRequest,
	dryRun,
	editAsset,
	editBook,
	editPaymentProfile,
	editProfile,
	endPartnership,
	markNotificationRead,
	removeAssetAdmin,
	removeBook,
	removeMember,
	removePaymentProfile,
	removeSharedAssetAdmin,
	requestPartnership,
	sendAffiliationRequest,
	setAssetAdmin,
	setAutoPayHolder,
	setSharedAssetAdmin,
	setTerritory,
	shareAsset,
	unshareAsset,
	type CommandOutcome
} from './commands';
export { deriveActions } from './deriveActions';
export { deriveEffects } from './deriveEffects';
export { EffectType, type Effect } from './Effect';
export * from './entities';
export { checkAccountInvariants } from './invariants';
export { can } from './policy';
export { NotHeld, type PolicyContext } from './PolicyContext';
export { permissionOf, Permission } from './permission';
export { RejectReason, allRejectReasons, isRejectReason } from './RejectReason';
export { ok, refuse, assertNever, type Refusal, type Result, type Success } from './Result';
export { accountRoom, parseRoomName, roomName, RoomKind, userRoom, type Room } from './Room';
export {
	Collection,
	collectionSpecs,
	entityKeys,
	listEntities,
	readEntity,
	readRaw,
	writeRaw,
	type EntityTypes
} from './schema';
export {
	canImportSales,
	isSalesDay,
	maxSalesRows,
	parseSalesCsv,
	parseSalesRow,
	revenuePerMonth,
	revenuePerTerritory,
	revenueTotals,
	salesCsvHeader,
	salesKey,
	unitsPerDay,
	writeSalesRows,
	type DayUnits,
	type Revenue,
	type SalesCurrency,
	type SalesRow,
	type SalesTerritory
} from './sales';
export { validateUpdate, type AcceptedUpdate, type ValidationContext } from './validateUpdate';
export { isEmail, isId, isIsbn, maxPasswordLength, minPasswordLength, normaliseEmail } from './validation';
