// The one place that tells ECharts what this app draws. EChart.svelte imports it lazily (its own
// chunk) and the server imports it to render first-paint SVG, so both register the same parts.
// SVG only, no canvas: a smaller bundle, crisp at any zoom, and the same renderer the server uses.
// The plain legend and the continuous visual map are the variants the builders use; the scrolling
// legend and the piecewise map would only add weight.
import { use } from 'echarts/core';
import { BarChart, BoxplotChart, HeatmapChart, LineChart } from 'echarts/charts';
import {
	AriaComponent,
	GridComponent,
	LegendPlainComponent,
	TooltipComponent,
	VisualMapContinuousComponent
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

use([
	BarChart,
	LineChart,
	HeatmapChart,
	BoxplotChart,
	GridComponent,
	TooltipComponent,
	LegendPlainComponent,
	VisualMapContinuousComponent,
	AriaComponent,
	SVGRenderer
]);

export * as echarts from 'echarts/core';
