import * as Y from 'yjs';
import { RejectReason } from '../../src/lib/domain/RejectReason.ts';
import { roomName, type Room } from '../../src/lib/domain/Room.ts';
import type { Result } from '../../src/lib/domain/Result.ts';
import type { AcceptedWrite, ReadContext, RoomValidator, WriteContext } from '../../server/RoomValidator.ts';

/**
 * A stand-in policy for relay mechanics tests: reads are allowed per room name and user,
 * writes are accepted unless they set a map key named `forbidden`.
 */
export class FakeValidator implements RoomValidator {
	/** room name → users who may read it; a room not listed is open to everyone. */
	readonly readers = new Map<string, Set<string>>();
	/** Users named in every accepted write's accessChangedFor. */
	accessChangedFor: string[] = [];
	validated = 0;

	canRead(room: Room, userId: string, _ctx: ReadContext): Result<true> {
		const readers = this.readers.get(roomName(room));
		return readers === undefined || readers.has(userId) ? { ok: true, value: true } : { ok: false, reason: RejectReason.NotMember };
	}

	validate(_doc: Y.Doc, update: Uint8Array, _ctx: WriteContext): Result<AcceptedWrite> {
		this.validated++;
		let structs;
		try {
			structs = Y.decodeUpdate(update).structs;
		} catch {
			return { ok: false, reason: RejectReason.MalformedUpdate };
		}
		for (const struct of structs) {
			if (struct instanceof Y.Item && struct.parentSub === 'forbidden') return { ok: false, reason: RejectReason.ForbiddenKey, detail: { key: 'forbidden' } };
		}
		return { ok: true, value: { followUps: [], accessChangedFor: this.accessChangedFor } };
	}
}
