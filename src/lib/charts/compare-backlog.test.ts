import { expect, test } from 'vitest';
import { compareBacklogOption, compareBacklogTable, type BacklogData } from './compare-backlog';
import { PALETTES } from './palette';
import { axes, categoryLabels, context, ESCAPED, HOSTILE, tooltipHtml, view } from './test-support';

const data: BacklogData = {
	buckets: [
		{ code: '0-30', label: '0–30 天' },
		{ code: '31-90', label: '31–90 天' },
		{ code: '91-180', label: '91–180 天' },
		{ code: '>180', label: '180 天以上' }
	],
	units: [
		{ code: '云南路社区', label: '云南路社区', counts: [4, 3, 2, 1] },
		{ code: '寿张路社区', label: '寿张路社区', counts: [0, 0, 5, 5], color: '#123456' }
	],
	street: { code: 'street', label: '全街道', counts: [40, 30, 20, 10] }
};
const ctx = context({ row: '单位', total: '合计', unitShare: '占该单位积压' });

test('buckets along the axis, one bar series per unit; the street stays out of the bars', () => {
	const o = view(compareBacklogOption(data, ctx));
	expect(o.series.map((s) => [s.type, s.name, s.stack])).toEqual([
		['bar', '云南路社区', undefined],
		['bar', '寿张路社区', undefined]
	]);
	expect(o.series[0].data.map((d) => (d as { value: number }).value)).toEqual([4, 3, 2, 1]);
	expect(o.series[0].itemStyle?.color).toBe(PALETTES.light.units[0]);
	expect(o.series[1].itemStyle?.color).toBe('#123456');
	expect(axes(o.xAxis)[0].data).toEqual(['0-30', '31-90', '91-180', '>180']);
	expect(categoryLabels(o.xAxis)).toEqual(['0–30 天', '31–90 天', '91–180 天', '180 天以上']);
	expect(o.legend?.data).toEqual(['云南路社区', '寿张路社区']);
});

test('the tooltip gives each unit its count and its share of its own backlog, escaped', () => {
	const option = compareBacklogOption(data, ctx);
	const o = view(option);
	const html = tooltipHtml(
		option,
		o.series.map((s, i) => ({ data: s.data[2], dataIndex: 2, seriesIndex: i }))
	);
	expect(html).toContain('91–180 天');
	expect(html).toContain('云南路社区: <b>2 · 占该单位积压 20.0%</b>');
	expect(html).toContain('寿张路社区: <b>5 · 占该单位积压 50.0%</b>');
	const hostile = compareBacklogOption(
		{ ...data, units: [{ code: 'x', label: HOSTILE, counts: [1, 0, 0, 0] }] },
		ctx
	);
	const text = tooltipHtml(hostile, [{ data: view(hostile).series[0].data[0], dataIndex: 0 }]);
	expect(text).toContain(ESCAPED);
	expect(text).not.toContain('<script>');
});

test('compareBacklogTable has a row per unit and the street, with totals', () => {
	expect(compareBacklogTable(data, ctx)).toMatchObject({
		columns: ['单位', '0–30 天', '31–90 天', '91–180 天', '180 天以上', '合计'],
		rows: [
			['云南路社区', 4, 3, 2, 1, 10],
			['寿张路社区', 0, 0, 5, 5, 10],
			['全街道', 40, 30, 20, 10, 100]
		]
	});
	// A unit's bucket lists that unit's problems of the bucket; an empty one lists none.
	const { drills } = compareBacklogTable(data, ctx);
	expect(drills?.[0][1]).toMatchObject({ count: 4 });
	expect(drills?.[1][1]).toBeNull();
	expect(drills?.[2][5]).toMatchObject({ count: 100 });
});
