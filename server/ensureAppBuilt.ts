import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from './Logger.ts';

/** What the build is made from: a newer file in any of these makes build/ stale. */
const sources = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package.json'];

/**
 * `npm start` serves the built SPA: build it when build/ is missing or older than its
 * sources, by running `npx vite build` in the project root.
 */
export async function ensureAppBuilt(projectRoot: string, log: Logger): Promise<void> {
	const built = await mtime(join(projectRoot, 'build', 'index.html'));
	if (built !== null) {
		let newest = 0;
		for (const source of sources) newest = Math.max(newest, await newestMtime(join(projectRoot, source)));
		if (newest <= built) return;
		log.info('build: sources changed since the last build, rebuilding');
	} else {
		log.info('build: build/ is missing, building the app');
	}
	await new Promise<void>((resolve, reject) => {
		const child = spawn('npx', ['vite', 'build'], { cwd: projectRoot, stdio: 'inherit', shell: process.platform === 'win32' });
		child.on('error', reject);
		child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`vite build failed (${signal ?? code})`))));
	});
}

async function mtime(path: string): Promise<number | null> {
	try {
		return (await stat(path)).mtimeMs;
	} catch {
		return null;
	}
}

async function newestMtime(path: string): Promise<number> {
	let info;
	try {
		info = await stat(path);
	} catch {
		return 0;
	}
	if (!info.isDirectory()) return info.mtimeMs;
	let newest = info.mtimeMs;
	for (const entry of await readdir(path)) newest = Math.max(newest, await newestMtime(join(path, entry)));
	return newest;
}
