/** One CSV of whatever sales rows exist: a column per field, RFC 4180 quoting, a BOM for spreadsheet apps. */
export function salesCsv(rows: readonly { readonly key: string; readonly value: unknown }[]): string {
	const records = rows.map(({ key, value }) => ({ id: key, ...(typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : { value }) }));
	const columns = [...new Set(records.flatMap((record) => Object.keys(record)))];
	const cell = (value: unknown): string => {
		const text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
		return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
	};
	const lines = [columns.map(cell).join(','), ...records.map((record) => columns.map((column) => cell((record as Record<string, unknown>)[column])).join(','))];
	return `\uFEFF${lines.join('\r\n')}\r\n`;
}
