import { describe, expect, it } from 'vitest';
import { svgDataUrl } from './svg-data-url';

describe('svgDataUrl', () => {
	it('round-trips Chinese text through base64', () => {
		const svg = '<svg xmlns="http://www.w3.org/2000/svg"><text>营商环境 &lt;b&gt;</text></svg>';
		const url = svgDataUrl(svg);
		expect(url.startsWith('data:image/svg+xml;base64,')).toBe(true);
		const decoded = Buffer.from(url.slice('data:image/svg+xml;base64,'.length), 'base64').toString(
			'utf8'
		);
		expect(decoded).toBe(svg);
	});

	it('handles an SVG larger than one slice', () => {
		const svg = `<svg>${'社区'.repeat(40_000)}</svg>`;
		const decoded = Buffer.from(svgDataUrl(svg).split(',')[1], 'base64').toString('utf8');
		expect(decoded).toBe(svg);
	});

	it('gives the same URL for the same chart, and every chart its own after many', () => {
		const svgs = Array.from({ length: 40 }, (_, i) => `<svg><text>第 ${i} 个图</text></svg>`);
		const urls = svgs.map(svgDataUrl);
		expect(svgDataUrl(svgs[39])).toBe(urls[39]);
		// The first ones have left the cache and are encoded again, the same way.
		svgs.forEach((svg, i) => {
			expect(svgDataUrl(svg)).toBe(urls[i]);
			expect(Buffer.from(urls[i].split(',')[1], 'base64').toString('utf8')).toBe(svg);
		});
	});
});
