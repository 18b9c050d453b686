// The rows the classifier learns from: problems whose theme a person gave (the file's own column,
// an analyst's mapping of the file's label, or a confirmed automatic theme), and only themes the
// taxonomy still has. The model reads title and description, never the label itself.
import type { DuckDBConnection } from '@duckdb/node-api';
import { all } from '../db/database';
import type { LabelledText } from './classifier';

/** theme_source values that mean a person chose the theme. */
export const LABEL_SOURCES = ['file', 'mapping', 'confirmed'] as const;

/** The text the model reads, as SQL over a table with title and description columns. */
export const MODEL_TEXT_SQL = "concat_ws(' ', title, description)";

export interface LabelledProblem extends LabelledText {
	community: string;
	problemId: string;
}

/** Every labelled problem, in a stable order (folds and training are reproducible). */
export async function labelledProblems(c: DuckDBConnection): Promise<LabelledProblem[]> {
	return all<LabelledProblem>(
		c,
		`SELECT community, problem_id AS "problemId", theme, ${MODEL_TEXT_SQL} AS text
		 FROM problems
		 WHERE theme_source IN (SELECT unnest($1::JSON::VARCHAR[])) AND theme IN (SELECT code FROM themes)
		 ORDER BY community, problem_id`,
		[JSON.stringify(LABEL_SOURCES)]
	);
}
