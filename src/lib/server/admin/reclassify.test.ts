// Re-classification when keyword rules change: the preview counts exactly what the update moves,
// only classified problems move, and unchanged rules move nothing the ingest classified.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestFile } from '../ingest/pipeline';
import { ingestSandbox } from '../ingest/test-support';
import type { LedgerDatabase } from '../db/database';
import {
	applyReclassification,
	currentRules,
	previewReclassification,
	withKeywords,
	type ThemeRule
} from './reclassify';
import { adminContext, insertProblems, themesOf } from './test-support';

describe('on problems written directly', () => {
	let db: LedgerDatabase;
	beforeEach(async () => {
		db = (await adminContext()).db;
		await insertProblems(db, [
			// Classified: 电梯 is a property_safety keyword today.
			{ problemId: 'c1', theme: 'property_safety', source: 'classified', description: '电梯坏了' },
			{ problemId: 'c2', theme: 'other', source: 'classified', description: '路灯不亮' },
			{
				problemId: 'c3',
				theme: 'safety',
				source: 'classified',
				label: '安全隐患',
				description: '楼道堆物'
			},
			// From the file and from a mapping: never moved by keywords.
			{ problemId: 'f1', theme: 'property_safety', source: 'file', description: '电梯坏了' },
			{ problemId: 'm1', theme: 'other', source: 'mapping', description: '路灯不亮' }
		]);
	});
	afterEach(() => db.close());

	const rules = async (): Promise<ThemeRule[]> => db.withConnection((c) => currentRules(c));
	const preview = (next: ThemeRule[]) => db.withConnection((c) => previewReclassification(c, next));

	it('previews the moves a keyword change makes, and applies exactly those', async () => {
		// 路灯 becomes a service keyword; 电梯 stops being a property keyword.
		let next = await rules();
		next = withKeywords(next, 'service_innovation', ['便民', '路灯']);
		next = withKeywords(
			next,
			'property_safety',
			next.find((r) => r.code === 'property_safety')!.keywords.filter((k) => k !== '电梯')
		);
		const before = await preview(next);
		expect(before.changes).toBe(2);
		expect(before.moves).toEqual([
			{ from: 'other', to: 'service_innovation', count: 1 },
			{ from: 'property_safety', to: 'other', count: 1 }
		]);
		expect(before.examples).toEqual([
			{ community: '云南路社区', problemId: 'c1', from: 'property_safety', to: 'other' },
			{ community: '云南路社区', problemId: 'c2', from: 'other', to: 'service_innovation' }
		]);
		expect(await themesOf(db)).toMatchObject({ c1: 'property_safety', c2: 'other' }); // unchanged

		const applied = await db.transaction((c) => applyReclassification(c, next));
		expect(applied).toEqual(before);
		expect(await themesOf(db)).toEqual({
			c1: 'other',
			c2: 'service_innovation',
			c3: 'safety',
			f1: 'property_safety',
			m1: 'other'
		});
		expect((await preview(next)).changes).toBe(0);
	});

	it('counts keyword hits per theme across label, title and description, ties in taxonomy order', async () => {
		// c3: its label 安全隐患 hits safety twice (安全, 隐患); 楼道 hits property_safety once.
		expect((await preview(await rules())).changes).toBe(0);
		// A second hit for property_safety (堆物) ties, and safety comes first in the taxonomy.
		const tie = await preview(withKeywords(await rules(), 'property_safety', ['楼道', '堆物']));
		expect(tie.examples.map((e) => e.problemId)).not.toContain('c3');
		// A third (楼) wins.
		const most = await preview(
			withKeywords(await rules(), 'property_safety', ['楼道', '堆物', '楼'])
		);
		expect(most.examples).toContainEqual({
			community: '云南路社区',
			problemId: 'c3',
			from: 'safety',
			to: 'property_safety'
		});
	});

	it('falls back to other when nothing matches, and ignores empty keywords', async () => {
		const none = (await rules()).map((r) => ({ code: r.code, keywords: [''] }));
		expect((await preview(none)).moves).toEqual([
			{ from: 'property_safety', to: 'other', count: 1 },
			{ from: 'safety', to: 'other', count: 1 }
		]);
	});
});

describe('after an ingest', () => {
	const box = ingestSandbox();

	it('moves nothing while the rules are those the ingest used', async () => {
		const file = box.file(
			'k.csv',
			[
				'编号,社区,主题,问题描述,提出时间',
				'1,云南路社区,,小区电梯经常停运,2019-01-05',
				'2,云南路社区,居民诉求,消防通道被占用,2019-01-06',
				'3,云南路社区,营商环境,审批太慢,2019-01-07',
				'4,云南路社区,,社区路灯不亮,2019-01-08'
			].join('\n')
		);
		const result = await ingestFile(box.db, file, box.options);
		expect(result.rowsAccepted).toBe(4);
		const sources = await box.db.all<{ id: string; theme: string; source: string }>(
			'SELECT problem_id AS id, theme, theme_source AS source FROM problems ORDER BY id'
		);
		expect(sources).toEqual([
			{ id: '1', theme: 'property_safety', source: 'classified' },
			{ id: '2', theme: 'safety', source: 'classified' },
			{ id: '3', theme: 'business_environment', source: 'file' },
			{ id: '4', theme: 'other', source: 'classified' }
		]);
		const same = await box.db.withConnection(async (c) =>
			previewReclassification(c, await currentRules(c))
		);
		expect(same.changes).toBe(0);
		// 审批 is no longer a keyword of anything: problem 3 keeps the theme its file gave it.
		const next = withKeywords(
			await box.db.withConnection((c) => currentRules(c)),
			'service_innovation',
			['路灯', '审批']
		);
		const moved = await box.db.transaction((c) => applyReclassification(c, next));
		expect(moved.moves).toEqual([{ from: 'other', to: 'service_innovation', count: 1 }]);
		expect(await themesOf(box.db)).toEqual({
			'1': 'property_safety',
			'2': 'safety',
			'3': 'business_environment',
			'4': 'service_innovation'
		});
	});
});
