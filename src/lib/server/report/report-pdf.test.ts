import { describe, expect, it } from 'vitest';
import { findChromium, htmlToPdf, PdfUnavailable } from './report-pdf';

describe('the PDF printer', () => {
	it('uses LEDGER_CHROMIUM when it names a file, and finds none when it names nothing', () => {
		expect(findChromium('/no/such/chromium')).toBeNull();
		expect(findChromium(process.execPath)).toBe(process.execPath);
	});

	it('refuses with PdfUnavailable when the machine has no Chromium', async () => {
		await expect(htmlToPdf('<p>x</p>', null)).rejects.toBeInstanceOf(PdfUnavailable);
	});

	it.runIf(findChromium() !== null)(
		'prints a page to an A4 PDF without touching the network',
		async () => {
			const html = `<!doctype html><html><head><link rel="stylesheet" href="http://127.0.0.1:9/x.css">
				<style>@page { size: A4 } .b { break-before: page }</style></head>
				<body><p>第一页</p><p class="b">第二页</p><img src="http://127.0.0.1:9/x.png"></body></html>`;
			const pdf = await htmlToPdf(html);
			expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
			expect((pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length).toBe(2);
		},
		60_000
	);
});
