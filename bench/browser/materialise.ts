/**
 * Bundled by bench/coldstart.ts (esbuild, `$lib` → src/lib) and run in Chromium on the
 * relay's origin: the app's own Materialiser over the app's own Dexie schema, real IndexedDB.
 * Two paths, each from a Y.Doc already in memory to the materialised tables complete:
 *  - rebuild: the document is whole, `Materialiser.start()` finds no stored state vector and
 *    rewrites every row of the room in one transaction (a reset, a crash, a schema change);
 *  - incremental: the materialiser observes an empty document and the whole account arrives
 *    as one update (what the first sync does: the relay's sync step 2).
 */
import * as Y from 'yjs';
import { createDatabase, Materialiser, type BusinessCenterDb } from '$lib/db';
import { parseRoomName } from '$lib/domain';

type Mode = 'rebuild' | 'incremental';

async function run(updateB64: string, roomName: string, userId: string, mode: Mode): Promise<{ ms: number; members: number; assets: number; applyMs: number }> {
	const bytes = Uint8Array.from(atob(updateB64), (c) => c.charCodeAt(0));
	const room = parseRoomName(roomName);
	if (room === null) throw new Error(`bad room ${roomName}`);
	const name = `bench-materialise-${mode}-${Math.random().toString(36).slice(2)}`;
	const db: BusinessCenterDb = createDatabase({ name, compactUpdates: false });
	await db.open();
	const doc = new Y.Doc();
	let ms: number;
	let applyMs = 0;
	const ctx = { room, roomName, userId };
	if (mode === 'rebuild') {
		Y.applyUpdate(doc, bytes);
		const materialiser = new Materialiser(db, ctx, doc);
		const t0 = performance.now();
		const started = await materialiser.start();
		if (!started.ok) throw new Error(JSON.stringify(started));
		await materialiser.idle();
		ms = performance.now() - t0;
		materialiser.stop();
	} else {
		const materialiser = new Materialiser(db, ctx, doc);
		const started = await materialiser.start();
		if (!started.ok) throw new Error(JSON.stringify(started));
		await materialiser.idle();
		const t0 = performance.now();
		Y.applyUpdate(doc, bytes);
		applyMs = performance.now() - t0;
		// The flush is scheduled with setTimeout(0): let it be scheduled, then wait for it.
		await new Promise((resolve) => setTimeout(resolve, 0));
		const idle = await materialiser.idle();
		if (!idle.ok) throw new Error(JSON.stringify(idle));
		ms = performance.now() - t0;
		materialiser.stop();
	}
	const members = await db.members.count();
	const assets = await db.assets.count();
	db.close();
	await Dexie_delete(name);
	return { ms, members, assets, applyMs };
}

function Dexie_delete(name: string): Promise<void> {
	return new Promise((resolve) => {
		const request = indexedDB.deleteDatabase(name);
		request.onsuccess = () => resolve();
		request.onerror = () => resolve();
		request.onblocked = () => resolve();
	});
}

(globalThis as unknown as { benchMaterialise: typeof run }).benchMaterialise = run;
