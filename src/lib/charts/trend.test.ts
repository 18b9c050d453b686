import { expect, test } from 'vitest';
import { PALETTES } from './palette';
import { axes, context, ESCAPED, HOSTILE, tooltipHtml, view } from './test-support';
import { monthLabel, trendHitToMonth, trendOption, trendTable, type TrendPoint } from './trend';

const data: TrendPoint[] = [
	{ month: '2024-11', created: 120, resolved: 80, backlog: 1040 },
	{ month: '2024-12', created: 95, resolved: 130, backlog: 1005 },
	{ month: '2025-01', created: 60, resolved: 61, backlog: 1004 }
];
const ctx = context({ month: '月份', created: '新增', resolved: '办结', backlog: '积压' });

test('new and resolved are bars on the left axis; the backlog a line on the right axis', () => {
	const o = view(trendOption(data, ctx));
	expect(o.series.map((s) => [s.type, s.name, s.yAxisIndex ?? 0])).toEqual([
		['bar', '新增', 0],
		['bar', '办结', 0],
		['line', '积压', 1]
	]);
	const values = (i: number) => o.series[i].data.map((d) => (d as { value: number }).value);
	expect(values(0)).toEqual([120, 95, 60]);
	expect(values(1)).toEqual([80, 130, 61]);
	expect(values(2)).toEqual([1040, 1005, 1004]);
	expect(axes(o.xAxis)[0].data).toEqual(['2024-11', '2024-12', '2025-01']);
	expect(axes(o.yAxis)).toHaveLength(2);
	expect(axes(o.yAxis)[1].axisLabel?.color).toBe(PALETTES.light.backlog);
	expect(o.legend?.data).toEqual(['新增', '办结', '积压']);
});

test('months read in the locale', () => {
	expect(monthLabel('2024-03', 'zh-CN')).toBe('2024年3月');
	expect(monthLabel('2024-03', 'en')).toBe('Mar 2024');
	expect(monthLabel('2024', 'en')).toBe('2024');
});

test('the tooltip lists the month and every series, escaping series names', () => {
	const option = trendOption(data, { ...ctx, labels: { ...ctx.labels, created: HOSTILE } });
	const o = view(option);
	const html = tooltipHtml(
		option,
		o.series.map((s, i) => ({ data: s.data[1], dataIndex: 1, seriesIndex: i }))
	);
	expect(html).toContain('2024年12月');
	expect(html).toContain(`${ESCAPED}: <b>95</b>`);
	expect(html).toContain('办结: <b>130</b>');
	expect(html).toContain('积压: <b>1,005</b>');
	expect(html).not.toContain('<script>');
});

test('trendTable has a row per month', () => {
	expect(trendTable(data, ctx)).toMatchObject({
		columns: ['月份', '新增', '办结', '积压'],
		rows: [
			['2024年11月', 120, 80, 1040],
			['2024年12月', 95, 130, 1005],
			['2025年1月', 60, 61, 1004]
		]
	});
	// Given the period, a month's new problems link to their list; resolved and backlog do not.
	const { drills } = trendTable(data, ctx, { from: '2024-11-10', to: '2025-01-20' });
	expect(drills?.map((row) => row[1]?.period)).toEqual([
		{ from: '2024-11-10', to: '2024-11-30' },
		{ from: '2024-12-01', to: '2024-12-31' },
		{ from: '2025-01-01', to: '2025-01-20' }
	]);
	expect(drills?.[0].slice(2)).toEqual([null, null]);
});

test('a click gives the month it stands for', () => {
	const o = view(trendOption(data, ctx));
	expect(trendHitToMonth({ componentType: 'series', data: o.series[2].data[0] })).toBe('2024-11');
	expect(trendHitToMonth({ componentType: 'legend' })).toBeNull();
});
