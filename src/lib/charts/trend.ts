// Monthly flow: problems reported vs resolved as bars, and the open backlog at each month's end as
// a line on its own axis (a stock, not a flow, so it would flatten the bars on a shared axis).
import type { EChartsCoreOption } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import { formatCount } from '$lib/number-format';
import { PALETTES } from './palette';
import {
	axisStyle,
	baseOption,
	tooltipBase,
	tooltipRow,
	tooltipTitle,
	type ChartOption,
	type TooltipParams
} from './shared-option';
import { monthWithin } from '$lib/domain/period';
import type { CellDrill, ChartClick, ChartContext, ChartLocale, ChartTable } from './types';

export interface TrendPoint {
	/** YYYY-MM */
	month: string;
	created: number;
	resolved: number;
	/** Open problems at the end of the month. */
	backlog: number;
}

export interface TrendLabels {
	/** Table header of the month column (月份). */
	month: string;
	/** Series names: 新增, 办结, 积压. */
	created: string;
	resolved: string;
	backlog: string;
}

interface TrendDatum {
	value: number;
	month: string;
}

// One formatter per locale: making one costs more than the rest of a trend's table.
const monthFormats = new Map<ChartLocale, Intl.DateTimeFormat>();

/** "2024年3月" / "Mar 2024"; a value that is not YYYY-MM is shown as given. */
export function monthLabel(month: string, locale: ChartLocale): string {
	const m = /^(\d{4})-(\d{2})$/.exec(month);
	if (!m) return month;
	let format = monthFormats.get(locale);
	if (!format) {
		format = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', timeZone: 'UTC' });
		monthFormats.set(locale, format);
	}
	return format.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)));
}

export function trendOption(data: TrendPoint[], ctx: ChartContext<TrendLabels>): EChartsCoreOption {
	const palette = PALETTES[ctx.theme];
	const { labels, locale } = ctx;
	const axis = axisStyle(palette);
	const items = (pick: (p: TrendPoint) => number): TrendDatum[] =>
		data.map((p) => ({ value: pick(p), month: p.month }));

	const bar = (name: string, color: string, values: TrendDatum[]): BarSeriesOption => ({
		type: 'bar',
		name,
		data: values,
		barMaxWidth: 18,
		itemStyle: { color, borderRadius: [2, 2, 0, 0] }
	});
	const backlog: LineSeriesOption = {
		type: 'line',
		name: labels.backlog,
		yAxisIndex: 1,
		data: items((p) => p.backlog),
		symbolSize: 5,
		lineStyle: { width: 2, color: palette.backlog },
		itemStyle: { color: palette.backlog }
	};
	const colors = [palette.created, palette.resolved, palette.backlog];
	const names = [labels.created, labels.resolved, labels.backlog];

	const description = data
		.map(
			(p) =>
				`${monthLabel(p.month, locale)}: ${labels.created} ${formatCount(p.created, locale)}, ` +
				`${labels.resolved} ${formatCount(p.resolved, locale)}, ${labels.backlog} ${formatCount(p.backlog, locale)}`
		)
		.join('; ');

	const option: ChartOption = {
		...baseOption(ctx, palette, description),
		legend: {
			type: 'plain',
			top: 0,
			left: 'center',
			itemWidth: 14,
			itemHeight: 10,
			textStyle: { color: palette.text },
			data: names
		},
		grid: { left: 8, right: 8, top: 36, bottom: 8, outerBoundsMode: 'same' },
		tooltip: {
			...tooltipBase(palette, 'axis'),
			formatter: (params: TooltipParams | TooltipParams[]) => {
				const list = Array.isArray(params) ? params : [params];
				const month = (list[0]?.data as TrendDatum | undefined)?.month;
				if (month === undefined) return '';
				return (
					tooltipTitle(monthLabel(month, locale)) +
					list
						.map((p) => {
							const i = p.seriesIndex ?? 0;
							return tooltipRow(
								names[i],
								formatCount((p.data as TrendDatum).value, locale),
								colors[i]
							);
						})
						.join('')
				);
			}
		},
		xAxis: {
			type: 'category',
			data: data.map((p) => p.month),
			...axis,
			axisLabel: { ...axis.axisLabel, hideOverlap: true }
		},
		yAxis: [
			{ type: 'value', minInterval: 1, ...axis },
			{
				type: 'value',
				minInterval: 1,
				...axis,
				// The backlog axis wears the line's colour so it reads as the line's scale.
				axisLabel: { ...axis.axisLabel, color: palette.backlog },
				splitLine: { show: false }
			}
		],
		series: [
			bar(
				labels.created,
				palette.created,
				items((p) => p.created)
			),
			bar(
				labels.resolved,
				palette.resolved,
				items((p) => p.resolved)
			),
			backlog
		]
	};
	return option;
}

/**
 * The trend's table. Given the period, each month's new problems link to their list (the month's
 * days within the period); resolved and backlog count other problems (resolved in the month, open
 * at its end), which the list cannot select.
 */
export function trendTable(
	data: TrendPoint[],
	ctx: ChartContext<TrendLabels>,
	period?: { from: string; to: string }
): ChartTable {
	const { labels } = ctx;
	const created = (p: TrendPoint): CellDrill | null =>
		period && p.created > 0
			? { count: p.created, period: monthWithin(p.month, period.from, period.to) }
			: null;
	return {
		columns: [labels.month, labels.created, labels.resolved, labels.backlog],
		rows: data.map((p) => [monthLabel(p.month, ctx.locale), p.created, p.resolved, p.backlog]),
		drills: data.map((p) => [null, created(p), null, null])
	};
}

/**
 * The month (YYYY-MM) of a clicked bar or point. Months are a period, not one of the list filters,
 * so the page decides what a click means (e.g. from/to of that month).
 */
export function trendHitToMonth(params: ChartClick): string | null {
	if (params.componentType !== 'series') return null;
	const d = params.data;
	return d && typeof d === 'object' && 'month' in d && typeof d.month === 'string' ? d.month : null;
}
