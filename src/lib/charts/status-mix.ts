// Problems by status type (open, fixed, closed) and, within each type, by status.
// A stacked horizontal bar per type rather than a two-ring pie: lengths on a common baseline
// compare better than angles, the type totals stay readable, long status names fit a 375 px
// phone, and the lazy ECharts chunk needs no PieChart.
import type { EChartsCoreOption } from 'echarts/core';
import type { BarSeriesOption } from 'echarts/charts';
import { formatCount, formatShare } from '$lib/number-format';
import { itemFilters } from './hit';
import { PALETTES, readableOn, statusColor } from './palette';
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
import { STATUS_TYPES, type StatusType } from '$lib/domain/vocabulary';
import type { CellDrill, ChartClick, ChartContext, ChartTable } from './types';

export interface StatusMixData {
	/** The types in the order they are drawn (top to bottom), with their labels. */
	types: { code: StatusType; label: string }[];
	/** Counts by status; a type's total is the sum of its statuses. */
	statuses: { code: string; label: string; type: StatusType; value: number }[];
}

export interface StatusMixLabels {
	/** Table headers: 状态类型, 状态; and the label of a type's total row (合计). */
	statusType: string;
	status: string;
	total: string;
}

interface StatusDatum extends FilterableItem {
	value: number;
	typeLabel: string;
	statusLabel: string;
	color: string;
}

interface TypeTotal {
	code: StatusType;
	label: string;
	value: number;
}

function totals(data: StatusMixData): { types: TypeTotal[]; all: number } {
	const types = data.types.map((t) => ({
		...t,
		value: data.statuses.filter((s) => s.type === t.code).reduce((sum, s) => sum + s.value, 0)
	}));
	return { types, all: types.reduce((sum, t) => sum + t.value, 0) };
}

export function statusMixOption(
	data: StatusMixData,
	ctx: ChartContext<StatusMixLabels>
): EChartsCoreOption {
	const palette = PALETTES[ctx.theme];
	const { labels, locale } = ctx;
	const { types, all } = totals(data);
	const largest = Math.max(1, ...types.map((t) => t.value));
	const typeIndex = new Map(types.map((t, i) => [t.code, i]));
	const seenInType = new Map<StatusType, number>();
	const axis = axisStyle(palette);
	const legendLabels = data.statuses.map((s) => s.label);

	const series: BarSeriesOption[] = data.statuses.map((s) => {
		const nth = seenInType.get(s.type) ?? 0;
		seenInType.set(s.type, nth + 1);
		const color = statusColor(palette, s.code, s.type, nth);
		const typeLabel = types[typeIndex.get(s.type) ?? -1]?.label ?? s.type;
		const datum: StatusDatum = {
			value: s.value,
			typeLabel,
			statusLabel: s.label,
			color,
			filters: [{ key: 'statuses', value: s.code }]
		};
		return {
			type: 'bar',
			id: s.code,
			name: s.label,
			stack: 'types',
			barMaxWidth: 36,
			cursor: 'pointer',
			itemStyle: { color, borderColor: palette.surface, borderWidth: 1 },
			// A count inside a segment only where the segment is wide enough to hold it.
			label: {
				show: s.value > 0 && s.value / largest >= 0.08,
				position: 'inside',
				color: readableOn(color, palette),
				formatter: () => formatCount(s.value, locale)
			},
			// One category per type: the status fills its own type's row and leaves the others empty.
			data: types.map((t) => (t.code === s.type ? datum : '-'))
		};
	});

	const description = types
		.map((t) => {
			const parts = data.statuses
				.filter((s) => s.type === t.code)
				.map((s) => `${s.label} ${formatCount(s.value, locale)}`);
			return `${t.label}: ${formatCount(t.value, locale)} (${parts.join(', ')})`;
		})
		.join('; ');

	const grid = { left: 8, right: 16, top: 8, outerBoundsMode: 'same' as const };
	const legend = bottomLegend(palette, legendLabels);
	const base: ChartOption = {
		...baseOption(ctx, palette, description),
		legend: legend.legend,
		grid: { ...grid, bottom: legend.gridBottom },
		tooltip: {
			...tooltipBase(palette, 'item'),
			formatter: (params: TooltipParams | TooltipParams[]) => {
				const d = firstParams(params)?.data as StatusDatum | undefined;
				if (!d || typeof d !== 'object') return '';
				return (
					tooltipTitle(`${d.typeLabel} · ${d.statusLabel}`) +
					tooltipRow(labels.count, formatCount(d.value, locale), d.color) +
					tooltipRow(labels.share, formatShare(all ? d.value / all : null, locale))
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
			// Type codes as categories: a click on a label reports the code (statusMixHitToFilter).
			data: types.map((t) => t.code),
			triggerEvent: true,
			...axis,
			axisLabel: {
				...axis.axisLabel,
				color: palette.text,
				width: 112,
				overflow: 'truncate',
				formatter: (_value: string, index: number) => {
					const t = types[index];
					return t
						? `${t.label}\n${formatCount(t.value, locale)} · ${formatShare(all ? t.value / all : null, locale)}`
						: '';
				}
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
				option: { grid: { ...grid, bottom: 8 + 22 * legendRows(legendLabels, 300) } }
			}
		]
	};
}

export function statusMixTable(
	data: StatusMixData,
	ctx: ChartContext<StatusMixLabels>
): ChartTable {
	const { types, all } = totals(data);
	const share = (n: number) => formatShare(all ? n / all : null, ctx.locale);
	const rows: (string | number)[][] = [];
	const drills: (CellDrill | null)[][] = [];
	// The count of a status row lists that status; of a type's total row, that type.
	const drill = (count: number, hit: CellDrill['hits']): (CellDrill | null)[] => [
		null,
		null,
		{ count, hits: hit },
		null
	];
	for (const t of types) {
		for (const s of data.statuses.filter((s) => s.type === t.code)) {
			rows.push([t.label, s.label, s.value, share(s.value)]);
			drills.push(drill(s.value, [{ key: 'statuses', value: s.code }]));
		}
		rows.push([t.label, ctx.labels.total, t.value, share(t.value)]);
		drills.push(drill(t.value, [{ key: 'statusTypes', value: t.code }]));
	}
	return {
		columns: [ctx.labels.statusType, ctx.labels.status, ctx.labels.count, ctx.labels.share],
		rows,
		drills
	};
}

/** A segment filters by its status; a type's label on the axis filters by the type. */
export function statusMixHitToFilter(params: ChartClick): FilterHit | null {
	if (params.componentType === 'yAxis' && params.targetType === 'axisLabel') {
		const value = STATUS_TYPES.find((t) => t === params.value);
		return value ? { key: 'statusTypes', value } : null;
	}
	return itemFilters(params)[0] ?? null;
}
