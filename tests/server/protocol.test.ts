import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import { RejectReason } from '../../src/lib/domain/RejectReason.ts';
import {
	decodeAwarenessUpdate,
	decodeMessage,
	encodeAwarenessUpdate,
	encodeMessage,
	MessageKind,
	type Message
} from '../../src/lib/protocol/protocol.ts';
import { parsePeerJson } from '../../src/lib/protocol/parsePeerJson.ts';

const samples: Message[] = [
	{ type: MessageKind.SyncStep1, stateVector: new Uint8Array([0]) },
	{ type: MessageKind.SyncStep2, update: new Uint8Array([0, 0]) },
	{ type: MessageKind.SyncUpdate, update: new Uint8Array([1, 2, 3]) },
	{ type: MessageKind.Awareness, update: encodeAwarenessUpdate([{ clientId: 7, clock: 1, state: { a: 1 } }]) },
	{ type: MessageKind.QueryAwareness },
	{ type: MessageKind.AuthError, reason: RejectReason.NotSignedIn },
	{ type: MessageKind.AuthError, reason: RejectReason.MissingAccessType, detail: { type: 'payments' } },
	{ type: MessageKind.Ack, seq: 1 },
	{ type: MessageKind.Ack, seq: 300 },
	{ type: MessageKind.Rejected, seq: 2, reason: RejectReason.NotAdmin },
	{ type: MessageKind.Rejected, seq: 3, reason: RejectReason.ForeignClientId, detail: { clientId: 42 } }
];

describe('protocol encode/decode', () => {
	it('every message kind round-trips byte for byte', () => {
		for (const message of samples) {
			const bytes = encodeMessage(message);
			const decoded = decodeMessage(bytes);
			expect(decoded).toEqual({ ok: true, value: message });
			if (decoded.ok) expect(encodeMessage(decoded.value)).toEqual(bytes);
		}
	});

	it('layouts match docs/PROTOCOL.md', () => {
		expect([...encodeMessage({ type: MessageKind.SyncStep1, stateVector: new Uint8Array([0]) })]).toEqual([0, 0, 1, 0]);
		expect([...encodeMessage({ type: MessageKind.SyncUpdate, update: new Uint8Array([9, 9]) })]).toEqual([0, 2, 2, 9, 9]);
		expect([...encodeMessage({ type: MessageKind.QueryAwareness })]).toEqual([3]);
		expect([...encodeMessage({ type: MessageKind.Ack, seq: 5 })]).toEqual([100, 5]);
		expect([...encodeMessage({ type: MessageKind.Rejected, seq: 1, reason: RejectReason.NotAdmin })]).toEqual([
			101,
			1,
			9,
			...Buffer.from('not-admin'),
			0
		]);
		expect([...encodeMessage({ type: MessageKind.AuthError, reason: RejectReason.NotMember })]).toEqual([2, 0, 10, ...Buffer.from('not-member'), 0]);
	});

	it('malformed frames are values, not exceptions', () => {
		const cases: [string, number[]][] = [
			['empty', []],
			['unknown type', [42]],
			['unknown sync subtype', [0, 7, 0]],
			['truncated payload', [0, 2, 5, 1, 2]],
			['bad varint', [0, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]],
			['trailing bytes', [3, 0]],
			['unknown reason', [101, 1, 3, 0x61, 0x62, 0x63, 0]],
			['invalid utf-8', [101, 1, 2, 0xc3, 0x28, 0]],
			['detail not JSON', [101, 1, 9, ...Buffer.from('not-admin'), 1, 0x7b]]
		];
		for (const [what, bytes] of cases) {
			const decoded = decodeMessage(new Uint8Array(bytes));
			expect(decoded.ok, what).toBe(false);
		}
	});

	it('random bytes never throw', () => {
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
				decodeMessage(bytes);
				decodeAwarenessUpdate(bytes);
			}),
			{ numRuns: 2000 }
		);
	});

	it('a payload length cannot reach past the frame into a shared buffer', () => {
		const pool = new Uint8Array([0, 2, 10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
		const frame = pool.subarray(0, 5); // claims 10 bytes, has 2
		expect(decodeMessage(frame).ok).toBe(false);
	});

	it('awareness updates round-trip; a lying count is refused', () => {
		const entries = [
			{ clientId: 1, clock: 3, state: { user: { id: 'x' } } },
			{ clientId: 2, clock: 4, state: null }
		];
		expect(decodeAwarenessUpdate(encodeAwarenessUpdate(entries))).toEqual({ ok: true, value: entries });
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, 1_000_000);
		expect(decodeAwarenessUpdate(encoding.toUint8Array(encoder)).ok).toBe(false);
	});

	it('peer JSON drops __proto__-style keys', () => {
		const parsed = parsePeerJson('{"a":1,"__proto__":{"polluted":true},"b":{"constructor":{"x":1},"c":2}}');
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) return;
		const value = parsed.value as Record<string, unknown>;
		expect(Object.keys(value)).toEqual(['a', 'b']);
		expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
		expect(value.b).toEqual({ c: 2 });
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});
});
