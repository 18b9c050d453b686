// Pieces every builder's option shares: page font and colours, aria, no animation on the server,
// and tooltip markup. Tooltips are HTML, so every piece of data text that enters one goes through
// echarts.format.encodeHTML here. Axis and series labels are SVG text nodes (zrender escapes
// them), so escaping those would show "&lt;" on screen.
import { format, type ComposeOption } from 'echarts/core';
import type {
	BarSeriesOption,
	BoxplotSeriesOption,
	HeatmapSeriesOption,
	LineSeriesOption
} from 'echarts/charts';
import type {
	AriaComponentOption,
	GridComponentOption,
	LegendComponentOption,
	TooltipComponentOption,
	VisualMapComponentOption
} from 'echarts/components';
import type { Palette } from './palette';
import type { FilterHit } from '$lib/domain/dimensions';
import type { ChartContext } from './types';

/** An option built from only the parts src/lib/charts/echarts.ts registers. */
export type ChartOption = ComposeOption<
	| BarSeriesOption
	| LineSeriesOption
	| HeatmapSeriesOption
	| BoxplotSeriesOption
	| GridComponentOption
	| TooltipComponentOption
	| LegendComponentOption
	| VisualMapComponentOption
	| AriaComponentOption
>;

/** What a tooltip formatter receives (ECharts' CallbackDataParams fits it). */
export interface TooltipParams {
	data?: unknown;
	dataIndex: number;
	seriesIndex?: number;
}

/** A data item that knows which filter values it stands for, so a click can become a filter. */
export interface FilterableItem {
	filters: FilterHit[];
}

export const FONT_FAMILY =
	"system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', sans-serif";

export const escapeHtml: (text: string) => string = format.encodeHTML;

export function baseOption(ctx: ChartContext, palette: Palette, description: string): ChartOption {
	return {
		backgroundColor: 'transparent',
		animation: !ctx.static,
		textStyle: { fontFamily: FONT_FAMILY, color: palette.text, fontSize: 12 },
		aria: { enabled: true, label: { enabled: true, description } }
	};
}

export function tooltipBase(palette: Palette, trigger: 'item' | 'axis'): TooltipComponentOption {
	return {
		trigger,
		confine: true,
		backgroundColor: palette.surface,
		borderColor: palette.tooltipBorder,
		textStyle: { color: palette.text, fontFamily: FONT_FAMILY, fontSize: 13 },
		...(trigger === 'axis' ? { axisPointer: { type: 'shadow' } } : {})
	};
}

export function axisStyle(palette: Palette) {
	return {
		axisLine: { lineStyle: { color: palette.axis } },
		axisTick: { show: false },
		axisLabel: { color: palette.muted },
		splitLine: { lineStyle: { color: palette.split } }
	};
}

/** A bold first line of a tooltip (data text, escaped). */
export function tooltipTitle(text: string): string {
	return `<div style="font-weight:600;margin-bottom:2px">${escapeHtml(text)}</div>`;
}

/** "name: value" with an optional colour swatch; name and value are escaped. */
export function tooltipRow(name: string, value: string, color?: string): string {
	const swatch = color
		? `<span style="display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px;background:${escapeHtml(color)}"></span>`
		: '';
	return `<div>${swatch}${escapeHtml(name)}: <b>${escapeHtml(value)}</b></div>`;
}

/**
 * Rows a plain legend wraps into at a chart width in px (a Chinese character is about 12 px, plus
 * the swatch and the gap), so a builder can give the grid the room the legend takes.
 */
/**
 * A plain legend centred under the plot, and the grid bottom that leaves room for its rows (the
 * first-paint SVG is 560–720 px wide; a phone wraps more, which the media rules handle).
 */
export function bottomLegend(
	palette: { text: string },
	labels: string[]
): { legend: Record<string, unknown>; gridBottom: number } {
	return {
		legend: {
			type: 'plain',
			bottom: 0,
			left: 'center',
			itemWidth: 12,
			itemHeight: 12,
			textStyle: { color: palette.text },
			data: labels
		},
		gridBottom: 8 + 22 * legendRows(labels, 560)
	};
}

export function legendRows(labels: string[], width: number): number {
	let rows = 1;
	let used = 0;
	for (const label of labels) {
		const w = 12 + 5 + label.length * 12 + 10;
		if (used + w > width && used > 0) {
			rows += 1;
			used = 0;
		}
		used += w;
	}
	return rows;
}

/** The item of a tooltip call (item trigger gives one, axis trigger a list). */
export function firstParams(params: TooltipParams | TooltipParams[]): TooltipParams | undefined {
	return Array.isArray(params) ? params[0] : params;
}
