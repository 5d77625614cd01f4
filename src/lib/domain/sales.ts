import type * as Y from 'yjs';
import { AccessType, hasAccess } from './AccessType';
import { RejectReason } from './RejectReason';
import { ok, refuse, type Result } from './Result';
import { Collection, readEntity } from './schema';

/**
 * Sales data of the reports room (DESIGN §3 rooms table): one row per day and territory,
 * written by the relay on behalf of an importer, never by a client. Money is in minor units.
 */
/** An ISO 3166-1 alpha-2 country code (KR, MY, …), as sales territories are named. */
export type SalesTerritory = string;
/** An ISO 4217 currency code (KRW, MYR, …). */
export type SalesCurrency = string;

export interface SalesRow {
	/** `YYYY-MM-DD`, a real calendar day. */
	readonly day: string;
	readonly territory: SalesTerritory;
	readonly units: number;
	readonly revenueMinor: number;
	readonly currency: SalesCurrency;
}

/** The CSV columns, in order. */
export const salesCsvHeader = 'day,territory,units,revenue_minor,currency';
export const maxSalesRows = 10_000;

/** Where a row lives: `sales/<day>_<territory>`. */
export function salesKey(row: Pick<SalesRow, 'day' | 'territory'>): string {
	return `${row.day}_${row.territory}`;
}

export function isSalesDay(value: unknown): value is string {
	if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
	const date = new Date(`${value}T00:00:00Z`);
	return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const isTerritory = (value: unknown): value is SalesTerritory => typeof value === 'string' && /^[A-Z]{2}$/.test(value);
const isCurrency = (value: unknown): value is SalesCurrency => typeof value === 'string' && /^[A-Z]{3}$/.test(value);

/** A stored row; the key must match its day and territory. */
export function parseSalesRow(key: string, raw: unknown): Result<SalesRow> {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return refuse(RejectReason.InvalidValue, { field: 'sales' });
	const { day, territory, units, revenueMinor, currency } = raw as Record<string, unknown>;
	if (!isSalesDay(day)) return refuse(RejectReason.InvalidValue, { field: 'day' });
	if (!isTerritory(territory)) return refuse(RejectReason.InvalidValue, { field: 'territory' });
	if (!isCount(units)) return refuse(RejectReason.InvalidValue, { field: 'units' });
	if (!isCount(revenueMinor)) return refuse(RejectReason.InvalidValue, { field: 'revenueMinor' });
	if (!isCurrency(currency)) return refuse(RejectReason.InvalidValue, { field: 'currency' });
	const row: SalesRow = { day, territory, units, revenueMinor, currency };
	if (key !== salesKey(row)) return refuse(RejectReason.InvalidId, { field: 'sales' });
	return ok(row);
}

function parseCount(text: string): number | null {
	if (!/^\d{1,15}$/.test(text)) return null;
	const value = Number(text);
	return Number.isSafeInteger(value) ? value : null;
}

/**
 * A sales CSV: the header {@link salesCsvHeader}, then one row per day and territory, at
 * most {@link maxSalesRows}. The first bad row refuses the whole file, with its 1-based
 * line number in `detail.line`. Blank lines are ignored; a BOM and CRLF are accepted.
 */
export function parseSalesCsv(text: string): Result<SalesRow[]> {
	const lines = (text.startsWith('\uFEFF') ? text.slice(1) : text).split(/\r?\n/);
	const headerIndex = lines.findIndex((line) => line.trim() !== '');
	if (headerIndex < 0) return refuse(RejectReason.InvalidValue, { field: 'header', line: 1 });
	const header = (lines[headerIndex] ?? '').split(',').map((cell) => cell.trim().toLowerCase()).join(',');
	if (header !== salesCsvHeader) return refuse(RejectReason.InvalidValue, { field: 'header', line: headerIndex + 1 });
	const rows: SalesRow[] = [];
	const seen = new Set<string>();
	for (let index = headerIndex + 1; index < lines.length; index++) {
		const line = (lines[index] ?? '').trim();
		if (line === '') continue;
		const number = index + 1;
		if (rows.length >= maxSalesRows) return refuse(RejectReason.TooLarge, { field: 'rows', max: maxSalesRows, line: number });
		const cells = line.split(',').map((cell) => cell.trim());
		if (cells.length !== 5) return refuse(RejectReason.InvalidValue, { field: 'columns', line: number });
		const [day, territory, unitsText, revenueText, currency] = cells as [string, string, string, string, string];
		if (!isSalesDay(day)) return refuse(RejectReason.InvalidValue, { field: 'day', line: number });
		if (!isTerritory(territory)) return refuse(RejectReason.InvalidValue, { field: 'territory', line: number });
		const units = parseCount(unitsText);
		if (units === null) return refuse(RejectReason.InvalidValue, { field: 'units', line: number });
		const revenueMinor = parseCount(revenueText);
		if (revenueMinor === null) return refuse(RejectReason.InvalidValue, { field: 'revenue_minor', line: number });
		if (!isCurrency(currency)) return refuse(RejectReason.InvalidValue, { field: 'currency', line: number });
		const row: SalesRow = { day, territory, units, revenueMinor, currency };
		const key = salesKey(row);
		if (seen.has(key)) return refuse(RejectReason.AlreadyExists, { field: 'day', line: number });
		seen.add(key);
		rows.push(row);
	}
	if (rows.length === 0) return refuse(RejectReason.InvalidValue, { field: 'rows', line: lines.length });
	return ok(rows);
}

/**
 * R12: who may import sales — a member of the account with `analytics` (or `admin`, R4).
 * Reads the membership from the `account/<id>` document.
 */
export function canImportSales(accountDoc: Y.Doc | null, userId: string): Result<true> {
	if (accountDoc === null || accountDoc.getMap(Collection.Profile).size === 0) return refuse(RejectReason.UnknownAccount);
	const member = readEntity(accountDoc, Collection.Members, userId);
	if (member === null) return refuse(RejectReason.NotMember);
	return hasAccess(member.types, AccessType.Analytics) ? ok(true) : refuse(RejectReason.MissingAccessType, { type: AccessType.Analytics });
}

/** Writes the rows into a reports document in one transaction (one update). Relay only. */
export function writeSalesRows(doc: Y.Doc, rows: readonly SalesRow[], origin: unknown): void {
	if (rows.length === 0) return;
	doc.transact(() => {
		const root = doc.getMap(Collection.Sales);
		for (const row of rows) root.set(salesKey(row), { ...row });
	}, origin);
}

// ---------------------------------------------------------------- summaries (for the views)

export interface DayUnits {
	readonly day: string;
	readonly units: number;
}

export interface Revenue {
	/** A territory code or a month (`YYYY-MM`), depending on the summary. */
	readonly group: string;
	readonly currency: string;
	readonly revenueMinor: number;
}

/** Units sold per day, oldest first. */
export function unitsPerDay(rows: readonly SalesRow[]): DayUnits[] {
	const byDay = new Map<string, number>();
	for (const row of rows) byDay.set(row.day, (byDay.get(row.day) ?? 0) + row.units);
	return [...byDay].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([day, units]) => ({ day, units }));
}

function revenueBy(rows: readonly SalesRow[], groupOf: (row: SalesRow) => string): Revenue[] {
	const sums = new Map<string, Revenue>();
	for (const row of rows) {
		const group = groupOf(row);
		const key = `${group}|${row.currency}`;
		const before = sums.get(key);
		sums.set(key, { group, currency: row.currency, revenueMinor: (before?.revenueMinor ?? 0) + row.revenueMinor });
	}
	return [...sums.values()].sort((a, b) => (a.group === b.group ? (a.currency < b.currency ? -1 : 1) : a.group < b.group ? -1 : 1));
}

/** Revenue per territory and currency (never summed across currencies). */
export function revenuePerTerritory(rows: readonly SalesRow[]): Revenue[] {
	return revenueBy(rows, (row) => row.territory);
}

/** Revenue per month (`YYYY-MM`) and currency. */
export function revenuePerMonth(rows: readonly SalesRow[]): Revenue[] {
	return revenueBy(rows, (row) => row.day.slice(0, 7));
}

/** Revenue per currency over all rows (`group` is the currency). */
export function revenueTotals(rows: readonly SalesRow[]): Revenue[] {
	return revenueBy(rows, (row) => row.currency);
}
