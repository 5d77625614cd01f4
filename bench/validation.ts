/**
 * Validation cost per update against document size (DESIGN §6: validation time per update
 * independent of doc size, 10 vs 10,000 members within 2×), against the baseline of a plain
 * relay's work for the same update (Y.applyUpdate alone). In-process, no sockets.
 */
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
import { percentile } from './stats.ts';

export interface ValidationRow {
	readonly members: number;
	readonly assets: number;
	readonly validateP50: number;
	readonly validateP99: number;
	readonly applyP50: number;
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

function measure(members: number, assets: number, iterations: number): ValidationRow {
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
	// The first updates warm up the JIT; they are not counted.
	const warmup = Math.min(200, iterations);
	for (let i = 0; i < iterations + warmup; i++) {
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
		if (i < warmup) continue;
		validate.push(t1 - t0);
		apply.push(t3 - t2);
	}
	return { members, assets, validateP50: percentile(validate, 50), validateP99: percentile(validate, 99), applyP50: percentile(apply, 50) };
}

export function runValidationBench(sizes: readonly (readonly [number, number])[], iterations: number, log: (line: string) => void): ValidationRow[] {
	return sizes.map(([m, a]) => {
		const row = measure(m, a, iterations);
		log(`  ${m} members, ${a} assets: validate p50 ${row.validateP50.toFixed(3)} ms, p99 ${row.validateP99.toFixed(3)} ms, plain apply p50 ${row.applyP50.toFixed(3)} ms`);
		return row;
	});
}
