// The classifier an upload uses for its rows without a (known) theme. The stored model, while it
// still reflects the labelled problems; a new one trained on the stored labels and the file's own
// when the file changes them enough — so a file that is four fifths labelled classifies its last
// fifth from its own labels on the first upload, and the preview shows what the commit will write
// (both train the same model on the same rows). A fully labelled file classifies nothing, loads
// nothing and trains nothing. Called by ingest/normalise.ts; the commit (ingest/commit.ts) stores a
// newly trained model and re-classifies the stored automatic themes with it.
import type { DuckDBConnection } from '@duckdb/node-api';
import { all } from '../db/database';
import { assemble, train, type ThemeClassifier } from './classifier';
import type { ThemeRule } from './keyword-rules';
import { LABEL_SOURCES, MODEL_TEXT_SQL } from './labelled-rows';
import { loadClassifier } from './model-store';

/** The model is trained again once the labelled rows differ from its own by this share… */
export const RETRAIN_SHARE = 0.1;
/** …and by at least this many rows. */
export const RETRAIN_MIN_ROWS = 20;

export interface TrainedForBatch {
	classifier: ThemeClassifier;
	/** The labelled rows it learnt from (the stored ones this file does not replace, and the file's). */
	labelledRows: number;
}

export interface BatchClassifier {
	classifier: ThemeClassifier;
	/** Set when the batch trained a model of its own, for the commit to store. */
	trained: TrainedForBatch | null;
}

/** Whether a model trained on `modelRows` labelled rows is stale for `nowRows`. */
export function needsRetrain(modelRows: number | null, nowRows: number): boolean {
	if (modelRows === null) return nowRows > 0;
	const diff = Math.abs(nowRows - modelRows);
	return diff >= RETRAIN_MIN_ROWS && diff >= RETRAIN_SHARE * modelRows;
}

/**
 * The classifier for the rows of `normTable` that `where` selects, or null when there are none.
 * `normTable` has the normalised columns (community, problem_id, theme, theme_source, title,
 * description, blank); `rules` are the taxonomy's keyword rules in taxonomy order.
 */
export async function classifierForBatch(
	c: DuckDBConnection,
	normTable: string,
	where: string,
	rules: ThemeRule[]
): Promise<BatchClassifier | null> {
	const [{ pending, labelled, stored, modelRows, dbLabelled }] = await all<{
		pending: number;
		labelled: number;
		stored: number;
		modelRows: number | null;
		dbLabelled: number;
	}>(
		c,
		`WITH sources AS (SELECT unnest($1::JSON::VARCHAR[]) AS s)
		 SELECT
			(SELECT count(*) FROM ${normTable} WHERE ${where})::INTEGER AS pending,
			(SELECT count(*) FROM ${fileLabelled(normTable)})::INTEGER AS labelled,
			(SELECT count(*) FROM ${storedLabelled(normTable)})::INTEGER AS stored,
			(SELECT count(*) FROM problems WHERE theme_source IN (SELECT s FROM sources)
				AND theme IN (SELECT code FROM themes))::INTEGER AS "dbLabelled",
			(SELECT any_value(labelled_rows) FROM theme_models) AS "modelRows"`,
		[JSON.stringify(LABEL_SOURCES)]
	);
	if (pending === 0) return null;
	// Without new labels in the file the stored model (or, with none, the keyword rules) holds.
	const nowRows = stored + labelled;
	if (labelled === 0 || !needsRetrain(modelRows, nowRows)) {
		const classifier = await loadClassifier(c);
		// A stored model set aside (its themes no longer in the taxonomy) is rebuilt from the labels.
		if (classifier.model || dbLabelled === 0) return { classifier, trained: null };
	}
	const rows = await all<{ theme: string; text: string }>(
		c,
		`SELECT theme, text FROM (
			SELECT community, problem_id, theme, ${MODEL_TEXT_SQL} AS text, 0 AS origin FROM ${storedLabelled(normTable)}
			UNION ALL
			SELECT community, problem_id, theme, ${MODEL_TEXT_SQL} AS text, 1 AS origin FROM ${fileLabelled(normTable)}
		 ) ORDER BY community, problem_id, origin, text`,
		[JSON.stringify(LABEL_SOURCES)]
	);
	if (rows.length === 0) return { classifier: assemble(null, rules, {}), trained: null };
	const classifier = train(rows, rules);
	return { classifier, trained: { classifier, labelledRows: rows.length } };
}

/** The file's rows a person labelled (its theme column or the mapping), that would be stored. */
function fileLabelled(normTable: string): string {
	return `(SELECT * FROM ${normTable}
		WHERE NOT blank AND theme_source IN ('file', 'mapping') AND community IS NOT NULL AND problem_id IS NOT NULL
			AND theme IN (SELECT code FROM themes))`;
}

/**
 * The stored labelled problems whose label this file does not replace (a blank theme cell keeps
 * the stored label, commit.ts). Its $1 is LABEL_SOURCES as JSON.
 */
function storedLabelled(normTable: string): string {
	return `(SELECT * FROM problems p
		WHERE p.theme_source IN (SELECT unnest($1::JSON::VARCHAR[])) AND p.theme IN (SELECT code FROM themes)
			AND NOT EXISTS (SELECT 1 FROM ${fileLabelled(normTable)} n
				WHERE n.community = p.community AND n.problem_id = p.problem_id))`;
}
