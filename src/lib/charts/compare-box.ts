// Days to resolve as a box plot: one horizontal box per compared unit and the street, from the
// five-number summary the data layer computed (min, lower quartile, median, upper quartile, max).
// A median alone hides a long tail; the box shows how spread out each unit's cases are.
import type { EChartsCoreOption } from 'echarts/core';
import type { BoxplotSeriesOption } from 'echarts/charts';
import type { BoxStats } from '$lib/domain/compare-model';
import { formatCount } from '$lib/number-format';
import { PALETTES } from './palette';
import {
	axisStyle,
	baseOption,
	firstParams,
	tooltipBase,
	tooltipRow,
	tooltipTitle,
	type ChartOption,
	type TooltipParams
} from './shared-option';
import type { ChartContext, ChartTable } from './types';

export interface BoxRow {
	code: string;
	label: string;
	/** null when the unit has no done problem with both dates. */
	stats: BoxStats | null;
	/** The box's colour; the palette's bar colour by default. */
	color?: string;
}

export interface BoxLabels {
	/** Table header of the row column (单位). */
	row: string;
	/** "n" of the summary (已办结件数), and the five numbers. */
	n: string;
	min: string;
	q1: string;
	median: string;
	q3: string;
	max: string;
	/** The unit of the axis (天). */
	days: string;
	/** Why a row has no box (无已办结问题). */
	noData: string;
}

interface BoxDatum {
	/** [min, q1, median, q3, max], the order ECharts' boxplot reads. */
	value: [number, number, number, number, number];
	row: BoxRow & { stats: BoxStats };
	itemStyle: { color: string; borderColor: string };
}

function fiveNumbers(s: BoxStats): BoxDatum['value'] {
	return [s.min, s.q1, s.median, s.q3, s.max];
}

/** Fill of a box: its colour, faint, so the median line reads on it. */
function faint(hex: string): string {
	return `${hex}33`;
}

export function compareBoxHeight(rows: BoxRow[]): number {
	return Math.max(180, 56 + rows.length * 40);
}

export function compareBoxOption(rows: BoxRow[], ctx: ChartContext<BoxLabels>): EChartsCoreOption {
	const palette = PALETTES[ctx.theme];
	const { labels, locale } = ctx;
	const axis = axisStyle(palette);
	const days = (n: number) => `${formatCount(n, locale)} ${labels.days}`;

	const data: (BoxDatum | '-')[] = rows.map((row) => {
		if (!row.stats) return '-';
		const color = row.color ?? palette.bar;
		return {
			value: fiveNumbers(row.stats),
			row: { ...row, stats: row.stats },
			itemStyle: { color: faint(color), borderColor: color }
		};
	});

	const series: BoxplotSeriesOption = {
		type: 'boxplot',
		name: labels.median,
		layout: 'horizontal',
		boxWidth: [8, 24],
		itemStyle: { borderWidth: 1.5 },
		data: data as BoxplotSeriesOption['data']
	};

	const description = rows
		.map((r) =>
			r.stats
				? `${r.label}: ${labels.median} ${days(r.stats.median)}, ${labels.q1} ${days(r.stats.q1)}, ` +
					`${labels.q3} ${days(r.stats.q3)}, ${labels.min} ${days(r.stats.min)}, ` +
					`${labels.max} ${days(r.stats.max)} (${labels.n} ${formatCount(r.stats.n, locale)})`
				: `${r.label}: ${labels.noData}`
		)
		.join('; ');

	const option: ChartOption = {
		...baseOption(ctx, palette, description),
		grid: { left: 8, right: 24, top: 8, bottom: 28, outerBoundsMode: 'same' },
		tooltip: {
			...tooltipBase(palette, 'item'),
			formatter: (params: TooltipParams | TooltipParams[]) => {
				const d = firstParams(params)?.data as BoxDatum | undefined;
				if (!d || typeof d !== 'object') return '';
				const s = d.row.stats;
				return (
					tooltipTitle(d.row.label) +
					tooltipRow(labels.n, formatCount(s.n, locale)) +
					tooltipRow(labels.max, days(s.max)) +
					tooltipRow(labels.q3, days(s.q3)) +
					tooltipRow(labels.median, days(s.median), d.itemStyle.borderColor) +
					tooltipRow(labels.q1, days(s.q1)) +
					tooltipRow(labels.min, days(s.min))
				);
			}
		},
		xAxis: {
			type: 'value',
			min: 0,
			name: labels.days,
			nameLocation: 'end',
			nameGap: 4,
			nameTextStyle: { color: palette.muted, verticalAlign: 'top', padding: [8, 0, 0, 0] },
			...axis,
			axisLabel: { ...axis.axisLabel, hideOverlap: true }
		},
		yAxis: {
			type: 'category',
			inverse: true,
			data: rows.map((r) => r.code),
			...axis,
			axisLabel: {
				...axis.axisLabel,
				color: palette.text,
				width: 112,
				overflow: 'truncate',
				formatter: (_value: string, index: number) => {
					const row = rows[index];
					if (!row) return '';
					return row.stats ? row.label : `${row.label} · ${labels.noData}`;
				}
			}
		},
		series: [series]
	};
	return option;
}

export function compareBoxTable(rows: BoxRow[], ctx: ChartContext<BoxLabels>): ChartTable {
	const { labels } = ctx;
	return {
		columns: [labels.row, labels.n, labels.min, labels.q1, labels.median, labels.q3, labels.max],
		rows: rows.map((r) =>
			r.stats
				? [r.label, r.stats.n, ...fiveNumbers(r.stats)]
				: [r.label, 0, '—', '—', '—', '—', '—']
		)
	};
}
