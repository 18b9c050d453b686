// Backlog age as grouped bars: the age buckets along the axis, one bar per compared unit in each,
// so the units' oldest problems stand side by side. The street is in the table, not the bars: its
// counts are ten times a unit's and would flatten them.
import type { EChartsCoreOption } from 'echarts/core';
import type { BarSeriesOption } from 'echarts/charts';
import { formatCount, formatShare } from '$lib/number-format';
import { PALETTES, unitColor } from './palette';
import {
	axisStyle,
	baseOption,
	bottomLegend,
	legendRows,
	tooltipBase,
	tooltipRow,
	tooltipTitle,
	type ChartOption,
	type TooltipParams
} from './shared-option';
import type { FilterHit } from '$lib/domain/dimensions';
import type { CellDrill, ChartContext, ChartTable } from './types';

export interface BacklogGroup {
	code: string;
	label: string;
	/** What the group stands for in a drill link (its unit; none for the street). */
	hits?: FilterHit[];
	/** Open problems in each bucket, in the order of BacklogData.buckets. */
	counts: number[];
	color?: string;
}

export interface BacklogData {
	/** Age buckets in their own order (youngest first), each with its reported_at range. */
	buckets: { code: string; label: string; period?: CellDrill['period'] }[];
	/** One bar per unit in each bucket. */
	units: BacklogGroup[];
	/** The street's counts: a row of the table only. */
	street?: BacklogGroup;
}

export interface BacklogLabels {
	/** Table header of the unit column (单位), and of the total column (合计). */
	row: string;
	total: string;
	/** Tooltip: share of the unit's open problems (占该单位积压). */
	unitShare: string;
}

interface BacklogDatum {
	value: number;
	unit: string;
	bucket: string;
	share: number | null;
	color: string;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

export function compareBacklogHeight(data: BacklogData): number {
	return (
		260 +
		22 *
			(legendRows(
				data.units.map((u) => u.label),
				300
			) -
				1)
	);
}

export function compareBacklogOption(
	data: BacklogData,
	ctx: ChartContext<BacklogLabels>
): EChartsCoreOption {
	const palette = PALETTES[ctx.theme];
	const { labels, locale } = ctx;
	const axis = axisStyle(palette);
	const names = data.units.map((u) => u.label);

	const series: BarSeriesOption[] = data.units.map((unit, u) => {
		const color = unit.color ?? unitColor(palette, u);
		const total = sum(unit.counts);
		const datums: BacklogDatum[] = data.buckets.map((bucket, b) => ({
			value: unit.counts[b] ?? 0,
			unit: unit.label,
			bucket: bucket.label,
			share: total ? (unit.counts[b] ?? 0) / total : null,
			color
		}));
		return {
			type: 'bar',
			id: unit.code,
			name: unit.label,
			barMaxWidth: 22,
			itemStyle: { color, borderRadius: [2, 2, 0, 0] },
			data: datums
		};
	});

	const description = data.units
		.map(
			(unit) =>
				`${unit.label}: ` +
				data.buckets
					.map((bucket, b) => `${bucket.label} ${formatCount(unit.counts[b] ?? 0, locale)}`)
					.join(', ')
		)
		.join('; ');

	const grid = { left: 8, right: 8, top: 8, outerBoundsMode: 'same' as const };
	const legend = bottomLegend(palette, names);
	const base: ChartOption = {
		...baseOption(ctx, palette, description),
		legend: legend.legend,
		grid: { ...grid, bottom: legend.gridBottom },
		tooltip: {
			...tooltipBase(palette, 'axis'),
			formatter: (params: TooltipParams | TooltipParams[]) => {
				const list = Array.isArray(params) ? params : [params];
				const first = list[0]?.data as BacklogDatum | undefined;
				if (!first) return '';
				return (
					tooltipTitle(first.bucket) +
					list
						.map((p) => {
							const d = p.data as BacklogDatum;
							return tooltipRow(
								d.unit,
								`${formatCount(d.value, locale)} · ${labels.unitShare} ${formatShare(d.share, locale)}`,
								d.color
							);
						})
						.join('')
				);
			}
		},
		xAxis: {
			type: 'category',
			data: data.buckets.map((b) => b.code),
			...axis,
			axisLabel: {
				...axis.axisLabel,
				color: palette.text,
				formatter: (_value: string, index: number) => data.buckets[index]?.label ?? ''
			}
		},
		yAxis: { type: 'value', minInterval: 1, ...axis },
		series
	};
	return {
		...base,
		media: [
			{
				query: { maxWidth: 560 },
				option: { grid: { ...grid, bottom: 8 + 22 * legendRows(names, 300) } }
			}
		]
	};
}

/** A row per unit (and the street), a column per bucket, and the total of open problems. */
export function compareBacklogTable(
	data: BacklogData,
	ctx: ChartContext<BacklogLabels>
): ChartTable {
	const rows = data.street ? [...data.units, data.street] : data.units;
	const drill = (count: number, r: BacklogGroup, period?: CellDrill['period']): CellDrill | null =>
		count > 0 ? { count, hits: r.hits ?? [], ...(period ? { period } : {}) } : null;
	return {
		columns: [ctx.labels.row, ...data.buckets.map((b) => b.label), ctx.labels.total],
		rows: rows.map((r) => [
			r.label,
			...data.buckets.map((_, b) => r.counts[b] ?? 0),
			sum(r.counts)
		]),
		drills: rows.map((r) => [
			null,
			...data.buckets.map((bucket, b) => drill(r.counts[b] ?? 0, r, bucket.period)),
			drill(sum(r.counts), r)
		])
	};
}
