import {
	canImportSales,
	isId,
	parseSalesCsv,
	RelayActivity,
	RejectReason,
	RoomKind,
	roomName,
	writeActivity,
	writeSalesRows,
	type Result
} from '../src/lib/domain/index.ts';
import type { FollowUp } from './RoomValidator.ts';
import type { RoomWriter } from './RoomWriter.ts';

/**
 * Sales importers (DESIGN §3: the reports room is written by the relay / importers): a CSV
 * from a member with `analytics` or `admin` (R12) becomes one relay update of the
 * `account/<id>/reports` room and one activity entry, committed before anyone is told.
 */
export class SalesImport {
	readonly #writer: RoomWriter;

	constructor(writer: RoomWriter) {
		this.#writer = writer;
	}

	async run(accountId: string, userId: string, csv: string): Promise<Result<{ imported: number }>> {
		if (!isId(accountId)) return { ok: false, reason: RejectReason.UnknownAccount };
		// Pure and O(file): parsed once; the permission is decided first, so a refused user
		// learns nothing about why the file would have been wrong.
		const parsed = parseSalesCsv(csv);
		const reports = roomName({ kind: RoomKind.Reports, accountId });
		const activity = roomName({ kind: RoomKind.Activity, accountId });
		const outcome = await this.#writer.writeAsRelay(reports, (ctx) => {
			const allowed = canImportSales(ctx.accountDoc(accountId), userId);
			if (!allowed.ok) return allowed;
			if (!parsed.ok) return parsed;
			const rows = parsed.value;
			const write: FollowUp = (env) => {
				const doc = env.doc(reports);
				if (doc !== null) writeSalesRows(doc, rows, env.origin);
			};
			const log: FollowUp = (env) => {
				const doc = env.doc(activity);
				if (doc === null) return;
				writeActivity(
					doc,
					[{ action: RelayActivity.ImportSales, target: 'sales', before: null, after: { count: rows.length } }],
					userId,
					env.now,
					env.newId,
					env.origin
				);
			};
			return { ok: true, value: [write, log] };
		});
		if (!outcome.ok) return outcome;
		return { ok: true, value: { imported: parsed.ok ? parsed.value.length : 0 } };
	}
}
