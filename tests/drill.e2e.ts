import { expect, test, type Page } from '@playwright/test';

// One population per figure: every number on the overview, the compare page and the report that
// links to the problem list (a KPI card's figure or its numerator/denominator, a cell of a chart's
// table, a theme's count, an overdue unit …) opens a list of exactly that many problems. The links
// carry their number in data-count; the list says its total in data-total.

const PAGES = [
	{ name: 'overview', path: '/', min: 150 },
	{
		name: 'compare',
		path: '/compare?community=%E4%BA%91%E5%8D%97%E8%B7%AF%E7%A4%BE%E5%8C%BA&community=%E5%AF%BF%E5%BC%A0%E8%B7%AF%E7%A4%BE%E5%8C%BA&community=%E5%B9%BF%E5%B7%9E%E8%B7%AF%E7%A4%BE%E5%8C%BA',
		min: 150
	},
	{ name: 'report', path: '/report?from=2019-01-01&to=2019-12-31&asof=2019-12-31', min: 40 },
	// A quarter, cross-filtered: the drills keep the page's filters and its calendar quarter.
	{
		name: 'overview, Q3 of 2019, one theme',
		path: '/?from=2019-07-01&to=2019-09-30&theme=safety',
		min: 30
	}
];

interface Link {
	href: string;
	count: number;
}

async function drillLinks(page: Page, path: string): Promise<Link[]> {
	await page.goto(path);
	return page.locator('a[data-drill]').evaluateAll((links) =>
		links.map((a) => ({
			href: (a as HTMLAnchorElement).getAttribute('href') ?? '',
			count: Number(a.getAttribute('data-count'))
		}))
	);
}

/** The list's total, as its page says it (data-total on the count line). */
async function listTotal(page: Page, href: string): Promise<number> {
	const response = await page.request.get(href);
	expect(response.status(), href).toBe(200);
	const html = await response.text();
	const total = /data-testid="problem-count"[^>]*data-total="(\d+)"/.exec(html)?.[1];
	expect(total, `${href} shows its total`).toBeDefined();
	return Number(total);
}

for (const { name, path, min } of PAGES) {
	test(`every drill link of the ${name} opens a list of the number it shows`, async ({ page }) => {
		test.setTimeout(240_000);
		const links = await drillLinks(page, path);
		expect(links.length).toBeGreaterThanOrEqual(min);
		// One request per distinct list; a list that two numbers link to must match both.
		const byHref = new Map<string, Set<number>>();
		for (const l of links) byHref.set(l.href, (byHref.get(l.href) ?? new Set()).add(l.count));
		const wrong: string[] = [];
		for (const [href, counts] of byHref) {
			const total = await listTotal(page, href);
			for (const count of counts)
				if (count !== total) wrong.push(`${href}: shows ${count}, lists ${total}`);
		}
		expect(wrong).toEqual([]);
		test.info().annotations.push({
			type: 'drill links',
			description: `${links.length} links, ${byHref.size} lists checked on ${path}`
		});
		console.log(`${name}: ${links.length} drill links, ${byHref.size} distinct lists, all equal`);
	});
}

test('every chart of the overview and every KPI card with a list links to it', async ({ page }) => {
	await page.goto('/');
	const charts = page.locator('[data-chart-id]');
	await expect(charts).toHaveCount(8);
	for (const chart of await charts.all())
		expect(
			await chart.locator('a[data-drill]').count(),
			(await chart.getAttribute('data-chart-id')) ?? ''
		).toBeGreaterThan(0);
	for (const kpi of ['total', 'closure', 'fix', 'signOff', 'overdue', 'satisfaction'])
		expect(await page.locator(`[data-kpi="${kpi}"] a[data-drill]`).count(), kpi).toBeGreaterThan(0);
	// Each chart says whose problems it counts.
	await expect(page.locator('[data-chart-id="statusMix"] [data-population]')).toHaveText(
		'本期问题，不含重复、撤回'
	);
	await expect(page.locator('[data-chart-id="backlogAge"] [data-population]')).toContainText(
		'所有未办结的问题，不限提出时间'
	);
});

test('a list opened from a figure says which problems it holds', async ({ page }) => {
	await page.goto('/');
	const href = await page.locator('[data-kpi="total"] a[data-drill]').getAttribute('href');
	await page.goto(href ?? '/');
	const chips = page.getByRole('list', { name: '当前筛选' });
	await expect(chips).toContainText('范围：计入统计的问题（不含重复、撤回）');
	await expect(chips).toContainText('2019-01-01 – 2019-12-31');
});

test('units without 受理时间 say 无数据, and the street says how many units provide it', async ({
	page
}) => {
	await page.goto('/');
	await expect(page.locator('[data-kpi="response"] [data-kpi-note]')).toHaveText(
		'10 个单位中 3 个提供受理时间'
	);
	await page.goto(PAGES[1].path);
	const noData = page.locator('tr[data-kpi-row="response"] [data-no-data]');
	await expect(noData.first()).toHaveText('无数据（未提供受理时间）');
	await expect(page.locator('tr[data-kpi-row="response"] [data-coverage]')).toHaveText(
		'10 个单位中 3 个提供受理时间'
	);
	// In the ranking too, never 0 %.
	const ranking = page.locator('[data-testid="ranking"] td[data-kpi="response"]');
	const texts = await ranking.allTextContents();
	expect(texts.some((t) => t.includes('无数据'))).toBe(true);
	expect(texts.some((t) => /^\s*0\.0%\s*0 \/ /.test(t))).toBe(false);
});
