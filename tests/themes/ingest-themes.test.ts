// The classifier at ingest (themes/ingest-classifier.ts, ingest/normalise.ts, ingest/commit.ts):
// a file four fifths labelled classifies its blank fifth from its own labels on the first upload,
// under a taxonomy without keywords; the preview shows what the commit writes; a file without new
// labels uses the stored model; a fully labelled file trains and classifies nothing; a blank theme
// cell never replaces a label a person gave; a new model re-classifies the stored automatic themes.
import { describe, expect, it } from 'vitest';
import { classificationMetrics } from '../../src/lib/domain/theme-classifier';
import { importThemes } from '../../src/lib/server/db/themes';
import { ingestFile } from '../../src/lib/server/ingest/pipeline';
import { getProblem } from '../../src/lib/server/dashboard/problem-list';
import { problemKey } from '../../src/lib/domain/problem-key';
import { readPreview } from '../../src/lib/server/uploads/preview-contract';
import { ingestSandbox } from '../../src/lib/server/ingest/test-support';
import { needsRetrain } from '../../src/lib/server/themes/ingest-classifier';
import { modelInfo } from '../../src/lib/server/themes/model-store';
import { CATEGORIES, labelledMessages, taxonomyCsv, type LabelledMessage } from './labelled-text';

const box = ingestSandbox();
const COMMUNITIES = ['寿张路社区', '文化路社区', '福州路社区'];
const CODES = CATEGORIES.map((c) => c.code);

function exportCsv(messages: LabelledMessage[], opts: { themeColumn?: boolean } = {}): string {
	const withTheme = opts.themeColumn ?? true;
	const cell = (v: string | null) => `"${(v ?? '').replaceAll('"', '""')}"`;
	return [
		['编号', '社区', ...(withTheme ? ['主题'] : []), '标题', '问题描述', '提出时间', '状态'].join(
			','
		),
		...messages.map((m, i) =>
			[
				m.id,
				COMMUNITIES[i % COMMUNITIES.length],
				...(withTheme ? [m.label ?? ''] : []),
				cell(m.title),
				cell(m.description),
				`2026-0${1 + (i % 9)}-1${i % 10}`,
				'整改中'
			].join(',')
		)
	].join('\n');
}

async function importTaxonomy(): Promise<void> {
	await importThemes(box.db, box.file('taxonomy.csv', taxonomyCsv()));
}

async function stored(): Promise<
	{
		id: string;
		theme: string;
		source: string;
		confidence: number | null;
		evidence: string[] | null;
	}[]
> {
	return box.db.all(
		`SELECT problem_id AS id, theme, theme_source AS source, theme_confidence AS confidence,
			theme_evidence AS evidence FROM problems ORDER BY problem_id`
	);
}

describe('themes at ingest', () => {
	it('classifies the blank fifth of a labelled file from its own labels, the preview as the commit', async () => {
		await importTaxonomy();
		const messages = labelledMessages(494);
		const file = box.file('board.csv', exportCsv(messages));
		// What the preview's staging table holds for the blank rows, read through its describe hook.
		let previewed: { id: string; theme: string; confidence: number }[] = [];
		const preview = await ingestFile(box.db, file, {
			...box.options,
			dryRun: true,
			describe: async (c, { normTable, rejTable }) => {
				previewed = (
					await c.runAndReadAll(
						`SELECT problem_id AS id, theme, theme_confidence AS confidence FROM ${normTable}
						 WHERE theme_source = 'classified' ORDER BY problem_id`
					)
				).getRowObjectsJS() as typeof previewed;
				return readPreview(c, { normTable, rejTable }, { sampleRows: 494 });
			}
		});
		expect(preview.message).toBeNull();
		expect(preview.outcome).toBe('dry-run');
		// The uploads page's sample shows each automatic theme with its confidence, rounded.
		const sampled = preview.preview!.sample.filter((r) => r.theme_source === 'classified');
		expect(sampled.length).toBeGreaterThan(0);
		for (const r of sampled) {
			const p = previewed.find((x) => x.id === r.problem_id)!;
			expect(r.theme_confidence).toBe(Math.round(p.confidence * 100) / 100);
		}
		expect(preview.notes.join('\n')).toContain('主题模型按');
		expect(await box.db.withConnection(modelInfo)).toBeNull();

		const result = await ingestFile(box.db, file, box.options);
		expect(result.outcome).toBe('committed');
		const labelled = messages.filter((m) => m.label).length;
		expect(result.notes.join('\n')).toContain(`主题模型按 ${labelled} 条`);
		const info = await box.db.withConnection(modelInfo);
		expect(info?.labelledRows).toBe(labelled);

		const rows = new Map((await stored()).map((r) => [r.id, r]));
		const blank = messages.filter((m) => !m.label);
		expect(previewed.map((p) => p.id)).toEqual(blank.map((m) => m.id).sort());
		for (const p of previewed) {
			expect([rows.get(p.id)!.theme, rows.get(p.id)!.confidence]).toEqual([p.theme, p.confidence]);
		}
		for (const m of blank) {
			const row = rows.get(m.id)!;
			expect(row.source).toBe('classified');
			expect(row.confidence).toBeGreaterThan(0);
			expect(row.evidence?.length).toBeGreaterThan(0);
		}
		const metrics = classificationMetrics(
			CODES,
			blank.map((m) => ({ actual: m.truth, predicted: rows.get(m.id)!.theme }))
		);
		expect(metrics.macroF1).toBeGreaterThanOrEqual(0.8);
		// The problem page reads the confidence and the deciding words of an automatic theme.
		const one = blank[0];
		const detail = await getProblem(
			box.db,
			problemKey(COMMUNITIES[messages.indexOf(one) % 3], one.id),
			{
				scope: null,
				today: '2026-12-01'
			}
		);
		expect(detail?.problem.themeSource).toBe('classified');
		expect(detail?.problem.themeConfidence).toBe(rows.get(one.id)!.confidence);
		expect(detail?.problem.themeEvidence).toEqual(rows.get(one.id)!.evidence);
		// Labelled rows keep the file's label, whatever the model would say.
		for (const m of messages.filter((x) => x.label)) expect(rows.get(m.id)!.source).toBe('file');
	});

	it('uses the stored model for a file without labels, and trains nothing for a labelled one', async () => {
		await importTaxonomy();
		const messages = labelledMessages(600, { seed: 7 });
		await ingestFile(box.db, box.file('a.csv', exportCsv(messages.slice(0, 400))), box.options);
		const first = await box.db.withConnection(modelInfo);
		expect(first).not.toBeNull();

		// Later messages without a theme column: classified by the stored model, which stays.
		const later = messages.slice(400, 500).map((m) => ({ ...m, label: null }));
		const res = await ingestFile(
			box.db,
			box.file('b.csv', exportCsv(later, { themeColumn: false })),
			box.options
		);
		expect(res.notes.join('\n')).not.toContain('主题模型');
		expect(await box.db.withConnection(modelInfo)).toEqual(first);
		const rows = new Map((await stored()).map((r) => [r.id, r]));
		for (const m of later) expect(rows.get(m.id)!.confidence).not.toBeNull();

		// Every row labelled: nothing to classify, so no training however many labels it adds.
		const more = labelledMessages(300, { seed: 8, blankShare: 0 }).map((m) => ({
			...m,
			id: `N${m.id}`
		}));
		expect(needsRetrain(first!.labelledRows, first!.labelledRows + more.length)).toBe(true);
		await ingestFile(box.db, box.file('c.csv', exportCsv(more)), box.options);
		expect(await box.db.withConnection(modelInfo)).toEqual(first);
		const byId = new Map((await stored()).map((r) => [r.id, r]));
		for (const m of more) {
			expect(byId.get(m.id)!.source).toBe('file');
			expect(byId.get(m.id)!.confidence).toBeNull();
		}
	});

	it('keeps a label a person gave when a later export leaves the theme blank', async () => {
		await importTaxonomy();
		const messages = labelledMessages(200, { seed: 3, blankShare: 0 });
		await ingestFile(box.db, box.file('a.csv', exportCsv(messages)), box.options);
		const before = new Map((await stored()).map((r) => [r.id, r]));
		const blanked = messages.map((m) => ({ ...m, label: null }));
		await ingestFile(box.db, box.file('b.csv', exportCsv(blanked)), box.options);
		await ingestFile(
			box.db,
			box.file('c.csv', exportCsv(blanked, { themeColumn: false })),
			box.options
		);
		for (const row of await stored()) {
			expect(row.source).toBe('file');
			expect(row.theme).toBe(before.get(row.id)!.theme);
		}
	});

	it('re-classifies the stored automatic themes when a file trains a new model', async () => {
		await importTaxonomy();
		// A cold start: no labels yet, so the keyword rules (none here) put everything in the last theme.
		const messages = labelledMessages(700, { seed: 11 });
		const unlabelled = messages.slice(0, 150).map((m) => ({ ...m, label: null }));
		await ingestFile(
			box.db,
			box.file('a.csv', exportCsv(unlabelled, { themeColumn: false })),
			box.options
		);
		expect(await box.db.withConnection(modelInfo)).toBeNull();
		const cold = await stored();
		expect(new Set(cold.map((r) => r.theme))).toEqual(new Set([CATEGORIES.at(-1)!.code]));
		expect(cold.every((r) => r.confidence === null)).toBe(true);

		// Then a labelled file with a blank row: a model is trained, and the 150 follow it.
		const labelled = messages.slice(150).map((m, i) => (i === 0 ? { ...m, label: null } : m));
		const res = await ingestFile(box.db, box.file('b.csv', exportCsv(labelled)), box.options);
		expect(res.outcome).toBe('committed');
		const note = res.notes.find((n) => n.includes('其他自动归类的问题中有'));
		expect(note).toBeDefined();
		const rows = new Map((await stored()).map((r) => [r.id, r]));
		const metrics = classificationMetrics(
			CODES,
			unlabelled.map((m) => ({ actual: m.truth, predicted: rows.get(m.id)!.theme }))
		);
		expect(metrics.macroF1).toBeGreaterThanOrEqual(0.8);
		const changed = unlabelled.filter((m) => rows.get(m.id)!.theme !== CATEGORIES.at(-1)!.code);
		expect(note).toContain(`有 ${changed.length} 条`);
		for (const m of unlabelled) expect(rows.get(m.id)!.confidence).not.toBeNull();
	});
});
