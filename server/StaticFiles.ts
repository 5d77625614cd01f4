import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const contentTypes: Readonly<Record<string, string>> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json; charset=utf-8',
	'.webmanifest': 'application/manifest+json; charset=utf-8',
	'.map': 'application/json; charset=utf-8',
	'.txt': 'text/plain; charset=utf-8',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.jpg': 'image/jpeg',
	'.jpeg': 'image/jpeg',
	'.gif': 'image/gif',
	'.webp': 'image/webp',
	'.avif': 'image/avif',
	'.ico': 'image/x-icon',
	'.woff': 'font/woff',
	'.woff2': 'font/woff2',
	'.ttf': 'font/ttf',
	'.otf': 'font/otf',
	'.wasm': 'application/wasm',
	'.xml': 'application/xml; charset=utf-8',
	'.pdf': 'application/pdf'
};

/** Vite puts content-hashed files here: their content never changes under the same name. */
const immutablePrefix = '/_app/immutable/';

/**
 * Serves the built SPA (`build/`, adapter-static) with `index.html` as the fallback for
 * client-side routes. Paths are decoded once and must stay inside the root.
 */
export class StaticFiles {
	readonly #root: string;
	readonly #fallback: string;

	constructor(root: string, fallback = 'index.html') {
		this.#root = resolve(root);
		this.#fallback = fallback;
	}

	async handle(req: IncomingMessage, res: ServerResponse, rawPath: string): Promise<void> {
		if (req.method !== 'GET' && req.method !== 'HEAD') {
			res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
			res.end('Method not allowed');
			return;
		}
		const file = this.#resolve(rawPath);
		if (file === null) {
			res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
			res.end('Bad path');
			return;
		}
		const found = await statFile(file);
		if (found !== null) {
			const cache = rawPath.startsWith(immutablePrefix) ? 'public, max-age=31536000, immutable' : 'no-cache';
			this.#send(req, res, file, found, cache);
			return;
		}
		// A missing asset is a 404, not the app's HTML under a script's name.
		if (rawPath.startsWith('/_app/') || (extname(rawPath) !== '' && extname(rawPath) !== '.html')) {
			res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache' });
			res.end('Not found');
			return;
		}
		const fallback = join(this.#root, this.#fallback);
		const fallbackStat = await statFile(fallback);
		if (fallbackStat === null) {
			res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
			res.end('The app is not built: run `npm run build` (or `npm start` without SKIP_BUILD=1).');
			return;
		}
		this.#send(req, res, fallback, fallbackStat, 'no-cache');
	}

	/** The absolute file for a URL path, or null when it would leave the root or is not a valid path. */
	#resolve(rawPath: string): string | null {
		let path: string;
		try {
			path = decodeURIComponent(rawPath);
		} catch {
			return null;
		}
		if (path.includes('\0') || path.includes('\\')) return null;
		const file = resolve(this.#root, '.' + (path.endsWith('/') ? path + this.#fallback : path));
		return file === this.#root || file.startsWith(this.#root + sep) ? file : null;
	}

	#send(req: IncomingMessage, res: ServerResponse, file: string, info: FileInfo, cache: string): void {
		const etag = `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
		const headers: Record<string, string | number> = {
			'Content-Type': contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream',
			'Cache-Control': cache,
			ETag: etag,
			'X-Content-Type-Options': 'nosniff'
		};
		if (req.headers['if-none-match'] === etag) {
			res.writeHead(304, headers);
			res.end();
			return;
		}
		headers['Content-Length'] = info.size;
		res.writeHead(200, headers);
		if (req.method === 'HEAD') {
			res.end();
			return;
		}
		const stream = createReadStream(file);
		stream.on('error', () => res.destroy());
		stream.pipe(res);
	}
}

interface FileInfo {
	readonly size: number;
	readonly mtimeMs: number;
}

async function statFile(file: string): Promise<FileInfo | null> {
	try {
		const info = await stat(file);
		return info.isFile() ? { size: info.size, mtimeMs: info.mtimeMs } : null;
	} catch {
		return null;
	}
}
