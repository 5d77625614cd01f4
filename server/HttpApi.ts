import type { IncomingMessage, ServerResponse } from 'node:http';
import { RejectReason } from '../src/lib/domain/RejectReason.ts';
import { parsePeerJson } from '../src/lib/protocol/parsePeerJson.ts';
import type { AuthFailure, AuthService } from './AuthService.ts';
import type { Logger } from './Logger.ts';
import type { SalesImport } from './SalesImport.ts';

/** Request bodies are a few short strings; anything bigger is not one of ours. */
const maxBodyBytes = 16 * 1024;

/** A sales CSV (at most 10,000 rows) fits in 1 MiB. */
export const maxCsvBytes = 1024 * 1024;

const salesImportPath = /^\/api\/accounts\/([^/]+)\/reports\/import$/;

/** Refusals that mean "not for you" rather than "bad input". */
const forbiddenReasons: ReadonlySet<string> = new Set([
	RejectReason.NotMember,
	RejectReason.NotAdmin,
	RejectReason.MissingAccessType,
	RejectReason.UnknownAccount
]);

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
	readonly #sales: SalesImport | null;

	constructor(auth: AuthService, log: Logger, sales: SalesImport | null = null) {
		this.#auth = auth;
		this.#log = log;
		this.#sales = sales;
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
			default: {
				const match = salesImportPath.exec(path);
				if (match !== null && this.#sales !== null) {
					await this.#importSales(req, res, decodeURIComponent(match[1] ?? ''));
					return;
				}
				sendJson(res, 404, { error: 'not-found' });
			}
		}
	}

	/** POST /api/accounts/<id>/reports/import: a sales CSV, R12 analytics or admin. */
	async #importSales(req: IncomingMessage, res: ServerResponse, accountId: string): Promise<void> {
		if (!allow(req, res, 'POST')) return;
		const verified = this.#auth.verifyToken(bearerToken(req) ?? '');
		if (!verified.ok) {
			req.resume();
			res.setHeader('WWW-Authenticate', 'Bearer');
			sendJson(res, 401, { error: RejectReason.NotSignedIn, detail: { why: verified.problem } });
			return;
		}
		const body = await readTextBody(req, /^text\/csv\b/i, maxCsvBytes);
		if (!body.ok) {
			const error = body.status === 413 ? RejectReason.TooLarge : RejectReason.InvalidValue;
			sendJson(res, body.status, { error, detail: body.status === 413 ? { max: maxCsvBytes } : { field: 'body' } });
			return;
		}
		const result = await this.#sales!.run(accountId, verified.claims.sub, body.text);
		if (result.ok) {
			this.#log.info('reports: sales imported', { accountId, userId: verified.claims.sub, count: result.value.imported });
			sendJson(res, 200, result.value);
			return;
		}
		const status = forbiddenReasons.has(result.reason) ? 403 : 400;
		sendJson(res, status, result.detail === undefined ? { error: result.reason } : { error: result.reason, detail: result.detail });
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

type TextResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly status: 400 | 413 | 415 };

/** A UTF-8 text body of the given content type, at most `maxBytes`. */
function readTextBody(req: IncomingMessage, type: RegExp, maxBytes: number): Promise<TextResult> {
	return new Promise((resolve) => {
		if (!type.test(req.headers['content-type'] ?? '')) {
			req.resume();
			resolve({ ok: false, status: 415 });
			return;
		}
		const declared = Number(req.headers['content-length'] ?? 0);
		if (declared > maxBytes) {
			req.resume();
			resolve({ ok: false, status: 413 });
			return;
		}
		const chunks: Buffer[] = [];
		let size = 0;
		let done = false;
		req.on('data', (chunk: Buffer) => {
			if (done) return;
			size += chunk.length;
			if (size > maxBytes) {
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
			resolve({ ok: true, text: Buffer.concat(chunks).toString('utf8') });
		});
	});
}

/** A JSON object body of at most 16 KiB; `__proto__`-style keys are dropped. */
async function readJsonBody(req: IncomingMessage): Promise<BodyResult> {
	const text = await readTextBody(req, /^application\/json\b/i, maxBodyBytes);
	if (!text.ok) return text;
	const parsed = parsePeerJson(text.text);
	if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) {
		return { ok: false, status: 400 };
	}
	return { ok: true, body: parsed.value as Body };
}
