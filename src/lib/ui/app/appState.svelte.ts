import { createDatabase, defaultDatabaseName, type BusinessCenterDb, type StoredSession } from '$lib/db';
import type { RejectReason, Result } from '$lib/domain';
import { initialSyncState, SyncManager, type CommandInput, type CommandName, type CommandValue, type SyncState } from '$lib/sync';

/** Why a command did not run: the domain's or the relay's reason, or local storage failing. */
export type CommandFailure = { readonly reason: RejectReason; readonly detail?: Readonly<Record<string, string | number>> } | { readonly storage: string };

export type CommandResult<T> = Result<T> | { readonly ok: false; readonly storage: string };

/**
 * The running app: the IndexedDB database, the sync manager over it, and its state as
 * runes. One per tab, started by AppShell. Views read `app.user`, `app.sync` and `app.state`.
 */
class AppState {
	#db: BusinessCenterDb | null = null;
	#sync = $state<SyncManager | null>(null);
	#state = $state<SyncState>(initialSyncState);
	#starting: Promise<void> | null = null;
	#ready = $state(false);

	get ready(): boolean {
		return this.#ready;
	}

	get db(): BusinessCenterDb | null {
		return this.#db;
	}

	get sync(): SyncManager | null {
		return this.#sync;
	}

	get state(): SyncState {
		return this.#state;
	}

	get user(): SyncState['user'] {
		return this.#state.user;
	}

	/** Opens the database and the sync manager (a stored session signs in at once, network or not). */
	start(): Promise<void> {
		this.#starting ??= (async () => {
			const db = createDatabase({ name: defaultDatabaseName });
			const online = globalThis.navigator?.onLine ?? true;
			const sync = await SyncManager.open({ db, relayUrl: globalThis.location.origin, online });
			this.#db = db;
			sync.state.subscribe((state) => (this.#state = state));
			this.#sync = sync;
			globalThis.addEventListener?.('online', () => sync.setOnline(true));
			globalThis.addEventListener?.('offline', () => sync.setOnline(false));
			this.#ready = true;
		})();
		return this.#starting;
	}

	async signIn(session: StoredSession): Promise<void> {
		await this.start();
		await this.#sync!.signIn(session);
	}

	async signOut(): Promise<void> {
		await this.#sync?.signOut();
	}

	/** Runs a domain command through the outbox; the answer says why when it was refused. */
	async run<N extends CommandName>(room: string, command: N, input: CommandInput<N>): Promise<CommandResult<CommandValue<N>>> {
		const sync = this.#sync;
		if (sync === null) return { ok: false, reason: 'not-signed-in' };
		const outcome = await sync.run(room, command, input);
		if (outcome.ok) return outcome;
		if ('reason' in outcome) return outcome;
		return { ok: false, storage: outcome.message };
	}
}

export const app = new AppState();
