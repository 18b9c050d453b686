// Editing themes and status labels: lists as typed, clashes refused, a theme's save re-classifying
// its problems in the same transaction as its audit entry.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AdminContext } from './accounts';
import {
	loadTaxonomy,
	previewThemeKeywords,
	saveStatus,
	saveTheme,
	splitList,
	type ThemeEntry
} from './taxonomy';
import { adminContext, auditEntries, insertProblems, themesOf } from './test-support';

let ctx: AdminContext;
beforeEach(async () => {
	ctx = await adminContext();
	await insertProblems(ctx.db, [
		{ problemId: 'c1', theme: 'other', source: 'classified', description: '路灯不亮' },
		{ problemId: 'c2', theme: 'other', source: 'classified', description: '路灯闪烁' },
		{ problemId: 'f1', theme: 'other', source: 'file', description: '路灯坏了' }
	]);
});
afterEach(() => ctx.db.close());

const themeOf = async (code: string): Promise<ThemeEntry> =>
	(await loadTaxonomy(ctx.db)).themes.find((t) => t.code === code)!;

const asSaved = (t: ThemeEntry) => ({
	labelZh: t.labelZh,
	labelEn: t.labelEn,
	aliases: t.aliases,
	keywords: t.keywords
});

describe('lists typed in a box', () => {
	it('split on | (either width) and new lines, trimmed, without blanks or repeats', () => {
		expect(splitList(' 便民 | 惠民｜便民\r\n\n 为民 ')).toEqual(['便民', '惠民', '为民']);
		expect(splitList('  ')).toEqual([]);
		expect(() => splitList('长'.repeat(101))).toThrow(/太长/);
	});
});

describe('themes', () => {
	it('lists every theme in taxonomy order with its problem counts', async () => {
		const { themes } = await loadTaxonomy(ctx.db);
		expect(themes[0].code).toBe('growth_drivers');
		expect(themes.find((t) => t.code === 'other')).toMatchObject({ problems: 3, classified: 2 });
	});

	it('preview the classified problems new keywords move; saving moves exactly those', async () => {
		const service = await themeOf('service_innovation');
		const keywords = [...service.keywords, '路灯'];
		const preview = await previewThemeKeywords(ctx.db, 'service_innovation', keywords);
		expect(preview.changes).toBe(2);
		expect(await themesOf(ctx.db)).toEqual({ c1: 'other', c2: 'other', f1: 'other' });

		const saved = await saveTheme(ctx, 'service_innovation', { ...asSaved(service), keywords });
		expect(saved).toEqual(preview);
		expect(await themesOf(ctx.db)).toEqual({
			c1: 'service_innovation',
			c2: 'service_innovation',
			f1: 'other'
		});
		expect((await themeOf('service_innovation')).keywords).toEqual(keywords);
		const [entry] = await auditEntries(ctx.db);
		expect(entry).toMatchObject({
			actor: 'boss',
			address: '10.1.2.3',
			action: 'taxonomy.update',
			target: 'service_innovation',
			result: 'ok'
		});
		expect(entry.detail).toEqual({
			before: asSaved(service),
			after: { ...asSaved(service), keywords },
			reclassified: 2,
			moves: { 'other → service_innovation': 2 }
		});
	});

	it('saves every seeded theme unchanged without moving anything', async () => {
		for (const theme of (await loadTaxonomy(ctx.db)).themes) {
			expect((await saveTheme(ctx, theme.code, asSaved(theme))).changes).toBe(0);
		}
	});

	it('refuses a name another theme answers to, and then changes nothing', async () => {
		const service = await themeOf('service_innovation');
		await expect(
			saveTheme(ctx, 'service_innovation', {
				...asSaved(service),
				aliases: [...service.aliases, ' 安全生产 '.trim()],
				keywords: ['路灯']
			})
		).rejects.toThrow('“安全生产”已是主题“安全生产”的名称或别名');
		await expect(
			saveTheme(ctx, 'service_innovation', { ...asSaved(service), labelZh: ' ' })
		).rejects.toThrow(/中文名称/);
		await expect(saveTheme(ctx, 'nonsense', asSaved(service))).rejects.toThrow(/没有主题/);
		expect(await themeOf('service_innovation')).toEqual(service);
		expect(await themesOf(ctx.db)).toEqual({ c1: 'other', c2: 'other', f1: 'other' });
		const entries = await auditEntries(ctx.db);
		expect(entries.map((e) => [e.action, e.target, e.result])).toEqual([
			['taxonomy.update', 'service_innovation', 'failed'],
			['taxonomy.update', 'service_innovation', 'failed'],
			['taxonomy.update', 'nonsense', 'failed']
		]);
	});
});

describe('statuses', () => {
	it('change labels and aliases, keep code, type and in_rates, and are audited', async () => {
		const before = (await loadTaxonomy(ctx.db)).statuses.find((s) => s.code === 'stalled')!;
		expect(before).toMatchObject({ type: 'open', inRates: true, problems: 0 });
		await saveStatus(ctx, 'stalled', {
			labelZh: '暂缓办理',
			labelEn: 'On hold',
			aliases: [...before.aliases, '搁置']
		});
		const after = (await loadTaxonomy(ctx.db)).statuses.find((s) => s.code === 'stalled')!;
		expect(after).toMatchObject({
			code: 'stalled',
			labelZh: '暂缓办理',
			labelEn: 'On hold',
			type: 'open',
			inRates: true,
			aliases: [...before.aliases, '搁置']
		});
		const [entry] = await auditEntries(ctx.db);
		expect(entry).toMatchObject({ action: 'status.update', target: 'stalled', result: 'ok' });
		expect(entry.detail).toEqual({
			before: { labelZh: '搁浅', labelEn: before.labelEn, aliases: before.aliases },
			after: { labelZh: '暂缓办理', labelEn: 'On hold', aliases: [...before.aliases, '搁置'] }
		});
	});

	it('save every seeded status unchanged', async () => {
		for (const s of (await loadTaxonomy(ctx.db)).statuses) {
			await saveStatus(ctx, s.code, { labelZh: s.labelZh, labelEn: s.labelEn, aliases: s.aliases });
		}
		expect((await auditEntries(ctx.db)).every((e) => e.result === 'ok')).toBe(true);
	});

	it('refuse a label that is another status’s', async () => {
		await expect(
			saveStatus(ctx, 'stalled', { labelZh: '已销号', labelEn: 'Stalled', aliases: [] })
		).rejects.toThrow('“已销号”已是状态“已销号”的名称或别名');
		expect((await auditEntries(ctx.db)).map((e) => e.result)).toEqual(['failed']);
	});
});
