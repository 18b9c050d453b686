import ExcelJS from 'exceljs';
import { expect, test, type Page } from '@playwright/test';

// The compare page on the demo data (7 communities, 3 offices; 2018–2019), tried as a new user would.

const CHARTS = ['themeMix', 'statusTypeMix', 'statusMix', 'daysToResolve', 'backlog', 'trend'];
const PICK = ['云南路社区', '寿张路社区', '广州路社区'];
const THREE = `/compare?${PICK.map((u) => `community=${encodeURIComponent(u)}`).join('&')}`;

async function chartsReady(page: Page): Promise<void> {
	for (const id of CHARTS) {
		await expect(page.locator(`[data-chart-id="${id}"] [data-chart-ready="true"]`)).toHaveCount(1, {
			timeout: 15_000
		});
	}
}

interface ShownRow {
	unit: string;
	rank: string;
	score: string;
	/** "num / den" (or 无数据) of the rate columns, in the order of the weight editor's inputs. */
	fractions: string[];
}

/** The ranking table as shown: ranked rows, then the unranked. */
async function shownRanking(page: Page): Promise<{ ranked: ShownRow[]; unranked: ShownRow[] }> {
	const read = (ranked: boolean) =>
		page
			.locator(`[data-testid="ranking"] tbody[data-ranked="${ranked}"] tr[data-unit]`)
			.evaluateAll((rows) =>
				rows.map((tr) => ({
					unit: tr.querySelector('[data-unit-name]')?.textContent?.trim() ?? '',
					rank: tr.querySelector('[data-rank]')?.textContent?.trim() ?? '',
					score: tr.querySelector('[data-score]')?.textContent?.trim() ?? '',
					fractions: [...tr.querySelectorAll('.fraction')].map((f) => f.textContent?.trim() ?? '')
				}))
			);
	return { ranked: await read(true), unranked: await read(false) };
}

test('a new user compares three communities, weighs the ranking, reloads and exports it', async ({
	page
}) => {
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));

	// From the overview through the main navigation.
	await page.goto('/');
	await page
		.getByRole('navigation', { name: '主导航' })
		.getByRole('link', { name: '社区对比' })
		.click();
	await expect(page).toHaveURL(/\/compare$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('社区对比');
	await expect(page.getByTestId('pick-prompt')).toBeVisible();

	// Pick three communities, one after another; each pick is in the URL.
	for (const [i, unit] of PICK.entries()) {
		const box = page.getByRole('checkbox', { name: new RegExp(`^${unit}`) });
		await box.check();
		await expect(box).toBeChecked();
		await expect
			.poll(() => new URL(page.url()).searchParams.getAll('community'))
			.toEqual(PICK.slice(0, i + 1));
	}
	await expect(page.getByTestId('pick-prompt')).toHaveCount(0);

	// Three columns in the order picked, and the street beside them.
	await expect(page.locator('.kpi-columns thead th[data-unit]')).toHaveText([...PICK, '全街道']);
	for (const unit of PICK) {
		const cell = (kpi: string) =>
			page.locator(`.kpi-columns td[data-unit="${unit}"][data-kpi="${kpi}"]`);
		await expect(cell('total').locator('[data-kpi-value]')).toHaveText(/^\d[\d,]*$/);
		const closure = cell('closure');
		await expect(closure.locator('[data-kpi-value]')).toHaveText(/^\d{1,3}\.\d%$/);
		await expect(closure.locator('[data-kpi-fraction]')).toHaveText(/^\d[\d,]* \/ \d[\d,]*$/);
		await expect(closure.locator('[data-kpi-interval]')).toHaveText(
			/^95% 区间 \d{1,3}\.\d%–\d{1,3}\.\d%$/
		);
	}
	await chartsReady(page);
	// Every chart has a text alternative and its numbers as a table.
	for (const id of CHARTS) {
		await expect(page.locator(`[data-chart-id="${id}"] figure[role="img"]`)).toHaveAttribute(
			'aria-label',
			/.+/
		);
		await expect(page.locator(`[data-chart-id="${id}"] details table`)).toHaveCount(1);
	}

	// Weigh closure more and apply: the URL carries the weight, and the scores follow the formula.
	const before = await shownRanking(page);
	expect(before.ranked.length).toBeGreaterThan(1);
	await page.getByRole('spinbutton', { name: '办结率', exact: true }).fill('80');
	await expect(page.getByText('当前：(80 × 办结率 + 30 × 按时办结率')).toBeVisible();
	await page.getByRole('button', { name: '应用', exact: true }).click();
	await expect.poll(() => new URL(page.url()).searchParams.get('w_closure')).toBe('80');
	expect(new URL(page.url()).searchParams.getAll('community')).toEqual(PICK);
	await expect
		.poll(async () => (await shownRanking(page)).ranked.map((r) => r.score))
		.not.toEqual(before.ranked.map((r) => r.score));
	const after = await shownRanking(page);
	// The weights as the form holds them, one per rate column, in the same order.
	const weights = (await page
		.locator('input[data-weight]')
		.evaluateAll((inputs) => inputs.map((i) => Number((i as HTMLInputElement).value)))) as number[];
	expect(weights.slice(0, 6)).toEqual([80, 0, 0, 30, 20, 20]);
	for (const row of after.ranked) {
		expect(row.fractions).toHaveLength(weights.length);
		// A rate the unit's exports give no data for leaves the score with its weight.
		const rates = row.fractions.map((f) => {
			if (f === '无数据') return null;
			const [num, den] = f.split('/').map((x) => Number(x.replace(/[^\d]/g, '')));
			return den > 0 ? num / den : null;
		});
		const used = weights.filter((_, i) => rates[i] !== null);
		const expected =
			(100 * weights.reduce((s, w, i) => s + (rates[i] === null ? 0 : w * rates[i]!), 0)) /
			used.reduce((s, w) => s + w, 0);
		expect(Math.abs(Number(row.score) - expected), row.unit).toBeLessThanOrEqual(0.051);
	}
	// Ranked by score, highest first.
	const scores = after.ranked.map((r) => Number(r.score));
	expect([...scores].sort((a, b) => b - a)).toEqual(scores);

	// A reload of the URL gives the same ranking and the same weight in the form.
	await page.reload();
	await expect(page.getByRole('spinbutton', { name: '办结率', exact: true })).toHaveValue('80');
	expect(await shownRanking(page)).toEqual(after);

	// The Excel export holds the ranking the page shows.
	const downloading = page.waitForEvent('download');
	await page.getByRole('link', { name: '导出 Excel' }).click();
	const download = await downloading;
	expect(download.suggestedFilename()).toMatch(
		/^社区排名-\d{4}-\d{2}-\d{2}至\d{4}-\d{2}-\d{2}\.xlsx$/
	);
	const book = new ExcelJS.Workbook();
	await book.xlsx.readFile(await download.path());
	const sheet = book.worksheets[0];
	const rows: (string | number)[][] = [];
	sheet.eachRow((row) => {
		const values = row.values as unknown[];
		rows.push(values.slice(1).map((v) => (typeof v === 'number' ? v : String(v ?? ''))));
	});
	const header = rows.findIndex((r) => r[0] === '排名');
	expect(header).toBeGreaterThanOrEqual(0);
	const unitColumn = rows[header].indexOf('社区');
	const body = rows.slice(header + 1);
	const fileRanked = body
		.filter((r) => typeof r[0] === 'number')
		.map((r) => ({ unit: r[unitColumn], rank: String(r[0]) }));
	const fileUnranked = body.filter((r) => typeof r[0] !== 'number').map((r) => r[unitColumn]);
	expect(fileRanked).toEqual(after.ranked.map((r) => ({ unit: r.unit, rank: r.rank })));
	expect(fileUnranked).toEqual(after.unranked.map((r) => r.unit));

	expect(errors).toEqual([]);
});

test('the minimum count lists small units unranked, after the ranked ones', async ({ page }) => {
	await page.goto(THREE);
	await page.getByRole('spinbutton', { name: '最少问题数' }).fill('80');
	await page.getByRole('button', { name: '应用', exact: true }).click();
	await expect.poll(() => new URL(page.url()).searchParams.get('min')).toBe('80');
	const group = page.locator('[data-testid="ranking"] tbody[data-ranked="false"]');
	await expect(group.getByRole('rowheader', { name: '未排名（不足 80 条）' })).toBeVisible();
	const totals = (ranked: boolean) =>
		page
			.locator(
				`[data-testid="ranking"] tbody[data-ranked="${ranked}"] tr[data-unit] td:nth-child(4)`
			)
			.allTextContents()
			.then((xs) => xs.map((x) => Number(x.replace(/[^\d]/g, ''))));
	const ranked = await totals(true);
	const unranked = await totals(false);
	expect(ranked.length).toBeGreaterThan(0);
	expect(unranked.length).toBeGreaterThan(0);
	for (const n of ranked) expect(n).toBeGreaterThanOrEqual(80);
	for (const n of unranked) expect(n).toBeLessThan(80);
	await expect(group.locator('[data-rank]').first()).toHaveText('未排名');
});

test('every ranking column sorts, and the sort is kept in the URL', async ({ page }) => {
	await page.goto(THREE);
	const header = page.getByRole('columnheader', { name: /综合得分/ });
	const scores = () =>
		page
			.locator('[data-testid="ranking"] tbody[data-ranked="true"] [data-score]')
			.allTextContents()
			.then((xs) => xs.map(Number));
	await header.getByRole('button').click();
	await expect(header).toHaveAttribute('aria-sort', 'descending');
	await header.getByRole('button').click();
	await expect(header).toHaveAttribute('aria-sort', 'ascending');
	await expect.poll(() => new URL(page.url()).searchParams.get('dir')).toBe('asc');
	const ascending = await scores();
	expect([...ascending].sort((a, b) => a - b)).toEqual(ascending);
	await page.reload();
	await expect(page.getByRole('columnheader', { name: /综合得分/ })).toHaveAttribute(
		'aria-sort',
		'ascending'
	);
	expect(await scores()).toEqual(ascending);
	const unit = page.getByRole('columnheader', { name: /^社区/ });
	await unit.getByRole('button').click();
	await expect(unit).toHaveAttribute('aria-sort', 'ascending');
});

test.describe('on a 390 px phone', () => {
	test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

	test('the page does not scroll sideways; the KPI columns scroll in their own box', async ({
		page
	}) => {
		for (const path of [THREE, `/en${THREE}`]) {
			await page.goto(path);
			await chartsReady(page);
			const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
			expect(scrollWidth, `scrollWidth of ${path}`).toBeLessThanOrEqual(390);
		}
		const box = page.locator('.kpi-columns');
		const [inner, outer] = await box.evaluate((el) => [el.scrollWidth, el.clientWidth]);
		expect(inner).toBeGreaterThan(outer);
	});
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('the charts are server-rendered SVG and the ranking is there', async ({ page }) => {
		await page.goto(THREE);
		for (const id of CHARTS) {
			await expect(
				page.locator(`[data-chart-id="${id}"] img[src^="data:image/svg+xml"]`)
			).toHaveCount(1);
		}
		await expect(
			page.locator('[data-testid="ranking"] tbody[data-ranked="true"] tr[data-unit]').first()
		).toBeVisible();
	});
});
