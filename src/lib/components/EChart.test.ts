// Server-side render of EChart: what a browser without JavaScript (and the first paint) gets.
// The live chart (lazy ECharts, data-chart-ready, clicks) is left to the Playwright tests.
import { render } from 'svelte/server';
import { expect, test } from 'vitest';
import { barRankingOption, barRankingTable } from '$lib/charts/bar-ranking';
import type { ChartContext } from '$lib/charts/types';
import { renderChartSvg } from '$lib/server/charts/render-svg';
import EChart from './EChart.svelte';

const ctx: ChartContext<{ category: string }> = {
	locale: 'zh-CN',
	theme: 'light',
	labels: { count: '数量', share: '占比', category: '主题' },
	static: true
};
const data = [
	{ code: 'safety', label: '安全生产', value: 1200, share: 0.75 },
	{ code: 'x', label: '<b>粗</b>', value: 400, share: 0.25 }
];
const option = barRankingOption(data, ctx);

/** The rendered HTML without hydration comments and scoped-style class names. */
function html(component: Parameters<typeof render<typeof EChart>>[1]): string {
	return render(EChart, component)
		.body.replace(/<!--.*?-->/g, '')
		.replace(/(class=")?\s*svelte-[a-z0-9]+\s*/g, (_, open?: string) => open ?? '')
		.replace(/ class=""/g, '');
}

test('the server image, the label and the table are in the HTML', () => {
	const svg = renderChartSvg(option, { width: 640, height: 240 });
	const body = html({
		props: {
			option,
			svg,
			label: '按主题：安全生产最多',
			height: 240,
			table: barRankingTable(data, ctx),
			tableLabel: '按主题',
			showTableLabel: '以表格显示'
		}
	});
	expect(body).toMatch(/<figure[^>]*role="img"[^>]*aria-label="按主题：安全生产最多"/);
	expect(body).toMatch(/data-chart-ready="false"/);
	expect(body).toContain('height: 240px');
	// Not focusable without a click handler.
	expect(body).not.toContain('tabindex');
	const src = /<img src="([^"]+)" alt="按主题：安全生产最多"/.exec(body)?.[1];
	expect(src?.startsWith('data:image/svg+xml;base64,')).toBe(true);
	expect(Buffer.from(src!.split(',')[1], 'base64').toString('utf8')).toBe(svg);
	expect(body).toContain('<summary>以表格显示</summary>');
	expect(body).toContain('<caption>按主题</caption>');
	expect(body).toMatch(
		/<th scope="row">安全生产<\/th>\s*<td class="number">1,200<\/td>\s*<td class="number">75.0%<\/td>/
	);
	// Data text is escaped in the table, never markup.
	expect(body).toContain('&lt;b>粗&lt;/b>');
	expect(body).not.toContain('<b>粗</b>');
});

test('interactive charts are focusable; without svg or table there is no image or details', () => {
	const body = html({ props: { option, label: '按主题', onselect: () => {} } });
	expect(body).toContain('tabindex="0"');
	expect(body).not.toContain('<img');
	expect(body).not.toContain('<details');
	expect(body).toContain('height: 320px');
});
