import { beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	canImportSales,
	Collection,
	listEntities,
	maxSalesRows,
	parseSalesCsv,
	parseSalesRow,
	readEntity,
	RejectReason,
	revenuePerMonth,
	revenuePerTerritory,
	revenueTotals,
	salesCsvHeader,
	unitsPerDay,
	writeSalesRows,
	type SalesRow,
	type User
} from '$lib/domain';
import { expectRelayRefuses, seedAccount, seedMember, World } from './fixtures';

const csv = (...rows: string[]): string => [salesCsvHeader, ...rows].join('\n');

describe('parseSalesCsv', () => {
	it('parses the header and rows into SalesRow values (BOM, CRLF, blank lines accepted)', () => {
		const malaysia = parseSalesCsv(`${salesCsvHeader}\n2026-01-01,MY,2,5990,MYR\n2026-01-01,KR,1,13500,KRW\n`);
		expect(malaysia.ok && malaysia.value.map((r) => `${r.territory}/${r.currency}`)).toEqual(['MY/MYR', 'KR/KRW']);
		const result = parseSalesCsv(`\uFEFF${salesCsvHeader}\r\n2026-01-01,KR,3,30000,KRW\r\n\r\n2026-01-02,KR,0,0,KRW\r\n`);
		expect(result).toEqual({
			ok: true,
			value: [
				{ day: '2026-01-01', territory: 'KR', units: 3, revenueMinor: 30000, currency: 'KRW' },
				{ day: '2026-01-02', territory: 'KR', units: 0, revenueMinor: 0, currency: 'KRW' }
			]
		});
	});

	it.each([
		['a missing header', '2026-01-01,KR,3,30000,KRW', RejectReason.InvalidValue, { field: 'header', line: 1 }],
		['a wrong header', 'day,units\n2026-01-01,3', RejectReason.InvalidValue, { field: 'header', line: 1 }],
		['no rows', salesCsvHeader, RejectReason.InvalidValue, { field: 'rows' }],
		['an empty file', '', RejectReason.InvalidValue, { field: 'header' }],
		['a day that does not exist', csv('2026-02-30,KR,1,1,KRW'), RejectReason.InvalidValue, { field: 'day', line: 2 }],
		['a badly written day', csv('2026-01-01,KR,1,1,KRW', '1/2/2026,KR,1,1,KRW'), RejectReason.InvalidValue, { field: 'day', line: 3 }],
		['a territory that is not a country code', csv('2026-01-01,Korea,1,1,KRW'), RejectReason.InvalidValue, { field: 'territory', line: 2 }],
		['negative units', csv('2026-01-01,KR,-1,1,KRW'), RejectReason.InvalidValue, { field: 'units', line: 2 }],
		['fractional units', csv('2026-01-01,KR,1.5,1,KRW'), RejectReason.InvalidValue, { field: 'units', line: 2 }],
		['a revenue that is not a whole number of minor units', csv('2026-01-01,KR,1,10.5,KRW'), RejectReason.InvalidValue, { field: 'revenue_minor', line: 2 }],
		['a revenue beyond safe integers', csv('2026-01-01,KR,1,99999999999999999,KRW'), RejectReason.InvalidValue, { field: 'revenue_minor', line: 2 }],
		['a currency that is not a currency code', csv('2026-01-01,KR,1,1,won'), RejectReason.InvalidValue, { field: 'currency', line: 2 }],
		['too few columns', csv('2026-01-01,KR,1,1'), RejectReason.InvalidValue, { field: 'columns', line: 2 }],
		['the same day and territory twice', csv('2026-01-01,KR,1,1,KRW', '2026-01-01,KR,2,2,KRW'), RejectReason.AlreadyExists, { field: 'day', line: 3 }]
	])('refuses %s with the line number', (_what, text, reason, detail) => {
		const result = parseSalesCsv(text);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.reason).toBe(reason);
		expect(result.detail).toMatchObject(detail);
	});

	it(`accepts ${maxSalesRows} rows and refuses one more as too-large`, () => {
		const day = (i: number) => new Date(Date.UTC(2000, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
		const rows = Array.from({ length: maxSalesRows }, (_, i) => `${day(i)},KR,1,100,KRW`);
		const full = parseSalesCsv(csv(...rows));
		expect(full.ok && full.value.length).toBe(maxSalesRows);
		const over = parseSalesCsv(csv(...rows, `${day(maxSalesRows)},KR,1,100,KRW`));
		expect(over).toMatchObject({ ok: false, reason: RejectReason.TooLarge, detail: { line: maxSalesRows + 2, max: maxSalesRows } });
	});
});

describe('stored sales rows', () => {
	const row: SalesRow = { day: '2026-03-04', territory: 'KR', units: 2, revenueMinor: 5000, currency: 'KRW' };

	it('live at sales/<day>_<territory>, written in one update, read back typed', () => {
		const doc = new Y.Doc();
		const updates: Uint8Array[] = [];
		doc.on('update', (u: Uint8Array) => updates.push(u));
		writeSalesRows(doc, [row, { ...row, day: '2026-03-05' }], 'relay');
		expect(updates).toHaveLength(1);
		expect(readEntity(doc, Collection.Sales, '2026-03-04_KR')).toEqual(row);
		expect(listEntities(doc, Collection.Sales)).toHaveLength(2);
	});

	it('a row whose key does not match its day is not a row', () => {
		expect(parseSalesRow('2026-03-05_KR', row)).toMatchObject({ ok: false, reason: RejectReason.InvalidId });
		expect(parseSalesRow('2026-03-04_KR', { ...row, units: -1 })).toMatchObject({ ok: false, reason: RejectReason.InvalidValue });
	});

	it('summaries: units per day, revenue per territory and per month, per currency', () => {
		const rows: SalesRow[] = [row, { ...row, day: '2026-03-05', units: 1, revenueMinor: 1000 }, { ...row, day: '2026-04-01', units: 4, revenueMinor: 7 }];
		expect(unitsPerDay(rows)).toEqual([
			{ day: '2026-03-04', units: 2 },
			{ day: '2026-03-05', units: 1 },
			{ day: '2026-04-01', units: 4 }
		]);
		expect(revenuePerTerritory(rows)).toEqual([{ group: 'KR', currency: 'KRW', revenueMinor: 6007 }]);
		expect(revenueTotals([...rows, { ...row, day: '2026-05-01' }])).toEqual([{ group: 'KRW', currency: 'KRW', revenueMinor: 11007 }]);
		expect(revenuePerMonth(rows)).toEqual([
			{ group: '2026-03', currency: 'KRW', revenueMinor: 6000 },
			{ group: '2026-04', currency: 'KRW', revenueMinor: 7 }
		]);
	});
});

describe('[R12] who imports sales', () => {
	let w: World;
	let alice: User;
	let andy: User;
	let paul: User;
	let cathy: User;
	let dave: User;

	beforeEach(() => {
		w = new World();
		alice = w.register('alice');
		andy = w.register('andy');
		paul = w.register('paul');
		cathy = w.register('cathy');
		dave = w.register('dave');
		seedAccount(w, alice, 'acme', 'Acme');
		seedMember(w, alice, 'acme', andy, ['analytics']);
		seedMember(w, alice, 'acme', paul, ['payments']);
		seedMember(w, alice, 'acme', cathy, ['catalog']);
	});

	it('admin and analytics members may; payments, catalog and non-members may not', () => {
		const doc = w.relayDocs.get('account/acme') ?? null;
		expect(canImportSales(doc, alice.id)).toEqual({ ok: true, value: true });
		expect(canImportSales(doc, andy.id)).toEqual({ ok: true, value: true });
		expect(canImportSales(doc, paul.id)).toMatchObject({ ok: false, reason: RejectReason.MissingAccessType });
		expect(canImportSales(doc, cathy.id)).toMatchObject({ ok: false, reason: RejectReason.MissingAccessType });
		expect(canImportSales(doc, dave.id)).toMatchObject({ ok: false, reason: RejectReason.NotMember });
		expect(canImportSales(null, alice.id)).toMatchObject({ ok: false, reason: RejectReason.UnknownAccount });
	});

	it('a client still cannot write sales rows itself, even a well-formed one: relay-only', () => {
		expectRelayRefuses(
			w,
			andy,
			'account/acme/reports',
			(doc) => doc.getMap(Collection.Sales).set('2026-01-01_KR', { day: '2026-01-01', territory: 'KR', units: 1, revenueMinor: 1, currency: 'KRW' }),
			RejectReason.RelayOnly
		);
	});
});
