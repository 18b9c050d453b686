// Step 4 of the ingest: DuckDB reads the whole UTF-8 file, every cell as text, with the delimiter
// the header step found. Rows of the wrong width or with broken quoting become structural rejects
// (DuckDB's store_rejects), and every kept row gets the row number Excel would show.
import type { DuckDBConnection } from '@duckdb/node-api';
import { all } from '../db/database';
import { IngestRefusal } from './errors';

export interface StructuralReject {
	row: number;
	line: string;
	reason: string;
}

export interface ParsedTable {
	/** Temp table with columns row_no, c1..cN (VARCHAR), in file order. */
	table: string;
	width: number;
	structural: StructuralReject[];
	/** Rows skipped as blank (empty lines and delimiter-only short lines) after the header. */
	blankAfterHeader: number;
}

/** A SQL string literal; only for values we choose (paths, delimiters), never user text as SQL. */
export function sqlLiteral(value: string): string {
	return `'${value.replaceAll("'", "''")}'`;
}

export const cellColumn = (index: number): string => `c${index + 1}`;

type RejectRow = {
	line: number;
	error_type: string;
	csv_line: string | null;
	found_min: number | null;
	found_max: number | null;
};

function describe(r: RejectRow, width: number): string {
	switch (r.error_type) {
		case 'MISSING COLUMNS':
			return `本行只有 ${r.found_min ?? '?'} 列，表头有 ${width} 列：行不完整（可能被截断或换行断开）。请补齐后重新导入。`;
		case 'TOO MANY COLUMNS':
			return `本行有 ${r.found_max ?? '?'} 列，多于表头的 ${width} 列：某个单元格里可能有未加引号的分隔符。`;
		case 'UNQUOTED VALUE':
			return '引号使用不规范：带引号的单元格在结束引号后还有其他字符。';
		case 'LINE SIZE OVER MAXIMUM':
			return '本行过长，超出单行大小上限，可能是引号没有闭合。';
		default:
			return `本行无法按 CSV 规则解析（${r.error_type}）。`;
	}
}

export async function parseCsv(
	c: DuckDBConnection,
	opts: {
		utf8Path: string;
		delimiter: string;
		width: number;
		headerRow: number;
		blankRecords: number[];
		tag: string;
	}
): Promise<ParsedTable> {
	const { tag, width, headerRow } = opts;
	const raw = `raw_${tag}`;
	const rejectsTable = `csv_rejects_${tag}`;
	const scansTable = `csv_scans_${tag}`;
	const columns = Array.from({ length: width }, (_, i) => `'${cellColumn(i)}': 'VARCHAR'`).join(
		', '
	);
	await c
		.run(
			`CREATE TEMP TABLE ${raw} AS SELECT * FROM read_csv(${sqlLiteral(opts.utf8Path)},
		header = false, auto_detect = false, delim = ${sqlLiteral(opts.delimiter)}, quote = '"', escape = '"',
		columns = {${columns}}, strict_mode = true, max_line_size = 8388608,
		store_rejects = true, rejects_table = '${rejectsTable}', rejects_scan = '${scansTable}')`
		)
		.catch((err: unknown) => {
			// strict_mode stops on what no row reject can hold, e.g. a bare CR inside an unquoted cell.
			if (!String((err as Error)?.message).startsWith('Invalid Input Error')) throw err;
			throw new IngestRefusal(
				'bad_input',
				'文件里有无法按 CSV 规则分行的内容（例如单元格里有未加引号的回车符）。请在 Excel/WPS 中打开原表，另存为“CSV（逗号分隔）”后重新上传。'
			);
		});
	const rejectRows = await all<RejectRow>(
		c,
		`SELECT line::INTEGER AS line, any_value(error_type) AS error_type, any_value(csv_line) AS csv_line,
			min(TRY_CAST(regexp_extract(error_message, 'Found: (\\d+)', 1) AS INTEGER)) AS found_min,
			max(TRY_CAST(regexp_extract(error_message, 'Found: (\\d+)', 1) AS INTEGER)) AS found_max
		 FROM ${rejectsTable} GROUP BY line ORDER BY line`
	);
	await c.run(`DROP TABLE IF EXISTS ${rejectsTable}; DROP TABLE IF EXISTS ${scansTable};`);

	const structural: StructuralReject[] = [];
	const skipped = new Set(opts.blankRecords);
	let blankAfterHeader = opts.blankRecords.filter((r) => r > headerRow).length;
	for (const r of rejectRows) {
		skipped.add(r.line);
		if (r.line <= headerRow) continue; // title rows above the header are not data
		const line = (r.csv_line ?? '').trim();
		if (/^["\s]*$/.test(line.split(opts.delimiter).join(''))) {
			blankAfterHeader++; // a short line of bare delimiters is an empty row, not an error
			continue;
		}
		structural.push({ row: r.line, line: r.csv_line ?? '', reason: describe(r, width) });
	}

	// DuckDB leaves out skipped records, so kept row i (0-based rowid) is record i + 1 + (skips
	// before it). Each skip s_j (sorted) moves every later rowid >= s_j - j - 1 on by one.
	const sorted = [...skipped].sort((a, b) => a - b);
	const shifts = new Map<number, number>();
	sorted.forEach((s, j) => shifts.set(s - j - 1, j + 1));
	const table = `rows_${tag}`;
	await c.run(`CREATE TEMP TABLE shifts_${tag} (from_rowid BIGINT, shift INTEGER)`);
	if (shifts.size) {
		const values = [...shifts].map(([from, shift]) => `(${from}, ${shift})`).join(', ');
		await c.run(`INSERT INTO shifts_${tag} VALUES ${values}`);
	}
	// A view, not a copy: the normalise step reads raw rows once. Most files skip nothing, and then
	// the row number is the rowid plus one, with no join at all.
	await c.run(
		shifts.size
			? `CREATE TEMP VIEW ${table} AS
				SELECT (r.rowid + 1 + coalesce(s.shift, 0))::INTEGER AS row_no, r.* EXCLUDE (rowid)
				FROM (SELECT rowid, * FROM ${raw}) r ASOF LEFT JOIN shifts_${tag} s ON r.rowid >= s.from_rowid`
			: `CREATE TEMP VIEW ${table} AS SELECT (rowid + 1)::INTEGER AS row_no, * FROM ${raw}`
	);
	return { table, width, structural, blankAfterHeader };
}

export async function dropParsed(c: DuckDBConnection, tag: string): Promise<void> {
	await c.run(`DROP VIEW IF EXISTS rows_${tag}; DROP TABLE IF EXISTS shifts_${tag}; DROP TABLE IF EXISTS raw_${tag};
		DROP TABLE IF EXISTS csv_rejects_${tag}; DROP TABLE IF EXISTS csv_scans_${tag};`);
}
