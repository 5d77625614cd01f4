import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionStore } from '$lib/db';
import { ConnectionStatus } from '$lib/sync';
import { signUp, startTestRelay, Tab, uniqueDbName, waitFor, type TestRelay } from './harness';

let relay: TestRelay;
beforeAll(async () => {
	relay = await startTestRelay({ accessTokenTtlMs: 2_000 });
});
afterAll(async () => {
	await relay.stop();
});

describe('session tokens', () => {
	it('[R13] refreshes the access token before it expires and keeps the new session in IndexedDB', async () => {
		const session = await signUp(relay, 'Rina');
		const tab = await Tab.open(relay, uniqueDbName('refresh'), { session, extra: { refreshMarginMs: 1_500 } });
		await waitFor(() => tab.sync.state.get().status === ConnectionStatus.Online, 'online');
		await waitFor(async () => (await new SessionStore(tab.db).get())?.token !== session.token, 'a refreshed token', 5_000);
		const stored = (await new SessionStore(tab.db).get())!;
		expect(stored.refreshToken).not.toBe(session.refreshToken);
		expect(stored.expiresAt).toBeGreaterThan(session.expiresAt);
		// A reconnect uses the new token.
		tab.sync.setOnline(false);
		tab.sync.setOnline(true);
		await waitFor(() => tab.sync.state.get().status === ConnectionStatus.Online, 'online again');
		await tab.close();
	});

	it('[R13] on auth-error (4498) refreshes the token and reconnects', async () => {
		const session = await signUp(relay, 'Tan');
		const tab = await Tab.open(relay, uniqueDbName('autherror'), { session: { ...session, token: 'not-a-valid-token' }, extra: { refreshMarginMs: 100 } });
		await waitFor(() => tab.sync.state.get().status === ConnectionStatus.Online, 'online after refresh');
		expect((await new SessionStore(tab.db).get())?.token).not.toBe('not-a-valid-token');
		await tab.close();
	});
});
