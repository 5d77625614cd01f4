import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { RejectReason } from '../../src/lib/domain/RejectReason.ts';
import { CloseCode, decodeMessage, MessageKind } from '../../src/lib/protocol/protocol.ts';
import type { Session } from '../../server/AuthService.ts';
import { FakeValidator } from './fakeValidator.ts';
import { captureUpdate, RawClient, removeDataDir, signup, startTestRelay, type TestRelay } from './helpers.ts';

const room = 'account/target';

describe('malformed, oversized and flooding input', () => {
	let relay: TestRelay;
	let ann: Session;
	let mal: Session;
	let keeper: RawClient;

	beforeAll(async () => {
		relay = await startTestRelay({
			validation: new FakeValidator(),
			maxFrameBytes: 8 * 1024,
			messageRate: { burst: 50, perSecond: 1 },
			sessionLimits: { maxRateLimitedInARow: 20 },
			maxSocketsPerUser: 40
		});
		[ann, mal] = await Promise.all([signup(relay, 'Ann'), signup(relay, 'Mal')]);
		keeper = new RawClient(relay.wsUrl, room, ann.token);
		await keeper.ready();
		const doc = new Y.Doc();
		expect((await keeper.write(captureUpdate(doc, () => doc.getMap('m').set('stored', 'before')))).type).toBe(MessageKind.Ack);
	});
	afterAll(async () => {
		keeper.close();
		await relay.close();
		await removeDataDir(relay.dataDir);
	});

	/** The relay still serves, and what it stored before is unchanged. */
	async function expectUnharmed(): Promise<void> {
		const state = await keeper.fetchState();
		expect(state.getMap('m').toJSON()).toEqual({ stored: 'before' });
	}

	async function hostileSocket(): Promise<RawClient> {
		const client = new RawClient(relay.wsUrl, room, mal.token);
		await client.ready();
		return client;
	}

	it('malformed and truncated frames close that socket with 4400 and a log line; others are served', async () => {
		const frames: [string, Uint8Array | string][] = [
			['unknown type', new Uint8Array([42])],
			['unknown sync subtype', new Uint8Array([0, 9, 0])],
			['truncated update', new Uint8Array([0, 2, 50, 1, 2, 3])],
			['bad varint', new Uint8Array([0, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])],
			['trailing bytes', new Uint8Array([3, 3, 3])],
			['empty frame', new Uint8Array([])],
			['relay-only message', new Uint8Array([100, 1])],
			['text frame', 'hello'],
			['bad awareness', new Uint8Array([1, 3, 1, 1, 0xff])]
		];
		for (const [what, frame] of frames) {
			const client = await hostileSocket();
			client.sendRaw(frame);
			const closed = await client.closed;
			expect(closed.code, what).toBe(CloseCode.Malformed);
		}
		expect(relay.log.lines.filter((l) => l.message === 'sync: malformed frame, closing').length).toBeGreaterThanOrEqual(frames.length);
		await expectUnharmed();
	});

	it('random frames never crash the relay: each either decodes or closes with 4400', async () => {
		const samples = fc.sample(fc.uint8Array({ minLength: 1, maxLength: 40 }), { numRuns: 30, seed: 7 });
		const undecodable = samples.filter((bytes) => !decodeMessage(bytes).ok);
		expect(undecodable.length).toBeGreaterThan(10);
		for (const frame of undecodable.slice(0, 12)) {
			const client = await hostileSocket();
			client.sendRaw(frame);
			expect((await client.closed).code).toBe(CloseCode.Malformed);
		}
		await expectUnharmed();
	});

	it('a well-framed update whose content is garbage is rejected (malformed-update), nothing stored', async () => {
		const client = await hostileSocket();
		const answer = await client.write(new Uint8Array([1, 200, 7, 7, 7, 7]));
		expect(answer).toMatchObject({ type: MessageKind.Rejected, reason: RejectReason.MalformedUpdate });
		client.close();
		await expectUnharmed();
	});

	it('an oversized frame closes the socket with 4413', async () => {
		const client = await hostileSocket();
		client.sendRaw(new Uint8Array(9 * 1024));
		expect((await client.closed).code).toBe(CloseCode.TooLarge);
		await expectUnharmed();
	});

	it('flooding: writes beyond the rate are rejected `rate-limited`, then the socket is closed with 4429', async () => {
		const client = await hostileSocket();
		const doc = new Y.Doc();
		for (let i = 0; i < 120; i++) client.send({ type: MessageKind.SyncUpdate, update: captureUpdate(doc, () => doc.getMap('flood').set(`k${i}`, i)) });
		expect((await client.closed).code).toBe(CloseCode.RateLimited);
		expect(client.messages.some((m) => m.type === MessageKind.Rejected && m.reason === RejectReason.RateLimited)).toBe(true);
	});

	it('sockets per user are capped (4429)', async () => {
		const sockets: RawClient[] = [];
		try {
			// The keeper socket is the first of 40.
			for (let i = 0; i < 39; i++) sockets.push(new RawClient(relay.wsUrl, `account/cap${i}`, ann.token));
			await Promise.all(sockets.map((s) => s.opened));
			const over = new RawClient(relay.wsUrl, 'account/cap-over', ann.token);
			expect((await over.closed).code).toBe(CloseCode.RateLimited);
		} finally {
			for (const s of sockets) s.close();
		}
	});
});
