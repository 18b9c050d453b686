import { expect, test } from 'vitest';
import {
	compareTrendOption,
	compareTrendTable,
	trendMonths,
	type CompareTrendUnit
} from './compare-trend';
import { PALETTES } from './palette';
import { axes, categoryLabels, context, ESCAPED, HOSTILE, tooltipHtml, view } from './test-support';

const units: CompareTrendUnit[] = [
	{
		code: '云南路社区',
		label: '云南路社区',
		monthly: [
			{ month: '2019-01', created: 10, resolved: 4 },
			{ month: '2019-02', created: 8, resolved: 9 }
		]
	},
	{
		code: '寿张路社区',
		label: '寿张路社区',
		// A month missing from one unit counts 0 there.
		monthly: [{ month: '2019-02', created: 3, resolved: 1 }]
	}
];
const ctx = context({ month: '月份', created: '新增', resolved: '办结' });

test('per unit a solid line of new and a dashed line of resolved problems, in its colour', () => {
	const o = view(compareTrendOption(units, ctx));
	expect(o.series.map((s) => [s.type, s.id, s.name, s.lineStyle?.type])).toEqual([
		['line', '云南路社区:created', '云南路社区', 'solid'],
		['line', '云南路社区:resolved', '云南路社区', 'dashed'],
		['line', '寿张路社区:created', '寿张路社区', 'solid'],
		['line', '寿张路社区:resolved', '寿张路社区', 'dashed']
	]);
	const values = (i: number) => o.series[i].data.map((d) => (d as { value: number }).value);
	expect(values(0)).toEqual([10, 8]);
	expect(values(1)).toEqual([4, 9]);
	expect(values(2)).toEqual([0, 3]);
	expect(o.series[2].lineStyle?.color).toBe(PALETTES.light.units[1]);
	expect(o.series[3].lineStyle?.color).toBe(PALETTES.light.units[1]);
	expect(axes(o.xAxis)[0].data).toEqual(['2019-01', '2019-02']);
	expect(categoryLabels(o.xAxis)).toEqual(['2019年1月', '2019年2月']);
	// One legend entry per unit shows or hides both of its lines.
	expect(o.legend?.data).toEqual(['云南路社区', '寿张路社区']);
});

test('the tooltip names unit and kind for each line, escaped', () => {
	const option = compareTrendOption(units, ctx);
	const o = view(option);
	const html = tooltipHtml(
		option,
		o.series.map((s, i) => ({ data: s.data[1], dataIndex: 1, seriesIndex: i }))
	);
	expect(html).toContain('2019年2月');
	expect(html).toContain('云南路社区 · 新增: <b>8</b>');
	expect(html).toContain('寿张路社区 · 办结: <b>1</b>');
	const hostile = compareTrendOption([{ ...units[0], label: HOSTILE }], ctx);
	const text = tooltipHtml(hostile, [
		{ data: view(hostile).series[0].data[0], dataIndex: 0, seriesIndex: 0 }
	]);
	expect(text).toContain(ESCAPED);
	expect(text).not.toContain('<script>');
});

test('months are the union of the units, in order', () => {
	expect(trendMonths([units[1], units[0]])).toEqual(['2019-01', '2019-02']);
	expect(view(compareTrendOption(units, ctx)).aria?.label?.description).toBe(
		'云南路社区: 新增 18, 办结 13; 寿张路社区: 新增 3, 办结 1'
	);
});

test('compareTrendTable has a row per month and two columns per unit', () => {
	expect(compareTrendTable(units, ctx)).toMatchObject({
		columns: [
			'月份',
			'云南路社区 · 新增',
			'云南路社区 · 办结',
			'寿张路社区 · 新增',
			'寿张路社区 · 办结'
		],
		rows: [
			['2019年1月', 10, 4, 0, 0],
			['2019年2月', 8, 9, 3, 1]
		]
	});
	// Given the period, a unit's new problems of a month link to their list; resolved ones do not.
	const { drills } = compareTrendTable(units, ctx, { from: '2019-01-15', to: '2019-02-28' });
	expect(drills?.[0]).toEqual([
		null,
		{
			count: 10,
			hits: [{ key: 'communities', value: units[0].code }],
			period: { from: '2019-01-15', to: '2019-01-31' }
		},
		null,
		null,
		null
	]);
});
