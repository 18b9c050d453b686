// `ledger themes retrain` (and, later, the admin button): trains the classifier on every labelled
// problem, stores it, and re-classifies the problems whose theme was classified, all in one
// transaction, so the stored themes always come from the stored model.
import type { LedgerDatabase } from '../db/database';
import { currentRules } from '../admin/reclassify';
import { train } from './classifier';
import { classifyBatch, type BatchResult } from './classify-batch';
import { labelledProblems } from './labelled-rows';
import { saveModel } from './model-store';

export interface RetrainResult {
	labelledRows: number;
	/** null on a cold start: the keyword rules alone classify. */
	kind: 'logistic' | 'complement_nb' | null;
	/** Themes the model predicts. */
	themes: string[];
	/** Themes with too few labelled rows, left to their keywords. */
	coldThemes: string[];
	themeRows: Record<string, number>;
	features: number;
	reclassified: BatchResult;
	trainSeconds: number;
	seconds: number;
}

export async function retrain(db: LedgerDatabase): Promise<RetrainResult> {
	const t0 = performance.now();
	const { rows, rules } = await db.withConnection(async (c) => ({
		rows: await labelledProblems(c),
		rules: await currentRules(c)
	}));
	const classifier = train(rows, rules);
	const trainSeconds = (performance.now() - t0) / 1000;
	const reclassified = await db.transaction(async (c) => {
		await saveModel(c, classifier, rows.length);
		return classifyBatch(c, 'problems', {
			where: "theme_source = 'classified'",
			labelColumn: 'theme_label',
			classifier
		});
	});
	return {
		labelledRows: rows.length,
		kind: classifier.model?.kind ?? null,
		themes: classifier.model?.themes ?? [],
		coldThemes: classifier.coldRules.map((r) => r.code),
		themeRows: classifier.themeRows,
		features: classifier.model?.features.length ?? 0,
		reclassified,
		trainSeconds,
		seconds: (performance.now() - t0) / 1000
	};
}
