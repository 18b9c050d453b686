// A mix normalised to 100 %: one horizontal bar per compared unit (and the street), split into the
// shares of its categories (themes, status types, statuses). Sizes differ by a factor of ten
// between units, so each bar is its own 100 %; the counts are in the tooltip, the axis label and
// the table.
import type { EChartsCoreOption } from 'echarts/core';
import type { BarSeriesOption } from 'echarts/charts';
import { formatCount, formatShare } from '$lib/number-format';
import { itemFilters } from './hit';
import { categoryColor, PALETTES, readableOn } from './palette';
import {
	axisStyle,
	baseOption,
	bottomLegend,
	firstParams,
	legendRows,
	tooltipBase,
	tooltipRow,
	tooltipTitle,
	type ChartOption,
	type FilterableItem,
	type TooltipParams
} from './shared-option';
import type { FilterHit } from '$lib/domain/dimensions';
import type { CellDrill, ChartClick, ChartContext, ChartTable, FilterKey } from './types';

export interface MixData {
	/** The bars, top to bottom: the chosen units, then the street; `hits`: what a bar stands for. */
	bars: { code: string; label: string; hits?: FilterHit[] }[];
	/** The parts of each bar, left to right; without a colour they take the categorical palette. */
	segments: { code: string; label: string; color?: string }[];
	/** Count of each bar × segment; a pair that is missing counts 0. */
	counts: { bar: string; segment: string; count: number }[];
}

export interface MixLabels {
	/** Table header of the segment column (主题, 状态类型 …). */
	segment: string;
	/** Label of the table's row of bar totals (合计). */
	total: string;
}

export interface MixOptions {
	/** The filter a segment stands for; without it a click filters nothing. */
	filterKey?: FilterKey;
}

interface MixDatum extends FilterableItem {
	/** Percent of the bar (0–100), so the axis reads 0 %–100 %. */
	value: number;
	count: number;
	share: number | null;
	barLabel: string;
	segmentLabel: string;
	color: string;
}

/** A segment narrower than this carries no label: it would not fit. */
const LABEL_MIN_SHARE = 0.06;

interface Grid {
	counts: number[][];
	totals: number[];
}

/** counts[segment][bar] and each bar's total, in the order of data.bars and data.segments. */
function grid(data: MixData): Grid {
	const bars = new Map(data.bars.map((b, i) => [b.code, i]));
	const segments = new Map(data.segments.map((s, i) => [s.code, i]));
	const counts = data.segments.map(() => data.bars.map(() => 0));
	for (const c of data.counts) {
		const b = bars.get(c.bar);
		const s = segments.get(c.segment);
		if (b !== undefined && s !== undefined) counts[s][b] += c.count;
	}
	const totals = data.bars.map((_, b) => counts.reduce((sum, row) => sum + row[b], 0));
	return { counts, totals };
}

/** Height in px for the bars and a legend that wraps on a phone. */
export function compareMixHeight(data: MixData): number {
	const legend = legendRows(
		data.segments.map((s) => s.label),
		300
	);
	return 24 + data.bars.length * 40 + 22 * legend;
}

export function compareMixOption(
	data: MixData,
	ctx: ChartContext<MixLabels>,
	options: MixOptions = {}
): EChartsCoreOption {
	const palette = PALETTES[ctx.theme];
	const { labels, locale } = ctx;
	const { counts, totals } = grid(data);
	const axis = axisStyle(palette);
	const legendLabels = data.segments.map((s) => s.label);
	const barLabel = (b: number) => `${data.bars[b].label} · ${formatCount(totals[b], locale)}`;

	const series: BarSeriesOption[] = data.segments.map((segment, s) => {
		const color = segment.color ?? categoryColor(palette, s);
		const datums: MixDatum[] = data.bars.map((bar, b) => {
			const share = totals[b] ? counts[s][b] / totals[b] : null;
			return {
				value: share === null ? 0 : share * 100,
				count: counts[s][b],
				share,
				barLabel: bar.label,
				segmentLabel: segment.label,
				color,
				filters: options.filterKey ? [{ key: options.filterKey, value: segment.code }] : []
			};
		});
		return {
			type: 'bar',
			id: segment.code,
			name: segment.label,
			stack: 'mix',
			barMaxWidth: 28,
			cursor: options.filterKey ? 'pointer' : 'default',
			itemStyle: { color, borderColor: palette.surface, borderWidth: 1 },
			label: {
				show: true,
				position: 'inside',
				color: readableOn(color, palette),
				formatter: (p) => {
					const d = p.data as MixDatum;
					return d.share !== null && d.share >= LABEL_MIN_SHARE
						? `${Math.round(d.share * 100)}%`
						: '';
				}
			},
			data: datums
		};
	});

	const description = data.bars
		.map((bar, b) => {
			const parts = data.segments
				.map((segment, s) => ({ segment, count: counts[s][b] }))
				.filter((p) => p.count > 0)
				.map((p) => `${p.segment.label} ${formatShare(p.count / totals[b], locale)}`);
			return `${bar.label} (${formatCount(totals[b], locale)}): ${parts.join(', ') || '—'}`;
		})
		.join('; ');

	const gridBox = { left: 8, right: 16, top: 8, outerBoundsMode: 'same' as const };
	const legend = bottomLegend(palette, legendLabels);
	const base: ChartOption = {
		...baseOption(ctx, palette, description),
		legend: legend.legend,
		grid: { ...gridBox, bottom: legend.gridBottom },
		tooltip: {
			...tooltipBase(palette, 'item'),
			formatter: (params: TooltipParams | TooltipParams[]) => {
				const d = firstParams(params)?.data as MixDatum | undefined;
				if (!d || typeof d !== 'object') return '';
				return (
					tooltipTitle(`${d.barLabel} · ${d.segmentLabel}`) +
					tooltipRow(labels.count, formatCount(d.count, locale), d.color) +
					tooltipRow(labels.share, formatShare(d.share, locale))
				);
			}
		},
		xAxis: {
			type: 'value',
			min: 0,
			max: 100,
			...axis,
			axisLabel: { ...axis.axisLabel, hideOverlap: true, formatter: '{value}%' }
		},
		yAxis: {
			type: 'category',
			inverse: true,
			data: data.bars.map((b) => b.code),
			...axis,
			axisLabel: {
				...axis.axisLabel,
				color: palette.text,
				width: 120,
				overflow: 'truncate',
				formatter: (_value: string, index: number) => (data.bars[index] ? barLabel(index) : '')
			}
		},
		series
	};
	// The legend wraps on a phone; media rules give the grid the room the extra rows take.
	return {
		...base,
		media: [
			{
				query: { maxWidth: 560 },
				option: { grid: { ...gridBox, bottom: 8 + 22 * legendRows(legendLabels, 300) } }
			}
		]
	};
}

/** A row per segment and a column per bar: "count · share", then the bars' totals. */
export function compareMixTable(
	data: MixData,
	ctx: ChartContext<MixLabels>,
	options: MixOptions = {}
): ChartTable {
	const { labels, locale } = ctx;
	const { counts, totals } = grid(data);
	// A cell lists its bar's problems of its segment (when the chart has a filterKey); a total, its bar's.
	const drill = (count: number, b: number, segment?: string): CellDrill | null =>
		count > 0 && (segment === undefined || options.filterKey)
			? {
					count,
					hits: [
						...(data.bars[b].hits ?? []),
						...(segment !== undefined && options.filterKey
							? [{ key: options.filterKey, value: segment }]
							: [])
					]
				}
			: null;
	return {
		drills: [
			...data.segments.map((segment, s) => [
				null,
				...data.bars.map((_, b) => drill(counts[s][b], b, segment.code))
			]),
			[null, ...data.bars.map((_, b) => drill(totals[b], b))]
		],
		columns: [labels.segment, ...data.bars.map((b) => b.label)],
		rows: [
			...data.segments.map((segment, s) => [
				segment.label,
				...data.bars.map(
					(_, b) =>
						`${formatCount(counts[s][b], locale)} · ${formatShare(
							totals[b] ? counts[s][b] / totals[b] : null,
							locale
						)}`
				)
			]),
			[labels.total, ...totals]
		]
	};
}

/** The filter a clicked segment stands for; null when the chart was built without a filterKey. */
export function compareMixHitToFilter(params: ChartClick): FilterHit | null {
	return itemFilters(params)[0] ?? null;
}
