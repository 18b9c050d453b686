import { expect, test } from 'vitest';
import { PALETTES } from './palette';
import {
	axes,
	categoryLabels,
	context,
	ESCAPED,
	HOSTILE,
	seriesLabel,
	tooltipHtml,
	view
} from './test-support';
import {
	themeHeatHitToFilter,
	themeHeatOption,
	themeHeatTable,
	type ThemeHeatItem
} from './theme-heat';

// Volume 100 now, 200 before: property_safety rises 15 points though its count falls.
const data: ThemeHeatItem[] = [
	{
		code: 'safety',
		label: '安全生产',
		count: 30,
		previousCount: 80,
		share: 0.3,
		previousShare: 0.4,
		change: -0.1,
		countChange: -0.625
	},
	{
		code: 'business_environment',
		label: '营商环境',
		count: 12,
		previousCount: 0,
		share: 0.12,
		previousShare: null,
		change: null,
		countChange: null
	},
	{
		code: 'property_safety',
		label: '物业配套与小区安全',
		count: 45,
		previousCount: 60,
		share: 0.45,
		previousShare: 0.3,
		change: 0.15,
		countChange: -0.25
	}
];
const ctx = context({
	category: '主题',
	current: '本期',
	previous: '上期',
	currentShare: '本期占比',
	previousShare: '上期占比',
	change: '占比变化',
	countChange: '件数环比',
	points: '个百分点',
	noPrevious: '上期无数据'
});

test('bars diverge from 0 in points of share, largest rise first, themes without a change last', () => {
	const o = view(themeHeatOption(data, ctx));
	expect(categoryLabels(o.yAxis)).toEqual(['物业配套与小区安全', '安全生产', '营商环境']);
	const [bars] = o.series;
	expect(bars.data).toMatchObject([
		{ value: 15, itemStyle: { color: PALETTES.light.rise }, label: { position: 'right' } },
		{ value: -10, itemStyle: { color: PALETTES.light.fall }, label: { position: 'left' } },
		// No bar: a gap, labelled with why.
		{ value: 0, label: { color: PALETTES.light.muted } }
	]);
	expect(seriesLabel(bars, 0)).toBe('+15.0 个百分点');
	expect(seriesLabel(bars, 1)).toBe('-10.0 个百分点');
	expect(seriesLabel(bars, 2)).toBe('上期无数据');
});

test('the value axis leaves room beyond the bars and keeps 0 in view', () => {
	const [x] = axes(view(themeHeatOption(data, ctx)).xAxis);
	expect(x.min?.({ min: -10, max: 15 })).toBe(-25);
	expect(x.max?.({ min: -10, max: 15 })).toBe(30);
	expect(x.min?.({ min: 5, max: 50 })).toBe(0);
	expect(x.max?.({ min: -40, max: -5 })).toBe(0);
});

test('the tooltip explains a missing change, gives the count change, and escapes the theme', () => {
	const option = themeHeatOption([{ ...data[1], code: 'x', label: HOSTILE }], ctx);
	// Axis trigger: the formatter gets the row's items, even where there is no bar.
	const html = tooltipHtml(option, [{ data: view(option).series[0].data[0], dataIndex: 0 }]);
	expect(html).toContain(ESCAPED);
	expect(html).not.toContain('<script>');
	expect(html).toContain('占比变化: <b>上期无数据</b>');
	expect(html).toContain('本期: <b>12 · 12.0%</b>');
	expect(html).toContain('件数环比: <b>—</b>');
	expect(view(option).tooltip?.trigger).toBe('axis');
});

test('themeHeatTable gives both periods, the share change and the count change', () => {
	expect(themeHeatTable(data, ctx)).toEqual({
		columns: ['主题', '本期', '本期占比', '上期', '上期占比', '占比变化', '件数环比'],
		rows: [
			['物业配套与小区安全', 45, '45.0%', 60, '30.0%', '+15.0 个百分点', '-25.0%'],
			['安全生产', 30, '30.0%', 80, '40.0%', '-10.0 个百分点', '-62.5%'],
			['营商环境', 12, '12.0%', 0, '—', '上期无数据', '—']
		]
	});
});

test('given the periods, each count links to its theme in that period', () => {
	const periods = {
		current: { from: '2019-01-01', to: '2019-12-31' },
		previous: { from: '2018-01-01', to: '2018-12-31' }
	};
	const { drills } = themeHeatTable(data, ctx, periods);
	expect(drills?.[0][1]).toEqual({
		count: 45,
		hits: [{ key: 'themes', value: 'property_safety' }],
		period: periods.current
	});
	expect(drills?.[0][3]).toEqual({
		count: 60,
		hits: [{ key: 'themes', value: 'property_safety' }],
		period: periods.previous
	});
	// Nothing last period: nothing to list.
	expect(drills?.[2][3]).toBeNull();
});

test('a bar filters by its theme', () => {
	const [bars] = view(themeHeatOption(data, ctx)).series;
	expect(themeHeatHitToFilter({ componentType: 'series', data: bars.data[2] })).toEqual({
		key: 'themes',
		value: 'business_environment'
	});
});
