import { expect, test } from 'vitest';
import { DEFAULT_WEIGHTS, type CompareData, type UnitFigures } from '$lib/domain/compare-model';
import {
	computeKpis,
	EMPTY_KPI_INPUT,
	RATE_IDS,
	rate,
	wilson,
	type RateId
} from '$lib/domain/figures';
import {
	COMPARE_CHART_IDS,
	compareCharts,
	STREET_CODE,
	type CompareChartWords
} from './compare-charts';
import { echarts } from './echarts';
import { PALETTES } from './palette';
import { categoryLabels, view } from './test-support';

const label = (code: string, zh: string, en: string) => ({ code, labelZh: zh, labelEn: en });

function figures(unit: string, total: number, safety: number, median: number | null): UnitFigures {
	const r = rate(Math.round(total * 0.8), total);
	const kpis = computeKpis({
		...EMPTY_KPI_INPUT,
		counts: { ...EMPTY_KPI_INPUT.counts, valid: total, fixed: r.num, overdue: 1 },
		supplied: ['deadline', 'resolved_at'],
		days: { median, p90: median, n: median === null ? 0 : total }
	});
	const interval = wilson(r.num, r.den);
	return {
		unit,
		kpis,
		intervals: Object.fromEntries(RATE_IDS.map((id) => [id, interval])) as Record<
			RateId,
			typeof interval
		>,
		belowStreet: [],
		themeMix: [
			{ ...label('safety', '安全生产', 'Work safety'), count: safety, share: safety / total },
			{ ...label('other', '其他', 'Other'), count: total - safety, share: 1 - safety / total }
		],
		statusTypeMix: [
			{ ...label('open', '未办结', 'Open'), code: 'open', count: 2, share: 2 / total },
			{ ...label('fixed', '已解决', 'Fixed'), code: 'fixed', count: total - 2, share: null },
			{ ...label('closed', '已关闭', 'Closed'), code: 'closed', count: 0, share: 0 }
		],
		statusMix: [
			{ ...label('verified', '已销号', 'Verified'), type: 'fixed', count: total - 2, share: null },
			{ ...label('pending', '待处理', 'Pending'), type: 'open', count: 2, share: null }
		],
		daysToResolve:
			median === null ? null : { n: total, min: 0, q1: 2, median, q3: median + 5, max: 90 },
		backlog: [
			{ bucket: '0-30', count: 1 },
			{ bucket: '31-90', count: 1 },
			{ bucket: '91-180', count: 0 },
			{ bucket: '>180', count: 0 }
		],
		monthly: [
			{ month: '2019-01', created: total / 2, resolved: 1 },
			{ month: '2019-02', created: total / 2, resolved: 2 }
		]
	};
}

const data: CompareData = {
	period: {
		from: '2019-01-01',
		to: '2019-02-28',
		prevFrom: '2018-11-03',
		prevTo: '2018-12-31',
		asOf: '2019-02-28'
	},
	responseDays: 3,
	weights: DEFAULT_WEIGHTS,
	minCount: 10,
	allUnits: [],
	units: [figures('云南路社区', 8, 6, 10), figures('寿张路社区', 40, 4, null)],
	street: figures('', 300, 60, 12),
	coverage: [],
	ranking: [],
	themeFocus: { street: [], units: [] }
};

const words: CompareChartWords = {
	count: '数量',
	share: '占比',
	total: '合计',
	unit: '单位',
	street: '全街道',
	theme: '主题',
	statusType: '状态类型',
	status: '状态',
	month: '月份',
	created: '新增',
	resolved: '办结',
	days: '天',
	n: '已办结',
	min: '最短',
	q1: '下四分位',
	median: '中位数',
	q3: '上四分位',
	max: '最长',
	noData: '无已办结问题',
	unitShare: '占该单位积压',
	ageBuckets: {
		'0-30': '0–30 天',
		'31-90': '31–90 天',
		'91-180': '91–180 天',
		'>180': '180 天以上'
	}
};

const charts = compareCharts(data, { locale: 'zh-CN', theme: 'light' }, words);

test('the mixes have a bar per chosen unit and the street last', () => {
	const theme = view(charts.themeMix.option);
	expect(theme.yAxis).toMatchObject({ data: ['云南路社区', '寿张路社区', STREET_CODE] });
	expect(categoryLabels(theme.yAxis)).toEqual([
		'云南路社区 · 8',
		'寿张路社区 · 40',
		'全街道 · 300'
	]);
	expect(theme.series.map((s) => s.name)).toEqual(['安全生产', '其他']);
	expect(charts.themeMix.table.rows[0]).toEqual([
		'安全生产',
		'6 · 75.0%',
		'4 · 10.0%',
		'60 · 20.0%'
	]);
	// Status types and statuses keep their colours; statuses are grouped by type (open first).
	const types = view(charts.statusTypeMix.option);
	expect(types.series.map((s) => s.itemStyle?.color)).toEqual([
		PALETTES.light.statusType.open,
		PALETTES.light.statusType.fixed,
		PALETTES.light.statusType.closed
	]);
	const statuses = view(charts.statusMix.option);
	expect(statuses.series.map((s) => [s.id, s.itemStyle?.color])).toEqual([
		['pending', PALETTES.light.status.pending],
		['verified', PALETTES.light.status.verified]
	]);
});

test('a click on a mix segment filters by its theme, status type or status', () => {
	const at = (id: 'themeMix' | 'statusTypeMix' | 'statusMix', series: number) =>
		charts[id].hit({
			componentType: 'series',
			data: view(charts[id].option).series[series].data[0]
		});
	expect(at('themeMix', 1)).toEqual([{ key: 'themes', value: 'other' }]);
	expect(at('statusTypeMix', 0)).toEqual([{ key: 'statusTypes', value: 'open' }]);
	expect(at('statusMix', 0)).toEqual([{ key: 'statuses', value: 'pending' }]);
	expect(charts.trend.hit({ componentType: 'series' })).toEqual([]);
});

test('boxes in the units’ colours and the street’s; lines and bars for the units only', () => {
	const box = view(charts.daysToResolve.option).series[0];
	expect(box.data[0]).toMatchObject({ itemStyle: { borderColor: PALETTES.light.units[0] } });
	expect(box.data[1]).toBe('-');
	expect(box.data[2]).toMatchObject({
		value: [0, 2, 12, 17, 90],
		itemStyle: { borderColor: PALETTES.light.street }
	});
	expect(view(charts.trend.option).series).toHaveLength(4);
	expect(view(charts.backlog.option).series.map((s) => s.name)).toEqual([
		'云南路社区',
		'寿张路社区'
	]);
	expect(charts.backlog.table.rows.map((r) => r[0])).toEqual([
		'云南路社区',
		'寿张路社区',
		'全街道'
	]);
});

test('English labels come from the data in English', () => {
	const en = compareCharts(data, { locale: 'en', theme: 'dark' }, words);
	expect(view(en.themeMix.option).series.map((s) => s.name)).toEqual(['Work safety', 'Other']);
	expect(view(en.trend.option).series[0].itemStyle?.color).toBe(PALETTES.dark.units[0]);
});

test.each(COMPARE_CHART_IDS)('%s renders to SVG with the parts echarts.ts registers', (id) => {
	const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 640, height: 400 });
	try {
		const spec = compareCharts(data, { locale: 'zh-CN', theme: 'light', static: true }, words)[id];
		chart.setOption({ ...spec.option, animation: false }, { notMerge: true });
		const svg = chart.renderToSVGString();
		expect(svg.startsWith('<svg')).toBe(true);
		expect(svg).toContain('云南路社区');
	} finally {
		chart.dispose();
	}
});
