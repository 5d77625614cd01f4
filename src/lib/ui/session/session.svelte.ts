import { type Session, parseSession } from './Session';

/**
 * Kept in sessionStorage until the Dexie session lands (DESIGN §3 Auth): it survives a
 * reload but not closing the tab, and nothing else in the app reads it directly.
 */
const storageKey = 'business-center.session';

function readStored(): Session | null {
	try {
		const raw = globalThis.sessionStorage?.getItem(storageKey);
		return raw == null ? null : parseSession(JSON.parse(raw));
	} catch {
		return null; // unreadable or disabled storage means signed out, not a crash
	}
}

function writeStored(session: Session | null): void {
	try {
		if (session === null) globalThis.sessionStorage?.removeItem(storageKey);
		else globalThis.sessionStorage?.setItem(storageKey, JSON.stringify(session));
	} catch {
		// The session still holds for this page; it just will not survive a reload.
	}
}

class SessionState {
	#current = $state<Session | null>(readStored());

	/** The signed-in user's session, or null when signed out. */
	get current(): Session | null {
		return this.#current;
	}

	start(session: Session): void {
		this.#current = session;
		writeStored(session);
	}

	end(): void {
		this.#current = null;
		writeStored(null);
	}
}

export const session = new SessionState();
