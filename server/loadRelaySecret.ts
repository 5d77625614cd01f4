import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * RELAY_SECRET when it is unset: read from DATA_DIR/relay-secret, or generated there once
 * (owner-only permissions) so that sessions survive a restart.
 */
export async function loadRelaySecret(dataDir: string): Promise<string> {
	const file = join(dataDir, 'relay-secret');
	try {
		const existing = (await readFile(file, 'utf8')).trim();
		if (existing.length >= 32) return existing;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
	}
	await mkdir(dataDir, { recursive: true });
	const secret = randomBytes(32).toString('base64url');
	// 'wx' fails if another process created it meanwhile; then theirs is the one to use.
	try {
		await writeFile(file, secret + '\n', { mode: 0o600, flag: 'wx' });
		return secret;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		return (await readFile(file, 'utf8')).trim();
	}
}
