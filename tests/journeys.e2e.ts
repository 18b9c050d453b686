import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { JOURNEYS_USERS } from './journeys-accounts';
import {
	CORPUS,
	LedgerModel,
	SOURCES,
	THEMES,
	type Committed,
	type Filter
} from './journeys-model';

// Two people on a fresh install started as README.md starts it (playwright.config.ts, project
// `journeys`): an analyst loads every good corpus file and the one with row errors, maps an unknown
// status, commits and reverts one batch; then a viewer reads the overview, cross-filters, compares
// three communities, exports the ranking and opens the report. Every figure the pages show is
// checked against tests/journeys-model.ts, which reads the seeded demo problems and the corpus
// files with its own SQL. The viewer sees what the analyst left, so the journeys run in order.
test.describe.configure({ mode: 'serial' });

const DATA_DIR = 'test-results/journeys-data';
/** Every year of the demo data and the corpus. */
const PERIOD: Filter = { from: '2018-01-01', to: '2019-12-31' };
const PERIOD_QUERY = `from=${PERIOD.from}&to=${PERIOD.to}`;
/** Previews and commits parse files in DuckDB while two other servers run: allow for it. */
const PARSED = { timeout: 60_000 };
/** The label the row-errors file uses that no status vocabulary knows, and what the analyst makes of it. */
const UNKNOWN_STATUS = { label: '研究中', option: '搁浅', code: 'stalled' };
/** The batch the analyst takes back: no later file touches its problems. */
const REVERTED = 'guangzhou_bom.csv';
const COMPARED = ['云南路社区', '寿张路社区', '四川路社区'];

const THEME_CODE = new Map(THEMES.map(([code, labels]) => [labels[0], code]));

let model: LedgerModel;
/** What the analyst committed, in order; the viewer's expected figures follow from it. */
let committed: Committed[] = [];

test.beforeAll(async () => {
	model = await LedgerModel.open(DATA_DIR);
});

test.afterAll(() => {
	model?.close();
});

const number = (text: string | null): number => Number((text ?? '').replace(/[^\d]/g, ''));

async function signIn(page: Page, user: { username: string; password: string }): Promise<void> {
	// After hydration: the login page would otherwise reset a name typed before it.
	await page.goto('/login', { waitUntil: 'networkidle' });
	await page.getByLabel('用户名').fill(user.username);
	await page.getByLabel('密码').fill(user.password);
	await page.getByRole('button', { name: '登录' }).click();
	await expect(page).toHaveURL(/:\d+\/$/);
}

interface OverviewFigures {
	total: number;
	/** The community × theme table of the heat grid: V by community, then by theme code. */
	grid: Record<string, Record<string, number>>;
}

async function kpiTotal(page: Page): Promise<number> {
	const value = page.locator('[data-kpi="total"] [data-kpi-value]');
	await expect(value).toHaveText(/^\d[\d,]*$/);
	return number(await value.textContent());
}

/** The overview's total and its heat grid's numbers, as the table under the chart gives them. */
async function overviewFigures(page: Page, query = PERIOD_QUERY): Promise<OverviewFigures> {
	await page.goto(`/?${query}`);
	const total = await kpiTotal(page);
	const table = await page
		.locator('[data-chart-id="heat"] details table')
		.evaluate((t: HTMLTableElement) => ({
			head: [...t.querySelectorAll('thead th')].map((th) => th.textContent?.trim() ?? ''),
			rows: [...t.querySelectorAll('tbody tr')].map((tr) =>
				[...tr.querySelectorAll('th, td')].map((c) => c.textContent?.trim() ?? '')
			)
		}));
	const themes = table.head.slice(1).map((label) => {
		const code = THEME_CODE.get(label);
		expect(code, `theme column ${label}`).toBeDefined();
		return code!;
	});
	const grid: OverviewFigures['grid'] = {};
	for (const [community, ...cells] of table.rows) {
		grid[community] = {};
		cells.forEach((cell, i) => {
			if (number(cell) > 0) grid[community][themes[i]] = number(cell);
		});
	}
	return { total, grid };
}

/** The model's figures in the shape the overview gives them. */
async function expectedFigures(
	files: Committed[],
	filter: Filter = PERIOD
): Promise<OverviewFigures> {
	const grid = await model.grid(files, filter);
	return {
		total: await model.total(files, filter),
		grid: Object.fromEntries([...grid].map(([unit, themes]) => [unit, Object.fromEntries(themes)]))
	};
}

const rowSums = (grid: OverviewFigures['grid']): Record<string, number> =>
	Object.fromEntries(
		Object.entries(grid).map(([unit, themes]) => [
			unit,
			Object.values(themes).reduce((a, b) => a + b, 0)
		])
	);

function card(page: Page, fileName: string): Locator {
	return page.getByRole('article', { name: fileName });
}

function historyRow(page: Page, batch: number): Locator {
	return page
		.getByRole('table', { name: '导入记录' })
		.getByRole('row')
		.filter({ has: page.getByRole('rowheader', { name: String(batch), exact: true }) });
}

test('an analyst loads the corpus, maps an unknown status, commits, and reverts one batch', async ({
	page
}) => {
	// Six previews and commits and a dozen page loads, on two cores shared with two other servers.
	test.setTimeout(240_000);
	await signIn(page, JOURNEYS_USERS.analyst);

	// Before: the demo data as seeded, exactly.
	const before = await overviewFigures(page);
	expect(before).toEqual(await expectedFigures([]));

	const good = fs.readdirSync(path.join(CORPUS, 'good')).sort();
	expect(good).toEqual(
		Object.keys(SOURCES)
			.filter((f) => SOURCES[f].path.startsWith('good/'))
			.sort()
	);
	const files = [...good, 'row_errors.csv'];

	await page
		.getByRole('navigation', { name: '主导航' })
		.getByRole('link', { name: '数据导入' })
		.click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('数据导入');
	// Files picked before the page is live would go nowhere.
	await page.waitForLoadState('networkidle');
	await page
		.getByLabel('选择文件（可多选）')
		.setInputFiles(files.map((f) => path.join(CORPUS, SOURCES[f].path)));

	// Each preview accepts what the model accepts from the file.
	for (const file of good) {
		const preview = card(page, file);
		await expect(preview.getByTestId('file-outcome')).toHaveText('可以提交', PARSED);
		const accepted = await model.acceptedCount(file);
		await expect(preview.getByTestId('file-summary')).toContainText(
			`可导入 ${accepted} 行、拒收 0 行`
		);
		expect(await model.unthemed(file), file).toEqual([]);
	}
	const errors = card(page, 'row_errors.csv');
	await expect(errors.getByTestId('file-outcome')).toHaveText('可以提交', PARSED);
	await expect(errors.getByTestId('file-summary')).toContainText(
		`可导入 ${await model.acceptedCount('row_errors.csv')} 行`
	);
	const mapping = { [UNKNOWN_STATUS.label]: UNKNOWN_STATUS.code };
	await errors
		.getByLabel(`“${UNKNOWN_STATUS.label}”对应到`)
		.selectOption({ label: UNKNOWN_STATUS.option });
	await errors.getByRole('button', { name: '重新预览' }).click();
	await expect(errors.getByTestId('file-summary')).toContainText(
		`可导入 ${await model.acceptedCount('row_errors.csv', mapping)} 行`,
		PARSED
	);
	await expect(errors.getByTestId('file-outcome')).toHaveText('可以提交');

	// Commit everything, in the order of the list.
	const batches = new Map<string, number>();
	for (const file of files) {
		const preview = card(page, file);
		await preview.getByRole('button', { name: '提交导入' }).click();
		const result = preview.getByTestId('commit-result');
		await expect(result).toContainText('已导入', PARSED);
		const batch = /第 (\d+) 批/.exec((await result.textContent()) ?? '');
		expect(batch, file).not.toBeNull();
		batches.set(file, Number(batch![1]));
		committed.push({ file, statusMapping: file === 'row_errors.csv' ? mapping : undefined });
	}
	// The XLSX holds the problems of the Unicode text export: whichever comes second adds none.
	const [, second] = files.filter((f) => f.startsWith('sichuan'));
	const repeat = card(page, second).getByTestId('commit-result');
	await expect(repeat).toContainText('新增 0 项');
	await expect(repeat).toContainText('状态变化 0 项');

	// After: the overview total and every community × theme figure are the model's.
	const after = await overviewFigures(page);
	const expected = await expectedFigures(committed);
	expect(after).toEqual(expected);
	// …so the total and each corpus community rose by exactly what the model adds from the files.
	expect(after.total).toBeGreaterThan(before.total);
	for (const unit of ['云南路社区', '寿张路社区', '广州路社区', '四川路社区'])
		expect(rowSums(after.grid)[unit], unit).toBeGreaterThan(rowSums(before.grid)[unit]);

	// Revert one batch: the figures go back by exactly that batch.
	const batch = batches.get(REVERTED)!;
	await page.goto('/uploads');
	const row = historyRow(page, batch);
	await expect(row).toContainText(REVERTED);
	await row.getByRole('button', { name: `撤销第 ${batch} 批` }).click();
	await row.getByRole('button', { name: '确认撤销' }).click();
	await expect(page.getByRole('status').filter({ hasText: '已撤销第' })).toContainText(
		`已撤销第 ${batch} 批：删除 ${await model.acceptedCount(REVERTED)} 个问题`
	);
	await expect(row).toContainText('已撤销');
	committed = committed.filter((f) => f.file !== REVERTED);

	const reverted = await overviewFigures(page);
	expect(reverted).toEqual(await expectedFigures(committed));
	expect(reverted.grid['广州路社区']).toEqual(before.grid['广州路社区']);
	expect(rowSums(reverted.grid)['广州路社区']).toBe(rowSums(before.grid)['广州路社区']);
});

test('a viewer cross-filters the overview, compares three communities and exports the ranking', async ({
	page
}) => {
	test.setTimeout(120_000);
	expect(committed.length).toBeGreaterThan(0);
	await signIn(page, JOURNEYS_USERS.viewer);
	await expect(
		page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '数据导入' })
	).toHaveCount(0);

	await page.goto(`/?${PERIOD_QUERY}`);
	expect(await kpiTotal(page)).toBe(await model.total(committed, PERIOD));

	// A click on a cell of the community × theme grid filters the page by both.
	const heat = page.locator('[data-chart-id="heat"]');
	await expect(heat.locator('[data-chart-ready="true"]')).toHaveCount(1, { timeout: 15_000 });
	const plot = heat.locator('figure svg').first();
	const box = (await plot.boundingBox())!;
	// A cell in the middle of the grid (rows and columns sit in the upper three quarters).
	await plot.click({ position: { x: box.width * 0.55, y: box.height * 0.35 } });
	await expect
		.poll(() => ['community', 'theme'].map((k) => new URL(page.url()).searchParams.has(k)))
		.toEqual([true, true]);
	const url = new URL(page.url());
	const community = url.searchParams.get('community')!;
	const theme = url.searchParams.get('theme')!;
	expect(url.searchParams.getAll('community')).toEqual([community]);
	expect(url.searchParams.get('from')).toBe(PERIOD.from);
	const chips = page.getByRole('list', { name: '当前筛选' });
	await expect(chips).toContainText(community);
	const cellTotal = await model.total(committed, { ...PERIOD, community, theme });
	expect(cellTotal).toBeGreaterThan(0);
	await expect(page.locator('[data-kpi="total"] [data-kpi-value]')).toHaveText(
		cellTotal.toLocaleString('en-US')
	);

	// Three communities side by side: each column's total is the model's.
	const byUnit = await model.byCommunity(committed, PERIOD);
	await page.goto(
		`/compare?${PERIOD_QUERY}&${COMPARED.map((u) => `community=${encodeURIComponent(u)}`).join('&')}`
	);
	await expect(page.locator('.kpi-columns thead th[data-unit]')).toHaveText([
		...COMPARED,
		'全街道'
	]);
	for (const unit of COMPARED) {
		await expect(
			page.locator(`.kpi-columns td[data-unit="${unit}"][data-kpi="total"] [data-kpi-value]`)
		).toHaveText(byUnit[unit].toLocaleString('en-US'));
	}

	// The ranking as Excel: every unit with the model's total.
	const downloading = page.waitForEvent('download');
	await page.getByRole('link', { name: '导出 Excel' }).click();
	const download = await downloading;
	const book = new ExcelJS.Workbook();
	await book.xlsx.readFile(await download.path());
	const rows: unknown[][] = [];
	book.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
	const header = rows.findIndex((r) => r[0] === '排名');
	expect(header).toBeGreaterThanOrEqual(0);
	const unitAt = rows[header].indexOf('社区');
	const totalAt = rows[header].indexOf('问题总数');
	const totals = Object.fromEntries(
		rows.slice(header + 1).map((r) => [String(r[unitAt]), Number(r[totalAt])])
	);
	expect(totals).toEqual(byUnit);
});

test('the viewer opens the report for the period', async ({ page }) => {
	expect(committed.length).toBeGreaterThan(0);
	await signIn(page, JOURNEYS_USERS.viewer);
	await page
		.getByRole('navigation', { name: '主导航' })
		.getByRole('link', { name: '汇报' })
		.click();
	await expect(page).toHaveURL(/\/report/);
	const response = await page.goto(`/report?${PERIOD_QUERY}`);
	expect(response?.status()).toBe(200);
	const grid = await model.grid(committed, PERIOD);
	await expect(page.locator('[data-kpi="total"] [data-kpi-value]')).toHaveText(
		(await model.total(committed, PERIOD)).toLocaleString('en-US')
	);
	// The charts are drawn on the server: inline SVG, or SVG images.
	expect(
		await page.locator('main svg, main img[src^="data:image/svg+xml"]').count()
	).toBeGreaterThan(0);
	// The top themes with their counts of the period.
	const byTheme = new Map<string, number>();
	for (const themes of grid.values())
		for (const [theme, n] of themes) byTheme.set(theme, (byTheme.get(theme) ?? 0) + n);
	const rows = await page
		.getByTestId('report-themes')
		.locator('tbody tr')
		.evaluateAll((trs) =>
			trs.map((tr) => [...tr.children].map((c) => c.textContent?.trim() ?? ''))
		);
	expect(rows.length).toBeGreaterThan(0);
	for (const [label, count] of rows) {
		const code = THEME_CODE.get(label);
		expect(code, `theme ${label}`).toBeDefined();
		expect(number(count), label).toBe(byTheme.get(code!));
	}
});
