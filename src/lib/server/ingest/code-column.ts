// A 序号 column that holds problem codes (SZ001, …) rather than row numbers: offered to the analyst
// as the problem id of a file that names none, never applied.
import type { DuckDBConnection } from '@duckdb/node-api';
import { all } from '../db/database';

/** Headers of a row-number column, which holds problem codes in some exports (SZ001, …). */
const ROW_NUMBER_HEADER = /^(序号|序列号|序|no\.?|ref)$/i;

/**
 * An unmapped 序号-like column whose every data row holds a distinct code with a letter or a
 * separator in it (not 1, 2, 3): the problem id the file does not name, to offer the analyst.
 */
export async function codeColumn(
	c: DuckDBConnection,
	normTable: string,
	unmapped: { index: number; header: string }[]
): Promise<{ header: string; rows: number; example: string } | null> {
	const candidate = unmapped.find((u) => ROW_NUMBER_HEADER.test(u.header.replace(/\s/g, '')));
	if (!candidate) return null;
	const [row] = await all<{
		rows: number;
		filled: number;
		distinct: number;
		codes: number;
		example: string | null;
	}>(
		c,
		`SELECT count(*)::INTEGER AS rows, count(v)::INTEGER AS filled, count(DISTINCT v)::INTEGER AS distinct,
			count(*) FILTER (WHERE regexp_matches(v, '[^0-9.]') AND regexp_matches(v, '[0-9]'))::INTEGER AS codes,
			min(v) AS example
		 FROM (SELECT nullif(trim(extra[$header]), '') AS v FROM ${normTable} WHERE NOT blank)`,
		{ header: candidate.header }
	);
	if (!row || row.rows === 0 || row.filled !== row.rows) return null;
	if (row.distinct !== row.rows || row.codes !== row.rows || !row.example) return null;
	return { header: candidate.header, rows: row.rows, example: row.example };
}
