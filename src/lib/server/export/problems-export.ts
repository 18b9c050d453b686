// The filtered problem list as a file: CSV (UTF-8 with BOM, or GBK) or XLSX, streamed page by page
// so a million rows never sit in memory at once. Called by GET /api/v1/problems/export; the rows
// are those the list query selects (same filters, scope and order), with every column in Chinese.
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { Filters } from '../../domain/filters';
import type { LedgerDatabase } from '../db/database';
import { compileFilters, PROBLEMS_FROM, type Scope } from '../db/query-compiler';
import { defaultAsOf } from '../db/as-of';
import type { SortKey } from '../../domain/problem-model';
import { SORT_COLUMNS } from '../dashboard/problem-list';
import { csvLine, sheetCell, UTF8_BOM } from './csv';

export type ExportFormat = 'csv' | 'xlsx';
/**
 * 'gbk' is the name users know, but the bytes are GB18030 (iconv-lite 'gb18030'): a superset of
 * GBK that also encodes the rare characters GBK lacks (e.g. 𠮷), which 'gbk' would turn into '?'.
 */
export type ExportEncoding = 'utf-8' | 'gbk';

export const EXPORT_PAGE_SIZE = 10_000;

interface ExportColumn {
	header: string;
	/** A SQL expression over problems p, statuses st, themes th; text or NULL. */
	sql: string;
	kind: 'text' | 'date';
	width: number;
}

const term = (kind: string, column: string) =>
	`coalesce((SELECT label_zh FROM terms WHERE kind = '${kind}' AND code = p.${column}), p.${column})`;
const yesNo = (condition: string) => `CASE WHEN ${condition} THEN '是' ELSE '否' END`;

export const EXPORT_COLUMNS: readonly ExportColumn[] = [
	{ header: '社区', sql: 'p.community', kind: 'text', width: 14 },
	{ header: '问题编号', sql: 'p.problem_id', kind: 'text', width: 14 },
	{ header: '提出时间', sql: "strftime(p.reported_at, '%Y-%m-%d')", kind: 'date', width: 12 },
	{ header: '主题', sql: 'coalesce(th.label_zh, p.theme)', kind: 'text', width: 18 },
	{ header: '层面', sql: term('level', 'level'), kind: 'text', width: 10 },
	{ header: '来源', sql: term('reporter_type', 'reporter_type'), kind: 'text', width: 12 },
	{ header: '标题', sql: 'p.title', kind: 'text', width: 24 },
	{ header: '问题描述', sql: 'p.description', kind: 'text', width: 48 },
	{ header: '建议', sql: 'p.suggestion', kind: 'text', width: 30 },
	{ header: '责任单位', sql: 'p.responsible_unit', kind: 'text', width: 16 },
	{ header: '责任人', sql: 'p.responsible_person', kind: 'text', width: 10 },
	{ header: '整改时限', sql: "strftime(p.deadline, '%Y-%m-%d')", kind: 'date', width: 12 },
	{ header: '状态', sql: 'st.label_zh', kind: 'text', width: 10 },
	{ header: '完成时间', sql: "strftime(p.resolved_at, '%Y-%m-%d')", kind: 'date', width: 12 },
	{
		header: '超期',
		sql: yesNo("st.type = 'open' AND p.deadline < $x_asOf::DATE"),
		kind: 'text',
		width: 6
	},
	{
		header: '瓶颈问题',
		sql: "CASE p.is_bottleneck WHEN true THEN '是' WHEN false THEN '否' END",
		kind: 'text',
		width: 8
	},
	{ header: '满意度', sql: term('satisfaction', 'satisfaction'), kind: 'text', width: 10 },
	{ header: '备注', sql: 'p.note', kind: 'text', width: 24 }
];

export const EXPORT_HEADERS = EXPORT_COLUMNS.map((c) => c.header);

export interface ExportRequest {
	filters: Filters;
	scope: Scope;
	sort: SortKey;
	dir: 'asc' | 'desc';
	format: ExportFormat;
	/** CSV only; XLSX is always UTF-8 inside. */
	encoding?: ExportEncoding;
	today?: string;
	/** Rows read per query; tests make it small. */
	pageSize?: number;
}

export interface ProblemExport {
	stream: ReadableStream<Uint8Array>;
	/** Rows the filter selected when the export started. */
	rows: number;
	asOf: string;
}

type Cells = (string | null)[];

/**
 * Reads the selected rows page by page, in the list's order (ties by load order, like the list).
 * LIMIT/OFFSET over (sort key, rowid): keyset paging would have to spell out NULLS LAST for every
 * sort type, and at 10,000 rows a page the OFFSET cost is small against the file's writing.
 */
async function* pages(
	db: LedgerDatabase,
	req: ExportRequest,
	asOf: string,
	where: string,
	params: Record<string, string | number | boolean>
): AsyncGenerator<Cells[]> {
	const size = req.pageSize ?? EXPORT_PAGE_SIZE;
	const direction = req.dir === 'asc' ? 'ASC' : 'DESC';
	const select = EXPORT_COLUMNS.map((c, i) => `${c.sql} AS c${i}`).join(', ');
	for (let offset = 0; ; offset += size) {
		const rows = await db.all<Record<string, string | null>>(
			`WITH page AS (
				SELECT p.rowid AS id, ${SORT_COLUMNS[req.sort]} AS s
				FROM ${PROBLEMS_FROM} WHERE ${where}
				ORDER BY s ${direction} NULLS LAST, id
				LIMIT $x_limit OFFSET $x_offset
			)
			SELECT ${select}
			FROM page JOIN problems p ON p.rowid = page.id
				JOIN statuses st ON st.code = p.status
				LEFT JOIN themes th ON th.code = p.theme
			ORDER BY page.s ${direction} NULLS LAST, page.id`,
			{ ...params, x_limit: size, x_offset: offset, x_asOf: asOf }
		);
		if (rows.length > 0) yield rows.map((row) => EXPORT_COLUMNS.map((_, i) => row[`c${i}`]));
		if (rows.length < size) return;
	}
}

/** The export of the problems `req.filters` selects within `req.scope`, as a byte stream. */
export async function exportProblems(
	db: LedgerDatabase,
	req: ExportRequest
): Promise<ProblemExport> {
	const asOf = req.filters.asOf ?? (await defaultAsOf(db, req.scope, req.today));
	const { where, params } = compileFilters(req.filters, { asOf, scope: req.scope });
	const [{ total }] = await db.all<{ total: number }>(
		`SELECT count(*)::INTEGER AS total FROM ${PROBLEMS_FROM} WHERE ${where}`,
		params
	);
	const source = pages(db, req, asOf, where, params);
	const stream =
		req.format === 'csv' ? csvStream(source, req.encoding ?? 'utf-8') : xlsxStream(source);
	return { stream, rows: total, asOf };
}

function csvStream(
	source: AsyncGenerator<Cells[]>,
	encoding: ExportEncoding
): ReadableStream<Uint8Array> {
	const utf8 = new TextEncoder();
	const encode = (text: string): Uint8Array =>
		encoding === 'gbk' ? new Uint8Array(iconv.encode(text, 'gb18030')) : utf8.encode(text);
	let started = false;
	return new ReadableStream<Uint8Array>({
		async pull(controller) {
			if (!started) {
				started = true;
				// The BOM tells Excel the file is UTF-8; a GB18030 file has none (Excel reads it as ANSI).
				const bom = encoding === 'gbk' ? '' : UTF8_BOM;
				controller.enqueue(encode(bom + csvLine(EXPORT_HEADERS)));
				return;
			}
			const next = await source.next();
			if (next.done) {
				controller.close();
				return;
			}
			controller.enqueue(encode(next.value.map((row) => csvLine(row)).join('')));
		},
		async cancel() {
			await source.return(undefined);
		}
	});
}

/** 'YYYY-MM-DD' -> a Date at UTC midnight: exceljs turns it into that day's serial number. */
function dateCell(text: string | null): Date | null {
	if (!text) return null;
	const [y, m, d] = text.split('-').map(Number);
	return new Date(Date.UTC(y, m - 1, d));
}

/**
 * Text cells are written as strings, which Excel shows and never evaluates; the dangerous ones also
 * get the CSV's leading apostrophe, so the value stays inert if someone saves the sheet as CSV.
 */
function xlsxCells(row: Cells): (string | number | Date | null)[] {
	return row.map((value, i) =>
		EXPORT_COLUMNS[i].kind === 'date' ? dateCell(value) : sheetCell(value)
	);
}

function xlsxStream(source: AsyncGenerator<Cells[]>): ReadableStream<Uint8Array> {
	const out = new PassThrough();
	const book = new ExcelJS.stream.xlsx.WorkbookWriter({
		stream: out,
		useStyles: true,
		useSharedStrings: false
	});
	book.creator = 'Problem Ledger';
	const sheet = book.addWorksheet('问题清单', { views: [{ state: 'frozen', ySplit: 1 }] });
	sheet.columns = EXPORT_COLUMNS.map((c) => ({
		header: c.header,
		width: c.width,
		style: c.kind === 'date' ? { numFmt: 'yyyy-mm-dd' } : {}
	}));
	const header = sheet.getRow(1);
	header.font = { bold: true };
	header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
	header.commit();

	async function write(): Promise<void> {
		for await (const page of source) {
			for (const row of page) sheet.addRow(xlsxCells(row)).commit();
			// Wait for the reader when it lags, so pages do not pile up in the PassThrough.
			if (out.readableLength > out.readableHighWaterMark * 16) {
				await new Promise<void>((resolve) => {
					const check = () => {
						if (out.readableLength <= out.readableHighWaterMark || out.destroyed) {
							out.off('data', check);
							out.off('close', check);
							resolve();
						}
					};
					// A second 'data' listener only watches: it does not resume a paused stream.
					out.on('data', check);
					out.on('close', check);
				});
			}
		}
		sheet.commit();
		await book.commit();
	}
	write().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
	return Readable.toWeb(out) as ReadableStream<Uint8Array>;
}
