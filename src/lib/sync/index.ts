/** Client sync: rooms, the relay connection, commands with the outbox, acks, rejections and rebase. */
export { AuthClient, Unreachable, type AuthOutcome, type FetchLike, type FoundUser, type UnreachableFailure } from './AuthClient';
export { backoffDelay, defaultBackoff, type BackoffOptions } from './Backoff';
export { commands, isCommandName, type CommandInput, type CommandName, type CommandValue } from './commandRegistry';
export { maxRebases, rejectionHandling, RejectionHandling } from './rejectionPolicy';
export { RoomConnection, type RoomConnectionEvents, type WebSocketConstructor, type WebSocketLike } from './RoomConnection';
export { Store } from './Store';
export { SyncManager, type PresenceEntry, type RunOutcome, type SyncManagerOptions } from './SyncManager';
export { ConnectionStatus, initialSyncState, RoomStatus, type SyncState } from './SyncState';
