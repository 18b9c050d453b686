// Theme heat (主题热度): the change of each theme's share of the period's problems against its share
// of the previous period, in percentage points, as bars diverging from 0 (rising warm, falling
// cool); the raw count change sits beside it in the tooltip and the table. Shares, not counts: in a
// year when volume falls by a third, counts fall for every theme and say nothing of what is rising.
// When the previous period has no problems there is no share to compare: the row has no bar, only
// a label ("上期无数据") and a tooltip saying why.
import type { EChartsCoreOption } from 'echarts/core';
import type { BarSeriesOption } from 'echarts/charts';
import type { ThemeShift } from '$lib/domain/measures';
import { formatChange, formatCount, formatPoints, formatShare } from '$lib/number-format';
import { itemFilters } from './hit';
import { PALETTES } from './palette';
import {
	axisStyle,
	baseOption,
	firstParams,
	tooltipBase,
	tooltipRow,
	tooltipTitle,
	type ChartOption,
	type FilterableItem,
	type TooltipParams
} from './shared-option';
import type { FilterHit } from '$lib/domain/dimensions';
import type { CellDrill, ChartClick, ChartContext, ChartTable } from './types';

export type ThemeHeatItem = Pick<
	ThemeShift,
	'code' | 'count' | 'previousCount' | 'share' | 'previousShare' | 'change' | 'countChange'
> & { label: string };

export interface ThemeHeatLabels {
	/** Table header of the theme column (主题). */
	category: string;
	/** 本期, 上期 (counts), 本期占比, 上期占比, 占比变化, 件数环比. */
	current: string;
	previous: string;
	currentShare: string;
	previousShare: string;
	change: string;
	countChange: string;
	/** The unit of a change in shares: 个百分点 / pp. */
	points: string;
	/** Why a theme has no bar: "上期无数据". */
	noPrevious: string;
}

interface HeatDatum extends FilterableItem {
	/** The change in points (0 for a theme without one: no bar, only the label saying why). */
	value: number;
	item: ThemeHeatItem;
	itemStyle: { color: string };
	label: { position: 'right' | 'left'; color: string };
}

/**
 * Value-axis ends with room for the labels beyond the longest bars, on a whole number of points,
 * and 0 kept on the axis. Without this a falling bar's label runs into the theme names on a phone.
 */
function padded(side: 'min' | 'max') {
	return ({ min, max }: { min: number; max: number }) => {
		const pad = Math.max(2, (max - min) * 0.6);
		return side === 'min'
			? Math.min(0, Math.floor(min - (min < 0 ? pad : 0)))
			: Math.max(0, Math.ceil(max + (max > 0 ? pad : 0)));
	};
}

/** Largest rise first; themes without a ratio last, in the order given. */
function ordered(data: ThemeHeatItem[]): ThemeHeatItem[] {
	return [...data].sort((a, b) => {
		if (a.change === null || b.change === null)
			return (a.change === null ? 1 : 0) - (b.change === null ? 1 : 0);
		return b.change - a.change;
	});
}

export function themeHeatOption(
	data: ThemeHeatItem[],
	ctx: ChartContext<ThemeHeatLabels>
): EChartsCoreOption {
	const palette = PALETTES[ctx.theme];
	const { labels, locale } = ctx;
	const items = ordered(data);
	const axis = axisStyle(palette);

	const datums: HeatDatum[] = items.map((item) => {
		const falling = item.change !== null && item.change < 0;
		return {
			// Points on the axis so its ticks read 5, not 0.05.
			value: item.change === null ? 0 : Math.round(item.change * 1000) / 10,
			item,
			itemStyle: { color: falling ? palette.fall : palette.rise },
			label: {
				position: falling ? 'left' : 'right',
				color: item.change === null ? palette.muted : palette.text
			},
			filters: [{ key: 'themes', value: item.code }]
		};
	});

	const series: BarSeriesOption = {
		type: 'bar',
		name: labels.change,
		data: datums,
		barMaxWidth: 20,
		cursor: 'pointer',
		label: {
			show: true,
			formatter: (p) => {
				const { change } = (p.data as HeatDatum).item;
				return change === null ? labels.noPrevious : formatPoints(change, locale, labels.points);
			}
		}
	};

	const description = items
		.map((i) =>
			i.change === null
				? `${i.label}: ${labels.noPrevious}, ${labels.current} ${formatCount(i.count, locale)}`
				: `${i.label}: ${formatPoints(i.change, locale, labels.points)}`
		)
		.join('; ');

	const option: ChartOption = {
		...baseOption(ctx, palette, description),
		grid: { left: 8, right: 16, top: 8, bottom: 8, outerBoundsMode: 'same' },
		// Axis trigger, so hovering an empty row still explains it.
		tooltip: {
			...tooltipBase(palette, 'axis'),
			formatter: (params: TooltipParams | TooltipParams[]) => {
				const d = firstParams(params)?.data as HeatDatum | undefined;
				if (!d) return '';
				const { item } = d;
				return (
					tooltipTitle(item.label) +
					tooltipRow(
						labels.current,
						`${formatCount(item.count, locale)} · ${formatShare(item.share, locale)}`
					) +
					tooltipRow(
						labels.previous,
						`${formatCount(item.previousCount, locale)} · ${formatShare(item.previousShare, locale)}`
					) +
					tooltipRow(
						labels.change,
						item.change === null
							? labels.noPrevious
							: formatPoints(item.change, locale, labels.points),
						item.change === null ? undefined : d.itemStyle.color
					) +
					tooltipRow(labels.countChange, formatChange(item.countChange, locale))
				);
			}
		},
		xAxis: {
			type: 'value',
			min: padded('min'),
			max: padded('max'),
			...axis,
			axisLabel: { ...axis.axisLabel, hideOverlap: true }
		},
		yAxis: [
			{
				type: 'category',
				inverse: true,
				data: items.map((i) => i.code),
				...axis,
				// Labels at the left edge, not at 0, so they never run into a falling bar.
				axisLine: { onZero: false, lineStyle: { color: palette.axis } },
				axisLabel: {
					...axis.axisLabel,
					color: palette.text,
					width: 112,
					overflow: 'truncate',
					formatter: (_value: string, index: number) => items[index]?.label ?? ''
				}
			},
			{
				// A bare second axis draws the 0 line every bar starts from.
				type: 'category',
				inverse: true,
				data: items.map((i) => i.code),
				axisLine: { onZero: true, lineStyle: { color: palette.muted } },
				axisTick: { show: false },
				axisLabel: { show: false },
				splitLine: { show: false }
			}
		],
		series: [series]
	};
	return option;
}

/**
 * Both periods' counts and shares, the change in points and the count change. Given both periods,
 * each count links to its theme's problems of that period.
 */
export function themeHeatTable(
	data: ThemeHeatItem[],
	ctx: ChartContext<ThemeHeatLabels>,
	periods?: { current: CellDrill['period']; previous: CellDrill['period'] }
): ChartTable {
	const { labels, locale } = ctx;
	const rows = ordered(data);
	const drill = (count: number, code: string, period: CellDrill['period']): CellDrill | null =>
		count > 0 ? { count, hits: [{ key: 'themes', value: code }], period } : null;
	return {
		columns: [
			labels.category,
			labels.current,
			labels.currentShare,
			labels.previous,
			labels.previousShare,
			labels.change,
			labels.countChange
		],
		rows: rows.map((i) => [
			i.label,
			i.count,
			formatShare(i.share, locale),
			i.previousCount,
			formatShare(i.previousShare, locale),
			i.change === null ? labels.noPrevious : formatPoints(i.change, locale, labels.points),
			formatChange(i.countChange, locale)
		]),
		...(periods
			? {
					drills: rows.map((i) => [
						null,
						drill(i.count, i.code, periods.current),
						null,
						drill(i.previousCount, i.code, periods.previous),
						null,
						null,
						null
					])
				}
			: {})
	};
}

export function themeHeatHitToFilter(params: ChartClick): FilterHit | null {
	return itemFilters(params)[0] ?? null;
}
