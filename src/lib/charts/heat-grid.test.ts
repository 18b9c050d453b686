import type { EChartsCoreOption } from 'echarts/core';
import { expect, test } from 'vitest';
import {
	heatGridHeight,
	heatGridHitToFilters,
	heatGridOption,
	heatGridTable,
	type HeatGridData
} from './heat-grid';
import { contrast, PALETTES } from './palette';
import {
	categoryLabels,
	context,
	ESCAPED,
	HOSTILE,
	seriesLabel,
	tooltipHtml,
	view
} from './test-support';

const data: HeatGridData = {
	rows: [
		{ code: '东风社区', label: '东风社区' },
		{ code: '西城社区', label: '西城社区' }
	],
	cols: [
		{ code: 'safety', label: '安全生产' },
		{ code: 'other', label: '其他' }
	],
	cells: [
		{ row: '东风社区', col: 'safety', value: 30 },
		{ row: '东风社区', col: 'other', value: 10 },
		{ row: '西城社区', col: 'other', value: 1200 },
		// Not one of the rows: left out.
		{ row: '南关社区', col: 'safety', value: 7 }
	]
};
const ctx = context({ rowHeader: '社区', rowShare: '占本社区' });

test('every row x column pair is a cell, 0 where the data has none', () => {
	const o = view(heatGridOption(data, ctx));
	const [heat] = o.series;
	expect(heat.type).toBe('heatmap');
	expect(heat.data.map((d) => (d as { value: number[] }).value)).toEqual([
		[0, 0, 30],
		[1, 0, 10],
		[0, 1, 0],
		[1, 1, 1200]
	]);
	expect(seriesLabel(heat, 3)).toBe('1,200');
	expect(categoryLabels(o.xAxis)).toEqual(['安全生产', '其他']);
	expect(categoryLabels(o.yAxis)).toEqual(['东风社区', '西城社区']);
	expect(o.visualMap).toMatchObject({ min: 0, max: 1200, inRange: { color: PALETTES.light.heat } });
});

test('cell numbers are readable on their fill', () => {
	const [heat] = view(heatGridOption(data, ctx)).series;
	const cell = (i: number) => heat.data[i] as { label: { color: string } };
	expect(cell(3).label.color).toBe(PALETTES.light.onDark);
	expect(cell(2).label.color).toBe(PALETTES.light.onLight);
	expect(contrast(cell(3).label.color, PALETTES.light.heat.at(-1)!)).toBeGreaterThan(4.5);
});

test('column labels stand upright on a phone', () => {
	const option = heatGridOption(data, ctx) as EChartsCoreOption & {
		media: { query: { maxWidth: number }; option: { xAxis: { axisLabel: { rotate: number } } } }[];
	};
	expect(option.media[0]).toMatchObject({
		query: { maxWidth: 560 },
		option: { xAxis: { axisLabel: { rotate: 90 } } }
	});
	expect(heatGridHeight(data)).toBeGreaterThanOrEqual(200);
});

test('the tooltip escapes row and column labels and gives the share of the row', () => {
	const hostile: HeatGridData = {
		rows: [{ code: 'r', label: HOSTILE }],
		cols: [
			{ code: 'a', label: HOSTILE },
			{ code: 'b', label: 'B' }
		],
		cells: [
			{ row: 'r', col: 'a', value: 1 },
			{ row: 'r', col: 'b', value: 3 }
		]
	};
	const option = heatGridOption(hostile, ctx);
	const html = tooltipHtml(option, { data: view(option).series[0].data[0], dataIndex: 0 });
	expect(html).toContain(`${ESCAPED} · ${ESCAPED}`);
	expect(html).not.toContain('<script>');
	expect(html).toContain('占本社区: <b>25.0%</b>');
});

test('heatGridTable has a row per community and a column per theme', () => {
	expect(heatGridTable(data, ctx)).toMatchObject({
		columns: ['社区', '安全生产', '其他'],
		rows: [
			['东风社区', 30, 10],
			['西城社区', 0, 1200]
		]
	});
	const { drills } = heatGridTable(data, ctx);
	expect(drills?.[0][2]).toEqual({
		count: 10,
		hits: [
			{ key: 'communities', value: '东风社区' },
			{ key: 'themes', value: 'other' }
		]
	});
	// An empty cell lists nothing.
	expect(drills?.[1][1]).toBeNull();
});

test('a cell filters by its row and its column', () => {
	const [heat] = view(heatGridOption(data, ctx)).series;
	expect(heatGridHitToFilters({ componentType: 'series', data: heat.data[1] })).toEqual([
		{ key: 'communities', value: '东风社区' },
		{ key: 'themes', value: 'other' }
	]);
	const [levels] = view(
		heatGridOption(data, ctx, { rowKey: 'reporterTypes', colKey: 'levels' })
	).series;
	expect(heatGridHitToFilters({ componentType: 'series', data: levels.data[0] })).toEqual([
		{ key: 'reporterTypes', value: '东风社区' },
		{ key: 'levels', value: 'safety' }
	]);
	expect(heatGridHitToFilters({ componentType: 'visualMap' })).toEqual([]);
});
