// Horizontal bars, largest on top, each labelled with its count and share: problems by theme, by
// status, by level, by reporter type; backlog age buckets keep their own order (keepOrder).
import type { EChartsCoreOption } from 'echarts/core';
import type { BarSeriesOption } from 'echarts/charts';
import { formatCount, formatShare } from '$lib/number-format';
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
import type { CellDrill, ChartClick, ChartContext, ChartTable, FilterKey } from './types';

export interface RankingItem {
	code: string;
	label: string;
	value: number;
	/** Fraction of the total, 0..1 (0.235 is shown as 23.5 %); null when the total is 0. */
	share?: number | null;
	/** What the bar counts beyond the chart's filterKey hit (an age bucket's range). */
	period?: CellDrill['period'];
}

export interface RankingLabels {
	/** Header of the label column of the table (主题, 状态 …). */
	category: string;
}

export interface RankingOptions {
	/** Keep the input order (age buckets) instead of sorting by value, largest first. */
	keepOrder?: boolean;
	/** The filter a bar stands for; without it bars are not clickable filters. */
	filterKey?: FilterKey;
	/** Bar colour; the palette's bar colour by default. */
	color?: string;
}

interface RankingDatum extends FilterableItem {
	value: number;
	code: string;
	name: string;
	share: number | null;
	labelText: string;
}

function ordered(data: RankingItem[], options: RankingOptions): RankingItem[] {
	// Array.prototype.sort is stable, so equal values keep the order the data layer gave.
	return options.keepOrder ? data : [...data].sort((a, b) => b.value - a.value);
}

function shareText(item: RankingItem, ctx: ChartContext): string | null {
	return item.share === undefined ? null : formatShare(item.share, ctx.locale);
}

/** Height in px that gives each bar room for its label (the page may pass it to EChart). */
export function barRankingHeight(count: number): number {
	return Math.max(160, 40 + count * 30);
}

export function barRankingOption(
	data: RankingItem[],
	ctx: ChartContext<RankingLabels>,
	options: RankingOptions = {}
): EChartsCoreOption {
	const palette = PALETTES[ctx.theme];
	const items = ordered(data, options);
	const { labels, locale } = ctx;

	const datums: RankingDatum[] = items.map((item) => {
		const share = shareText(item, ctx);
		const count = formatCount(item.value, locale);
		return {
			value: item.value,
			code: item.code,
			name: item.label,
			share: item.share ?? null,
			labelText: share === null ? count : `${count} · ${share}`,
			filters: options.filterKey ? [{ key: options.filterKey, value: item.code }] : []
		};
	});
	// Series labels sit right of the bars, outside the grid: reserve room for the longest one.
	const longest = Math.max(1, ...datums.map((d) => d.labelText.length));
	const axis = axisStyle(palette);
	const description = items.map((i) => `${i.label}: ${formatCount(i.value, locale)}`).join('; ');

	const series: BarSeriesOption = {
		type: 'bar',
		name: labels.count,
		data: datums,
		barMaxWidth: 22,
		itemStyle: { color: options.color ?? palette.bar, borderRadius: [0, 3, 3, 0] },
		cursor: options.filterKey ? 'pointer' : 'default',
		label: {
			show: true,
			position: 'right',
			color: palette.text,
			formatter: (p) => (p.data as RankingDatum).labelText
		}
	};

	const option: ChartOption = {
		...baseOption(ctx, palette, description),
		grid: { left: 8, right: 16 + longest * 7, top: 8, bottom: 8, outerBoundsMode: 'same' },
		tooltip: {
			...tooltipBase(palette, 'item'),
			formatter: (params: TooltipParams | TooltipParams[]) => {
				const d = firstParams(params)?.data as RankingDatum | undefined;
				if (!d) return '';
				const share =
					d.share === null ? '' : tooltipRow(labels.share, formatShare(d.share, locale));
				return (
					tooltipTitle(d.name) + tooltipRow(labels.count, formatCount(d.value, locale)) + share
				);
			}
		},
		xAxis: {
			type: 'value',
			minInterval: 1,
			...axis,
			axisLabel: { ...axis.axisLabel, hideOverlap: true }
		},
		yAxis: {
			type: 'category',
			inverse: true,
			// Codes as categories keep duplicate labels apart; the formatter shows the label.
			data: items.map((i) => i.code),
			...axis,
			axisLabel: {
				...axis.axisLabel,
				color: palette.text,
				width: 112,
				overflow: 'truncate',
				formatter: (_value: string, index: number) => items[index]?.label ?? ''
			}
		},
		series: [series]
	};
	return option;
}

export function barRankingTable(
	data: RankingItem[],
	ctx: ChartContext<RankingLabels>,
	options: RankingOptions = {}
): ChartTable {
	const items = ordered(data, options);
	const withShare = items.some((i) => i.share !== undefined);
	// A bar's count lists its problems: its filterKey value, and its own range if it has one.
	const drill = (i: RankingItem): CellDrill => ({
		count: i.value,
		...(options.filterKey ? { hits: [{ key: options.filterKey, value: i.code }] } : {}),
		...(i.period ? { period: i.period } : {})
	});
	return {
		columns: [ctx.labels.category, ctx.labels.count, ...(withShare ? [ctx.labels.share] : [])],
		rows: items.map((i) => [
			i.label,
			i.value,
			...(withShare ? [formatShare(i.share ?? null, ctx.locale)] : [])
		]),
		drills: items.map((i) => [null, drill(i), ...(withShare ? [null] : [])])
	};
}

/** The filter a clicked bar stands for; null when the chart was built without a filterKey. */
export function barRankingHitToFilter(params: ChartClick): FilterHit | null {
	return itemFilters(params)[0] ?? null;
}
