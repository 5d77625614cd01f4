import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RejectReason } from '../../src/lib/domain/RejectReason.ts';
import { postJson, removeDataDir, startTestRelay, type TestRelay } from './helpers.ts';

describe('HTTP auth routes', () => {
	let relay: TestRelay;

	beforeAll(async () => {
		relay = await startTestRelay({
			authLimits: {
				loginPerAddress: { burst: 1000, perSecond: 1000 },
				loginPerEmail: { burst: 3, perSecond: 0.001 },
				lookupPerUser: { burst: 3, perSecond: 0.001 }
			},
			validation: false
		});
	});
	afterAll(async () => {
		await relay.close();
		await removeDataDir(relay.dataDir);
	});

	const api = (path: string) => `${relay.url}${path}`;

	it('[R13] signup creates a user and a session: 201 {user, token, refreshToken}', async () => {
		const { status, body } = await postJson(api('/api/signup'), { email: 'Ada@Example.com', password: 'long enough pw', name: 'Ada' });
		expect(status).toBe(201);
		const user = body.user as Record<string, unknown>;
		expect(user.email).toBe('ada@example.com');
		expect(user.name).toBe('Ada');
		expect(String(user.id)).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
		expect(typeof body.token).toBe('string');
		expect(typeof body.refreshToken).toBe('string');
		expect(body).not.toHaveProperty('passwordHash');
	});

	it('[R13] an email already registered (any case) is 409', async () => {
		await postJson(api('/api/signup'), { email: 'bob@example.com', password: 'long enough pw', name: 'Bob' });
		const again = await postJson(api('/api/signup'), { email: ' BOB@example.COM ', password: 'another password', name: 'Bob 2' });
		expect(again.status).toBe(409);
		expect(again.body.error).toBe(RejectReason.AlreadyExists);
	});

	it('a bad email or a password under 10 characters is 400 with a reason', async () => {
		const badEmail = await postJson(api('/api/signup'), { email: 'not-an-email', password: 'long enough pw', name: 'X' });
		expect(badEmail.status).toBe(400);
		expect(badEmail.body.error).toBe(RejectReason.InvalidEmail);
		const shortPassword = await postJson(api('/api/signup'), { email: 'short@example.com', password: '123456789', name: 'X' });
		expect(shortPassword.status).toBe(400);
		expect(shortPassword.body.error).toBe(RejectReason.InvalidValue);
		expect(shortPassword.body.detail).toEqual({ field: 'password', minLength: 10 });
		const noName = await postJson(api('/api/signup'), { email: 'noname@example.com', password: 'long enough pw', name: '  ' });
		expect(noName.status).toBe(400);
		expect(noName.body.error).toBe(RejectReason.InvalidName);
	});

	it('malformed bodies are 400/415, never a crash', async () => {
		const notJson = await fetch(api('/api/signup'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":' });
		expect(notJson.status).toBe(400);
		const wrongType = await fetch(api('/api/login'), { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
		expect(wrongType.status).toBe(415);
		const array = await postJson(api('/api/login'), [1, 2]);
		expect(array.status).toBe(400);
		const proto = await postJson(api('/api/signup'), JSON.parse('{"__proto__":{"email":"p@example.com"},"password":"long enough pw","name":"P"}'));
		expect(proto.status).toBe(400);
		const get = await fetch(api('/api/login'));
		expect(get.status).toBe(405);
		expect((await fetch(api('/healthz'))).status).toBe(200);
	});

	it('[R13] login: 200 with the right password; 401 alike for a wrong password and an unknown email', async () => {
		await postJson(api('/api/signup'), { email: 'carol@example.com', password: 'carol password', name: 'Carol' });
		const good = await postJson(api('/api/login'), { email: 'CAROL@example.com', password: 'carol password' });
		expect(good.status).toBe(200);
		expect((good.body.user as Record<string, unknown>).name).toBe('Carol');
		const wrong = await postJson(api('/api/login'), { email: 'carol@example.com', password: 'wrong password' });
		const unknown = await postJson(api('/api/login'), { email: 'nobody@example.com', password: 'carol password' });
		expect(wrong.status).toBe(401);
		expect(unknown.status).toBe(401);
		expect(unknown.body).toEqual(wrong.body);
	});

	it('login is rate-limited per email: 429 with Retry-After, even with the right password', async () => {
		await postJson(api('/api/signup'), { email: 'dave@example.com', password: 'dave password', name: 'Dave' });
		for (let i = 0; i < 3; i++) await postJson(api('/api/login'), { email: 'dave@example.com', password: 'guess ' + i });
		const response = await fetch(api('/api/login'), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ email: 'dave@example.com', password: 'dave password' })
		});
		expect(response.status).toBe(429);
		expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
		expect(((await response.json()) as Record<string, unknown>).error).toBe(RejectReason.RateLimited);
	});

	it('signup is rate-limited per address', async () => {
		const limited = await startTestRelay({ validation: false, authLimits: { signupPerAddress: { burst: 2, perSecond: 0.001 } } });
		try {
			const statuses: number[] = [];
			for (let i = 0; i < 3; i++) {
				statuses.push((await postJson(`${limited.url}/api/signup`, { email: `s${i}@example.com`, password: 'long enough pw', name: 'S' })).status);
			}
			expect(statuses).toEqual([201, 201, 429]);
		} finally {
			await limited.close();
			await removeDataDir(limited.dataDir);
		}
	});

	it('refresh rotates: the new token works, the used one is refused and revokes the family', async () => {
		const signed = await postJson(api('/api/signup'), { email: 'erin@example.com', password: 'erin password', name: 'Erin' });
		const first = String(signed.body.refreshToken);
		const rotated = await postJson(api('/api/refresh'), { refreshToken: first });
		expect(rotated.status).toBe(200);
		expect(typeof rotated.body.token).toBe('string');
		const second = String(rotated.body.refreshToken);
		expect(second).not.toBe(first);
		const reused = await postJson(api('/api/refresh'), { refreshToken: first });
		expect(reused.status).toBe(401);
		// Reuse means the token leaked: the rotated one is revoked too.
		const afterReuse = await postJson(api('/api/refresh'), { refreshToken: second });
		expect(afterReuse.status).toBe(401);
		expect((await postJson(api('/api/refresh'), { refreshToken: 'made-up' })).status).toBe(401);
	});

	it('logout revokes the refresh token', async () => {
		const signed = await postJson(api('/api/signup'), { email: 'finn@example.com', password: 'finn password', name: 'Finn' });
		const out = await postJson(api('/api/logout'), { refreshToken: signed.body.refreshToken });
		expect(out.status).toBe(200);
		expect((await postJson(api('/api/refresh'), { refreshToken: signed.body.refreshToken })).status).toBe(401);
	});

	it('[R2] lookup finds a registered user by email ({id, name} only), needs a token, and is rate-limited', async () => {
		const target = await postJson(api('/api/signup'), { email: 'gina@example.com', password: 'gina password', name: 'Gina' });
		const caller = await postJson(api('/api/signup'), { email: 'hank@example.com', password: 'hank password', name: 'Hank' });
		const auth = { authorization: `Bearer ${String(caller.body.token)}` };
		const found = await fetch(api('/api/users/lookup?email=GINA@example.com'), { headers: auth });
		expect(found.status).toBe(200);
		expect(await found.json()).toEqual({ id: (target.body.user as Record<string, unknown>).id, name: 'Gina' });
		const missing = await fetch(api('/api/users/lookup?email=nobody@example.com'), { headers: auth });
		expect(missing.status).toBe(404);
		expect(((await missing.json()) as Record<string, unknown>).error).toBe(RejectReason.UserNotRegistered);
		expect((await fetch(api('/api/users/lookup?email=gina@example.com'))).status).toBe(401);
		expect((await fetch(api('/api/users/lookup?email=gina@example.com'), { headers: { authorization: 'Bearer v1.forged.sig' } })).status).toBe(401);
		// Burst of 3 in this relay: the third passes, the fourth is refused.
		expect((await fetch(api('/api/users/lookup?email=gina@example.com'), { headers: auth })).status).toBe(200);
		const limited = await fetch(api('/api/users/lookup?email=gina@example.com'), { headers: auth });
		expect(limited.status).toBe(429);
	});
});

describe('token expiry', () => {
	it('an expired session token is refused by lookup (401)', async () => {
		const relay = await startTestRelay({ accessTokenTtlMs: 1, validation: false });
		try {
			const signed = await postJson(`${relay.url}/api/signup`, { email: 'ivy@example.com', password: 'ivy password', name: 'Ivy' });
			await new Promise((resolve) => setTimeout(resolve, 5));
			const response = await fetch(`${relay.url}/api/users/lookup?email=ivy@example.com`, {
				headers: { authorization: `Bearer ${String(signed.body.token)}` }
			});
			expect(response.status).toBe(401);
			expect(await response.json()).toEqual({ error: RejectReason.NotSignedIn, detail: { why: 'expired' } });
		} finally {
			await relay.close();
			await removeDataDir(relay.dataDir);
		}
	});
});
