// The uploads page's preview contract over the ingest: what a dry run shows the analyst (labels,
// communities, first rows), and the check that a commit finds exactly what its preview showed.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { FilePreview, FileResult, LabelCount } from '../../domain/upload-model';
import { all } from '../db/database';
import { IngestRefusal } from '../ingest/errors';

export interface PreviewExpectation {
	rowsAccepted: number;
	rowsRejected: number;
	columnMapping: Record<string, string>;
}

export function checkExpectation(result: FileResult, expected: PreviewExpectation): void {
	const same =
		result.rowsAccepted === expected.rowsAccepted &&
		result.rowsRejected === expected.rowsRejected &&
		JSON.stringify(Object.entries(result.columnMapping).sort()) ===
			JSON.stringify(Object.entries(expected.columnMapping).sort());
	if (!same) {
		throw new IngestRefusal(
			'stale_preview',
			`提交时的结果与预览不一致（预览：接受 ${expected.rowsAccepted} 行、拒收 ${expected.rowsRejected} 行；现在：接受 ${result.rowsAccepted} 行、拒收 ${result.rowsRejected} 行），可能是词表或映射方案在预览之后被修改了。没有写入任何数据，请重新预览后再提交。`
		);
	}
}

const SAMPLE_COLUMNS = `row_no::INTEGER AS row, problem_id, community, strftime(reported_at, '%Y-%m-%d') AS reported_at,
	theme, theme_source, round(theme_confidence, 2) AS theme_confidence, status, level, reporter_type, title, description, responsible_unit,
	strftime(deadline, '%Y-%m-%d') AS deadline, strftime(resolved_at, '%Y-%m-%d') AS resolved_at, is_bottleneck`;

/** What the uploads page shows before a commit, read from the batch's staging tables. */
export async function readPreview(
	c: DuckDBConnection,
	tables: { normTable: string; rejTable: string },
	opts: { sampleRows: number }
): Promise<FilePreview> {
	const { normTable, rejTable } = tables;
	const statusLabels = await all<LabelCount>(
		c,
		`SELECT raw_status AS label, any_value(status) AS code, count(*)::INTEGER AS count FROM ${normTable}
		 WHERE NOT blank AND raw_status IS NOT NULL GROUP BY raw_status ORDER BY count DESC, label LIMIT 500`
	);
	const themeLabels = await all<LabelCount & { source: string }>(
		c,
		`SELECT raw_theme AS label, CASE WHEN any_value(theme_source) = 'classified' THEN NULL ELSE any_value(theme) END AS code,
			any_value(theme_source) AS source, count(*)::INTEGER AS count FROM ${normTable}
		 WHERE NOT blank AND raw_theme IS NOT NULL GROUP BY raw_theme ORDER BY count DESC, label LIMIT 500`
	);
	const communities = await all<{ name: string; count: number }>(
		c,
		`SELECT community AS name, count(*)::INTEGER AS count FROM ${normTable}
		 WHERE NOT blank AND community IS NOT NULL GROUP BY community ORDER BY count DESC, name LIMIT 100`
	);
	const sample = await all<Record<string, string | number | boolean | null>>(
		c,
		`SELECT ${SAMPLE_COLUMNS} FROM ${normTable} n
		 WHERE NOT blank AND NOT EXISTS (SELECT 1 FROM ${rejTable} r WHERE r.row_no = n.row_no)
		 ORDER BY row_no LIMIT $1`,
		[opts.sampleRows]
	);
	return { statusLabels, themeLabels, communities, sample };
}
