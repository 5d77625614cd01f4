import 'fake-indexeddb/auto';
import { createDatabase, type BusinessCenterDb } from '$lib/db';

// y-dexie logs every released document with console.debug; keep test output readable.
const debug = console.debug.bind(console);
console.debug = (...args: unknown[]) => {
	if (typeof args[0] === 'string' && /^Y\.Doc .* was destroyed$/.test(args[0])) return;
	debug(...args);
};

let counter = 0;

/** A fresh database name per test: fake-indexeddb keeps one store per process. */
export function uniqueDbName(prefix = 'bc-test'): string {
	return `${prefix}-${process.pid}-${++counter}-${Date.now()}`;
}

/** A Dexie instance ("a tab") over the named store; background compaction off so tests stay quiet. */
export function openTestDb(name: string): BusinessCenterDb {
	return createDatabase({ name, indexedDB, IDBKeyRange, compactUpdates: false });
}
