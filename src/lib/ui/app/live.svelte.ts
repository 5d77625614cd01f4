import type { Observable } from 'dexie';
import type * as Y from 'yjs';
import { app } from './appState.svelte';


/**
 * A Dexie liveQuery as a rune: `query` runs in an effect, so the query is rebuilt when what
 * it reads (an account id, a search prefix) changes. Call during component initialisation.
 */
export function live<T>(query: () => Observable<T> | null, initial: NoInfer<T>): { readonly current: T; readonly loaded: boolean } {
	let value = $state<T>(initial);
	let loaded = $state(false);
	$effect(() => {
		const observable = query();
		if (observable === null) return;
		const subscription = observable.subscribe({
			next: (next) => {
				value = next;
				loaded = true;
			},
			error: () => {
				loaded = true;
			}
		});
		return () => subscription.unsubscribe();
	});
	return {
		get current() {
			return value;
		},
		get loaded() {
			return loaded;
		}
	};
}

/**
 * A value read from one room's Y.Doc (section rooms are not materialised: books, payment
 * profiles, the activity log), re-read on every change of the document. The document is
 * looked up again whenever the sync state changes, because a reset swaps it for a new one.
 */
export function fromRoom<T>(roomName: () => string | null, read: (doc: Y.Doc) => T, empty: NoInfer<T>): { readonly current: T; readonly open: boolean } {
	let value = $state<T>(empty);
	let open = $state(false);
	$effect(() => {
		const name = roomName();
		// Depend on the published state: a room opening, resetting or being revoked republishes it.
		void app.state.rooms;
		const doc = name === null ? null : (app.sync?.doc(name) ?? null);
		if (doc === null) {
			value = empty;
			open = false;
			return;
		}
		const refresh = () => {
			value = read(doc);
		};
		refresh();
		open = true;
		doc.on('update', refresh);
		return () => doc.off('update', refresh);
	});
	return {
		get current() {
			return value;
		},
		get open() {
			return open;
		}
	};
}
