import { describe, expect, it } from 'vitest';
import type { Kpis } from '$lib/domain/kpi';
import type { OverviewData } from '$lib/server/dashboard/overview-data';
import { OVERVIEW_CHARTS, overviewCharts, type OverviewChartWords } from './overview-charts';

const rate = { num: 0, den: 0, value: null };
const kpis: Kpis = {
	total: 3,
	closure: rate,
	fix: rate,
	signOff: rate,
	onTime: { ...rate, noDeadline: 0 },
	overdue: 0,
	response: rate,
	satisfaction: rate,
	callback: rate,
	daysToResolve: { median: null, p90: null, n: 0 }
};
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
	excluded: 0,
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
			theme: 'safety',
			labelZh: '安全生产',
			labelEn: 'Work safety',
			current: 2,
			previous: 0,
			change: null
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
		expect(Object.keys(charts).sort()).toEqual([...OVERVIEW_CHARTS].sort());
		expect(charts.byTheme.table.rows.map((r) => r[0])).toEqual(['安全生产', '其他']);
		expect(charts.backlogAge.table.rows.map((r) => r[0])).toEqual(['A', 'B', 'C', 'D']);
		expect(charts.byLevel.table.rows.map((r) => r[0])).toEqual(['工作层面', 'notGiven']);
		for (const id of OVERVIEW_CHARTS) expect(charts[id].height).toBeGreaterThan(0);
	});

	it('uses the English labels in English', () => {
		const en = overviewCharts(data, { locale: 'en', theme: 'dark' }, words);
		expect(en.byTheme.table.rows.map((r) => r[0])).toEqual(['Work safety', 'Other']);
	});

	it('maps a click on a bar to its filter, and "not given" or an age bucket to none', () => {
		const bar = (item: object) => ({ componentType: 'series', data: item });
		const safety = { filters: [{ key: 'themes', value: 'safety' }] };
		expect(charts.byTheme.hit(bar(safety))).toEqual([{ key: 'themes', value: 'safety' }]);
		expect(charts.byLevel.hit(bar({ filters: [{ key: 'levels', value: '' }] }))).toEqual([]);
		expect(charts.trend.hit(bar(safety))).toEqual([]);
	});
});
