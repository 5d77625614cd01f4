import { expect } from 'vitest';
import type { StoredSession } from '$lib/db';
import type { AccessType } from '$lib/domain';
import { signUp, Tab, uniqueDbName, waitFor, type TestRelay } from './harness';

let accounts = 0;

export interface SharedAccount {
	readonly accountId: string;
	readonly room: string;
	readonly alice: Tab;
	readonly bob: Tab;
	readonly aliceSession: StoredSession;
	readonly bobSession: StoredSession;
	readonly bobDbName: string;
}

/** Alice creates an account and adds Bob with `bobTypes`; both tabs end up synced with it. */
export async function sharedAccount(relay: TestRelay, bobTypes: readonly AccessType[]): Promise<SharedAccount> {
	const aliceSession = await signUp(relay, 'Alice');
	const bobSession = await signUp(relay, 'Bob');
	const accountId = `acc${process.pid}x${++accounts}`;
	const room = `account/${accountId}`;
	const alice = await Tab.open(relay, uniqueDbName('alice'), { session: aliceSession });
	const created = await alice.sync.run(room, 'createAccount', { name: 'Kedai Kopi', displayEmail: 'ops@kedai.example', creator: aliceSession.user });
	expect(created.ok).toBe(true);
	const bobUser = await alice.sync.lookupUser(bobSession.user.email);
	expect(bobUser).toMatchObject({ id: bobSession.user.id });
	const added = await alice.sync.run(room, 'addMember', { email: bobSession.user.email, user: bobUser as never, types: bobTypes });
	expect(added.ok).toBe(true);
	await alice.sync.settled();
	const bobDbName = uniqueDbName('bob');
	const bob = await Tab.open(relay, bobDbName, { session: bobSession });
	await waitFor(async () => (await bob.db.members.get([accountId, aliceSession.user.id])) !== undefined, 'Bob sees the account');
	await bob.sync.settled();
	return { accountId, room, alice, bob, aliceSession, bobSession, bobDbName };
}
