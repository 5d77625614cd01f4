/**
 * Client: the JS the first page loads, gzipped (DESIGN §6: under 150 KB). Read from build/
 * (built first when missing or stale, as `npm start` does): the scripts index.html
 * preloads and imports, the node of the `/` page, and every static import they reach.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ensureAppBuilt } from '../server/ensureAppBuilt.ts';

export interface BundleResult {
	readonly files: { path: string; bytes: number; gzipBytes: number }[];
	readonly totalBytes: number;
	readonly totalGzip: number;
	readonly builtAt: Date;
	readonly rebuilt: boolean;
}

const staticImport = /(?:\bimport|\bexport)\s*(?:[\w*{}\s,$]+\s*from\s*)?["'`](\.{1,2}\/[^"'`]+\.js)["'`]/g;

export async function measureFirstPageJs(projectRoot: string, build: boolean, log: (line: string) => void): Promise<BundleResult | null> {
	const buildDir = join(projectRoot, 'build');
	const index = join(buildDir, 'index.html');
	const before = existsSync(index) ? statSync(index).mtimeMs : 0;
	if (build) {
		await ensureAppBuilt(projectRoot, { info: (m) => log(`  ${m}`), warn: (m) => log(`  ${m}`), error: (m) => log(`  ${m}`) });
	}
	if (!existsSync(index)) return null;
	const html = readFileSync(index, 'utf8');
	const roots = new Set<string>();
	for (const m of html.matchAll(/<link[^>]+href="([^"]+\.js)"[^>]*rel="modulepreload"|<link[^>]+rel="modulepreload"[^>]*href="([^"]+\.js)"/g)) roots.add((m[1] ?? m[2])!);
	for (const m of html.matchAll(/import\(\s*"([^"]+\.js)"\s*\)/g)) roots.add(m[1]!);
	const files = new Set<string>();
	const visit = (file: string): void => {
		if (files.has(file) || !existsSync(file)) return;
		files.add(file);
		const source = readFileSync(file, 'utf8');
		for (const m of source.matchAll(staticImport)) visit(resolve(dirname(file), m[1]!));
	};
	for (const root of roots) visit(join(buildDir, root.replace(/^\//, '')));
	// The page of `/`: SvelteKit numbers nodes root layout 0, root error 1, then pages.
	const app = [...files].find((f) => /entry\/app\.[^/]+\.js$/.test(f));
	if (app !== undefined) {
		const page = readFileSync(app, 'utf8').match(/\.\.\/nodes\/2\.[\w-]+\.js/);
		if (page) visit(resolve(dirname(app), page[0]));
	}
	const rows = [...files].map((file) => {
		const bytes = readFileSync(file);
		return { path: relative(buildDir, file), bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
	});
	rows.sort((a, b) => b.gzipBytes - a.gzipBytes);
	return {
		files: rows,
		totalBytes: rows.reduce((s, r) => s + r.bytes, 0),
		totalGzip: rows.reduce((s, r) => s + r.gzipBytes, 0),
		builtAt: statSync(index).mtime,
		rebuilt: statSync(index).mtimeMs !== before
	};
}
