// Any table the pages show (a chart's numbers, ChartTable) as an XLSX file: header row styled and
// frozen, column widths from the content, numbers as numbers, formula-like text neutralised as in
// every other export. Called by POST /api/v1/tables/xlsx, which the charts' 下载数据 (XLSX) uses.
import ExcelJS from 'exceljs';
import * as v from 'valibot';
import { sheetCell } from './csv';

export const MAX_TABLE_COLUMNS = 200;
export const MAX_TABLE_ROWS = 20_000;

export const TableSchema = v.object({
	title: v.pipe(v.string(), v.trim(), v.minLength(1, '表格需要标题。'), v.maxLength(200)),
	columns: v.pipe(
		v.array(v.pipe(v.string(), v.maxLength(500))),
		v.minLength(1, '表格至少要有一列。'),
		v.maxLength(MAX_TABLE_COLUMNS, `表格最多 ${MAX_TABLE_COLUMNS} 列。`)
	),
	rows: v.pipe(
		v.array(v.array(v.union([v.pipe(v.string(), v.maxLength(10_000)), v.number(), v.null()]))),
		v.maxLength(MAX_TABLE_ROWS, `表格最多 ${MAX_TABLE_ROWS} 行。`)
	)
});

export type TableInput = v.InferOutput<typeof TableSchema>;

/** Characters an Excel sheet name may not hold, and its length limit. */
const SHEET_UNSAFE = /[[\]:*?/\\]/g;
const SHEET_NAME_MAX = 31;

/** Display width of text in Excel's character units: CJK characters take two. */
function textWidth(text: string): number {
	let width = 0;
	for (const ch of text) width += /[\u2e80-\u9fff\uac00-\ud7af\uff00-\uffef]/.test(ch) ? 2 : 1;
	return width;
}

export async function tableXlsx(table: TableInput): Promise<Buffer> {
	const book = new ExcelJS.Workbook();
	book.creator = 'Problem Ledger';
	const name = table.title.replace(SHEET_UNSAFE, '_').slice(0, SHEET_NAME_MAX) || 'Sheet1';
	const sheet = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
	const header = sheet.addRow(table.columns.map(sheetCell));
	header.font = { bold: true };
	header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
	const widths = table.columns.map((c) => textWidth(c));
	for (const row of table.rows) {
		const cells = table.columns.map((_, i) => sheetCell(row[i]));
		cells.forEach((cell, i) => {
			if (cell !== null) widths[i] = Math.max(widths[i], textWidth(String(cell)));
		});
		sheet.addRow(cells);
	}
	widths.forEach((w, i) => {
		sheet.getColumn(i + 1).width = Math.min(60, Math.max(8, w + 2));
	});
	return Buffer.from(await book.xlsx.writeBuffer());
}
