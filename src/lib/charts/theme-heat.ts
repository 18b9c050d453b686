// Theme heat (主题热度): the change of each theme's count against the previous period, as bars
// diverging from 0 (rising warm, falling cool). A theme with nothing last period has no ratio: its
// row has no bar, only a label ("上期为 0") and a tooltip saying why, not an infinite or made-up rise.
import type { EChartsCoreOption } from 'echarts/core';
import type { BarSeriesOption } from 'echarts/charts';
import { formatChange, formatCount } from './format-number';
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
import type { ChartClick, ChartContext, ChartTable, FilterHit } from './types';

export interface ThemeHeatItem {
	code: string;
	label: string;
	current: number;
	previous: number;
	/** current / previous - 1 (0.25 is +25 %); null when previous is 0. */
	change: number | null;
}

export interface ThemeHeatLabels {
	/** Table header of the theme column (主题). */
	category: string;
	/** 本期, 上期, 环比. */
	current: string;
	previous: string;
	change: string;
	/** Why a theme has no bar: "上期为 0". */
	noPrevious: string;
}

interface HeatDatum extends FilterableItem {
	/** The change in % (0 for a theme without one: no bar, only the label saying why). */
	value: number;
	item: ThemeHeatItem;
	itemStyle: { color: string };
	label: { position: 'right' | 'left'; color: string };
}

/**
 * Value-axis ends with room for the labels beyond the longest bars, on a multiple of 10 %, and 0
 * kept on the axis. Without this a falling bar's label runs into the theme names on a phone.
 */
function padded(side: 'min' | 'max') {
	return ({ min, max }: { min: number; max: number }) => {
		const pad = Math.max(10, (max - min) * 0.4);
		return side === 'min'
			? Math.min(0, Math.floor((min - (min < 0 ? pad : 0)) / 10) * 10)
			: Math.max(0, Math.ceil((max + (max > 0 ? pad : 0)) / 10) * 10);
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
			// Percent on the axis so its ticks read 25 %, not 0.25.
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
				return change === null ? labels.noPrevious : formatChange(change, locale);
			}
		}
	};

	const description = items
		.map((i) =>
			i.change === null
				? `${i.label}: ${labels.noPrevious}, ${labels.current} ${formatCount(i.current, locale)}`
				: `${i.label}: ${formatChange(i.change, locale)}`
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
					tooltipRow(labels.current, formatCount(item.current, locale)) +
					tooltipRow(labels.previous, formatCount(item.previous, locale)) +
					tooltipRow(
						labels.change,
						item.change === null ? labels.noPrevious : formatChange(item.change, locale),
						item.change === null ? undefined : d.itemStyle.color
					)
				);
			}
		},
		xAxis: {
			type: 'value',
			min: padded('min'),
			max: padded('max'),
			...axis,
			axisLabel: { ...axis.axisLabel, hideOverlap: true, formatter: '{value}%' }
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

export function themeHeatTable(
	data: ThemeHeatItem[],
	ctx: ChartContext<ThemeHeatLabels>
): ChartTable {
	const { labels, locale } = ctx;
	return {
		columns: [labels.category, labels.current, labels.previous, labels.change],
		rows: ordered(data).map((i) => [
			i.label,
			i.current,
			i.previous,
			i.change === null ? labels.noPrevious : formatChange(i.change, locale)
		])
	};
}

export function themeHeatHitToFilter(params: ChartClick): FilterHit | null {
	return itemFilters(params)[0] ?? null;
}
