import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { makeDataDir, removeDataDir, startTestRelay, type TestRelay } from './helpers.ts';

/** A raw GET: fetch() would normalise `..` out of the path before sending it. */
function rawGet(url: string, path: string): Promise<{ status: number; body: string }> {
	const { hostname, port } = new URL(url);
	return new Promise((resolve, reject) => {
		const req = request({ hostname, port, path, method: 'GET' }, (res) => {
			let body = '';
			res.on('data', (chunk: Buffer) => (body += chunk.toString()));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
		});
		req.on('error', reject);
		req.end();
	});
}

describe('static app and health', () => {
	let relay: TestRelay;
	let root: string;

	beforeAll(async () => {
		root = await makeDataDir();
		const build = join(root, 'build');
		await mkdir(join(build, '_app', 'immutable'), { recursive: true });
		await writeFile(join(build, 'index.html'), '<!doctype html><title>app</title>');
		await writeFile(join(build, '_app', 'immutable', 'entry.abc123.js'), 'console.log(1)');
		await writeFile(join(build, 'favicon.svg'), '<svg/>');
		await writeFile(join(root, 'secret.txt'), 'outside the root');
		relay = await startTestRelay({ staticDir: build, validation: false });
	});
	afterAll(async () => {
		await relay.close();
		await removeDataDir(relay.dataDir);
		await removeDataDir(root);
	});

	it('GET /healthz is 200 {ok:true}', async () => {
		const response = await fetch(`${relay.url}/healthz`);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ ok: true });
	});

	it('serves files with their content type; immutable assets are cached for a year, the rest revalidated', async () => {
		const js = await fetch(`${relay.url}/_app/immutable/entry.abc123.js`);
		expect(js.status).toBe(200);
		expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
		expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
		const svg = await fetch(`${relay.url}/favicon.svg`);
		expect(svg.headers.get('content-type')).toBe('image/svg+xml');
		expect(svg.headers.get('cache-control')).toBe('no-cache');
		const again = await fetch(`${relay.url}/favicon.svg`, { headers: { 'if-none-match': svg.headers.get('etag') ?? '' } });
		expect(again.status).toBe(304);
	});

	it('client-side routes fall back to index.html; a missing asset is a 404', async () => {
		const route = await fetch(`${relay.url}/accounts/acme/people`);
		expect(route.status).toBe(200);
		expect(route.headers.get('content-type')).toBe('text/html; charset=utf-8');
		expect(await route.text()).toContain('<title>app</title>');
		expect((await fetch(`${relay.url}/_app/immutable/missing.js`)).status).toBe(404);
		expect((await fetch(`${relay.url}/api/nope`)).status).toBe(404);
	});

	it('no path traversal, encoded or not', async () => {
		for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/_app/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/%00', '/%E0%A4%A']) {
			const response = await rawGet(relay.url, path);
			expect(response.body, path).not.toContain('outside the root');
			expect([200, 400, 404], path).toContain(response.status);
		}
	});
});
