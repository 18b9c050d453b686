import ExcelJS from 'exceljs';
import { expect, test, type Page } from '@playwright/test';

// The overview on the demo data, tried as a new user would.

const CHARTS = [
	'byTheme',
	'statusMix',
	'heat',
	'trend',
	'byLevel',
	'byReporterType',
	'themeHeat',
	'backlogAge'
];

async function chartsReady(page: Page): Promise<void> {
	for (const id of CHARTS) {
		await expect(page.locator(`[data-chart-id="${id}"] [data-chart-ready="true"]`)).toHaveCount(1, {
			timeout: 15_000
		});
	}
}

test('the overview shows every chart ready and the KPI cards', async ({ page }) => {
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto('/');
	await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('问题台账 · 总览');
	await chartsReady(page);
	for (const kpi of [
		'问题总数',
		'办结率',
		'整改率',
		'销号率',
		'按时办结率',
		'超期',
		'响应率',
		'满意率',
		'办结时长'
	]) {
		await expect(page.locator('.kpi h3', { hasText: kpi }).first()).toBeVisible();
	}
	await expect(page.getByTestId('period')).toContainText('统计截止');
	// Every chart has its numbers as a table.
	await expect(page.locator('[data-chart-id="byTheme"] details table')).toHaveCount(1);
	expect(errors).toEqual([]);
});

test('clicking a theme bar filters the page, the list follows, and a reload keeps the view', async ({
	page
}) => {
	await page.goto('/');
	await chartsReady(page);
	const figure = page.locator('[data-chart-id="byTheme"] figure');
	// The keyboard path of the chart: focus it, go to the first bar, select it.
	await figure.focus();
	await page.keyboard.press('Home');
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/[?&]theme=[a-z_]+/);
	const theme = new URL(page.url()).searchParams.get('theme') ?? '';
	const chip = page.getByRole('list', { name: '当前筛选' }).getByRole('link').first();
	await expect(chip).toContainText('主题：');
	await chartsReady(page);
	const total = await page.locator('[data-kpi="total"] [data-kpi-value]').textContent();
	expect(total).toMatch(/^\d[\d,]*$/);

	await page.reload();
	await expect(page.getByRole('list', { name: '当前筛选' }).getByRole('link').first()).toHaveText(
		(await chip.textContent()) ?? ''
	);
	await expect(page.locator('[data-kpi="total"] [data-kpi-value]')).toHaveText(total ?? '');

	await page
		.locator('[data-chart-id="byTheme"]')
		.getByRole('link', { name: /在问题清单中查看/ })
		.click();
	await expect(page).toHaveURL(new RegExp(`/problems\\?.*theme=${theme}`));
	const rows = page.locator('tbody tr');
	await expect(rows.first()).toBeVisible();
	const themeLabel = (await chip.textContent().catch(() => null)) ?? '';
	const label = themeLabel
		.replace(/^主题：/, '')
		.replace(/\s*×\s*$/, '')
		.trim();
	for (const cell of await page.locator('tbody td.theme').allTextContents())
		expect(cell.trim()).toBe(label);
});

test('switching to English and back', async ({ page }) => {
	await page.goto('/');
	await page.getByRole('link', { name: 'English' }).click();
	await expect(page).toHaveURL(/\/en\/?$/);
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Problem Ledger · Overview');
	await chartsReady(page);
	await expect(page.locator('.kpi h3', { hasText: 'Closure rate' })).toBeVisible();
	await page.getByRole('link', { name: '中文' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('问题台账 · 总览');
});

test.describe('on a 375 px phone', () => {
	test.use({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });

	test('nothing overflows horizontally', async ({ page }) => {
		for (const path of ['/', '/en', '/problems']) {
			await page.goto(path);
			await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
			const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
			expect(scrollWidth, `scrollWidth of ${path}`).toBeLessThanOrEqual(375);
		}
	});
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('the overview still shows SVG charts and the KPI figures', async ({ page }) => {
		await page.goto('/');
		for (const id of CHARTS) {
			await expect(
				page.locator(`[data-chart-id="${id}"] img[src^="data:image/svg+xml"]`)
			).toHaveCount(1);
		}
		const total = page.locator('[data-kpi="total"] [data-kpi-value]');
		await expect(total).toHaveText(/^\d[\d,]*$/);
		await page.getByRole('link', { name: 'English' }).click();
		await expect(page.locator('.kpi h3', { hasText: 'Closure rate' })).toBeVisible();
	});
});

test('the dark theme renders charts in dark colours, and back', async ({ page }) => {
	await page.goto('/');
	await page.getByRole('link', { name: '深色' }).click();
	await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
	await chartsReady(page);
	await page.getByRole('link', { name: '浅色' }).click();
	await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});

test('a bad filter in the URL is a 400 with a Chinese message, not a stack trace', async ({
	page
}) => {
	const response = await page.goto('/?from=2019-13-01');
	expect(response?.status()).toBe(400);
	await expect(page.getByText(/参数“from”无效/)).toBeVisible();
});

test('an unknown page is a 404 in the app frame', async ({ page }) => {
	const response = await page.goto('/no-such-page');
	expect(response?.status()).toBe(404);
	await expect(page.getByText('页面不存在')).toBeVisible();
	await expect(page.getByRole('link', { name: '返回总览' })).toBeVisible();
});

test('the page is served under a Content-Security-Policy, and the live charts break none of it', async ({
	page
}) => {
	const violations: string[] = [];
	page.on('console', (message) => {
		if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
	});
	const response = await page.goto('/');
	const csp = response?.headers()['content-security-policy'] ?? '';
	expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
	expect(csp).toContain("object-src 'none'");
	expect(csp).toContain("frame-ancestors 'none'");
	await chartsReady(page);
	await page
		.locator('[data-chart-id="byTheme"] canvas, [data-chart-id="byTheme"] svg')
		.first()
		.hover();
	expect(violations).toEqual([]);
});

test('the by-theme chart saves as SVG and PNG, and its numbers download as CSV and XLSX', async ({
	page
}) => {
	await page.goto('/');
	await chartsReady(page);
	const card = page.locator('[data-chart-id="byTheme"]');

	async function save(name: string | RegExp): Promise<{ name: string; bytes: Buffer }> {
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			card.getByRole('button', { name }).click()
		]);
		const stream = await download.createReadStream();
		const chunks: Buffer[] = [];
		for await (const chunk of stream) chunks.push(chunk as Buffer);
		return { name: download.suggestedFilename(), bytes: Buffer.concat(chunks) };
	}

	const svg = await save('保存 SVG');
	expect(svg.name).toBe('按主题.svg');
	const svgText = svg.bytes.toString('utf8');
	expect(svgText).toMatch(/^(<svg|<\?xml)/);
	expect(svgText).toContain('<svg');

	const png = await save('保存 PNG');
	expect(png.name).toBe('按主题.png');
	expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

	const csv = await save('下载数据 (CSV)');
	expect(csv.name).toBe('按主题.csv');
	expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	const header = await card.locator('details table thead th').allTextContents();
	const csvHeader = csv.bytes.toString('utf8').slice(1).split('\r\n')[0];
	expect(csvHeader).toBe(header.join(','));

	// The same numbers as XLSX (made by the server), read back with exceljs.
	const xlsx = await save('下载数据 (XLSX)');
	expect(xlsx.name).toBe('按主题.xlsx');
	const book = new ExcelJS.Workbook();
	await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
	const sheet = book.worksheets[0];
	expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(header);
	const csvRows = csv.bytes.toString('utf8').slice(1).trimEnd().split('\r\n').slice(1);
	expect(sheet.rowCount - 1).toBe(csvRows.length);
	const [label, count] = csvRows[0].split(',');
	expect(sheet.getCell('A2').value).toBe(label);
	expect(sheet.getCell('B2').value).toBe(Number(count));
});
