// The theme classifier as the rest of the app sees it: trained from labelled rows (train), asked
// for a theme with a confidence and its deciding words (predict). Themes with too few labelled rows
// for the model, and a deployment with none yet, fall back on the keyword rules, which so stay the
// prior for a cold start. Called by retrain.ts, classify-batch.ts and evaluate.ts.
import type { ThemePrediction } from '../../domain/theme-classifier';
import { fallbackTheme, keywordTheme, type ThemeRule } from './keyword-rules';
import {
	buildVocabulary,
	fitTemperature,
	predictVector,
	trainComplementNB,
	trainLogistic,
	vectorize,
	type LinearModel
} from './linear-model';
import { textFeatures, type Feature } from './text-features';

/** A theme needs this many labelled rows before the model learns it; below, its keywords decide. */
export const MIN_THEME_ROWS = 5;
/** Below this many labelled rows in all, complement naive Bayes is trained instead. */
export const MIN_LOGISTIC_ROWS = 100;
/** A keyword hit for a theme the model does not know wins unless the model is at least this sure. */
export const KEYWORD_OVERRIDE = 0.8;

export interface LabelledText {
	theme: string;
	text: string;
}

export interface ThemeClassifier {
	/** Null on a cold start: fewer than two themes have MIN_THEME_ROWS labelled rows. */
	model: LinearModel | null;
	index: Map<Feature, number>;
	/** The taxonomy's keyword rules in force, in taxonomy order. */
	rules: ThemeRule[];
	/** Themes of the taxonomy the model does not predict; their keywords still do. */
	coldRules: ThemeRule[];
	fallback: string;
	/** Labelled rows per theme the model was trained on (every theme of the taxonomy). */
	themeRows: Record<string, number>;
}

/** A classifier from its stored parts (model-store.ts) or a fresh training. */
export function assemble(
	model: LinearModel | null,
	rules: ThemeRule[],
	themeRows: Record<string, number>
): ThemeClassifier {
	const known = new Set(model?.themes ?? []);
	return {
		model,
		index: new Map((model?.features ?? []).map((f, i) => [f, i])),
		rules,
		coldRules: rules.filter((r) => !known.has(r.code)),
		fallback: fallbackTheme(rules),
		themeRows
	};
}

/** Trains on already tokenised rows (evaluate.ts tokenises once for every fold). */
export function trainOnFeatures(
	docs: Feature[][],
	labels: string[],
	rules: ThemeRule[],
	opts: { seed?: number } = {}
): ThemeClassifier {
	const themeRows: Record<string, number> = Object.fromEntries(rules.map((r) => [r.code, 0]));
	for (const label of labels) if (label in themeRows) themeRows[label]++;
	const themes = rules.map((r) => r.code).filter((code) => themeRows[code] >= MIN_THEME_ROWS);
	if (themes.length < 2) return assemble(null, rules, themeRows);
	const classOf = new Map(themes.map((t, i) => [t, i]));
	const keep = labels.flatMap((l, i) => (classOf.has(l) ? [i] : []));
	const vocabulary = buildVocabulary(keep.map((i) => docs[i]));
	const X = keep.map((i) => vectorize(docs[i], vocabulary.index, vocabulary.idf));
	const y = Int32Array.from(keep, (i) => classOf.get(labels[i])!);
	const F = vocabulary.features.length;
	const tiny = keep.length < MIN_LOGISTIC_ROWS;
	const { weights, bias } = tiny
		? trainComplementNB(X, y, themes.length, F)
		: trainLogistic(X, y, themes.length, F, { seed: opts.seed });
	const model: LinearModel = {
		kind: tiny ? 'complement_nb' : 'logistic',
		themes,
		features: vocabulary.features,
		idf: vocabulary.idf,
		weights,
		bias,
		temperature: 1
	};
	if (tiny) model.temperature = fitTemperature(model, X, y);
	return assemble(model, rules, themeRows);
}

export function train(rows: LabelledText[], rules: ThemeRule[]): ThemeClassifier {
	return trainOnFeatures(
		rows.map((r) => textFeatures(r.text)),
		rows.map((r) => r.theme),
		rules
	);
}

/**
 * The theme of a text already tokenised. `keywordText` is what the keyword rules read (the
 * file's unknown label, title and description, as at ingest).
 */
export function predictFeatures(
	classifier: ThemeClassifier,
	features: Feature[],
	keywordText: string
): ThemePrediction {
	const { model } = classifier;
	const cold = keywordTheme(classifier.coldRules, keywordText);
	if (!model) {
		return cold
			? {
					theme: cold.code,
					confidence: null,
					evidence: cold.keywords.slice(0, 3),
					method: 'keywords'
				}
			: { theme: classifier.fallback, confidence: null, evidence: [], method: 'fallback' };
	}
	const x = vectorize(features, classifier.index, model.idf);
	const p = predictVector(model, x);
	if (cold && p.confidence < KEYWORD_OVERRIDE) {
		return {
			theme: cold.code,
			confidence: null,
			evidence: cold.keywords.slice(0, 3),
			method: 'keywords'
		};
	}
	return {
		theme: model.themes[p.best],
		confidence: Math.round(p.confidence * 1000) / 1000,
		evidence: p.evidence,
		method: 'model'
	};
}

export function predict(classifier: ThemeClassifier, text: string, label = ''): ThemePrediction {
	return predictFeatures(classifier, textFeatures(text), label ? `${label} ${text}` : text);
}
