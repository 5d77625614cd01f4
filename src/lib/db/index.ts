/** Browser storage: Dexie over IndexedDB (fake-indexeddb in Node tests). */
export {
	allMaterialisedTables,
	createDatabase,
	currentSchemaVersion,
	declareVersions,
	defaultDatabaseName,
	MaterialisedTable,
	ydocUpdatesTable,
	type BusinessCenterDb,
	type DatabaseOptions,
	type SchemaVersion
} from './db';
export { DbErrorKind, dbTry, toDbFailure, type DbFailure, type DbResult } from './DbError';
export { entityOps, materialisedCollections, roomRows, type MaterialiseContext, type RoomRows, type RowOp } from './materialise';
export { Materialiser } from './Materialiser';
export { covers, Outbox, type StateVector } from './Outbox';
export {
	assetsByKind,
	membersByPrefix,
	myAccounts,
	notificationsOf,
	pendingCount,
	pendingRequestsForMe,
	rejections,
	sharesByPartner
} from './queries';
export { Rejections } from './Rejections';
export { RoomStore, type StoredRoomDoc } from './RoomStore';
export { SessionStore, type StoredSession } from './SessionStore';
export {
	AssetSource,
	RejectionSource,
	RequestDirection,
	type AccountRow,
	type AssetRow,
	type MemberRow,
	type NotificationRow,
	type OutboxRow,
	type PartnerRow,
	type RejectionRow,
	type RequestRow,
	type RoomRow,
	type SessionRow,
	type SessionUser,
	type ShareRow
} from './rows';
