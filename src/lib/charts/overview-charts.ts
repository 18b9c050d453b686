// The overview's charts from its data: one place that maps OverviewData to each builder, so the
// server (SVG first paint) and the page (live chart) draw exactly the same option, and one entry
// per chart (OVERVIEW_CHARTS) with its title and the population it counts, which its subtitle and
// its drill links state.
import type { EChartsCoreOption } from 'echarts/core';
import { NONE } from '$lib/domain/dimensions';
import type { Population } from '$lib/domain/filters';
import type { OverviewData } from '$lib/domain/overview-model';
import { addDays } from '$lib/domain/period';
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
import type { FilterHit } from '$lib/domain/dimensions';
import type { ChartClick, ChartDrill, ChartLocale, ChartTable, ChartTheme } from './types';

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
	currentShare: string;
	previousShare: string;
	change: string;
	countChange: string;
	points: string;
	noPrevious: string;
	notGiven: string;
	age: string;
	ageBuckets: Record<'0-30' | '31-90' | '91-180' | '>180', string>;
}

/** A chart of a page: its title and note (message keys) and the population its numbers count. */
export interface ChartEntry<Id extends string = string> {
	id: Id;
	title: string;
	/** What the numbers count, in words a leader understands (a message key; {asOf} given). */
	note: string;
	population: Population;
	/** Takes the whole row on a desktop. */
	wide?: boolean;
}

export const OVERVIEW_CHARTS = [
	{ id: 'byTheme', title: 'chart_by_theme', note: 'population_valid', population: 'valid' },
	{ id: 'statusMix', title: 'chart_status_mix', note: 'population_valid', population: 'valid' },
	{
		id: 'heat',
		title: 'chart_heat',
		note: 'population_valid',
		population: 'valid',
		wide: true
	},
	{ id: 'trend', title: 'chart_trend', note: 'population_trend', population: 'valid', wide: true },
	{ id: 'byLevel', title: 'chart_by_level', note: 'population_valid', population: 'valid' },
	{
		id: 'byReporterType',
		title: 'chart_by_reporter',
		note: 'population_valid',
		population: 'valid'
	},
	{
		id: 'themeHeat',
		title: 'chart_theme_heat',
		note: 'population_theme_heat',
		population: 'valid'
	},
	{ id: 'backlogAge', title: 'chart_backlog_age', note: 'population_open', population: 'open' }
] as const satisfies readonly ChartEntry[];
export type OverviewChartId = (typeof OVERVIEW_CHARTS)[number]['id'];
export const OVERVIEW_CHART_IDS = OVERVIEW_CHARTS.map((c) => c.id);

export interface ChartSpec {
	option: EChartsCoreOption;
	table: ChartTable;
	height: number;
	/** The filters a click on an element stands for (none where a click means nothing). */
	hit: (params: ChartClick) => FilterHit[];
	/** Whose problems, over which range, the numbers count: the base of every drill link. */
	drill: ChartDrill;
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
	// "Not given" is a value like any other (NONE): its bar filters and lists the empty ones.
	const byLevel = data.byLevel.map((l) => ({
		code: l.code ?? NONE,
		label: l.code ? pick(l) : words.notGiven,
		value: l.count,
		share: l.share
	}));
	const byReporter = data.byReporterType.map((r) => ({
		code: r.code ?? NONE,
		label: r.code ? pick(r) : words.notGiven,
		value: r.count,
		share: r.share
	}));
	const { asOf } = data.period;
	const ageTotal = data.backlogAge.total;
	// A bucket of age a..b days at the as-of day is the problems reported from asOf − b to asOf − a.
	const ages = data.backlogAge.buckets.map((b) => ({
		code: b.key,
		label: words.ageBuckets[b.key],
		value: b.count,
		share: ageTotal ? b.count / ageTotal : null,
		period: {
			from: b.maxDays === null ? undefined : addDays(asOf, -b.maxDays),
			to: addDays(asOf, -b.minDays)
		}
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
	const heat = data.themeHeat.map((t) => ({ ...t, label: pick(t) }));
	const heatCtx = {
		...base,
		labels: {
			count: words.count,
			share: words.share,
			category: words.theme,
			current: words.current,
			previous: words.previous,
			currentShare: words.currentShare,
			previousShare: words.previousShare,
			change: words.change,
			countChange: words.countChange,
			points: words.points,
			noPrevious: words.noPrevious
		}
	};
	const period = { from: data.period.from, to: data.period.to };
	const previousPeriod = { from: data.period.prevFrom, to: data.period.prevTo };
	const valid: ChartDrill = { population: 'valid', period };

	/** A bar ranking and its table; bars for an empty code ("not given") filter nothing. */
	const rankingSpec = (
		items: RankingItem[],
		category: string,
		options: RankingOptions = {},
		drill: ChartDrill = valid
	): ChartSpec => ({
		option: barRankingOption(items, ranking(category), options),
		table: barRankingTable(items, ranking(category), options),
		height: barRankingHeight(items.length),
		hit: (p) => one(barRankingHitToFilter(p)),
		drill
	});

	return {
		byTheme: rankingSpec(byTheme, words.theme, { filterKey: 'themes' }),
		statusMix: {
			option: statusMixOption(mix, mixCtx),
			table: statusMixTable(mix, mixCtx),
			height: 260,
			hit: (p) => one(statusMixHitToFilter(p)),
			drill: valid
		},
		heat: {
			option: heatGridOption(grid, gridCtx),
			table: heatGridTable(grid, gridCtx),
			height: heatGridHeight(grid),
			hit: heatGridHitToFilters,
			drill: valid
		},
		trend: {
			option: trendOption(data.monthly, trendCtx),
			table: trendTable(data.monthly, trendCtx, period),
			height: 320,
			hit: () => [],
			drill: valid
		},
		byLevel: rankingSpec(byLevel, words.level, { filterKey: 'levels', keepOrder: true }),
		byReporterType: rankingSpec(byReporter, words.reporterType, {
			filterKey: 'reporterTypes',
			keepOrder: true
		}),
		themeHeat: {
			option: themeHeatOption(heat, heatCtx),
			table: themeHeatTable(heat, heatCtx, { current: period, previous: previousPeriod }),
			height: barRankingHeight(heat.length),
			hit: (p) => one(themeHeatHitToFilter(p)),
			drill: valid
		},
		// Open at the as-of day, whatever the period: the bars are age ranges, not filters.
		backlogAge: rankingSpec(
			ages,
			words.age,
			{ keepOrder: true },
			{ population: 'open', period: {} }
		)
	};
}
