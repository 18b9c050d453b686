// What the theme classifier tells the browser: a row's automatic theme with its confidence and
// deciding words, and `themes evaluate`'s figures. Metrics are computed here, in plain code, from
// (actual, predicted) pairs, so the CLI, the admin page and the tests read the same numbers.

export interface ThemePrediction {
	theme: string;
	/** The model's probability for the theme, 0–1; null when the keyword rules decided. */
	confidence: number | null;
	/** The two or three words that decided it (for the keyword rules, the keywords found). */
	evidence: string[];
	/** model: the trained classifier; keywords: a keyword rule; fallback: nothing matched. */
	method: 'model' | 'keywords' | 'fallback';
}

export interface ThemeScore {
	theme: string;
	/** Rows labelled with this theme among the evaluated ones. */
	support: number;
	/** Rows predicted as this theme. */
	predicted: number;
	/** null when the theme was never predicted (precision) or never present (recall). */
	precision: number | null;
	recall: number | null;
	f1: number;
}

export interface ClassificationMetrics {
	rows: number;
	accuracy: number;
	/** Mean F1 over the themes present in the labels (a theme never labelled is left out). */
	macroF1: number;
	perTheme: ThemeScore[];
	/** Row and column order; rows are the labelled theme, columns the predicted one. */
	themes: string[];
	confusion: number[][];
}

/**
 * Accuracy, macro-F1, per-theme precision/recall and the confusion matrix of `pairs`. `themes`
 * fixes the order; a predicted theme outside it (e.g. `other` from the rules) is appended.
 */
export function classificationMetrics(
	themes: readonly string[],
	pairs: readonly { actual: string; predicted: string }[]
): ClassificationMetrics {
	const order = [...themes];
	for (const p of pairs) {
		if (!order.includes(p.actual)) order.push(p.actual);
		if (!order.includes(p.predicted)) order.push(p.predicted);
	}
	const at = new Map(order.map((t, i) => [t, i]));
	const confusion = order.map(() => order.map(() => 0));
	let correct = 0;
	for (const p of pairs) {
		confusion[at.get(p.actual)!][at.get(p.predicted)!]++;
		if (p.actual === p.predicted) correct++;
	}
	const perTheme: ThemeScore[] = order.map((theme, i) => {
		const tp = confusion[i][i];
		const support = confusion[i].reduce((a, b) => a + b, 0);
		const predicted = confusion.reduce((a, row) => a + row[i], 0);
		const precision = predicted ? tp / predicted : null;
		const recall = support ? tp / support : null;
		const f1 = tp ? (2 * tp) / (support + predicted) : 0;
		return { theme, support, predicted, precision, recall, f1 };
	});
	const present = perTheme.filter((t) => t.support > 0);
	return {
		rows: pairs.length,
		accuracy: pairs.length ? correct / pairs.length : 0,
		macroF1: present.length ? present.reduce((a, t) => a + t.f1, 0) / present.length : 0,
		perTheme,
		themes: order,
		confusion
	};
}

export interface ThemeEvaluation {
	folds: number;
	/** Labelled rows the folds were drawn from. */
	labelledRows: number;
	/** Labelled rows per theme of the taxonomy. */
	themeRows: Record<string, number>;
	model: ClassificationMetrics;
	keywords: ClassificationMetrics;
	/** Seconds for the whole cross-validation. */
	seconds: number;
}
