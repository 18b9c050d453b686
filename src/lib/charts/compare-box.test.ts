import { expect, test } from 'vitest';
import { compareBoxHeight, compareBoxOption, compareBoxTable, type BoxRow } from './compare-box';
import { PALETTES } from './palette';
import { categoryLabels, context, ESCAPED, HOSTILE, tooltipHtml, view } from './test-support';

const rows: BoxRow[] = [
	{
		code: '云南路社区',
		label: '云南路社区',
		stats: { n: 40, min: 1, q1: 5, median: 12, q3: 30, max: 120 },
		color: '#2f6feb'
	},
	{ code: '寿张路社区', label: '寿张路社区', stats: null },
	{
		code: 'street',
		label: '全街道',
		stats: { n: 900, min: 0, q1: 6, median: 14.5, q3: 35, max: 400 }
	}
];
const ctx = context({
	row: '单位',
	n: '已办结',
	min: '最短',
	q1: '下四分位',
	median: '中位数',
	q3: '上四分位',
	max: '最长',
	days: '天',
	noData: '无已办结问题'
});

test('one horizontal box per row from [min, q1, median, q3, max]; no box without data', () => {
	const o = view(compareBoxOption(rows, ctx));
	const [box] = o.series;
	expect(box.type).toBe('boxplot');
	expect(box.data[0]).toMatchObject({
		value: [1, 5, 12, 30, 120],
		itemStyle: { borderColor: '#2f6feb' }
	});
	expect(box.data[1]).toBe('-');
	expect(box.data[2]).toMatchObject({
		value: [0, 6, 14.5, 35, 400],
		itemStyle: { borderColor: PALETTES.light.bar }
	});
	expect(o.xAxis).toMatchObject({ type: 'value', min: 0 });
	expect(o.yAxis).toMatchObject({ type: 'category', inverse: true });
	expect(categoryLabels(o.yAxis)).toEqual(['云南路社区', '寿张路社区 · 无已办结问题', '全街道']);
});

test('the tooltip lists the five numbers in days and escapes the label', () => {
	const option = compareBoxOption(rows, ctx);
	const html = tooltipHtml(option, { data: view(option).series[0].data[0], dataIndex: 0 });
	expect(html).toContain('已办结: <b>40</b>');
	expect(html).toContain('中位数: <b>12 天</b>');
	expect(html).toContain('最长: <b>120 天</b>');
	const hostile = compareBoxOption([{ ...rows[0], label: HOSTILE }], ctx);
	const text = tooltipHtml(hostile, { data: view(hostile).series[0].data[0], dataIndex: 0 });
	expect(text).toContain(ESCAPED);
	expect(text).not.toContain('<script>');
});

test('aria reads each median and quartiles; the height grows with the rows', () => {
	const description = view(compareBoxOption(rows, ctx)).aria?.label?.description ?? '';
	expect(description).toContain('云南路社区: 中位数 12 天, 下四分位 5 天, 上四分位 30 天');
	expect(description).toContain('寿张路社区: 无已办结问题');
	expect(compareBoxHeight([...rows, ...rows])).toBeGreaterThan(compareBoxHeight(rows));
});

test('compareBoxTable gives n and the five numbers, dashes where there are none', () => {
	expect(compareBoxTable(rows, ctx)).toEqual({
		columns: ['单位', '已办结', '最短', '下四分位', '中位数', '上四分位', '最长'],
		rows: [
			['云南路社区', 40, 1, 5, 12, 30, 120],
			['寿张路社区', 0, '—', '—', '—', '—', '—'],
			['全街道', 900, 0, 6, 14.5, 35, 400]
		]
	});
});
