import { describe, expect, test } from 'vitest';
import {
	barRankingHitToFilter,
	barRankingOption,
	barRankingTable,
	type RankingItem
} from './bar-ranking';
import { PALETTES } from './palette';
import {
	categoryLabels,
	context,
	ESCAPED,
	HOSTILE,
	seriesLabel,
	tooltipHtml,
	view
} from './test-support';

const themes: RankingItem[] = [
	{ code: 'safety', label: '安全生产', value: 120, share: 0.1 },
	{ code: 'property_safety', label: '物业配套与小区安全', value: 1034, share: 0.8617 },
	{ code: 'other', label: '其他', value: 46, share: 0.0383 }
];
const ctx = context({ category: '主题' });

describe('barRankingOption', () => {
	test('bars run largest first, each carrying its code and the themes filter', () => {
		const o = view(barRankingOption(themes, ctx, { filterKey: 'themes' }));
		const [bars] = o.series;
		expect(bars.type).toBe('bar');
		expect(bars.data).toMatchObject([
			{
				value: 1034,
				code: 'property_safety',
				filters: [{ key: 'themes', value: 'property_safety' }]
			},
			{ value: 120, code: 'safety' },
			{ value: 46, code: 'other' }
		]);
		// Inverse category axis: the first category is drawn on top.
		expect(o.yAxis).toMatchObject({ type: 'category', inverse: true });
		expect(categoryLabels(o.yAxis)).toEqual(['物业配套与小区安全', '安全生产', '其他']);
	});

	test('labels show count and share in the locale', () => {
		const [bars] = view(barRankingOption(themes, ctx)).series;
		expect(seriesLabel(bars, 0)).toBe('1,034 · 86.2%');
		const en = view(barRankingOption(themes, { ...ctx, locale: 'en' })).series[0];
		expect(seriesLabel(en, 2)).toBe('46 · 3.8%');
	});

	test('without shares the label is the count alone', () => {
		const [bars] = view(barRankingOption([{ code: 'a', label: 'A', value: 12345 }], ctx)).series;
		expect(seriesLabel(bars, 0)).toBe('12,345');
	});

	test('keepOrder keeps age buckets in their own order', () => {
		const buckets: RankingItem[] = [
			{ code: '0-30', label: '0–30 天', value: 5 },
			{ code: '31-90', label: '31–90 天', value: 40 },
			{ code: '>180', label: '180 天以上', value: 12 }
		];
		const o = view(barRankingOption(buckets, ctx, { keepOrder: true }));
		expect(o.series[0].data.map((d) => (d as { value: number }).value)).toEqual([5, 40, 12]);
		expect(categoryLabels(o.yAxis)).toEqual(['0–30 天', '31–90 天', '180 天以上']);
	});

	test('the tooltip escapes a label, and aria describes the data', () => {
		const data = [{ code: 'x', label: HOSTILE, value: 3, share: 0.5 }];
		const option = barRankingOption(data, ctx);
		const [bars] = view(option).series;
		const html = tooltipHtml(option, { data: bars.data[0], dataIndex: 0 });
		expect(html).toContain(ESCAPED);
		expect(html).not.toContain('<script>');
		expect(html).toContain('50.0%');
		expect(view(option).aria).toMatchObject({
			enabled: true,
			label: { description: `${HOSTILE}: 3` }
		});
	});

	test('static (server) rendering turns animation off; colours follow the theme', () => {
		expect(view(barRankingOption(themes, { ...ctx, static: true })).animation).toBe(false);
		expect(view(barRankingOption(themes, ctx)).animation).toBe(true);
		const dark = view(barRankingOption(themes, { ...ctx, theme: 'dark' })).series[0];
		expect(dark.itemStyle?.color).toBe(PALETTES.dark.bar);
	});
});

test('barRankingTable lists label, count and share in chart order', () => {
	expect(barRankingTable(themes, ctx)).toMatchObject({
		columns: ['主题', '数量', '占比'],
		rows: [
			['物业配套与小区安全', 1034, '86.2%'],
			['安全生产', 120, '10.0%'],
			['其他', 46, '3.8%']
		]
	});
	expect(barRankingTable([{ code: 'a', label: 'A', value: 1 }], ctx).columns).toEqual([
		'主题',
		'数量'
	]);
	// Each count links to its bar's problems: its filter value, and its own range when it has one.
	const table = barRankingTable(
		[{ code: 'a', label: 'A', value: 3, period: { to: '2019-12-01' } }],
		ctx,
		{ filterKey: 'levels' }
	);
	expect(table.drills).toEqual([
		[null, { count: 3, hits: [{ key: 'levels', value: 'a' }], period: { to: '2019-12-01' } }]
	]);
});

test('barRankingHitToFilter maps a clicked bar back to its filter', () => {
	const [bars] = view(barRankingOption(themes, ctx, { filterKey: 'levels' })).series;
	expect(barRankingHitToFilter({ componentType: 'series', data: bars.data[1] })).toEqual({
		key: 'levels',
		value: 'safety'
	});
	const [plain] = view(barRankingOption(themes, ctx)).series;
	expect(barRankingHitToFilter({ componentType: 'series', data: plain.data[0] })).toBeNull();
	expect(barRankingHitToFilter({ componentType: 'xAxis', value: 3 })).toBeNull();
});
