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

const data: ThemeHeatItem[] = [
	{ code: 'safety', label: '安全生产', current: 30, previous: 40, change: -0.25 },
	{ code: 'business_environment', label: '营商环境', current: 12, previous: 0, change: null },
	{ code: 'property_safety', label: '物业配套与小区安全', current: 90, previous: 60, change: 0.5 }
];
const ctx = context({
	category: '主题',
	current: '本期',
	previous: '上期',
	change: '环比',
	noPrevious: '上期为 0'
});

test('bars diverge from 0 in %, largest rise first, themes without a ratio last', () => {
	const o = view(themeHeatOption(data, ctx));
	expect(categoryLabels(o.yAxis)).toEqual(['物业配套与小区安全', '安全生产', '营商环境']);
	const [bars] = o.series;
	expect(bars.data).toMatchObject([
		{ value: 50, itemStyle: { color: PALETTES.light.rise }, label: { position: 'right' } },
		{ value: -25, itemStyle: { color: PALETTES.light.fall }, label: { position: 'left' } },
		// No bar: a gap, labelled with why.
		{ value: 0, label: { color: PALETTES.light.muted } }
	]);
	expect(seriesLabel(bars, 0)).toBe('+50.0%');
	expect(seriesLabel(bars, 1)).toBe('-25.0%');
	expect(seriesLabel(bars, 2)).toBe('上期为 0');
});

test('the value axis leaves room beyond the bars and keeps 0 in view', () => {
	const [x] = axes(view(themeHeatOption(data, ctx)).xAxis);
	expect(x.min?.({ min: -25, max: 50 })).toBe(-60);
	expect(x.max?.({ min: -25, max: 50 })).toBe(80);
	expect(x.min?.({ min: 5, max: 50 })).toBe(0);
	expect(x.max?.({ min: -40, max: -5 })).toBe(0);
});

test('the tooltip explains a missing ratio and escapes the theme', () => {
	const option = themeHeatOption(
		[{ code: 'x', label: HOSTILE, current: 3, previous: 0, change: null }],
		ctx
	);
	// Axis trigger: the formatter gets the row's items, even where there is no bar.
	const html = tooltipHtml(option, [{ data: view(option).series[0].data[0], dataIndex: 0 }]);
	expect(html).toContain(ESCAPED);
	expect(html).not.toContain('<script>');
	expect(html).toContain('环比: <b>上期为 0</b>');
	expect(html).toContain('本期: <b>3</b>');
	expect(view(option).tooltip?.trigger).toBe('axis');
});

test('themeHeatTable gives both periods and the change', () => {
	expect(themeHeatTable(data, ctx)).toEqual({
		columns: ['主题', '本期', '上期', '环比'],
		rows: [
			['物业配套与小区安全', 90, 60, '+50.0%'],
			['安全生产', 30, 40, '-25.0%'],
			['营商环境', 12, 0, '上期为 0']
		]
	});
});

test('a bar filters by its theme', () => {
	const [bars] = view(themeHeatOption(data, ctx)).series;
	expect(themeHeatHitToFilter({ componentType: 'series', data: bars.data[2] })).toEqual({
		key: 'themes',
		value: 'business_environment'
	});
});
