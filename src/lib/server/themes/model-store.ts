// The trained theme model in the database (tables theme_models and theme_model_features, migration
// 6), so a restart keeps it: saveModel replaces it, loadClassifier reads it back with the
// taxonomy's current keyword rules. Called by retrain.ts and by whoever classifies (ingest, CLI).
import { FLOAT, LIST, type DuckDBConnection } from '@duckdb/node-api';
import { all } from '../db/database';
import { currentRules } from '../admin/reclassify';
import { assemble, type ThemeClassifier } from './classifier';
import type { LinearModel } from './linear-model';

export interface StoredModelInfo {
	trainedAt: string;
	kind: LinearModel['kind'];
	themes: string[];
	features: number;
	labelledRows: number;
	themeRows: Record<string, number>;
}

/** Replaces the stored model (a null model, on a cold start, leaves none). Run in a transaction. */
export async function saveModel(
	c: DuckDBConnection,
	classifier: ThemeClassifier,
	labelledRows: number
): Promise<void> {
	await c.run('DELETE FROM theme_models');
	await c.run('DELETE FROM theme_model_features');
	const { model } = classifier;
	if (!model) return;
	await c.run(
		`INSERT INTO theme_models (kind, themes, bias, temperature, labelled_rows, theme_rows)
		 VALUES ($1, $2::JSON::VARCHAR[], $3::JSON::FLOAT[], $4, $5, $6::JSON)`,
		[
			model.kind,
			JSON.stringify(model.themes),
			JSON.stringify(Array.from(model.bias)),
			model.temperature,
			labelledRows,
			JSON.stringify(classifier.themeRows)
		]
	);
	// The appender is the fast way in: 100k features x 7 themes as JSON text took seconds.
	const K = model.themes.length;
	// Typed: a row of weights starting with an exact 0 would otherwise be taken for integers.
	const FLOAT_LIST = LIST(FLOAT);
	const appender = await c.createAppender('theme_model_features');
	try {
		for (let i = 0; i < model.features.length; i++) {
			appender.appendVarchar(model.features[i]);
			appender.appendFloat(model.idf[i]);
			appender.appendList(Array.from(model.weights.subarray(i * K, (i + 1) * K)), FLOAT_LIST);
			appender.endRow();
		}
		appender.flushSync();
	} finally {
		appender.closeSync();
	}
}

/** What is stored, or null when no model has been trained. */
export async function modelInfo(c: DuckDBConnection): Promise<StoredModelInfo | null> {
	const [row] = await all<{
		trainedAt: string;
		kind: LinearModel['kind'];
		themes: string[];
		labelledRows: number;
		themeRows: string;
		features: number;
	}>(
		c,
		`SELECT strftime(trained_at, '%Y-%m-%d %H:%M:%S') AS "trainedAt", kind, themes,
			labelled_rows AS "labelledRows", theme_rows::VARCHAR AS "themeRows",
			(SELECT count(*)::INTEGER FROM theme_model_features) AS features
		 FROM theme_models LIMIT 1`
	);
	return row ? { ...row, themes: [...row.themes], themeRows: JSON.parse(row.themeRows) } : null;
}

/**
 * The classifier to use now: the stored model with the taxonomy's current rules. A model that
 * names a theme the taxonomy no longer has (after `themes import`) is set aside until retrained,
 * and the keyword rules alone decide, as on a cold start.
 */
export async function loadClassifier(c: DuckDBConnection): Promise<ThemeClassifier> {
	const rules = await currentRules(c);
	const codes = new Set(rules.map((r) => r.code));
	const [meta] = await all<{
		kind: LinearModel['kind'];
		themes: string[];
		bias: number[];
		temperature: number;
		themeRows: string;
	}>(
		c,
		`SELECT kind, themes, bias::DOUBLE[] AS bias, temperature, theme_rows::VARCHAR AS "themeRows"
		 FROM theme_models LIMIT 1`
	);
	if (!meta || !meta.themes.every((t) => codes.has(t))) return assemble(null, rules, {});
	const K = meta.themes.length;
	const reader = await c.runAndReadAll(
		'SELECT feature, idf::DOUBLE AS idf, weights::DOUBLE[] AS weights FROM theme_model_features'
	);
	const rows = reader.getRowsJS() as [string, number, number[]][];
	const weights = new Float32Array(rows.length * K);
	rows.forEach(([, , w], i) => weights.set(w, i * K));
	const model: LinearModel = {
		kind: meta.kind,
		themes: [...meta.themes],
		features: rows.map((r) => r[0]),
		idf: Float32Array.from(rows, (r) => r[1]),
		weights,
		bias: Float32Array.from(meta.bias),
		temperature: meta.temperature
	};
	return assemble(model, rules, JSON.parse(meta.themeRows));
}
