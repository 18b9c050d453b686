import { expect, test, vi } from 'vitest';
import { barRankingOption } from '$lib/charts/bar-ranking';
import { PALETTES } from '$lib/charts/palette';
import { heatGridOption } from '$lib/charts/heat-grid';
import { renderChartSvg, renderChartSvgs } from './render-svg';

const labels = { count: '数量', share: '占比', category: '主题' };
const data = [
	{ code: 'safety', label: '安全生产', value: 30, share: 0.3 },
	{ code: 'x', label: '<script>', value: 60, share: 0.6 },
	{ code: 'other', label: '其他', value: 10, share: 0.1 }
];

/** The `d` of every path filled with a colour: bars, in the SVG renderer. */
function filledPaths(svg: string, colour: string): string[] {
	return [...svg.matchAll(/<path d="([^"]+)"[^>]*fill="([^"]+)"/g)]
		.filter((m) => m[2].toLowerCase() === colour.toLowerCase())
		.map((m) => m[1]);
}

test('a bar option becomes an SVG with one shape per bar and escaped labels', () => {
	const option = barRankingOption(data, { locale: 'zh-CN', theme: 'light', labels, static: true });
	const svg = renderChartSvg(option, { width: 640, height: 240 });
	expect(svg.startsWith('<svg')).toBe(true);
	expect(svg).toContain('viewBox="0 0 640 240"');
	const bars = filledPaths(svg, PALETTES.light.bar);
	expect(bars).toHaveLength(3);
	// Drawn at their final size (no animation frame): the 60 bar is twice the 30 bar.
	const width = (d: string) => {
		const xs = [...d.matchAll(/[ML]([\d.]+) [\d.]+/g)].map((m) => Number(m[1]));
		return Math.max(...xs) - Math.min(...xs);
	};
	const [sixty, thirty] = bars.map(width);
	expect(sixty / thirty).toBeCloseTo(2, 1);
	expect(svg).toContain('>安全生产</text>');
	expect(svg).toContain('>60 · 60.0%</text>');
	expect(svg).toContain('&lt;script&gt;');
	expect(svg).not.toContain('<script>');
});

test('the dark palette and a heat grid render too, its phone rule without an ECharts complaint', () => {
	const complaints = vi.spyOn(console, 'error').mockImplementation(() => undefined);
	const option = heatGridOption(
		{
			rows: [{ code: 'a', label: '东风社区' }],
			cols: [{ code: 'safety', label: '安全生产' }],
			cells: [{ row: 'a', col: 'safety', value: 5 }]
		},
		{
			locale: 'zh-CN',
			theme: 'dark',
			labels: { count: '数量', share: '占比', rowHeader: '社区', rowShare: '占本社区' },
			static: true
		}
	);
	const svg = renderChartSvg(option, { width: 360, height: 220, theme: 'dark' });
	expect(svg).toContain('>东风社区</text>');
	expect(svg).toContain(`fill="${PALETTES.dark.text}"`);
	// At 360 px the media rule stands the column labels upright.
	expect(svg).toMatch(/matrix\(0,1,-1,0,[^)]*\)"[^>]*>安全生产</);
	// A `baseOption` wrapper made ECharts report a missing timeline component on every render.
	expect(complaints).not.toHaveBeenCalled();
	complaints.mockRestore();
});

test('several charts draw at one width, each at its own height, only those asked for', () => {
	const option = barRankingOption(data, { locale: 'zh-CN', theme: 'light', labels, static: true });
	const charts = {
		a: { option, height: 200 },
		b: { option, height: 300 },
		c: { option, height: 1 }
	};
	const svgs = renderChartSvgs(charts, ['a', 'b'] as const, { width: 500 });
	expect(Object.keys(svgs)).toEqual(['a', 'b']);
	expect(svgs.a).toContain('viewBox="0 0 500 200"');
	expect(svgs.b).toContain('viewBox="0 0 500 300"');
});
