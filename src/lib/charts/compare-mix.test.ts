import type { EChartsCoreOption } from 'echarts/core';
import { expect, test } from 'vitest';
import {
	compareMixHeight,
	compareMixHitToFilter,
	compareMixOption,
	compareMixTable,
	type MixData
} from './compare-mix';
import { PALETTES, readableOn } from './palette';
import {
	categoryLabels,
	context,
	ESCAPED,
	HOSTILE,
	seriesLabel,
	tooltipHtml,
	view
} from './test-support';

// A community with 8 problems and the street with 300: each bar is its own 100 %.
const data: MixData = {
	bars: [
		{ code: '云南路社区', label: '云南路社区' },
		{ code: 'street', label: '全街道' }
	],
	segments: [
		{ code: 'safety', label: '安全生产' },
		{ code: 'other', label: '其他', color: '#123456' }
	],
	counts: [
		{ bar: '云南路社区', segment: 'safety', count: 6 },
		{ bar: '云南路社区', segment: 'other', count: 2 },
		{ bar: 'street', segment: 'safety', count: 60 },
		{ bar: 'street', segment: 'other', count: 240 },
		// Not one of the bars: left out.
		{ bar: '寿张路社区', segment: 'safety', count: 9 }
	]
};
const ctx = context({ segment: '主题', total: '合计' });

test('one stacked series per segment; every bar sums to 100 %', () => {
	const o = view(compareMixOption(data, ctx));
	expect(o.series.map((s) => [s.type, s.id, s.name, s.stack])).toEqual([
		['bar', 'safety', '安全生产', 'mix'],
		['bar', 'other', '其他', 'mix']
	]);
	const values = (i: number) => o.series[i].data.map((d) => (d as { value: number }).value);
	expect(values(0)).toEqual([75, 20]);
	expect(values(1)).toEqual([25, 80]);
	expect(o.xAxis).toMatchObject({ type: 'value', min: 0, max: 100 });
	expect(o.yAxis).toMatchObject({ type: 'category', inverse: true });
	// The axis keeps each bar's size in view, which the normalised lengths hide.
	expect(categoryLabels(o.yAxis)).toEqual(['云南路社区 · 8', '全街道 · 300']);
	expect(o.legend?.data).toEqual(['安全生产', '其他']);
});

test('segments take the categorical palette unless given a colour; labels read on them', () => {
	const o = view(compareMixOption(data, ctx));
	expect(o.series[0].itemStyle?.color).toBe(PALETTES.light.categorical[0]);
	expect(o.series[1].itemStyle?.color).toBe('#123456');
	expect(o.series[1].label?.color).toBe(readableOn('#123456', PALETTES.light));
	expect(seriesLabel(o.series[0], 0)).toBe('75%');
	const thin: MixData = {
		...data,
		counts: [
			{ bar: 'street', segment: 'safety', count: 1 },
			{ bar: 'street', segment: 'other', count: 99 }
		]
	};
	// 1 % is too narrow for a label; an empty bar has none at all.
	expect(seriesLabel(view(compareMixOption(thin, ctx)).series[0], 1)).toBe('');
	expect(seriesLabel(view(compareMixOption(thin, ctx)).series[0], 0)).toBe('');
});

test('the tooltip gives the count and the share, escaping labels', () => {
	const option = compareMixOption(data, ctx);
	const html = tooltipHtml(option, { data: view(option).series[1].data[1], dataIndex: 1 });
	expect(html).toContain('全街道 · 其他');
	expect(html).toContain('数量: <b>240</b>');
	expect(html).toContain('占比: <b>80.0%</b>');
	const hostile: MixData = {
		bars: [{ code: 'a', label: HOSTILE }],
		segments: [{ code: 'x', label: HOSTILE }],
		counts: [{ bar: 'a', segment: 'x', count: 1 }]
	};
	const h = compareMixOption(hostile, ctx);
	const text = tooltipHtml(h, { data: view(h).series[0].data[0], dataIndex: 0 });
	expect(text).toContain(`${ESCAPED} · ${ESCAPED}`);
	expect(text).not.toContain('<script>');
});

test('aria describes each bar by its shares', () => {
	expect(view(compareMixOption(data, ctx)).aria?.label?.description).toBe(
		'云南路社区 (8): 安全生产 75.0%, 其他 25.0%; 全街道 (300): 安全生产 20.0%, 其他 80.0%'
	);
});

test('the legend rows get room on a phone; the height grows with the bars', () => {
	const option = compareMixOption(data, ctx) as EChartsCoreOption & {
		media: { query: { maxWidth: number }; option: { grid: { bottom: number } } }[];
	};
	expect(option.media[0].query.maxWidth).toBe(560);
	expect(option.media[0].option.grid.bottom).toBeGreaterThanOrEqual(view(option).grid?.bottom ?? 0);
	const more = { ...data, bars: [...data.bars, { code: 'b', label: 'B' }] };
	expect(compareMixHeight(more)).toBeGreaterThan(compareMixHeight(data));
});

test('compareMixTable has a row per segment with count and share per bar, then totals', () => {
	expect(compareMixTable(data, ctx)).toMatchObject({
		columns: ['主题', '云南路社区', '全街道'],
		rows: [
			['安全生产', '6 · 75.0%', '60 · 20.0%'],
			['其他', '2 · 25.0%', '240 · 80.0%'],
			['合计', 8, 300]
		]
	});
	// With a filter key, a cell lists its bar's problems of its segment, a total its bar's.
	const bars = data.bars.map((b, i) =>
		i === 0 ? { ...b, hits: [{ key: 'communities' as const, value: b.code }] } : b
	);
	const { drills } = compareMixTable({ ...data, bars }, ctx, { filterKey: 'themes' });
	expect(drills?.[0][1]).toEqual({
		count: 6,
		hits: [
			{ key: 'communities', value: bars[0].code },
			{ key: 'themes', value: 'safety' }
		]
	});
	expect(drills?.[2][2]).toEqual({ count: 300, hits: [] });
	expect(compareMixTable(data, ctx).drills?.[0][1]).toBeNull();
});

test('a segment filters by what it stands for, when the chart has a filter key', () => {
	const o = view(compareMixOption(data, ctx, { filterKey: 'themes' }));
	expect(compareMixHitToFilter({ componentType: 'series', data: o.series[1].data[0] })).toEqual({
		key: 'themes',
		value: 'other'
	});
	const plain = view(compareMixOption(data, ctx));
	expect(compareMixHitToFilter({ componentType: 'series', data: plain.series[0].data[0] })).toBe(
		null
	);
});
