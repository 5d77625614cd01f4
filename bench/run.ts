/**
 * `npm run bench` — measures, never asserts. Each row is compared with a baseline measured
 * in the same run on the same machine; the result is written to BENCHMARKS.md.
 *
 * Today: validation cost per update against document size (DESIGN §6: validation time per
 * update independent of doc size, 10 vs 10,000 members within 2×), against the baseline of
 * a plain relay's work for the same update (Y.applyUpdate alone).
 * `--quick` runs a smoke-sized version in a few seconds.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import * as Y from 'yjs';
import {
	accountRoom,
	addMember,
	changeMemberTypes,
	createAccount,
	createAsset,
	validateUpdate,
	type CommandEnv,
	type User
} from '../src/lib/domain/index.ts';

const quick = process.argv.includes('--quick');
const iterations = quick ? 200 : 2000;

interface Row {
	readonly members: number;
	readonly assets: number;
	readonly validateP50: number;
	readonly validateP99: number;
	readonly applyP50: number;
}

function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function buildAccount(members: number, assets: number): { doc: Y.Doc; users: Map<string, User>; admin: User; target: User } {
	const doc = new Y.Doc();
	const users = new Map<string, User>();
	const admin: User = { id: 'admin', email: 'admin@example.com', name: 'Admin' };
	users.set(admin.id, admin);
	let seq = 0;
	const env: CommandEnv = {
		doc,
		room: accountRoom('bench'),
		actor: { userId: admin.id },
		now: 1,
		lookupUser: (id) => users.get(id) ?? null,
		otherAccount: () => null,
		newId: () => `a${++seq}`
	};
	createAccount(env, { name: 'Bench', displayEmail: 'bench@example.com', creator: admin });
	let target = admin;
	for (let i = 0; i < members - 1; i++) {
		const user: User = { id: `u${i}`, email: `u${i}@example.com`, name: `User ${i}` };
		users.set(user.id, user);
		addMember(env, { email: user.email, user, types: ['catalog'] });
		target = user;
	}
	for (let i = 0; i < assets; i++) createAsset(env, { kind: 'book-catalog', name: `Asset ${i}` });
	return { doc, users, admin, target };
}

function measure(members: number, assets: number): Row {
	const { doc, users, admin, target } = buildAccount(members, assets);
	// The writer's copy produces each update; the plain relay's copy is the baseline's.
	const client = new Y.Doc();
	Y.applyUpdate(client, Y.encodeStateAsUpdate(doc));
	const plain = new Y.Doc();
	Y.applyUpdate(plain, Y.encodeStateAsUpdate(doc));
	let update: Uint8Array | null = null;
	client.on('update', (u: Uint8Array) => (update = u));
	const env: CommandEnv = {
		doc: client,
		room: accountRoom('bench'),
		actor: { userId: admin.id },
		now: 2,
		lookupUser: (id) => users.get(id) ?? null,
		otherAccount: () => null,
		newId: () => 'unused'
	};
	const ctx = {
		actor: { userId: admin.id },
		room: accountRoom('bench'),
		now: 2,
		lookupUser: (id: string) => users.get(id) ?? null,
		accountDoc: () => null
	};
	const validate: number[] = [];
	const apply: number[] = [];
	for (let i = 0; i < iterations; i++) {
		update = null;
		changeMemberTypes(env, { userId: target.id, types: i % 2 === 0 ? ['catalog', 'analytics'] : ['catalog'] });
		const u = update as Uint8Array | null;
		if (u === null) throw new Error('no update');
		const t0 = performance.now();
		const result = validateUpdate(doc, u, ctx);
		const t1 = performance.now();
		if (!result.ok) throw new Error(`rejected: ${result.reason}`);
		Y.applyUpdate(doc, u);
		const t2 = performance.now();
		Y.applyUpdate(plain, u);
		const t3 = performance.now();
		validate.push(t1 - t0);
		apply.push(t3 - t2);
	}
	return { members, assets, validateP50: percentile(validate, 50), validateP99: percentile(validate, 99), applyP50: percentile(apply, 50) };
}

const sizes: [number, number][] = quick ? [[10, 0], [1000, 500]] : [[10, 0], [1000, 0], [10000, 5000]];
const rows = sizes.map(([m, a]) => {
	process.stdout.write(`measuring ${m} members, ${a} assets… `);
	const row = measure(m, a);
	console.log(`validate p50 ${row.validateP50.toFixed(3)} ms`);
	return row;
});

const smallest = rows[0]!;
const largest = rows[rows.length - 1]!;
const ratio = largest.validateP50 / smallest.validateP50;
const fmt = (n: number) => n.toFixed(3);
const md = `# Benchmarks

Written by \`npm run bench\`${quick ? ' --quick' : ''} on ${new Date().toISOString().slice(0, 10)}.
Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, Yjs ${(await import('yjs/package.json', { with: { type: 'json' } })).default.version}.

## Validation cost per update against document size (DESIGN §6)

One update: an admin changes one member's access types. "validate" is the relay's whole
gate (\`validateUpdate\`: decode, classify, derive actions, policy, invariants); the
baseline is what a plain relay does with the same update (\`Y.applyUpdate\`).
${iterations} updates per size.

| members | assets | validate p50 (ms) | validate p99 (ms) | plain apply p50 (ms) | validate / apply |
|---:|---:|---:|---:|---:|---:|
${rows.map((r) => `| ${r.members} | ${r.assets} | ${fmt(r.validateP50)} | ${fmt(r.validateP99)} | ${fmt(r.applyP50)} | ${(r.validateP50 / r.applyP50).toFixed(2)}× |`).join('\n')}

Target: validation time independent of document size, largest within 2× of smallest —
**${ratio <= 2 ? 'met' : 'missed'}** (${ratio.toFixed(2)}×).${ratio <= 2 ? '' : ' The R5 check scans members for another admin until it finds one; see docs/ARCHITECTURE.md.'}

## Not measured yet

Relay throughput and fan-out against y-websocket and Hocuspocus, storage, and client cold
start (issue "Benchmarks against peers") are not in this run yet.
`;
writeFileSync('BENCHMARKS.md', md);
console.log('wrote BENCHMARKS.md');
