// Server-side ECharts: turns a builder's option into an SVG string for the first paint, so a chart
// shows before (and without) the browser loading ECharts. Called from +page.server.ts loads.
// https://echarts.apache.org/handbook/en/how-to/cross-platform/server/
import type { EChartsCoreOption } from 'echarts/core';
import { echarts } from '$lib/charts/echarts';
import type { ChartTheme } from '$lib/charts/types';

export interface RenderSvgOptions {
	width: number;
	height: number;
	theme?: ChartTheme;
}

export function renderChartSvg(
	option: EChartsCoreOption,
	{ width, height, theme = 'light' }: RenderSvgOptions
): string {
	const chart = echarts.init(null, theme === 'dark' ? 'dark' : null, {
		renderer: 'svg',
		ssr: true,
		width,
		height
	});
	try {
		// The SVG is one frame: animation would only leave shapes mid-way.
		chart.setOption({ ...option, animation: false }, { notMerge: true });
		return chart.renderToSVGString();
	} finally {
		chart.dispose();
	}
}

/** Each chart of `ids` as SVG, drawn at `width` and at the chart's own height. */
export function renderChartSvgs<Id extends string>(
	charts: Record<Id, { option: EChartsCoreOption; height: number }>,
	ids: readonly Id[],
	{ width, theme = 'light' }: Omit<RenderSvgOptions, 'height'>
): Record<Id, string> {
	return Object.fromEntries(
		ids.map((id) => [
			id,
			renderChartSvg(charts[id].option, { width, height: charts[id].height, theme })
		])
	) as Record<Id, string>;
}
