import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword, demoPeople, loadDemo } from '../../server/DemoData.ts';
import { postJson, RawClient, removeDataDir, startTestRelay, type TestRelay } from './helpers.ts';

describe('npm run demo', () => {
	let relay: TestRelay;
	beforeAll(async () => {
		relay = await startTestRelay();
	});
	afterAll(async () => {
		await relay.close();
		await removeDataDir(relay.dataDir);
	});

	it('[R8][R10] loads both accounts through the validating relay, and a second run changes nothing', async () => {
		expect(await loadDemo(relay.url)).toBe(true);
		expect(await loadDemo(relay.url)).toBe(false);
		const login = await postJson(`${relay.url}/api/login`, { email: demoPeople[0].email, password: demoPassword });
		expect(login.status).toBe(200);
		const jiwoo = login.body as { token: string; user: { id: string } };
		const account = new RawClient(relay.wsUrl, 'account/hanbit-books', jiwoo.token);
		await account.ready();
		const doc = await account.fetchState();
		expect(doc.getMap('profile').get('name')).toBe('Hanbit Books');
		expect(doc.getMap('members').size).toBe(3);
		expect(doc.getMap('assets').size).toBe(4);
		expect((doc.getMap('partners').toJSON()['kedai-buku-siti'] as { status: string }).status).toBe('active');
		account.close();
		// R10: the pixel's master has the partner's affiliation request in the inbox.
		const inbox = new RawClient(relay.wsUrl, `user/${jiwoo.user.id}`, jiwoo.token);
		await inbox.ready();
		const userDoc = await inbox.fetchState();
		const kinds = Object.values(userDoc.getMap('inbox').toJSON()).map((n) => (n as { kind: string }).kind);
		expect(kinds).toContain('affiliation-requested');
		inbox.close();
	});
});
