// CSV text for files people open in Excel/WPS: RFC 4180 quoting, and text cells that a spreadsheet
// would run as a formula neutralised with a leading apostrophe (OWASP "CSV injection"). Numbers
// stay numbers. Pure, so the server's downloads (CSV and, through sheetCell, XLSX) and the
// browser's chart-data CSV share one rule.
export const UTF8_BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export type CsvValue = string | number | boolean | null | undefined;

/** Text a spreadsheet would run as a formula, with a leading apostrophe; other text unchanged. */
export function neutraliseText(value: string): string {
	return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * The same value as an XLSX cell: text neutralised by the rule above (a sheet saved as CSV stays
 * inert), numbers as numbers, empty as an empty cell. Every XLSX export writes its cells through it.
 */
export function sheetCell(value: CsvValue): string | number | null {
	if (value === null || value === undefined) return null;
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (typeof value === 'boolean') return value ? '是' : '否';
	return neutraliseText(value);
}

export function csvCell(value: CsvValue): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
	if (typeof value === 'boolean') return value ? '是' : '否';
	const text = neutraliseText(value);
	return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: CsvValue[]): string {
	return `${values.map(csvCell).join(',')}\r\n`;
}
