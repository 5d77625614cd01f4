import {
	acceptPartnership,
	addBook,
	addMember,
	addPaymentProfile,
	changeMemberTypes,
	createAccount,
	createAsset,
	docAccountView,
	requestPartnership,
	sendAffiliationRequest,
	setAssetAdmin,
	setAutoPayHolder,
	setSharedAssetAdmin,
	setTerritory,
	shareAsset,
	type User
} from '../src/lib/domain/index.ts';
import { DemoClient } from './DemoClient.ts';

/**
 * The demo data of `npm run demo`: on an empty DATA_DIR, loads a demo
 * that shows both source pages' flows: a Korean publisher (Hanbit Books) with people of
 * every access type and assets of every kind, a Malaysian partner (Kedai Buku Siti) with an
 * asset shared to it, and a pending affiliation request in a master's inbox. Everything
 * goes through the relay's validation as a real user's edits would.
 */
export const demoPassword = 'demo-password-2026';
export const demoPeople = [
	{ key: 'jiwoo', email: 'jiwoo@hanbit.example', name: '김지우' },
	{ key: 'alex', email: 'alex@hanbit.example', name: 'Alex Tan' },
	{ key: 'minho', email: 'minho@hanbit.example', name: '이민호' },
	{ key: 'siti', email: 'siti@kedaibuku.example', name: 'Siti Aminah' },
	{ key: 'farid', email: 'farid@kedaibuku.example', name: 'Farid Rahman' }
] as const;
type Key = (typeof demoPeople)[number]['key'];
interface Session {
	readonly user: User;
	readonly token: string;
}

async function post(url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	return { status: response.status, json: (await response.json().catch(() => ({}))) as Record<string, unknown> };
}

/** Loads the demo through the relay at `url`; false when it is already there. */
export async function loadDemo(url: string): Promise<boolean> {
	const first = await post(`${url}/api/login`, { email: demoPeople[0].email, password: demoPassword });
	if (first.status === 200) return false; // already loaded
	const sessions = new Map<Key, Session>();
	for (const person of demoPeople) {
		const signup = await post(`${url}/api/signup`, { email: person.email, password: demoPassword, name: person.name });
		if (signup.status !== 201) throw new Error(`sign-up of ${person.email} failed: ${signup.status} ${JSON.stringify(signup.json)}`);
		sessions.set(person.key, { user: signup.json.user as User, token: signup.json.token as string });
	}
	const s = (key: Key): Session => sessions.get(key)!;
	const users = new Map([...sessions.values()].map((x) => [x.user.id, x.user]));
	const lookup = (id: string): User | null => users.get(id) ?? null;
	const wsUrl = url.replace(/^http/, 'ws');
	const hanbitId = 'hanbit-books';
	const kedaiId = 'kedai-buku-siti';
	const clients: DemoClient[] = [];
	const accounts = new Map<string, DemoClient>();
	const others = (id: string) => {
		const client = accounts.get(id);
		return client === undefined ? null : docAccountView(client.doc, id);
	};
	const open = async (key: Key, room: string, accountDoc?: DemoClient): Promise<DemoClient> => {
		const client = new DemoClient(wsUrl, room, s(key).token, s(key).user, lookup, others, accountDoc?.doc);
		clients.push(client);
		await client.synced;
		return client;
	};
	try {
		const hanbit = await open('jiwoo', `account/${hanbitId}`);
		accounts.set(hanbitId, hanbit);
		await hanbit.run('create Hanbit Books', (env) =>
			createAccount(env, {
				name: 'Hanbit Books',
				displayEmail: 'biz@hanbit.example',
				businessInfo: { registrationNumber: '220-81-12345', representative: '김지우', address: '서울특별시 마포구 양화로 45', phone: '02-325-5555' },
				creator: s('jiwoo').user
			})
		);
		await hanbit.run('add Alex', (env) => addMember(env, { email: s('alex').user.email, user: s('alex').user, types: ['catalog', 'analytics'] }));
		await hanbit.run('add Minho', (env) => addMember(env, { email: s('minho').user.email, user: s('minho').user }));
		await hanbit.run('Minho to payments', (env) => changeMemberTypes(env, { userId: s('minho').user.id, types: ['payments'] }));
		const channel = await hanbit.run('channel', (env) => createAsset(env, { kind: 'kakaotalk-channel', name: '한빛 카카오톡 채널' }));
		const ads = await hanbit.run('ad account', (env) => createAsset(env, { kind: 'ad-account', name: 'Hanbit Moment Ads' }));
		const pixel = await hanbit.run('pixel', (env) => createAsset(env, { kind: 'pixel-sdk', name: 'Hanbit Pixel & SDK' }));
		await hanbit.run('catalog asset', (env) => createAsset(env, { kind: 'book-catalog', name: 'Hanbit Book Catalog' }));
		await hanbit.run('Alex on ads', (env) => setAssetAdmin(env, { assetId: ads.assetId, userId: s('alex').user.id, role: 'member' }));
		await hanbit.run('Minho on channel', (env) => setAssetAdmin(env, { assetId: channel.assetId, userId: s('minho').user.id, role: 'master' }));
		await hanbit.run('auto-pay card', (env) => setAutoPayHolder(env, { assetId: ads.assetId, userId: s('jiwoo').user.id }));

		const kedai = await open('siti', `account/${kedaiId}`);
		accounts.set(kedaiId, kedai);
		await kedai.run('create Kedai Buku Siti', (env) =>
			createAccount(env, {
				name: 'Kedai Buku Siti',
				displayEmail: 'urusan@kedaibuku.example',
				businessInfo: { registrationNumber: '202301012345', representative: 'Siti Aminah', address: 'Jalan Tun Razak, Kuala Lumpur', phone: '+60 3-2161 0000' },
				creator: s('siti').user
			})
		);
		await kedai.run('add Farid', (env) => addMember(env, { email: s('farid').user.email, user: s('farid').user, types: ['catalog'] }));

		await hanbit.run('partnership request', (env) => requestPartnership(env, { partnerAccountId: kedaiId }));
		await waitFor(() => kedai.doc.getMap('partners').has(hanbitId), 'the partnership to reach Kedai');
		await kedai.run('partnership accepted', (env) => acceptPartnership(env, { partnerAccountId: hanbitId }));
		await waitFor(() => (hanbit.doc.getMap('partners').toJSON()[kedaiId] as { status?: string } | undefined)?.status === 'active', 'the partnership to become active');
		await hanbit.run('share ads with Kedai', (env) => shareAsset(env, { assetId: ads.assetId, partnerAccountId: kedaiId, roleCeiling: 'member' }));
		await waitFor(() => kedai.doc.getMap('sharedIn').has(ads.assetId), 'the shared asset to reach Kedai');
		await kedai.run('Farid on the shared ads', (env) => setSharedAssetAdmin(env, { assetId: ads.assetId, userId: s('farid').user.id, role: 'member' }));
		await kedai.run('affiliation request for the pixel', (env) => sendAffiliationRequest(env, { assetId: pixel.assetId, ownerAccountId: hanbitId }));

		const catalog = await open('alex', `account/${hanbitId}/catalog`, hanbit);
		const books = [
			{ title: '채식주의자', authors: ['한강'], isbn: '9788936433598', priceMinor: 13500, currency: 'KRW', status: 'live' as const },
			{ title: '소년이 온다', authors: ['한강'], isbn: '9788936434120', priceMinor: 15000, currency: 'KRW', status: 'live' as const },
			{ title: 'Hikayat Hang Tuah', authors: ['Kassim Ahmad'], isbn: '9789836256478', priceMinor: 4500, currency: 'MYR', status: 'draft' as const }
		];
		for (const book of books) await catalog.run(`book ${book.title}`, (env) => addBook(env, book));

		const payments = await open('minho', `account/${hanbitId}/payments`, hanbit);
		await payments.run('territory KR', (env) => setTerritory(env, { code: 'KR', enabled: true, currency: 'KRW' }));
		await payments.run('territory MY', (env) => setTerritory(env, { code: 'MY', enabled: true, currency: 'MYR' }));
		await payments.run('payment profile', (env) =>
			addPaymentProfile(env, { name: '한빛 정산 계좌', bankName: 'KB국민은행', accountHolder: '한빛북스 주식회사', accountNumber: '123456-01-234567', currency: 'KRW' })
		);
	} finally {
		for (const client of clients) client.close();
	}
	return true;
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
	const started = Date.now();
	while (!condition()) {
		if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
}

