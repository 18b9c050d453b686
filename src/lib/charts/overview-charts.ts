// The overview's charts from its data: one place that maps OverviewData to each builder, so the
// server (SVG first paint) and the page (live chart) draw exactly the same option.
import type { EChartsCoreOption } from 'echarts/core';
import type { OverviewData } from '$lib/server/dashboard/overview-data';
import {
	barRankingHeight,
	barRankingHitToFilter,
	barRankingOption,
	barRankingTable,
	type RankingItem,
	type RankingOptions
} from './bar-ranking';
import { heatGridHeight, heatGridHitToFilters, heatGridOption, heatGridTable } from './heat-grid';
import { statusMixHitToFilter, statusMixOption, statusMixTable } from './status-mix';
import { themeHeatHitToFilter, themeHeatOption, themeHeatTable } from './theme-heat';
import { trendOption, trendTable } from './trend';
import type { ChartClick, ChartLocale, ChartTable, ChartTheme, FilterHit } from './types';

/** UI words the charts show; the page fills them from its messages. */
export interface OverviewChartWords {
	count: string;
	share: string;
	theme: string;
	status: string;
	statusType: string;
	total: string;
	community: string;
	rowShare: string;
	month: string;
	created: string;
	resolved: string;
	backlog: string;
	level: string;
	reporterType: string;
	current: string;
	previous: string;
	change: string;
	noPrevious: string;
	notGiven: string;
	age: string;
	ageBuckets: Record<'0-30' | '31-90' | '91-180' | '>180', string>;
}

export const OVERVIEW_CHARTS = [
	'byTheme',
	'statusMix',
	'heat',
	'trend',
	'byLevel',
	'byReporterType',
	'themeHeat',
	'backlogAge'
] as const;
export type OverviewChartId = (typeof OVERVIEW_CHARTS)[number];

export interface ChartSpec {
	option: EChartsCoreOption;
	table: ChartTable;
	height: number;
	/** The filters a click on an element stands for (none where a click means nothing). */
	hit: (params: ChartClick) => FilterHit[];
}

const one = (hit: FilterHit | null): FilterHit[] => (hit ? [hit] : []);

export function overviewCharts(
	data: OverviewData,
	view: { locale: ChartLocale; theme: ChartTheme; static?: boolean },
	words: OverviewChartWords
): Record<OverviewChartId, ChartSpec> {
	const en = view.locale === 'en';
	const pick = (x: { labelZh: string; labelEn: string }): string => (en ? x.labelEn : x.labelZh);
	const base = { locale: view.locale, theme: view.theme, static: view.static };
	const ranking = (category: string) => ({
		...base,
		labels: { count: words.count, share: words.share, category }
	});

	const byTheme = data.byTheme.map((t) => ({
		code: t.code,
		label: pick(t),
		value: t.count,
		share: t.share
	}));
	const byLevel = data.byLevel.map((l) => ({
		code: l.code ?? '',
		label: l.code ? pick(l) : words.notGiven,
		value: l.count,
		share: l.share
	}));
	const byReporter = data.byReporterType.map((r) => ({
		code: r.code ?? '',
		label: r.code ? pick(r) : words.notGiven,
		value: r.count,
		share: r.share
	}));
	const ageTotal = data.backlogAge.total;
	const ages = data.backlogAge.buckets.map((b) => ({
		code: b.key,
		label: words.ageBuckets[b.key],
		value: b.count,
		share: ageTotal ? b.count / ageTotal : null
	}));
	const mix = {
		types: data.byStatusType.map((t) => ({ code: t.code, label: pick(t) })),
		statuses: data.byStatus.map((s) => ({
			code: s.code,
			label: pick(s),
			type: s.type,
			value: s.count
		}))
	};
	const mixCtx = {
		...base,
		labels: {
			count: words.count,
			share: words.share,
			statusType: words.statusType,
			status: words.status,
			total: words.total
		}
	};
	const grid = {
		rows: data.communityTheme.communities.map((c) => ({ code: c, label: c })),
		cols: data.communityTheme.themes.map((t) => ({ code: t.code, label: pick(t) })),
		cells: data.communityTheme.cells.map((c) => ({
			row: c.community,
			col: c.theme,
			value: c.count
		}))
	};
	const gridCtx = {
		...base,
		labels: {
			count: words.count,
			share: words.share,
			rowHeader: words.community,
			rowShare: words.rowShare
		}
	};
	const trendCtx = {
		...base,
		labels: {
			count: words.count,
			share: words.share,
			month: words.month,
			created: words.created,
			resolved: words.resolved,
			backlog: words.backlog
		}
	};
	const heat = data.themeHeat.map((t) => ({
		code: t.theme,
		label: pick(t),
		current: t.current,
		previous: t.previous,
		change: t.change
	}));
	const heatCtx = {
		...base,
		labels: {
			count: words.count,
			share: words.share,
			category: words.theme,
			current: words.current,
			previous: words.previous,
			change: words.change,
			noPrevious: words.noPrevious
		}
	};

	/** A bar ranking and its table; bars for an empty code ("not given") filter nothing. */
	const rankingSpec = (
		items: RankingItem[],
		category: string,
		options: RankingOptions = {}
	): ChartSpec => ({
		option: barRankingOption(items, ranking(category), options),
		table: barRankingTable(items, ranking(category), options),
		height: barRankingHeight(items.length),
		hit: (p) => one(barRankingHitToFilter(p)).filter((h) => h.value !== '')
	});

	return {
		byTheme: rankingSpec(byTheme, words.theme, { filterKey: 'themes' }),
		statusMix: {
			option: statusMixOption(mix, mixCtx),
			table: statusMixTable(mix, mixCtx),
			height: 260,
			hit: (p) => one(statusMixHitToFilter(p))
		},
		heat: {
			option: heatGridOption(grid, gridCtx),
			table: heatGridTable(grid, gridCtx),
			height: heatGridHeight(grid),
			hit: heatGridHitToFilters
		},
		trend: {
			option: trendOption(data.monthly, trendCtx),
			table: trendTable(data.monthly, trendCtx),
			height: 320,
			hit: () => []
		},
		byLevel: rankingSpec(byLevel, words.level, { filterKey: 'levels', keepOrder: true }),
		byReporterType: rankingSpec(byReporter, words.reporterType, {
			filterKey: 'reporterTypes',
			keepOrder: true
		}),
		themeHeat: {
			option: themeHeatOption(heat, heatCtx),
			table: themeHeatTable(heat, heatCtx),
			height: barRankingHeight(heat.length),
			hit: (p) => one(themeHeatHitToFilter(p))
		},
		backlogAge: rankingSpec(ages, words.age, { keepOrder: true })
	};
}
