import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import {
	accountRoom,
	Collection,
	docAccountView,
	entityKeys,
	parseRoomName,
	readableSections,
	NotHeld,
	readEntity,
	readRaw,
	refuse,
	RejectReason,
	RoomKind,
	roomName,
	userRoom,
	type AccountView,
	type CommandEnv,
	type Result,
	type Room,
	type User
} from '$lib/domain';
import {
	covers,
	dbTry,
	Materialiser,
	Outbox,
	RejectionSource,
	Rejections,
	RoomStore,
	SessionStore,
	type BusinessCenterDb,
	type DbFailure,
	type OutboxRow,
	type StateVector,
	type StoredRoomDoc,
	type StoredSession,
	ydocUpdatesTable
} from '$lib/db';
import { CloseCode, type Detail } from '$lib/protocol/protocol';
import { AuthClient, Unreachable, type AuthOutcome, type FetchLike, type FoundUser } from './AuthClient';
import { backoffDelay, defaultBackoff, type BackoffOptions } from './Backoff';
import { runCommand, type CommandInput, type CommandName, type CommandValue } from './commandRegistry';
import { maxRebases, rejectionHandling, RejectionHandling } from './rejectionPolicy';
import { RoomConnection, type WebSocketConstructor } from './RoomConnection';
import { Store } from './Store';
import { ConnectionStatus, initialSyncState, RoomStatus, type SyncState } from './SyncState';

export interface SyncManagerOptions {
	readonly db: BusinessCenterDb;
	/** The relay's base URL, e.g. `http://127.0.0.1:8787` (the app's own origin in the browser). */
	readonly relayUrl: string;
	/** The browser's WebSocket by default; tests pass `ws`. */
	readonly WebSocket?: WebSocketConstructor;
	readonly fetch?: FetchLike;
	readonly now?: () => number;
	readonly newId?: () => string;
	readonly backoff?: Partial<BackoffOptions>;
	/** Refresh the access token this long before it expires. Default 60 s. */
	readonly refreshMarginMs?: number;
	/** Start connected (default) or offline. */
	readonly online?: boolean;
}

/** Someone else on an account room's socket, and the page (route path) they are on. */
export interface PresenceEntry {
	readonly userId: string;
	readonly name: string;
	readonly page: string;
}

/** The others' presence in an awareness, as the relay stamped it (`user`), one entry per user and page. */
function presenceOf(awareness: Awareness): PresenceEntry[] {
	const seen = new Set<string>();
	const entries: PresenceEntry[] = [];
	for (const [clientId, state] of awareness.getStates()) {
		if (clientId === awareness.clientID) continue;
		const user = (state as { user?: unknown }).user;
		const page = (state as { page?: unknown }).page;
		if (typeof user !== 'object' || user === null || typeof page !== 'string') continue;
		const { id, name } = user as Record<string, unknown>;
		if (typeof id !== 'string' || typeof name !== 'string') continue;
		const key = JSON.stringify([id, page]);
		if (seen.has(key)) continue;
		seen.add(key);
		entries.push({ userId: id, name, page });
	}
	return entries.sort((a, b) => a.name.localeCompare(b.name) || a.userId.localeCompare(b.userId) || a.page.localeCompare(b.page));
}

/** What `run` answers: the command's result, or a storage failure (quota, closed database). */
export type RunOutcome<T> = Result<T> | DbFailure;

/** One open room: its stored document, the materialiser, and the socket when online. */
interface RoomHandle {
	readonly name: string;
	readonly room: Room;
	stored: StoredRoomDoc;
	materialiser: Materialiser;
	connection: RoomConnection | null;
	status: RoomStatus;
	attempt: number;
	retryTimer: ReturnType<typeof setTimeout> | null;
	/** This incarnation of the document has received the relay's state in this session. */
	synced: boolean;
	/** After a reset: replay the outbox once the relay's state is in. */
	replayAfterSync: boolean;
	/** The reason the relay gave in `auth-error` before closing, if any. */
	authError: RejectReason | null;
	/** Resolves when no reset or replay is under way; commands wait for it. */
	ready: Promise<void>;
	markReady: () => void;
	/** Serialises what touches this room's document and outbox (commands, acks, resets). */
	queue: Promise<unknown>;
	detach: () => void;
	/** Account rooms: presence on this incarnation of the document, kept across its sockets (clocks go on). */
	awareness: Awareness | null;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
	let resolve: () => void = () => {};
	const promise = new Promise<void>((r) => (resolve = r));
	return { promise, resolve };
}

const defaultNewId = (): string => globalThis.crypto.randomUUID().replaceAll('-', '').slice(0, 20);

/**
 * The client's sync: opens the rooms the user may read (the `user/<id>` room lists their
 * accounts; each account's membership says which section rooms), keeps each room's Y.Doc in
 * IndexedDB, connects them to the relay with the session token, runs commands, and turns the
 * relay's acks and rejections into outbox removals, resets and replays (DESIGN §3 write path).
 */
export class SyncManager {
	readonly state = new Store<SyncState>(initialSyncState);
	readonly #db: BusinessCenterDb;
	readonly #rooms: RoomStore;
	readonly #outbox: Outbox;
	readonly #rejections: Rejections;
	readonly #sessions: SessionStore;
	readonly #auth: AuthClient;
	readonly #relayUrl: string;
	readonly #WebSocket: WebSocketConstructor | null;
	readonly #now: () => number;
	readonly #newId: () => string;
	readonly #backoff: BackoffOptions;
	readonly #refreshMarginMs: number;
	#online: boolean;
	#session: StoredSession | null = null;
	#storageError: DbFailure | null = null;
	readonly #handles = new Map<string, RoomHandle>();
	readonly #opening = new Map<string, Promise<RoomHandle | null>>();
	/** Rooms the relay took away, with the permission fingerprint they were taken under. */
	readonly #revoked = new Map<string, string>();
	/** Rooms opened on purpose (a new account) before any list names them. */
	readonly #pinned = new Set<string>();
	/** Rooms with commands waiting for an ack: they stay open until each is acked or refused. */
	#pendingRooms = new Set<string>();
	readonly #knownUsers = new Map<string, User>();
	readonly #rebases = new Map<number, number>();
	#refreshing: Promise<boolean> | null = null;
	#refreshTimer: ReturnType<typeof setTimeout> | null = null;
	#reconcileTimer: ReturnType<typeof setTimeout> | null = null;
	#reconciling: Promise<void> = Promise.resolve();
	#closed = false;
	/** Per account room: the others present (while its socket is open) and the page we say we are on. */
	readonly #presence = new Map<string, Store<PresenceEntry[]>>();
	readonly #presencePages = new Map<string, string>();

	private constructor(options: SyncManagerOptions) {
		this.#db = options.db;
		this.#rooms = new RoomStore(options.db);
		this.#outbox = new Outbox(options.db);
		this.#rejections = new Rejections(options.db);
		this.#sessions = new SessionStore(options.db);
		this.#relayUrl = options.relayUrl.replace(/\/+$/, '');
		this.#auth = new AuthClient(this.#relayUrl, options.fetch);
		const ambient = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
		this.#WebSocket = options.WebSocket ?? ambient ?? null;
		this.#now = options.now ?? Date.now;
		this.#newId = options.newId ?? defaultNewId;
		this.#backoff = { ...defaultBackoff, ...options.backoff };
		this.#refreshMarginMs = options.refreshMarginMs ?? 60_000;
		this.#online = options.online ?? true;
	}

	/** Opens the client from IndexedDB: with a stored session it works at once, network or not. */
	static async open(options: SyncManagerOptions): Promise<SyncManager> {
		const manager = new SyncManager(options);
		const session = await dbTry(() => manager.#sessions.get());
		if (session.ok && session.value !== null) await manager.#start(session.value);
		else manager.#publish();
		return manager;
	}

	get auth(): AuthClient {
		return this.#auth;
	}

	get user(): User | null {
		return this.#session?.user ?? null;
	}

	/** After a sign-in or sign-up through `auth`: keeps the session and opens the user's rooms. */
	async signIn(session: StoredSession): Promise<void> {
		await this.#sessions.put(session);
		await this.#start(session);
	}

	/** Online: connect every open room; offline: close every socket and work from IndexedDB. */
	setOnline(online: boolean): void {
		this.#online = online;
		for (const handle of this.#handles.values()) {
			if (online) this.#connect(handle);
			else this.#disconnect(handle);
		}
		this.#publish();
	}

	/** The room's document, for views that read a section room directly (null when not open). */
	doc(name: string): Y.Doc | null {
		return this.#handles.get(name)?.stored.doc ?? null;
	}

	/**
	 * Who else is connected to an account room, and on which page (live while the room's socket
	 * is open, empty otherwise). Our own tab is left out; our other tabs are not.
	 */
	presence(name: string): Store<PresenceEntry[]> {
		let store = this.#presence.get(name);
		if (store === undefined) {
			store = new Store<PresenceEntry[]>([]);
			this.#presence.set(name, store);
		}
		return store;
	}

	/** Tells the others on an account room which page we are on (a route path), or that we left (null). */
	setPresencePage(name: string, page: string | null): void {
		if (page === null) this.#presencePages.delete(name);
		else this.#presencePages.set(name, page);
		this.#handles.get(name)?.connection?.awareness?.setLocalState(page === null ? null : { page });
	}

	/** Opens a room now (a new account's room, before the relay lists it). */
	async openRoom(name: string): Promise<boolean> {
		this.#pinned.add(name);
		return (await this.#open(name)) !== null;
	}

	/**
	 * Runs a command on a room's document: the domain checks it, it writes one transaction,
	 * and the command is kept in the outbox (in the same IndexedDB transaction as the Yjs
	 * update) until the relay acks it.
	 */
	async run<N extends CommandName>(name: string, command: N, input: CommandInput<N>): Promise<RunOutcome<CommandValue<N>>> {
		if (this.#session === null) return refuse(RejectReason.NotSignedIn);
		const revoked = this.#revoked.has(name);
		// A room the user acts in stays open until the relay itself says it is not theirs
		// (a new account's room is listed for them only once the relay has stored it).
		if (!revoked) this.#pinned.add(name);
		const handle = revoked ? null : await this.#open(name);
		if (handle === null) return refuse(this.#lostReason(name));
		await handle.ready;
		return this.#enqueue(handle, () => this.#execute(handle, command, input, null)) as Promise<RunOutcome<CommandValue<N>>>;
	}

	/** R2: the registered user with this email, remembered for the commands that need them. */
	async lookupUser(email: string): Promise<FoundUser | null | typeof Unreachable> {
		const token = await this.#freshToken();
		if (token === null) return Unreachable;
		const found = await this.#auth.lookup(token, email);
		if (!found.ok) return found.reason === Unreachable ? Unreachable : null;
		if (found.value !== null) this.#knownUsers.set(found.value.id, found.value);
		return found.value;
	}

	/** Imports a sales CSV (POST /api/accounts/<id>/reports/import); the rows arrive through the reports room. */
	async importSales(accountId: string, csv: string): Promise<AuthOutcome<number>> {
		const token = await this.#freshToken();
		if (token === null) return { ok: false, reason: Unreachable, message: 'no session' };
		return this.#auth.importSales(token, accountId, csv);
	}

	dismissRejection(id: number): Promise<void> {
		return this.#rejections.dismiss(id);
	}

	/**
	 * Resolves when every open room is in step with the relay (or, offline, loaded), nothing is
	 * queued on any room, and every materialised row is written.
	 */
	async settled(): Promise<void> {
		for (;;) {
			await this.#reconciling;
			const handles = [...this.#handles.values()];
			await Promise.all(handles.map((h) => h.queue));
			await Promise.all(handles.map((h) => h.materialiser.idle()));
			const stable =
				this.#reconcileTimer === null &&
				handles.length === this.#handles.size &&
				handles.every((h) => this.#handles.get(h.name) === h && (h.status === RoomStatus.Synced || !this.#online));
			if (stable) return;
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
	}

	async signOut(): Promise<void> {
		const refreshToken = this.#session?.refreshToken;
		await this.#stopAll();
		this.#session = null;
		await this.#sessions.clear();
		// Best effort: offline, the refresh token simply expires.
		if (refreshToken !== undefined) await this.#auth.logOut(refreshToken);
		this.#publish();
	}

	/** Closes sockets and releases documents; the database stays open (it is the caller's). */
	async close(): Promise<void> {
		this.#closed = true;
		await this.#stopAll();
	}

	// ------------------------------------------------------------------ session and tokens

	async #start(session: StoredSession): Promise<void> {
		this.#session = session;
		this.#knownUsers.set(session.user.id, session.user);
		const pending = await dbTry(() => this.#db.outbox.toArray());
		if (pending.ok) this.#pendingRooms = new Set(pending.value.map((e) => e.room));
		this.#scheduleRefresh();
		await this.#open(this.#userRoomName());
		this.#scheduleReconcile();
		await this.#reconciling;
		this.#publish();
	}

	#userRoomName(): string {
		return roomName(userRoom(this.#session!.user.id));
	}

	#scheduleRefresh(): void {
		if (this.#refreshTimer !== null) clearTimeout(this.#refreshTimer);
		this.#refreshTimer = null;
		if (this.#session === null || this.#closed) return;
		const delay = Math.max(1_000, this.#session.expiresAt - this.#refreshMarginMs - this.#now());
		// setTimeout's limit is about 24.8 days; a longer delay would fire at once.
		this.#refreshTimer = setTimeout(() => {
			this.#refreshTimer = null;
			if (this.#online) void this.#refresh(false);
			else this.#scheduleRefresh();
		}, Math.min(delay, 2 ** 31 - 1));
	}

	async #freshToken(): Promise<string | null> {
		const session = this.#session;
		if (session === null) return null;
		if (session.expiresAt - this.#now() > this.#refreshMarginMs) return session.token;
		return (await this.#refresh(false)) ? this.#session!.token : null;
	}

	/**
	 * One refresh at a time. Refresh tokens rotate and a reused one revokes its family, so a
	 * tab first looks whether another tab already refreshed (the stored session is newer).
	 */
	#refresh(force: boolean): Promise<boolean> {
		this.#refreshing ??= (async () => {
			const current = this.#session;
			if (current === null) return false;
			const stored = await dbTry(() => this.#sessions.get());
			if (stored.ok && stored.value !== null && stored.value.refreshToken !== current.refreshToken) {
				this.#session = stored.value;
				this.#scheduleRefresh();
				if (force || stored.value.expiresAt - this.#now() > this.#refreshMarginMs) return true;
			}
			const result = await this.#auth.refresh(this.#session!.refreshToken);
			if (!result.ok) {
				if (result.reason !== Unreachable) {
					// The refresh token is spent or revoked: the user signs in again; local data stays.
					this.#session = null;
					await this.#stopAll();
					this.#publish();
				}
				return false;
			}
			this.#session = result.value;
			await dbTry(() => this.#sessions.put(result.value));
			this.#scheduleRefresh();
			return true;
		})().finally(() => {
			this.#refreshing = null;
		});
		return this.#refreshing;
	}

	// ------------------------------------------------------------------ rooms

	#open(name: string): Promise<RoomHandle | null> {
		const existing = this.#handles.get(name);
		if (existing !== undefined) return Promise.resolve(existing);
		const opening = this.#opening.get(name);
		if (opening !== undefined) return opening;
		const promise = this.#load(name).finally(() => this.#opening.delete(name));
		this.#opening.set(name, promise);
		return promise;
	}

	async #load(name: string): Promise<RoomHandle | null> {
		const room = parseRoomName(name);
		if (room === null || this.#session === null || this.#closed) return null;
		const stored = await this.#rooms.open(name);
		if (!stored.ok) {
			this.#failed(stored);
			return null;
		}
		if (this.#closed || this.#session === null) {
			stored.value.release();
			return null;
		}
		const ready = deferred();
		ready.resolve();
		const handle: RoomHandle = {
			name,
			room,
			stored: stored.value,
			materialiser: this.#materialiser(name, room, stored.value.doc),
			connection: null,
			status: RoomStatus.Offline,
			attempt: 0,
			retryTimer: null,
			synced: false,
			replayAfterSync: false,
			authError: null,
			ready: ready.promise,
			markReady: ready.resolve,
			queue: Promise.resolve(),
			detach: () => {},
			awareness: null
		};
		const started = await handle.materialiser.start();
		if (!started.ok) this.#failed(started);
		this.#attach(handle);
		this.#handles.set(name, handle);
		this.#connect(handle);
		this.#publish();
		return handle;
	}

	#materialiser(name: string, room: Room, doc: Y.Doc): Materialiser {
		return new Materialiser(this.#db, { room, roomName: name, userId: this.#session!.user.id }, doc, (failure) => {
			if (!failure.ok) this.#failed(failure);
		});
	}

	/** Listens to the document: list changes re-plan the rooms; another tab's reset or delete destroys it. */
	#attach(handle: RoomHandle): void {
		const doc = handle.stored.doc;
		const onUpdate = () => this.#scheduleReconcile();
		const onDestroy = () => this.#enqueue(handle, () => this.#reload(handle, doc));
		const plans = handle.room.kind === RoomKind.User || handle.room.kind === RoomKind.Account;
		if (plans) doc.on('update', onUpdate);
		doc.on('destroy', onDestroy);
		handle.detach = () => {
			doc.off('update', onUpdate);
			doc.off('destroy', onDestroy);
		};
	}

	/** The document was destroyed by y-dexie: another tab reset the room (load the new one) or deleted it. */
	async #reload(handle: RoomHandle, destroyed: Y.Doc): Promise<void> {
		if (handle.stored.doc !== destroyed || this.#handles.get(handle.name) !== handle) return;
		this.#disconnect(handle);
		handle.detach();
		handle.materialiser.stop();
		const docId = await this.#rooms.currentDocId(handle.name);
		if (docId === null) {
			this.#handles.delete(handle.name);
			this.#revoked.set(handle.name, this.#fingerprint(handle.name));
			this.#publish();
			return;
		}
		const stored = await this.#rooms.open(handle.name);
		if (!stored.ok) {
			this.#failed(stored);
			return;
		}
		this.#swap(handle, stored.value);
		const started = await handle.materialiser.start();
		if (!started.ok) this.#failed(started);
		this.#connect(handle);
	}

	#swap(handle: RoomHandle, stored: StoredRoomDoc): void {
		handle.stored = stored;
		handle.materialiser = this.#materialiser(handle.name, handle.room, stored.doc);
		handle.synced = false;
		this.#attach(handle);
	}

	#scheduleReconcile(): void {
		if (this.#reconcileTimer !== null || this.#closed) return;
		this.#reconcileTimer = setTimeout(() => {
			this.#reconcileTimer = null;
			this.#reconciling = this.#reconciling.then(() => this.#reconcile()).catch((error: unknown) => this.#failed({ ok: false, kind: 'unknown', message: String(error) }));
		}, 0);
	}

	/**
	 * Opens the rooms the user may read and lets go of the others. Only a room the relay has
	 * spoken for in this session decides: a list loaded from IndexedDB may be stale, and
	 * deleting on stale data would lose work.
	 */
	async #reconcile(): Promise<void> {
		for (let round = 0; round < 4 && this.#session !== null && !this.#closed; round++) {
			const want = this.#wantedRooms();
			let opened = false;
			for (const name of want) {
				if (this.#handles.has(name)) continue;
				const revokedUnder = this.#revoked.get(name);
				if (revokedUnder !== undefined) {
					if (revokedUnder === this.#fingerprint(name)) continue;
					this.#revoked.delete(name);
				}
				if ((await this.#open(name)) !== null) opened = true;
			}
			for (const handle of [...this.#handles.values()]) {
				if (want.has(handle.name) || !this.#authoritative(handle)) continue;
				await this.#enqueue(handle, () => this.#revoke(handle, this.#lostReason(handle.name)));
			}
			if (!opened) return;
		}
	}

	#wantedRooms(): Set<string> {
		const me = this.#session!.user.id;
		const userName = this.#userRoomName();
		const want = new Set<string>([userName, ...this.#pinned, ...this.#pendingRooms]);
		const userDoc = this.#handles.get(userName)?.stored.doc;
		if (userDoc !== undefined) for (const accountId of entityKeys(userDoc, Collection.Accounts)) want.add(roomName(accountRoom(accountId)));
		for (const name of [...want]) {
			const room = parseRoomName(name);
			if (room?.kind !== RoomKind.Account) continue;
			const doc = this.#handles.get(name)?.stored.doc;
			const member = doc === undefined ? null : readEntity(doc, Collection.Members, me);
			if (member === null) continue;
			for (const kind of readableSections(member.types)) want.add(roomName({ kind, accountId: room.accountId } as Room));
		}
		return want;
	}

	/** Whether the relay's own state says this room is no longer ours (see #reconcile). */
	#authoritative(handle: RoomHandle): boolean {
		if (this.#pinned.has(handle.name) || this.#pendingRooms.has(handle.name)) return false;
		const room = handle.room;
		switch (room.kind) {
			case RoomKind.User:
				return false;
			case RoomKind.Account:
				return this.#handles.get(this.#userRoomName())?.synced === true;
			case RoomKind.Catalog:
			case RoomKind.Reports:
			case RoomKind.Payments:
			case RoomKind.Activity:
				return this.#handles.get(roomName(accountRoom(room.accountId)))?.synced === true;
			default: {
				const never: never = room;
				throw new Error(`Unexpected room ${JSON.stringify(never)}`);
			}
		}
	}

	/** What the user's access to a room looks like locally: a revoked room is retried only when it changes. */
	#fingerprint(name: string): string {
		const room = parseRoomName(name);
		if (room === null || room.kind === RoomKind.User || this.#session === null) return '';
		const userDoc = this.#handles.get(this.#userRoomName())?.stored.doc;
		const listed = userDoc === undefined ? null : readRaw(userDoc, Collection.Accounts, room.accountId);
		if (room.kind === RoomKind.Account) return JSON.stringify(listed);
		const accountDoc = this.#handles.get(roomName(accountRoom(room.accountId)))?.stored.doc;
		const member = accountDoc === undefined ? null : readEntity(accountDoc, Collection.Members, this.#session.user.id);
		return JSON.stringify([listed, member?.types ?? null]);
	}

	#lostReason(name: string): RejectReason {
		const room = parseRoomName(name);
		if (room === null) return RejectReason.RoomNotFound;
		switch (room.kind) {
			case RoomKind.Account:
			case RoomKind.User:
				return RejectReason.NotMember;
			case RoomKind.Activity:
				return RejectReason.NotAdmin;
			case RoomKind.Catalog:
			case RoomKind.Reports:
			case RoomKind.Payments:
				return RejectReason.MissingAccessType;
			default: {
				const never: never = room;
				throw new Error(`Unexpected room ${JSON.stringify(never)}`);
			}
		}
	}

	// ------------------------------------------------------------------ connections

	#connect(handle: RoomHandle): void {
		if (!this.#online || this.#session === null || this.#closed || this.#WebSocket === null) return;
		if (handle.connection !== null || handle.retryTimer !== null || this.#handles.get(handle.name) !== handle) return;
		if (handle.status === RoomStatus.Revoked) return;
		if (handle.status !== RoomStatus.Resetting) handle.status = RoomStatus.Connecting;
		this.#publish();
		void this.#freshToken().then((token) => {
			if (!this.#online || this.#closed || handle.connection !== null || this.#handles.get(handle.name) !== handle) return;
			if (token === null) {
				if (this.#session !== null) this.#retry(handle);
				return;
			}
			const url = `${this.#relayUrl.replace(/^http/, 'ws')}/sync/${handle.name}?token=${encodeURIComponent(token)}`;
			handle.authError = null;
			const awareness = this.#awarenessFor(handle);
			const connection: RoomConnection = new RoomConnection(url, handle.stored.doc, this.#WebSocket!, {
				synced: () => {
					if (handle.connection !== connection) return;
					handle.attempt = 0;
					handle.synced = true;
					if (handle.replayAfterSync) {
						handle.replayAfterSync = false;
						void this.#enqueue(handle, () => this.#replay(handle));
					} else handle.status = RoomStatus.Synced;
					this.#scheduleReconcile();
					this.#publish();
				},
				ack: (_seq, sent) => {
					if (handle.connection === connection) void this.#enqueue(handle, () => this.#acked(handle, sent));
				},
				rejected: (_seq, reason, detail, sent) => {
					if (handle.connection !== connection) return;
					// Nothing more may go out under this clientID: the relay would find a gap.
					this.#disconnect(handle);
					handle.status = RoomStatus.Resetting;
					handle.ready = new Promise((resolve) => (handle.markReady = resolve));
					this.#publish();
					void this.#enqueue(handle, () => this.#rejected(handle, reason, detail, sent));
				},
				authError: (reason) => {
					if (handle.connection === connection) handle.authError = reason;
				},
				closed: (code) => {
					if (handle.connection !== connection) return;
					handle.connection = null;
					this.#closedWith(handle, code);
				}
			}, awareness === null ? {} : { awareness });
			handle.connection = connection;
			// Say where we are again: a new clock, so that the relay and the others take it.
			const page = this.#presencePages.get(handle.name);
			if (page !== undefined) awareness?.setLocalState({ page });
		});
	}

	/** The account room's awareness on its current document (a reset or reload brings a new document, clientID and awareness). */
	#awarenessFor(handle: RoomHandle): Awareness | null {
		if (handle.room.kind !== RoomKind.Account) return null;
		const doc = handle.stored.doc;
		if (handle.awareness?.doc === doc) return handle.awareness;
		this.#dropAwareness(handle);
		const awareness = new Awareness(doc);
		// Nobody sees us until a view says which page we are on.
		awareness.setLocalState(null);
		awareness.on('change', () => {
			if (handle.awareness === awareness) this.presence(handle.name).set(presenceOf(awareness));
		});
		handle.awareness = awareness;
		return awareness;
	}

	#dropAwareness(handle: RoomHandle): void {
		const awareness = handle.awareness;
		handle.awareness = null;
		awareness?.destroy();
		this.#presence.get(handle.name)?.set([]);
	}

	#closedWith(handle: RoomHandle, code: number): void {
		switch (code) {
			case CloseCode.PermissionRevoked:
			case CloseCode.Forbidden:
				// Read access is gone: delete the local copy and do not come back (DESIGN: no loop).
				void this.#enqueue(handle, () => this.#revoke(handle, handle.authError ?? this.#lostReason(handle.name)));
				return;
			case CloseCode.Unauthenticated:
				// Refreshed: reconnect. Relay unreachable: retry with backoff. Refused: signed out, stop.
				void this.#refresh(true).then((ok) => {
					if (ok || this.#session !== null) this.#retry(handle);
				});
				return;
			default:
				if (handle.status !== RoomStatus.Resetting) handle.status = RoomStatus.Offline;
				this.#publish();
				this.#retry(handle);
		}
	}

	#retry(handle: RoomHandle): void {
		if (!this.#online || this.#closed || handle.retryTimer !== null || this.#handles.get(handle.name) !== handle) return;
		const delay = backoffDelay(handle.attempt++, this.#backoff);
		handle.retryTimer = setTimeout(() => {
			handle.retryTimer = null;
			this.#connect(handle);
		}, delay);
	}

	#disconnect(handle: RoomHandle): void {
		if (handle.retryTimer !== null) clearTimeout(handle.retryTimer);
		handle.retryTimer = null;
		const connection = handle.connection;
		handle.connection = null;
		connection?.close();
		if (handle.status === RoomStatus.Synced || handle.status === RoomStatus.Connecting) handle.status = RoomStatus.Offline;
	}

	// ------------------------------------------------------------------ commands, acks, rejections

	#enqueue<T>(handle: RoomHandle, task: () => Promise<T>): Promise<T> {
		const next = handle.queue.then(task, task);
		handle.queue = next.catch((error: unknown) => this.#failed({ ok: false, kind: 'unknown', message: String(error) }));
		return next;
	}

	#env(handle: RoomHandle, ids: string[], generated: string[]): CommandEnv {
		const room = handle.room;
		const accountDoc = room.kind === RoomKind.User || room.kind === RoomKind.Account ? undefined : this.doc(roomName(accountRoom(room.accountId)));
		return {
			doc: handle.stored.doc,
			room,
			actor: { userId: this.#session!.user.id },
			now: this.#now(),
			...(accountDoc == null ? {} : { accountDoc }),
			lookupUser: (id) => this.#lookupKnown(id),
			otherAccount: (id) => this.#otherAccount(id),
			newId: () => {
				const id = ids.shift() ?? this.#newId();
				generated.push(id);
				return id;
			}
		};
	}

	#lookupKnown(userId: string): User | null {
		const known = this.#knownUsers.get(userId);
		if (known !== undefined) return known;
		for (const handle of this.#handles.values()) {
			if (handle.room.kind !== RoomKind.Account) continue;
			const member = readEntity(handle.stored.doc, Collection.Members, userId);
			if (member !== null) return { id: member.userId, email: member.email, name: member.name };
		}
		return null;
	}

	/** An account this user is not in is not held here: the relay, which holds it, checks. */
	#otherAccount(accountId: string): AccountView | typeof NotHeld {
		const doc = this.doc(roomName(accountRoom(accountId)));
		return doc === null ? NotHeld : docAccountView(doc, accountId);
	}

	/** Users named in an input (addMember's looked-up user) are known to the policy when replayed. */
	#learnUsers(input: unknown): void {
		const user = typeof input === 'object' && input !== null ? (input as { user?: unknown }).user : undefined;
		if (typeof user !== 'object' || user === null) return;
		const { id, email, name } = user as Record<string, unknown>;
		if (typeof id === 'string' && typeof email === 'string' && typeof name === 'string') this.#knownUsers.set(id, { id, email, name });
	}

	async #execute(handle: RoomHandle, command: CommandName, input: unknown, replayOf: OutboxRow | null): Promise<RunOutcome<unknown>> {
		if (this.#handles.get(handle.name) !== handle) return refuse(this.#lostReason(handle.name));
		this.#learnUsers(input);
		const generated: string[] = [];
		const env = this.#env(handle, replayOf === null ? [] : [...replayOf.ids], generated);
		const doc = handle.stored.doc;
		const plainInput: unknown = input === undefined ? null : JSON.parse(JSON.stringify(input));
		let result: Result<unknown> = refuse(RejectReason.InvalidValue);
		// One IndexedDB transaction for the command's Yjs update (y-dexie writes it from the
		// doc's update event, which joins this transaction) and its outbox entry.
		const stored = await dbTry(() =>
			this.#db.transaction('rw', [this.#db.outbox, this.#db.table(ydocUpdatesTable)], async () => {
				const before = Y.getState(doc.store, doc.clientID);
				result = runCommand(command, env, input);
				if (!result.ok) return;
				const clock = Y.getState(doc.store, doc.clientID);
				if (clock === before) {
					// Nothing to send (the state already was what the command asked for).
					if (replayOf !== null) await this.#outbox.remove(replayOf.id!);
					return;
				}
				if (replayOf !== null) await this.#outbox.moved(replayOf.id!, doc.clientID, clock);
				else
					await this.#outbox.add({
						room: handle.name,
						command,
						input: plainInput,
						createdAt: this.#now(),
						actorId: this.#session!.user.id,
						ids: generated,
						clientId: doc.clientID,
						clock
					});
			})
		);
		if (!stored.ok) {
			this.#failed(stored);
			return stored;
		}
		if (result.ok) this.#pendingRooms.add(handle.name);
		return result;
	}

	async #acked(handle: RoomHandle, sent: StateVector): Promise<void> {
		const done = await dbTry(() => this.#outbox.removeCovered(handle.name, sent));
		if (!done.ok) {
			this.#failed(done);
			return;
		}
		for (const entry of done.value) this.#rebases.delete(entry.id!);
		await this.#refreshPendingRooms();
	}

	async #refreshPendingRooms(): Promise<void> {
		const rooms = await dbTry(() => this.#db.outbox.orderBy('room').uniqueKeys());
		if (rooms.ok) this.#pendingRooms = new Set(rooms.value.map(String));
	}

	/**
	 * A rejection is a reset, not a skip. When the refused write carried exactly one command,
	 * that command is the one refused: it is reported (or, for a lost race, rebased). When it
	 * carried several (a sync step 2 after a time offline), the replay finds out: each is
	 * re-run by the domain against the relay's state and sent on its own.
	 */
	async #rejected(handle: RoomHandle, reason: RejectReason, detail: Detail | null, sent: StateVector): Promise<void> {
		const pending = await dbTry(() => this.#outbox.pending(handle.name));
		if (!pending.ok) {
			this.#failed(pending);
			return;
		}
		const carried = pending.value.filter((entry) => covers(sent, entry));
		const only = carried.length === 1 ? carried[0] : undefined;
		if (only !== undefined) {
			const rebases = (this.#rebases.get(only.id!) ?? 0) + 1;
			if (rejectionHandling(reason) === RejectionHandling.Refused || rebases > maxRebases) {
				await this.#report(only, reason, detail, RejectionSource.Relay);
			} else this.#rebases.set(only.id!, rebases);
		}
		await this.#reset(handle);
	}

	async #report(entry: OutboxRow, reason: RejectReason, detail: Detail | null, source: RejectionSource): Promise<void> {
		const reported = await dbTry(() =>
			this.#db.transaction('rw', this.#db.outbox, this.#db.rejections, async () => {
				await this.#rejections.add({
					room: entry.room,
					command: entry.command,
					input: entry.input,
					createdAt: entry.createdAt,
					reason,
					detail,
					source,
					at: this.#now()
				});
				await this.#outbox.remove(entry.id!);
			})
		);
		if (!reported.ok) this.#failed(reported);
		this.#rebases.delete(entry.id!);
	}

	/** Drops the room's local copy, starts a new document (new clientID) and resyncs; replay follows. */
	async #reset(handle: RoomHandle): Promise<void> {
		this.#disconnect(handle);
		handle.status = RoomStatus.Resetting;
		handle.detach();
		handle.materialiser.stop();
		handle.stored.release();
		const reset = await this.#rooms.reset(handle.name);
		const stored = reset.ok ? await this.#rooms.open(handle.name) : reset;
		if (!stored.ok) {
			// Storage is failing (quota, closed database): say so, and let waiting commands fail fast.
			this.#handles.delete(handle.name);
			handle.markReady();
			this.#failed(stored);
			return;
		}
		this.#swap(handle, stored.value);
		const started = await handle.materialiser.start();
		if (!started.ok) this.#failed(started);
		handle.replayAfterSync = true;
		handle.attempt = 0;
		this.#publish();
		this.#connect(handle);
	}

	/** Re-runs the room's pending commands, in order, on the relay's state. */
	async #replay(handle: RoomHandle): Promise<void> {
		const pending = await dbTry(() => this.#outbox.pending(handle.name));
		if (pending.ok) {
			for (const entry of pending.value) {
				const command = entry.command as CommandName;
				const result = await this.#execute(handle, command, entry.input, entry);
				if (!result.ok && 'reason' in result) await this.#report(entry, result.reason, result.detail ?? null, RejectionSource.Replay);
			}
		} else this.#failed(pending);
		await this.#refreshPendingRooms();
		handle.status = handle.connection?.isOpen === true ? RoomStatus.Synced : RoomStatus.Offline;
		handle.markReady();
		this.#publish();
	}

	/** Read access is gone: report the room's pending commands, delete everything of it, stay away. */
	async #revoke(handle: RoomHandle, reason: RejectReason): Promise<void> {
		if (this.#handles.get(handle.name) !== handle) return;
		this.#revoked.set(handle.name, this.#fingerprint(handle.name));
		this.#disconnect(handle);
		this.#dropAwareness(handle);
		handle.status = RoomStatus.Revoked;
		handle.detach();
		handle.materialiser.stop();
		handle.stored.release();
		this.#handles.delete(handle.name);
		const pending = await dbTry(() => this.#outbox.pending(handle.name));
		if (pending.ok) for (const entry of pending.value) await this.#report(entry, reason, null, RejectionSource.Revoked);
		const deleted = await this.#rooms.delete(handle.name);
		if (!deleted.ok) this.#failed(deleted);
		this.#pinned.delete(handle.name);
		await this.#refreshPendingRooms();
		handle.markReady();
		this.#publish();
	}

	async #stopAll(): Promise<void> {
		if (this.#refreshTimer !== null) clearTimeout(this.#refreshTimer);
		this.#refreshTimer = null;
		if (this.#reconcileTimer !== null) clearTimeout(this.#reconcileTimer);
		this.#reconcileTimer = null;
		await this.#reconciling;
		const handles = [...this.#handles.values()];
		this.#handles.clear();
		for (const handle of handles) {
			this.#disconnect(handle);
			this.#dropAwareness(handle);
			handle.detach();
		}
		await Promise.all(handles.map((h) => h.queue));
		for (const handle of handles) {
			await handle.materialiser.idle();
			handle.materialiser.stop();
			handle.stored.release();
		}
	}

	#failed(failure: DbFailure): void {
		this.#storageError = failure;
		this.#publish();
	}

	#publish(): void {
		const rooms: Record<string, RoomStatus> = {};
		for (const name of this.#revoked.keys()) rooms[name] = RoomStatus.Revoked;
		for (const handle of this.#handles.values()) rooms[handle.name] = handle.status;
		const handles = [...this.#handles.values()];
		let status: ConnectionStatus;
		if (this.#session === null) status = ConnectionStatus.SignedOut;
		else if (!this.#online) status = ConnectionStatus.Offline;
		else if (handles.every((h) => h.status === RoomStatus.Synced)) status = ConnectionStatus.Online;
		else status = ConnectionStatus.Connecting;
		this.state.set({ status, user: this.#session?.user ?? null, rooms, storageError: this.#storageError });
	}
}
