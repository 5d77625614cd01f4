/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { build, files, version } from '$service-worker';

/**
 * Local-first means the app opens with no network at all (DESIGN §1): the data is in
 * IndexedDB, and this worker keeps the app itself — its HTML shell, scripts, styles and
 * static files — in the Cache API. Navigations try the network first (a new version is
 * picked up as soon as the relay is reachable) and fall back to the cached shell; the
 * built assets are content-hashed, so they are served from the cache first. The relay's
 * API and sync sockets are never cached.
 */
const sw = self as unknown as ServiceWorkerGlobalScope;
const cacheName = `business-center-${version}`;
const shell = '/';
const assets = new Set([...build, ...files]);

sw.addEventListener('install', (event) => {
	event.waitUntil(
		(async () => {
			const cache = await caches.open(cacheName);
			await cache.addAll([shell, ...assets]);
			await sw.skipWaiting();
		})()
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys()) if (key !== cacheName) await caches.delete(key);
			await sw.clients.claim();
		})()
	);
});

sw.addEventListener('fetch', (event) => {
	const request = event.request;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin || url.pathname.startsWith('/api/') || url.pathname.startsWith('/sync/') || url.pathname === '/healthz') {
		return;
	}
	if (assets.has(url.pathname)) {
		event.respondWith(caches.match(url.pathname).then((cached) => cached ?? fetch(request)));
		return;
	}
	if (request.mode === 'navigate') {
		event.respondWith(
			(async () => {
				try {
					const response = await fetch(request);
					if (response.ok) {
						const cache = await caches.open(cacheName);
						await cache.put(shell, response.clone());
					}
					return response;
				} catch {
					// Offline: every route is the same SPA shell.
					return (await caches.match(shell)) ?? Response.error();
				}
			})()
		);
	}
});
