import { expect, test, type Page } from '@playwright/test';
import { e2eFacts } from './e2e-facts';

// The printable report (/report) on the demo data: figures against e2e-setup's own SQL, the
// server-drawn SVG charts, the print stylesheet (page breaks, no app frame) and the server's PDF.
test.use({ screenshot: 'only-on-failure' });

const REPORT = '/report?from=2019-01-01&to=2019-12-31&asof=2019-12-31';
const number = (text: string | null): number => Number((text ?? '').replace(/[^\d]/g, ''));

/** Pages of a PDF: its page objects (/Type /Page, not the /Pages tree nodes). */
function pdfPageCount(pdf: Buffer): number {
	return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
}

async function openReport(page: Page) {
	await page.goto(REPORT);
	await expect(page.getByRole('heading', { name: '云南路街道问题台账汇报' })).toBeVisible();
}

test('the report shows the period, its figures and the summary written from them', async ({
	page
}) => {
	const facts = e2eFacts().report2019;
	await openReport(page);
	await expect(page.getByTestId('report-period')).toContainText('2019-01-01 至 2019-12-31');
	const total = number(await page.locator('[data-kpi="total"] [data-kpi-value]').textContent());
	expect(total).toBe(facts.total);
	expect(number(await page.locator('[data-kpi="overdue"] [data-kpi-value]').textContent())).toBe(
		facts.overdue
	);
	const summary = page.getByTestId('report-summary');
	await expect(summary).toContainText(
		`本期（2019-01-01 至 2019-12-31）共收集问题 ${facts.total} 个，较上期（${facts.previousTotal} 个）`
	);
	await expect(summary).toContainText(`超期未办结 ${facts.overdue} 个`);
	// The overdue table sums to the KPI.
	const counts = await page
		.getByTestId('report-overdue')
		.locator('tbody tr td:nth-child(2)')
		.allTextContents();
	expect(counts.map(number).reduce((a, b) => a + b, 0)).toBe(facts.overdue);
	await expect(page.getByTestId('report-stalled').locator('tbody tr')).toHaveCount(5);
});

test('the charts are SVG drawn on the server, each with a text alternative', async ({ page }) => {
	await openReport(page);
	const charts = page.locator('figure.report-chart img');
	await expect(charts).toHaveCount(3);
	for (const img of await charts.all()) {
		expect(await img.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
		expect(await img.getAttribute('alt')).toBeTruthy();
		expect(await img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBeGreaterThan(0);
	}
	// The numbers behind each chart, as a table.
	await expect(page.locator('figure.report-chart details table')).toHaveCount(3);
});

test('printed, the report drops the app frame and starts its parts on new pages', async ({
	page
}) => {
	await openReport(page);
	await page.emulateMedia({ media: 'print' });
	await expect(page.locator('header.site-header')).toBeHidden();
	await expect(page.getByRole('button', { name: '打印' })).toBeHidden();
	await expect(page.getByTestId('report-summary')).toBeVisible();
	const breaks = await page
		.locator('.report-doc .report-section')
		.evaluateAll((sections) => sections.map((s) => getComputedStyle(s).breakBefore));
	expect(breaks).toEqual(['auto', 'auto', 'page', 'auto', 'page', 'auto', 'auto']);
	expect(
		await page
			.locator('.report-doc')
			.evaluate((el) => getComputedStyle(el).getPropertyValue('page'))
	).toBe('report');
	const rows = await page
		.locator('.report-doc tr')
		.evaluateAll((trs) => trs.map((tr) => getComputedStyle(tr).breakInside));
	expect(new Set(rows)).toEqual(new Set(['avoid']));
	await page.emulateMedia({ media: 'screen' });
	await expect(page.locator('header.site-header')).toBeVisible();
});

test('the PDF from the server is a valid A4 PDF with the pages the browser prints', async ({
	page,
	request
}) => {
	await openReport(page);
	const answer = await request.get(REPORT.replace('/report?', '/report/pdf?'));
	expect(answer.status()).toBe(200);
	expect(answer.headers()['content-type']).toBe('application/pdf');
	expect(answer.headers()['content-disposition']).toContain(
		encodeURIComponent('问题台账汇报-2019-01-01至2019-12-31.pdf')
	);
	const pdf = await answer.body();
	expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
	expect(pdf.subarray(-8).toString('latin1')).toContain('%%EOF');
	// A4 is 595 × 842 points.
	expect(pdf.toString('latin1')).toMatch(/\/MediaBox\s*\[\s*0\s+0\s+59[45](?:\.\d+)?\s+84[12]/);
	// The same page printed by this test's own Chromium gives the page count to expect.
	await page.emulateMedia({ media: 'print' });
	const expected = pdfPageCount(await page.pdf({ preferCSSPageSize: true, printBackground: true }));
	expect(expected).toBeGreaterThanOrEqual(3);
	expect(pdfPageCount(pdf)).toBe(expected);
});

test('the weekly brief is plain text with the week and its figures', async ({ request }) => {
	const answer = await request.get('/api/v1/report/brief?asof=2019-12-31');
	expect(answer.status()).toBe(200);
	expect(answer.headers()['content-type']).toBe('text/plain; charset=utf-8');
	const lines = (await answer.text()).trimEnd().split('\n');
	expect(lines[0]).toBe('【云南路街道问题周报】2019-12-25 至 2019-12-31');
	expect(lines[1]).toMatch(/^本周（2019-12-25 至 2019-12-31）/);
	expect(lines.join('\n')).not.toMatch(/[<>]|undefined|NaN/);
});
