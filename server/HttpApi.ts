import type { IncomingMessage, ServerResponse } from 'node:http';
import { RejectReason } from '../src/lib/domain/RejectReason.ts';
import { parsePeerJson } from '../src/lib/protocol/parsePeerJson.ts';
import type { AuthFailure, AuthService } from './AuthService.ts';
import type { Logger } from './Logger.ts';

/** Request bodies are a few short strings; anything bigger is not one of ours. */
const maxBodyBytes = 16 * 1024;

type Body = Readonly<Record<string, unknown>>;

type BodyResult = { readonly ok: true; readonly body: Body } | { readonly ok: false; readonly status: 400 | 413 | 415 };

/**
 * The JSON routes (docs/PROTOCOL.md §HTTP): /api/signup, /api/login, /api/refresh,
 * /api/logout, /api/users/lookup and /healthz. Every answer is JSON; every failure carries
 * `{ error: <RejectReason>, detail? }`.
 */
export class HttpApi {
	readonly #auth: AuthService;
	readonly #log: Logger;

	constructor(auth: AuthService, log: Logger) {
		this.#auth = auth;
		this.#log = log;
	}

	/** True when the request was one of the API's (answered), false to let the caller serve it. */
	async handle(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<boolean> {
		if (path === '/healthz') {
			if (!allow(req, res, 'GET', 'HEAD')) return true;
			sendJson(res, 200, { ok: true });
			return true;
		}
		if (path !== '/api' && !path.startsWith('/api/')) return false;
		try {
			await this.#route(req, res, path, query);
		} catch (error) {
			this.#log.error('http: unexpected failure', { path, error: String(error) });
			if (!res.headersSent) sendJson(res, 500, { error: 'internal' });
			else res.end();
		}
		return true;
	}

	async #route(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
		const address = req.socket.remoteAddress ?? 'unknown';
		switch (path) {
			case '/api/signup': {
				const body = await this.#post(req, res);
				if (body === null) return;
				const result = await this.#auth.signup({ email: body.email, password: body.password, name: body.name }, address);
				if (result.ok) sendJson(res, 201, result.value);
				else sendFailure(res, result);
				return;
			}
			case '/api/login': {
				const body = await this.#post(req, res);
				if (body === null) return;
				const result = await this.#auth.login({ email: body.email, password: body.password }, address);
				if (result.ok) sendJson(res, 200, result.value);
				else sendFailure(res, result);
				return;
			}
			case '/api/refresh': {
				const body = await this.#post(req, res);
				if (body === null) return;
				const result = await this.#auth.refresh({ refreshToken: body.refreshToken });
				if (result.ok) sendJson(res, 200, result.value);
				else sendFailure(res, result);
				return;
			}
			case '/api/logout': {
				const body = await this.#post(req, res);
				if (body === null) return;
				await this.#auth.logout({ refreshToken: body.refreshToken });
				sendJson(res, 200, { ok: true });
				return;
			}
			case '/api/users/lookup': {
				if (!allow(req, res, 'GET')) return;
				const verified = this.#auth.verifyToken(bearerToken(req) ?? '');
				if (!verified.ok) {
					res.setHeader('WWW-Authenticate', 'Bearer');
					sendJson(res, 401, { error: RejectReason.NotSignedIn, detail: { why: verified.problem } });
					return;
				}
				const result = await this.#auth.lookup(verified.claims, query.get('email'));
				if (result.ok) sendJson(res, 200, result.value);
				else sendFailure(res, result);
				return;
			}
			default:
				sendJson(res, 404, { error: 'not-found' });
		}
	}

	/** Null when the request was already answered (wrong method, bad body). */
	async #post(req: IncomingMessage, res: ServerResponse): Promise<Body | null> {
		if (!allow(req, res, 'POST')) return null;
		const result = await readJsonBody(req);
		if (result.ok) return result.body;
		sendJson(res, result.status, { error: RejectReason.InvalidValue, detail: { field: 'body' } });
		return null;
	}
}

function allow(req: IncomingMessage, res: ServerResponse, ...methods: string[]): boolean {
	if (methods.includes(req.method ?? '')) return true;
	res.setHeader('Allow', methods.join(', '));
	sendJson(res, 405, { error: 'method-not-allowed' });
	return false;
}

export function bearerToken(req: IncomingMessage): string | null {
	const header = req.headers.authorization;
	if (header === undefined) return null;
	const match = /^Bearer\s+(\S+)$/i.exec(header);
	return match?.[1] ?? null;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'Content-Type': 'application/json; charset=utf-8',
		'Content-Length': Buffer.byteLength(text),
		'Cache-Control': 'no-store',
		'X-Content-Type-Options': 'nosniff'
	});
	res.end(text);
}

function sendFailure(res: ServerResponse, failure: AuthFailure): void {
	if (failure.retryAfter !== undefined) res.setHeader('Retry-After', String(failure.retryAfter));
	sendJson(res, failure.status, failure.detail === undefined ? { error: failure.reason } : { error: failure.reason, detail: failure.detail });
}

/** A JSON object body of at most 16 KiB; `__proto__`-style keys are dropped. */
function readJsonBody(req: IncomingMessage): Promise<BodyResult> {
	return new Promise((resolve) => {
		const type = req.headers['content-type'] ?? '';
		if (!/^application\/json\b/i.test(type)) {
			req.resume();
			resolve({ ok: false, status: 415 });
			return;
		}
		const chunks: Buffer[] = [];
		let size = 0;
		let done = false;
		req.on('data', (chunk: Buffer) => {
			if (done) return;
			size += chunk.length;
			if (size > maxBodyBytes) {
				done = true;
				resolve({ ok: false, status: 413 });
				return;
			}
			chunks.push(chunk);
		});
		req.on('error', () => {
			if (done) return;
			done = true;
			resolve({ ok: false, status: 400 });
		});
		req.on('end', () => {
			if (done) return;
			done = true;
			const parsed = parsePeerJson(Buffer.concat(chunks).toString('utf8'));
			if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) {
				resolve({ ok: false, status: 400 });
				return;
			}
			resolve({ ok: true, body: parsed.value as Body });
		});
	});
}
