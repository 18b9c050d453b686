// The theme classifier on generated citizen messages (labelled-text.ts): seven categories, a
// taxonomy without keywords, four fifths labelled and one fifth blank, in a real DuckDB. Blank rows
// must reach macro-F1 ≥ 0.80 (issue 17); confidence must mean something; the model survives a
// restart; evaluate's figures match a computation done here independently; nothing is downloaded.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LedgerDatabase } from '../../src/lib/server/db/database';
import { importThemes } from '../../src/lib/server/db/themes';
import { insertProblems } from '../../src/lib/server/admin/test-support';
import { predict, train } from '../../src/lib/server/themes/classifier';
import { evaluate } from '../../src/lib/server/themes/evaluate';
import { assignFolds } from '../../src/lib/server/themes/evaluate';
import { labelledProblems } from '../../src/lib/server/themes/labelled-rows';
import { loadClassifier, modelInfo } from '../../src/lib/server/themes/model-store';
import { retrain } from '../../src/lib/server/themes/retrain';
import {
	CATEGORIES,
	codeOfLabel,
	labelledMessages,
	taxonomyCsv,
	type LabelledMessage
} from './labelled-text';

const MESSAGES = labelledMessages(494);
const LAST = CATEGORIES.at(-1)!.code;

let dir: string;
let db: LedgerDatabase;

/** The messages as problems: labelled ones from the file, blank ones classified (as ingest leaves them). */
async function load(target: LedgerDatabase, messages: LabelledMessage[]): Promise<void> {
	const file = path.join(dir, 'taxonomy.csv');
	fs.writeFileSync(file, taxonomyCsv());
	await importThemes(target, file);
	await insertProblems(
		target,
		messages.map((m) => ({
			problemId: m.id,
			theme: m.label ? codeOfLabel(m.label) : LAST,
			source: m.label ? 'file' : 'classified',
			title: m.title,
			description: m.description
		}))
	);
}

async function blankRows(): Promise<
	{ id: string; theme: string; confidence: number | null; evidence: string[] }[]
> {
	return db.all(
		`SELECT problem_id AS id, theme, theme_confidence AS confidence, theme_evidence AS evidence
		 FROM problems WHERE theme_source = 'classified' ORDER BY problem_id`
	);
}

const truth = new Map(MESSAGES.map((m) => [m.id, m.truth]));

/** Macro-F1 computed plainly, without the module under test. */
function macroF1(pairs: { actual: string; predicted: string }[]): number {
	const themes = [...new Set(pairs.map((p) => p.actual))];
	const f1s = themes.map((t) => {
		const tp = pairs.filter((p) => p.actual === t && p.predicted === t).length;
		const fp = pairs.filter((p) => p.actual !== t && p.predicted === t).length;
		const fn = pairs.filter((p) => p.actual === t && p.predicted !== t).length;
		const precision = tp + fp ? tp / (tp + fp) : 0;
		const recall = tp + fn ? tp / (tp + fn) : 0;
		return precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
	});
	return f1s.reduce((a, b) => a + b, 0) / f1s.length;
}

beforeEach(async () => {
	dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'ledger-themes-'));
	db = await LedgerDatabase.open(path.join(dir, 'ledger.duckdb'));
	await load(db, MESSAGES);
});
afterEach(async () => {
	db.close();
	await fs.promises.rm(dir, { recursive: true, force: true });
});

describe('retrain on a taxonomy without keywords', () => {
	it('gives the blank fifth the right themes (macro-F1 ≥ 0.80), with confidence and evidence', async () => {
		const before = await blankRows();
		expect(before.every((r) => r.theme === LAST)).toBe(true); // what keyword rules alone give

		const result = await retrain(db);
		expect(result.kind).toBe('logistic');
		expect(result.themes).toEqual(CATEGORIES.map((c) => c.code));
		expect(result.labelledRows).toBe(MESSAGES.filter((m) => m.label).length);
		expect(result.reclassified.rows).toBe(before.length);

		const after = await blankRows();
		const pairs = after.map((r) => ({ actual: truth.get(r.id)!, predicted: r.theme }));
		const f1 = macroF1(pairs);
		console.log(`held-out blank rows: ${after.length}, macro-F1 ${f1.toFixed(3)}`);
		expect(f1).toBeGreaterThanOrEqual(0.8);
		for (const r of after) {
			expect(r.confidence).toBeGreaterThan(0);
			expect(r.confidence).toBeLessThanOrEqual(1);
			expect(r.evidence.length).toBeGreaterThanOrEqual(1);
			expect(r.evidence.length).toBeLessThanOrEqual(3);
		}
	});

	it('is surer of the rows it gets right', async () => {
		await retrain(db);
		const rows = (await blankRows()).map((r) => ({
			confidence: r.confidence!,
			right: truth.get(r.id) === r.theme
		}));
		const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
		const right = rows.filter((r) => r.right).map((r) => r.confidence);
		const wrong = rows.filter((r) => !r.right).map((r) => r.confidence);
		expect(wrong.length).toBeGreaterThan(0); // the set is not trivially easy
		expect(mean(right)).toBeGreaterThan(mean(wrong));
		// Ranked by confidence, the surer half is at least as accurate as the less sure half.
		rows.sort((a, b) => b.confidence - a.confidence);
		const half = Math.floor(rows.length / 2);
		const accuracy = (xs: typeof rows) => xs.filter((r) => r.right).length / xs.length;
		expect(accuracy(rows.slice(0, half))).toBeGreaterThanOrEqual(accuracy(rows.slice(half)));
		expect(accuracy(rows.slice(0, half))).toBeGreaterThan(0.9);
	});

	it('names the words that decided, from the text itself', async () => {
		await retrain(db);
		const classifier = await db.withConnection((c) => loadClassifier(c));
		const p = predict(classifier, '小区楼下的烧烤摊油烟直排，熏得窗户都不敢开，请环保部门查处。');
		expect(p.theme).toBe('environment');
		expect(p.method).toBe('model');
		expect(p.evidence.length).toBeGreaterThanOrEqual(2);
		for (const word of p.evidence)
			expect('小区楼下的烧烤摊油烟直排，熏得窗户都不敢开，请环保部门查处。').toContain(word);
		const wage = predict(classifier, '包工头拖欠我们工资不给，年底了还没拿到钱');
		expect(wage.theme).toBe('labour');
		expect(wage.confidence).toBeGreaterThan(p.confidence! - 0.5);
	});

	it('keeps the model across a restart, and a second retrain changes nothing', async () => {
		const first = await retrain(db);
		const themes = await blankRows();
		const info = await db.withConnection((c) => modelInfo(c));
		expect(info).toMatchObject({
			kind: 'logistic',
			labelledRows: first.labelledRows,
			features: first.features
		});
		db.close();
		db = await LedgerDatabase.open(path.join(dir, 'ledger.duckdb'));
		const classifier = await db.withConnection((c) => loadClassifier(c));
		expect(classifier.model?.features.length).toBe(first.features);
		const again = await retrain(db);
		expect(again.reclassified.changed).toBe(0);
		expect(await blankRows()).toEqual(themes);
	});

	it('learns from new labels on retrain: a row an analyst mapped counts as a label', async () => {
		await retrain(db);
		const [row] = await blankRows();
		await db.all(`UPDATE problems SET theme = $1, theme_source = 'mapping' WHERE problem_id = $2`, [
			truth.get(row.id)!,
			row.id
		]);
		const result = await retrain(db);
		expect(result.labelledRows).toBe(MESSAGES.filter((m) => m.label).length + 1);
		expect(result.reclassified.rows).toBe(MESSAGES.filter((m) => !m.label).length - 1);
		const labelled = await db.withConnection((c) => labelledProblems(c));
		expect(labelled.find((l) => l.problemId === row.id)?.theme).toBe(truth.get(row.id));
	});
});

describe('evaluate', () => {
	it('matches an independent cross-validation of the same folds', async () => {
		const result = await evaluate(db, { folds: 5 });
		const labelled = MESSAGES.filter((m) => m.label);
		expect(result.labelledRows).toBe(labelled.length);
		expect(result.model.rows).toBe(labelled.length);
		console.log(
			`evaluate, 5 folds: model accuracy ${result.model.accuracy.toFixed(3)}, macro-F1 ${result.model.macroF1.toFixed(3)}; ` +
				`keywords accuracy ${result.keywords.accuracy.toFixed(3)}, macro-F1 ${result.keywords.macroF1.toFixed(3)} (${result.seconds.toFixed(1)} s)`
		);

		// The same folds, trained and predicted through the public API, scored here.
		const rows = await db.withConnection((c) => labelledProblems(c));
		const rules = CATEGORIES.map((c) => ({ code: c.code, keywords: [] }));
		const fold = assignFolds(
			rows.map((r) => r.theme),
			5
		);
		const pairs: { actual: string; predicted: string }[] = [];
		for (let f = 0; f < 5; f++) {
			const classifier = train(
				rows.filter((_, i) => fold[i] !== f),
				rules
			);
			rows.forEach((r, i) => {
				if (fold[i] === f)
					pairs.push({ actual: r.theme, predicted: predict(classifier, r.text).theme });
			});
		}
		const correct = pairs.filter((p) => p.actual === p.predicted).length;
		expect(result.model.accuracy).toBeCloseTo(correct / pairs.length, 10);
		expect(result.model.macroF1).toBeCloseTo(macroF1(pairs), 10);
		expect(result.model.macroF1).toBeGreaterThan(0.8);
		for (const t of result.model.perTheme) {
			const tp = pairs.filter((p) => p.actual === t.theme && p.predicted === t.theme).length;
			const support = pairs.filter((p) => p.actual === t.theme).length;
			const predicted = pairs.filter((p) => p.predicted === t.theme).length;
			expect(t.support).toBe(support);
			expect(t.recall).toBeCloseTo(tp / support, 10);
			expect(t.precision).toBeCloseTo(tp / predicted, 10);
		}
		const i = result.model.themes.indexOf('labour');
		const j = result.model.themes.indexOf('health');
		expect(result.model.confusion[i][j]).toBe(
			pairs.filter((p) => p.actual === 'labour' && p.predicted === 'health').length
		);

		// No keywords: the rules put everything in the taxonomy's last theme.
		expect(result.keywords.accuracy).toBeCloseTo(
			labelled.filter((m) => codeOfLabel(m.label!) === LAST).length / labelled.length,
			10
		);
	});

	it('refuses too few labelled rows, in Chinese', async () => {
		await db.all(`UPDATE problems SET theme_source = 'classified'`);
		await expect(evaluate(db, { folds: 5 })).rejects.toThrow(/带主题标签的问题只有 0 条/);
	});
});

describe('nothing is downloaded', () => {
	it('segments and trains with the network refused, from a dictionary inside node_modules', async () => {
		const require = createRequire(import.meta.url);
		const dict = require.resolve('@node-rs/jieba/dict.txt');
		expect(dict).toContain(`node_modules${path.sep}`);
		expect(fs.statSync(dict).size).toBeGreaterThan(1_000_000);
		const refuse = vi.fn(() => {
			throw new Error('no network in this test');
		});
		vi.stubGlobal('fetch', refuse);
		try {
			const result = await retrain(db);
			expect(result.kind).toBe('logistic');
			expect(refuse).not.toHaveBeenCalled();
		} finally {
			vi.unstubAllGlobals();
		}
	});
});
