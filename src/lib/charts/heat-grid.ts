// A count for every row x column pair (community x theme by default) as a heat grid: each cell's
// colour follows a sequential ramp, and a click filters by both its row and its column.
import type { EChartsCoreOption } from 'echarts/core';
import type { HeatmapSeriesOption } from 'echarts/charts';
import { formatCount, formatShare } from '$lib/number-format';
import { itemFilters } from './hit';
import { PALETTES, rampColor, readableOn } from './palette';
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

export interface HeatGridData {
	rows: { code: string; label: string }[];
	cols: { code: string; label: string }[];
	/** Pairs left out count as 0. */
	cells: { row: string; col: string; value: number }[];
}

export interface HeatGridLabels {
	/** Header of the row-label column of the table (社区). */
	rowHeader: string;
	/** Tooltip: the share of the cell in its row (占本社区). */
	rowShare: string;
}

export interface HeatGridOptions {
	/** What a row stands for (default communities) and a column (default themes). */
	rowKey?: FilterKey;
	colKey?: FilterKey;
}

interface CellDatum extends FilterableItem {
	/** [column index, row index, count], the order a cartesian heatmap reads. */
	value: [number, number, number];
	rowLabel: string;
	colLabel: string;
	rowTotal: number;
	label?: { color: string };
}

/** Every row x column count, in row-major order, 0 where the data has no cell. */
function matrix(data: HeatGridData): number[][] {
	const rowAt = new Map(data.rows.map((r, i) => [r.code, i]));
	const colAt = new Map(data.cols.map((c, i) => [c.code, i]));
	const m = data.rows.map(() => data.cols.map(() => 0));
	for (const cell of data.cells) {
		const r = rowAt.get(cell.row);
		const c = colAt.get(cell.col);
		if (r !== undefined && c !== undefined) m[r][c] += cell.value;
	}
	return m;
}

/** Height in px that keeps a row about 24 px tall, plus the column labels and the scale. */
export function heatGridHeight(data: HeatGridData): number {
	return Math.max(200, 150 + data.rows.length * 24);
}

export function heatGridOption(
	data: HeatGridData,
	ctx: ChartContext<HeatGridLabels>,
	options: HeatGridOptions = {}
): EChartsCoreOption {
	const { rowKey = 'communities', colKey = 'themes' } = options;
	const palette = PALETTES[ctx.theme];
	const { labels, locale } = ctx;
	const counts = matrix(data);
	const max = Math.max(1, ...counts.flat());
	const axis = axisStyle(palette);
	// Numbers in the cells while the cells are wide enough for them, even on a phone.
	const showNumbers = data.cols.length <= 12;

	const cells: CellDatum[] = [];
	counts.forEach((row, r) => {
		const rowTotal = row.reduce((a, b) => a + b, 0);
		row.forEach((value, c) => {
			cells.push({
				value: [c, r, value],
				rowLabel: data.rows[r].label,
				colLabel: data.cols[c].label,
				rowTotal,
				filters: [
					{ key: rowKey, value: data.rows[r].code },
					{ key: colKey, value: data.cols[c].code }
				],
				// The visual map fills the cell; the label takes whichever text colour reads on it.
				label: { color: readableOn(rampColor(palette.heat, value / max), palette) }
			});
		});
	});

	const series: HeatmapSeriesOption = {
		type: 'heatmap',
		name: labels.count,
		data: cells,
		cursor: 'pointer',
		itemStyle: { borderColor: palette.surface, borderWidth: 1 },
		label: {
			show: showNumbers,
			fontSize: 11,
			formatter: (p) => formatCount((p.data as CellDatum).value[2], locale)
		},
		labelLayout: { hideOverlap: true },
		emphasis: { itemStyle: { borderColor: palette.text, borderWidth: 1 } }
	};

	const description = data.rows
		.map((row, r) => {
			const nonZero = data.cols
				.map((col, c) => [col.label, counts[r][c]] as const)
				.filter(([, v]) => v > 0)
				.map(([label, v]) => `${label} ${formatCount(v, locale)}`);
			return `${row.label}: ${nonZero.join(', ') || formatCount(0, locale)}`;
		})
		.join('; ');

	const base: ChartOption = {
		...baseOption(ctx, palette, description),
		grid: { left: 8, right: 8, top: 8, bottom: 48, outerBoundsMode: 'same' },
		tooltip: {
			...tooltipBase(palette, 'item'),
			formatter: (params: TooltipParams | TooltipParams[]) => {
				const d = firstParams(params)?.data as CellDatum | undefined;
				if (!d) return '';
				return (
					tooltipTitle(`${d.rowLabel} · ${d.colLabel}`) +
					tooltipRow(labels.count, formatCount(d.value[2], locale)) +
					tooltipRow(
						labels.rowShare,
						formatShare(d.rowTotal ? d.value[2] / d.rowTotal : null, locale)
					)
				);
			}
		},
		xAxis: {
			type: 'category',
			position: 'top',
			data: data.cols.map((c) => c.code),
			...axis,
			splitLine: { show: false },
			axisLabel: {
				...axis.axisLabel,
				color: palette.text,
				interval: 0,
				rotate: 40,
				width: 96,
				overflow: 'truncate',
				formatter: (_value: string, index: number) => data.cols[index]?.label ?? ''
			}
		},
		yAxis: {
			type: 'category',
			inverse: true,
			data: data.rows.map((r) => r.code),
			...axis,
			splitLine: { show: false },
			axisLabel: {
				...axis.axisLabel,
				color: palette.text,
				interval: 0,
				width: 96,
				overflow: 'truncate',
				formatter: (_value: string, index: number) => data.rows[index]?.label ?? ''
			}
		},
		visualMap: {
			type: 'continuous',
			min: 0,
			max,
			dimension: 2,
			seriesIndex: 0,
			calculable: false,
			orient: 'horizontal',
			left: 'center',
			bottom: 0,
			itemHeight: 160,
			itemWidth: 12,
			precision: 0,
			text: [formatCount(max, locale), formatCount(0, locale)],
			textStyle: { color: palette.muted },
			inRange: { color: palette.heat }
		},
		series: [series]
	};
	// Upright column labels on a phone, where slanted ones would run into each other.
	return {
		...base,
		media: [{ query: { maxWidth: 560 }, option: { xAxis: { axisLabel: { rotate: 90 } } } }]
	};
}

export function heatGridTable(
	data: HeatGridData,
	ctx: ChartContext<HeatGridLabels>,
	options: HeatGridOptions = {}
): ChartTable {
	const counts = matrix(data);
	const rowKey = options.rowKey ?? 'communities';
	const colKey = options.colKey ?? 'themes';
	// A cell lists its row's and its column's problems; an empty cell lists none.
	const drill = (r: number, c: number): CellDrill | null =>
		counts[r][c] > 0
			? {
					count: counts[r][c],
					hits: [
						{ key: rowKey, value: data.rows[r].code },
						{ key: colKey, value: data.cols[c].code }
					]
				}
			: null;
	return {
		columns: [ctx.labels.rowHeader, ...data.cols.map((c) => c.label)],
		rows: data.rows.map((row, r) => [row.label, ...counts[r]]),
		drills: data.rows.map((_, r) => [null, ...data.cols.map((_, c) => drill(r, c))])
	};
}

/** A cell stands for its row and its column (e.g. a community and a theme): both filters. */
export function heatGridHitToFilters(params: ChartClick): FilterHit[] {
	return itemFilters(params);
}
