// A chart's table (ChartTable) as a CSV file for Excel/WPS, built in the browser with the same
// rule as every server download ($lib/domain/csv-text): UTF-8 with BOM, CRLF, RFC 4180 quoting,
// formula-like text neutralised.
import { csvLine, UTF8_BOM } from '../domain/csv-text';
import type { ChartTable } from './types';

/** Characters Windows, macOS or Linux refuse in a file name, and control characters. */
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_FILE_NAME = /[/\\:*?"<>|\u0000-\u001f\u007f]/g;

/** The whole file: BOM, the header line, then one line per row, each ended by CRLF. */
export function tableCsv(table: ChartTable): string {
	return UTF8_BOM + [table.columns, ...table.rows].map((cells) => csvLine(cells)).join('');
}

/** A chart title as a file name: characters no file system accepts become "_". */
export function chartFileName(title: string, extension: string): string {
	const base = title.replace(UNSAFE_IN_FILE_NAME, '_').trim().replace(/^\.+/, '') || 'chart';
	return `${base}.${extension}`;
}
