import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createAccount, editProfile, readEntity, Collection } from '../../src/lib/domain/index.ts';
import { MessageKind } from '../../src/lib/protocol/protocol.ts';
import { DomainClient } from './DomainClient.ts';
import { makeDataDir, postJson, removeDataDir, type TestRelay } from './helpers.ts';
import type { Session } from '../../server/AuthService.ts';
import type { CapturingLogger } from './helpers.ts';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

/** `npm start` as a child process (tsx server/main.ts); resolves with its URL once it listens. */
function startChild(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
			cwd: projectRoot,
			// The embedded store is what this test is about: unset any cluster configuration.
			env: { ...process.env, DATABASE_URL: '', REDIS_URL: '', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, SKIP_BUILD: '1', RELAY_SECRET: 'durability-test-secret-0123456789' },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let output = '';
		const timer = setTimeout(() => reject(new Error(`relay did not start: ${output}`)), 20_000);
		child.stdout?.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			const match = /"url":"(http:\/\/[^"]+)"/.exec(output);
			if (match?.[1] !== undefined) {
				clearTimeout(timer);
				resolve({ child, url: match[1] });
			}
		});
		child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.on('exit', (code) => reject(new Error(`relay exited (${code}): ${output}`)));
	});
}

function asRelay(url: string, dataDir: string): TestRelay {
	return {
		url,
		wsUrl: url.replace(/^http/, 'ws'),
		port: Number(new URL(url).port),
		dataDir,
		log: null as unknown as CapturingLogger,
		options: { dataDir },
		close: async () => {}
	};
}

describe('durability', () => {
	const dirs: string[] = [];
	const children: ChildProcess[] = [];
	afterAll(async () => {
		for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
		for (const dir of dirs) await removeDataDir(dir);
	});

	it('acked updates survive kill -9 of the relay process', async () => {
		const dataDir = await makeDataDir();
		dirs.push(dataDir);
		const first = await startChild(dataDir);
		children.push(first.child);
		const relay = asRelay(first.url, dataDir);
		const signed = await postJson(`${relay.url}/api/signup`, { email: 'kill@example.com', password: 'survives kill -9', name: 'Kim' });
		expect(signed.status).toBe(201);
		const session = signed.body as unknown as Session;
		const client = await DomainClient.open(relay, session, 'account/durable');
		const created = await client.command((env) => createAccount(env, { name: 'Durable', displayEmail: 'd@durable.example', creator: session.user }));
		expect(created.answer?.type).toBe(MessageKind.Ack);
		for (let i = 1; i <= 5; i++) {
			const edit = await client.command((env) => editProfile(env, { name: `Durable ${i}` }));
			expect(edit.answer?.type).toBe(MessageKind.Ack);
		}
		// Acked: now kill without any chance to flush or close.
		first.child.kill('SIGKILL');
		await new Promise((resolve) => first.child.once('exit', resolve));
		client.close();

		const second = await startChild(dataDir);
		children.push(second.child);
		const login = await postJson(`${second.url}/api/login`, { email: 'kill@example.com', password: 'survives kill -9' });
		expect(login.status).toBe(200);
		const reader = await DomainClient.open(asRelay(second.url, dataDir), login.body as unknown as Session, 'account/durable');
		expect(readEntity(reader.doc, Collection.Profile)?.name).toBe('Durable 5');
		reader.close();
		second.child.kill('SIGTERM');
		await new Promise((resolve) => second.child.once('exit', resolve));
	});
});
