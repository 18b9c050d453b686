// Monthly new and resolved problems of the compared units overlaid: one colour per unit, new as a
// solid line and resolved as a dashed one (a difference that does not rest on colour). Both lines
// of a unit share its name, so its one legend entry shows or hides the pair.
import type { EChartsCoreOption } from 'echarts/core';
import type { LineSeriesOption } from 'echarts/charts';
import { formatCount } from '$lib/number-format';
import { PALETTES, unitColor } from './palette';
import {
	axisStyle,
	baseOption,
	legendRows,
	tooltipBase,
	tooltipRow,
	tooltipTitle,
	type ChartOption,
	type TooltipParams
} from './shared-option';
import { monthLabel } from './trend';
import { monthWithin } from '$lib/domain/period';
import type { CellDrill, ChartContext, ChartTable } from './types';

export interface CompareTrendUnit {
	code: string;
	label: string;
	monthly: { month: string; created: number; resolved: number }[];
	color?: string;
}

export interface CompareTrendLabels {
	/** Table header of the month column (月份). */
	month: string;
	/** 新增 (solid), 办结 (dashed). */
	created: string;
	resolved: string;
}

type Kind = 'created' | 'resolved';

interface TrendDatum {
	value: number;
	month: string;
}

interface Line {
	unit: CompareTrendUnit;
	kind: Kind;
	color: string;
}

/** Every month any unit has, in order (the units normally share the period's months). */
export function trendMonths(units: CompareTrendUnit[]): string[] {
	return [...new Set(units.flatMap((u) => u.monthly.map((m) => m.month)))].sort();
}

function valuesOf(unit: CompareTrendUnit, months: string[], kind: Kind): number[] {
	const byMonth = new Map(unit.monthly.map((m) => [m.month, m[kind]]));
	return months.map((m) => byMonth.get(m) ?? 0);
}

export function compareTrendHeight(units: CompareTrendUnit[]): number {
	return (
		320 +
		22 *
			(legendRows(
				units.map((u) => u.label),
				300
			) -
				1)
	);
}

export function compareTrendOption(
	units: CompareTrendUnit[],
	ctx: ChartContext<CompareTrendLabels>
): EChartsCoreOption {
	const palette = PALETTES[ctx.theme];
	const { labels, locale } = ctx;
	const axis = axisStyle(palette);
	const months = trendMonths(units);
	const names = units.map((u) => u.label);
	const kindLabel: Record<Kind, string> = { created: labels.created, resolved: labels.resolved };

	const lines: Line[] = units.flatMap((unit, u) => {
		const color = unit.color ?? unitColor(palette, u);
		return (['created', 'resolved'] as const).map((kind) => ({ unit, kind, color }));
	});
	const series: LineSeriesOption[] = lines.map(({ unit, kind, color }) => {
		const values = valuesOf(unit, months, kind);
		return {
			type: 'line',
			id: `${unit.code}:${kind}`,
			name: unit.label,
			symbol: kind === 'created' ? 'circle' : 'emptyCircle',
			symbolSize: 5,
			lineStyle: { width: 2, color, type: kind === 'created' ? 'solid' : 'dashed' },
			itemStyle: { color },
			data: values.map((value, i): TrendDatum => ({ value, month: months[i] }))
		};
	});

	const description = units
		.map((unit) => {
			const created = valuesOf(unit, months, 'created');
			const resolved = valuesOf(unit, months, 'resolved');
			const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
			return (
				`${unit.label}: ${labels.created} ${formatCount(sum(created), locale)}, ` +
				`${labels.resolved} ${formatCount(sum(resolved), locale)}`
			);
		})
		.join('; ');

	const grid = { left: 8, right: 16, top: 8, outerBoundsMode: 'same' as const };
	const base: ChartOption = {
		...baseOption(ctx, palette, description),
		legend: {
			type: 'plain',
			bottom: 0,
			left: 'center',
			itemWidth: 18,
			itemHeight: 10,
			textStyle: { color: palette.text },
			data: names
		},
		grid: { ...grid, bottom: 8 + 22 * legendRows(names, 560) },
		tooltip: {
			...tooltipBase(palette, 'axis'),
			axisPointer: { type: 'line' },
			formatter: (params: TooltipParams | TooltipParams[]) => {
				const list = Array.isArray(params) ? params : [params];
				const month = (list[0]?.data as TrendDatum | undefined)?.month;
				if (month === undefined) return '';
				return (
					tooltipTitle(monthLabel(month, locale)) +
					list
						.map((p) => {
							const line = lines[p.seriesIndex ?? 0];
							if (!line) return '';
							return tooltipRow(
								`${line.unit.label} · ${kindLabel[line.kind]}`,
								formatCount((p.data as TrendDatum).value, locale),
								line.color
							);
						})
						.join('')
				);
			}
		},
		xAxis: {
			type: 'category',
			boundaryGap: false,
			data: months,
			...axis,
			axisLabel: {
				...axis.axisLabel,
				hideOverlap: true,
				formatter: (value: string) => monthLabel(value, locale)
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

/** A row per month; per unit a column of new and one of resolved problems. */
export function compareTrendTable(
	units: CompareTrendUnit[],
	ctx: ChartContext<CompareTrendLabels>,
	period?: { from: string; to: string }
): ChartTable {
	const { labels, locale } = ctx;
	const months = trendMonths(units);
	const columns = units.map((u) => ({
		created: valuesOf(u, months, 'created'),
		resolved: valuesOf(u, months, 'resolved')
	}));
	return {
		columns: [
			labels.month,
			...units.flatMap((u) => [`${u.label} · ${labels.created}`, `${u.label} · ${labels.resolved}`])
		],
		rows: months.map((month, i) => [
			monthLabel(month, locale),
			...columns.flatMap((c) => [c.created[i], c.resolved[i]])
		]),
		// A unit's new problems of a month link to their list; resolved ones are not listable.
		drills: months.map((month, i) => [
			null,
			...units.flatMap((u, k): (CellDrill | null)[] => [
				period && columns[k].created[i] > 0
					? {
							count: columns[k].created[i],
							hits: [{ key: 'communities', value: u.code }],
							period: monthWithin(month, period.from, period.to)
						}
					: null,
				null
			])
		])
	};
}
