// Classifies many rows of a table at once: the stored problems on retrain (retrain.ts), and the
// ingest's normalised rows whose theme is blank or an unknown label. Text is read in chunks,
// predicted in Node (the measured faster path, see retrain.ts) and written back with one UPDATE
// joined on rowid.
import type { DuckDBConnection } from '@duckdb/node-api';
import { all } from '../db/database';
import { predictFeatures, type ThemeClassifier } from './classifier';
import { loadClassifier } from './model-store';
import { MODEL_TEXT_SQL } from './labelled-rows';
import { textFeatures } from './text-features';

const SLICE = 50_000;

export interface BatchOptions {
	/** Which rows: SQL over the table's columns, written by the caller (never user text). */
	where: string;
	/** The column holding the file's own (unknown) label, which the keyword rules also read. */
	labelColumn?: string;
	/** Defaults to the stored model (loadClassifier). */
	classifier?: ThemeClassifier;
}

export interface BatchResult {
	rows: number;
	/** Rows whose theme is now different from before. */
	changed: number;
	byMethod: { model: number; keywords: number; fallback: number };
}

/**
 * Sets theme, theme_source = 'classified', theme_confidence and theme_evidence on the rows of
 * `table` that `where` selects. The table needs title, description, theme, theme_source,
 * theme_confidence and theme_evidence columns.
 */
export async function classifyBatch(
	c: DuckDBConnection,
	table: string,
	opts: BatchOptions
): Promise<BatchResult> {
	const classifier = opts.classifier ?? (await loadClassifier(c));
	const label = opts.labelColumn ?? 'NULL';
	await c.run('DROP TABLE IF EXISTS theme_predictions');
	await c.run(
		`CREATE TEMP TABLE theme_predictions (rid BIGINT, theme VARCHAR, confidence DOUBLE, evidence VARCHAR)`
	);
	const byMethod = { model: 0, keywords: 0, fallback: 0 };
	// The selected rows, numbered, in a narrow temp table read in slices: each slice is
	// materialised (a streaming read on this connection is cut short by the appender's flushes: at
	// 1M rows only 204,800 came back), and slicing on the number skips row groups by their zone
	// maps, where a filter on rowid rescanned the whole table for every slice.
	await c.run('DROP TABLE IF EXISTS theme_input');
	await c.run(
		`CREATE TEMP TABLE theme_input AS
		 SELECT row_number() OVER () AS n, rowid AS rid, ${MODEL_TEXT_SQL} AS text,
			concat_ws(' ', ${label}, title, description) AS kw
		 FROM ${table} WHERE ${opts.where}`
	);
	const [{ total }] = await all<{ total: number }>(
		c,
		'SELECT count(*)::INTEGER AS total FROM theme_input'
	);
	const appender = await c.createAppender('theme_predictions');
	let rows = 0;
	try {
		for (let lo = 0; lo < total; lo += SLICE) {
			const reader = await c.runAndReadAll(
				'SELECT rid, text, kw FROM theme_input WHERE n > $1 AND n <= $2',
				[lo, lo + SLICE]
			);
			const [rids, texts, kws] = reader.getColumns() as [bigint[], string[], string[]];
			for (let i = 0; i < rids.length; i++) {
				const p = predictFeatures(classifier, textFeatures(texts[i]), kws[i]);
				byMethod[p.method]++;
				appender.appendBigInt(rids[i]);
				appender.appendVarchar(p.theme);
				if (p.confidence === null) appender.appendNull();
				else appender.appendDouble(p.confidence);
				appender.appendVarchar(p.evidence.join('|'));
				appender.endRow();
			}
			rows += rids.length;
		}
		appender.flushSync();
	} finally {
		appender.closeSync();
	}
	const [{ changed }] = await all<{ changed: number }>(
		c,
		`SELECT count(*)::INTEGER AS changed FROM ${table} t JOIN theme_predictions p ON t.rowid = p.rid
		 WHERE t.theme IS DISTINCT FROM p.theme`
	);
	await c.run(
		`UPDATE ${table} AS t SET theme = p.theme, theme_source = 'classified',
			theme_confidence = p.confidence,
			theme_evidence = CASE WHEN p.evidence = '' THEN []::VARCHAR[] ELSE string_split(p.evidence, '|') END
		 FROM theme_predictions p WHERE t.rowid = p.rid`
	);
	await c.run('DROP TABLE theme_predictions');
	await c.run('DROP TABLE theme_input');
	return { rows, changed, byMethod };
}
