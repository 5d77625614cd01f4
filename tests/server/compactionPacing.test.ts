import { describe, expect, it } from 'vitest';
import { RelayRoom } from '../../server/RelayRoom.ts';

function roomWithSnapshot(bytes: number): RelayRoom {
	// An empty update (two zero bytes) loads an empty document; the snapshot size is set by hand.
	const updates = [new Uint8Array([0, 0])];
	const room = new RelayRoom('account/x/activity', null, { updates, logLength: 0, clientOwners: new Map() });
	room.snapshotBytes = bytes;
	return room;
}

describe('compaction pacing', () => {
	it('waits for the minimum number of log entries', () => {
		const room = roomWithSnapshot(0);
		for (let i = 0; i < 499; i++) room.noteLogged(new Uint8Array(100));
		expect(room.compactionDue(500)).toBe(false);
		room.noteLogged(new Uint8Array(100));
		expect(room.compactionDue(500)).toBe(true);
	});

	it('does not rewrite a large snapshot until the log has grown to half its size (append-only rooms)', () => {
		const room = roomWithSnapshot(1_000_000);
		for (let i = 0; i < 500; i++) room.noteLogged(new Uint8Array(200)); // 100 kB of log
		expect(room.compactionDue(500)).toBe(false);
		for (let i = 0; i < 2000; i++) room.noteLogged(new Uint8Array(200)); // 500 kB
		expect(room.compactionDue(500)).toBe(true);
	});

	it('after a compaction the count and the bytes start again from what the snapshot did not cover', () => {
		const room = roomWithSnapshot(0);
		for (let i = 0; i < 10; i++) room.noteLogged(new Uint8Array(10));
		room.noteCompacted(5000, 8);
		expect(room.logLength).toBe(2);
		expect(room.logBytes).toBe(20);
		expect(room.snapshotBytes).toBe(5000);
	});
});
