// Reading a built option back in tests: ECharts types options loosely (EChartsCoreOption), so these
// views name the few fields the tests look at. Not imported by app code.
import type { EChartsCoreOption } from 'echarts/core';
import type { BaseLabels, ChartContext } from './types';

type Formatter = (...args: never[]) => string;

export interface SeriesView {
	type: string;
	id?: string;
	name?: string;
	stack?: string;
	yAxisIndex?: number;
	data: unknown[];
	itemStyle?: { color?: string };
	lineStyle?: { color?: string; type?: string };
	label?: { show?: boolean; color?: string; formatter?: Formatter };
}

export interface AxisView {
	type: string;
	data?: string[];
	inverse?: boolean;
	triggerEvent?: boolean;
	min?: (extent: { min: number; max: number }) => number;
	max?: (extent: { min: number; max: number }) => number;
	axisLabel?: { formatter?: Formatter | string; color?: string };
	axisLine?: { onZero?: boolean };
}

export interface OptionView {
	animation?: boolean;
	aria?: { enabled?: boolean; label?: { description?: string } };
	series: SeriesView[];
	xAxis: AxisView | AxisView[];
	yAxis: AxisView | AxisView[];
	legend?: { data?: string[] };
	visualMap?: { min?: number; max?: number; inRange?: { color?: string[] }; text?: string[] };
	tooltip?: { trigger?: string; formatter?: Formatter };
	grid?: { bottom?: number };
}

/** The option (media rules, where a builder adds them, sit beside its parts). */
export function view(option: EChartsCoreOption): OptionView {
	return option as unknown as OptionView;
}

export function axes(axis: AxisView | AxisView[]): AxisView[] {
	return Array.isArray(axis) ? axis : [axis];
}

/** The labels a category axis shows (its formatter applied to each category). */
export function categoryLabels(axis: AxisView | AxisView[]): string[] {
	const first = axes(axis)[0];
	const formatter = first.axisLabel?.formatter;
	const data = first.data ?? [];
	if (typeof formatter !== 'function') return data;
	const call = formatter as unknown as (value: string, index: number) => string;
	return data.map((value, index) => call(value, index));
}

/** The HTML the tooltip shows for the given formatter params. */
export function tooltipHtml(option: EChartsCoreOption, params: unknown): string {
	const formatter = view(option).tooltip?.formatter as unknown as (p: unknown) => string;
	return formatter(params);
}

/** A series label's text for one data item. */
export function seriesLabel(series: SeriesView, dataIndex: number): string {
	const formatter = series.label?.formatter as unknown as (p: unknown) => string;
	return formatter({ data: series.data[dataIndex], dataIndex });
}

export const HOSTILE = '<script>alert(1)</script>';
export const ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;';

export function context<L extends object>(
	labels: L,
	more: Partial<Omit<ChartContext, 'labels'>> = {}
): ChartContext<L> {
	const all: BaseLabels & L = { count: '数量', share: '占比', ...labels };
	return { locale: 'zh-CN', theme: 'light', labels: all, ...more };
}
