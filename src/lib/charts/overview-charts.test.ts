import { describe, expect, it } from 'vitest';
import { NONE } from '$lib/domain/dimensions';
import { computeKpis, EMPTY_KPI_INPUT } from '$lib/domain/figures';
import type { OverviewData } from '$lib/domain/overview-model';
import { OVERVIEW_CHART_IDS, overviewCharts, type OverviewChartWords } from './overview-charts';

const kpis = computeKpis({ ...EMPTY_KPI_INPUT, counts: { ...EMPTY_KPI_INPUT.counts, valid: 3 } });
const label = (code: string, zh: string, en: string) => ({ code, labelZh: zh, labelEn: en });

const data: OverviewData = {
	period: {
		from: '2019-01-01',
		to: '2019-12-31',
		prevFrom: '2018-01-01',
		prevTo: '2018-12-31',
		asOf: '2019-12-31'
	},
	responseDays: 3,
	kpis: { current: kpis, previous: kpis },
	coverage: [[]],
	excluded: 0,
	excludedStatuses: ['duplicate', 'withdrawn'],
	byTheme: [
		{ ...label('safety', '安全生产', 'Work safety'), count: 2, share: 2 / 3 },
		{ ...label('other', '其他', 'Other'), count: 1, share: 1 / 3 }
	],
	byStatusType: [
		{ ...label('open', '未办结', 'Open'), code: 'open', count: 2, share: 2 / 3 },
		{ ...label('fixed', '已解决', 'Fixed'), code: 'fixed', count: 1, share: 1 / 3 },
		{ ...label('closed', '已关闭', 'Closed'), code: 'closed', count: 0, share: 0 }
	],
	byStatus: [
		{ ...label('pending', '待处理', 'Pending'), type: 'open', count: 2, share: 2 / 3 },
		{ ...label('resolved', '已整改', 'Resolved'), type: 'fixed', count: 1, share: 1 / 3 }
	],
	communityTheme: {
		communities: ['云南路社区'],
		themes: [label('safety', '安全生产', 'Work safety'), label('other', '其他', 'Other')],
		cells: [
			{ community: '云南路社区', theme: 'safety', count: 2 },
			{ community: '云南路社区', theme: 'other', count: 1 }
		]
	},
	monthly: [{ month: '2019-05', created: 3, resolved: 1, backlog: 2 }],
	byLevel: [
		{ ...label('work', '工作层面', 'Work'), count: 2, share: 2 / 3 },
		{ code: null, labelZh: '', labelEn: '', count: 1, share: 1 / 3 }
	],
	byReporterType: [{ ...label('enterprise', '企业', 'Enterprise'), count: 3, share: 1 }],
	themeHeat: [
		{
			...label('safety', '安全生产', 'Work safety'),
			count: 2,
			previousCount: 0,
			share: 2 / 3,
			previousShare: null,
			change: null,
			countChange: null
		}
	],
	openBottlenecks: { total: 0, rows: [] },
	backlogAge: {
		total: 2,
		buckets: [
			{ key: '0-30', minDays: 0, maxDays: 30, count: 1 },
			{ key: '31-90', minDays: 31, maxDays: 90, count: 0 },
			{ key: '91-180', minDays: 91, maxDays: 180, count: 0 },
			{ key: '>180', minDays: 181, maxDays: null, count: 1 }
		],
		oldest: []
	}
};

const words = new Proxy({} as OverviewChartWords, {
	get: (_, key) =>
		key === 'ageBuckets' ? { '0-30': 'A', '31-90': 'B', '91-180': 'C', '>180': 'D' } : String(key)
});

describe('overviewCharts', () => {
	const charts = overviewCharts(data, { locale: 'zh-CN', theme: 'light' }, words);

	it('builds every chart of the overview with its table', () => {
		expect(Object.keys(charts).sort()).toEqual([...OVERVIEW_CHART_IDS].sort());
		expect(charts.byTheme.table.rows.map((r) => r[0])).toEqual(['安全生产', '其他']);
		expect(charts.backlogAge.table.rows.map((r) => r[0])).toEqual(['A', 'B', 'C', 'D']);
		expect(charts.byLevel.table.rows.map((r) => r[0])).toEqual(['工作层面', 'notGiven']);
		for (const id of OVERVIEW_CHART_IDS) expect(charts[id].height).toBeGreaterThan(0);
	});

	it('uses the English labels in English', () => {
		const en = overviewCharts(data, { locale: 'en', theme: 'dark' }, words);
		expect(en.byTheme.table.rows.map((r) => r[0])).toEqual(['Work safety', 'Other']);
	});

	it('maps a click on a bar to its filter ("not given" too), and a trend point to none', () => {
		const bar = (item: object) => ({ componentType: 'series', data: item });
		const safety = { filters: [{ key: 'themes', value: 'safety' }] };
		expect(charts.byTheme.hit(bar(safety))).toEqual([{ key: 'themes', value: 'safety' }]);
		const notGiven = { filters: [{ key: 'levels', value: NONE }] };
		expect(charts.byLevel.hit(bar(notGiven))).toEqual([{ key: 'levels', value: NONE }]);
		expect(charts.trend.hit(bar(safety))).toEqual([]);
	});

	it('says whose problems each chart counts, and what every table number lists', () => {
		const period = { from: '2019-01-01', to: '2019-12-31' };
		expect(charts.byTheme.drill).toEqual({ population: 'valid', period });
		expect(charts.backlogAge.drill).toEqual({ population: 'open', period: {} });
		expect(charts.byTheme.table.drills?.[0][1]).toEqual({
			count: 2,
			hits: [{ key: 'themes', value: 'safety' }]
		});
		// "Not given" lists the problems without a level.
		expect(charts.byLevel.table.drills?.[1][1]).toEqual({
			count: 1,
			hits: [{ key: 'levels', value: NONE }]
		});
		// An age bucket lists the open problems reported in its range before the as-of day.
		expect(charts.backlogAge.table.drills?.[0][1]).toEqual({
			count: 1,
			period: { from: '2019-12-01', to: '2019-12-31' }
		});
		expect(charts.backlogAge.table.drills?.[3][1]).toEqual({
			count: 1,
			period: { from: undefined, to: '2019-07-03' }
		});
		// A heat cell lists its community and theme; the trend's new problems their month.
		expect(charts.heat.table.drills?.[0][1]).toEqual({
			count: 2,
			hits: [
				{ key: 'communities', value: '云南路社区' },
				{ key: 'themes', value: 'safety' }
			]
		});
		expect(charts.trend.table.drills?.[0]).toEqual([
			null,
			{ count: 3, period: { from: '2019-05-01', to: '2019-05-31' } },
			null,
			null
		]);
		// Theme heat: nothing last period, nothing to list.
		expect(charts.themeHeat.table.drills?.[0][3]).toBeNull();
	});
});
