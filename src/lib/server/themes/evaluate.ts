// `ledger themes evaluate`: k-fold cross-validation over the labelled problems, so a deployment
// knows how far to trust automatic themes before relying on them. Each fold trains the classifier
// as retrain.ts would on the other folds and predicts the held-out fold as if its rows had no
// label; the keyword rules alone are scored on the same held-out rows, side by side.
import { classificationMetrics, type ThemeEvaluation } from '../../domain/theme-classifier';
import type { LedgerDatabase } from '../db/database';
import { currentRules } from '../admin/reclassify';
import { predictFeatures, trainOnFeatures } from './classifier';
import { fallbackTheme, keywordTheme, type ThemeRule } from './keyword-rules';
import { labelledProblems } from './labelled-rows';
import { mulberry32 } from '../seeded-random';
import { textFeatures } from './text-features';
import type { LabelledText } from './classifier';

export class EvaluationError extends Error {}

/**
 * Stratified folds: each theme's rows shuffled (seeded) and dealt round-robin, so every fold has
 * each theme in proportion. Returns the fold of each row.
 */
export function assignFolds(labels: readonly string[], folds: number, seed = 17): Int32Array {
	const random = mulberry32(seed);
	const fold = new Int32Array(labels.length);
	const byTheme = new Map<string, number[]>();
	labels.forEach((l, i) => byTheme.set(l, [...(byTheme.get(l) ?? []), i]));
	let next = 0;
	for (const theme of [...byTheme.keys()].sort()) {
		const rows = byTheme.get(theme)!;
		for (let i = rows.length - 1; i > 0; i--) {
			const j = Math.floor(random() * (i + 1));
			[rows[i], rows[j]] = [rows[j], rows[i]];
		}
		// Continue the deal where the previous theme stopped, so small themes do not all land in fold 0.
		for (const r of rows) fold[r] = next++ % folds;
	}
	return fold;
}

/** Cross-validates the classifier and the keyword rules on `rows`. */
export function crossValidate(
	rows: readonly LabelledText[],
	rules: ThemeRule[],
	folds: number
): ThemeEvaluation {
	const t0 = performance.now();
	if (!Number.isInteger(folds) || folds < 2) throw new EvaluationError('折数至少为 2。');
	if (rows.length < folds * 2)
		throw new EvaluationError(
			`带主题标签的问题只有 ${rows.length} 条，不够做 ${folds} 折交叉验证（至少 ${folds * 2} 条）。`
		);
	const docs = rows.map((r) => textFeatures(r.text));
	const labels = rows.map((r) => r.theme);
	const fold = assignFolds(labels, folds);
	const fallback = fallbackTheme(rules);
	const model: { actual: string; predicted: string }[] = [];
	const keywords: { actual: string; predicted: string }[] = [];
	for (let f = 0; f < folds; f++) {
		const trainIdx = rows.flatMap((_, i) => (fold[i] === f ? [] : [i]));
		const classifier = trainOnFeatures(
			trainIdx.map((i) => docs[i]),
			trainIdx.map((i) => labels[i]),
			rules
		);
		rows.forEach((r, i) => {
			if (fold[i] !== f) return;
			model.push({
				actual: r.theme,
				predicted: predictFeatures(classifier, docs[i], r.text).theme
			});
			keywords.push({ actual: r.theme, predicted: keywordTheme(rules, r.text)?.code ?? fallback });
		});
	}
	const order = rules.map((r) => r.code);
	const themeRows = Object.fromEntries(order.map((c) => [c, 0]));
	for (const l of labels) themeRows[l] = (themeRows[l] ?? 0) + 1;
	return {
		folds,
		labelledRows: rows.length,
		themeRows,
		model: classificationMetrics(order, model),
		keywords: classificationMetrics(order, keywords),
		seconds: (performance.now() - t0) / 1000
	};
}

/** Cross-validation over the labelled problems in the database. */
export async function evaluate(
	db: LedgerDatabase,
	opts: { folds?: number } = {}
): Promise<ThemeEvaluation> {
	const { rows, rules } = await db.withConnection(async (c) => ({
		rows: await labelledProblems(c),
		rules: await currentRules(c)
	}));
	return crossValidate(rows, rules, opts.folds ?? 5);
}
