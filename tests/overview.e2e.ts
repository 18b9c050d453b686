import { expect, test, type Page } from '@playwright/test';

// The corpus's good files: 云南路 60 + 寿张路 50 + 广州路 40 + 四川路 30 problems.
const TOTAL = '180';

async function expectChineseOverview(page: Page) {
	await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('问题台账 · 总览');
	await expect(page.getByTestId('kpi-total').locator('.figure')).toHaveText(TOTAL);
	const themes = page.getByRole('table', { name: '按主题' });
	await expect(themes.getByRole('row', { name: /组织建设/ })).toContainText('24');
	await expect(page.getByRole('table', { name: '按状态' })).toContainText('已销号');
}

test('the overview shows the totals, by theme and by status, in Chinese', async ({ page }) => {
	await page.goto('/');
	await expectChineseOverview(page);
	await expect(page.getByTestId('kpi-communities').locator('.figure')).toHaveText('4');
	await expect(page.getByTestId('kpi-uploads').locator('.figure')).toHaveText('5');
	// The largest theme comes first, with its share of the total.
	const firstTheme = page.getByRole('table', { name: '按主题' }).locator('tbody tr').first();
	await expect(firstTheme).toContainText('组织建设');
	await expect(firstTheme).toContainText('13.3%');
});

test('switching to English and back', async ({ page }) => {
	await page.goto('/');
	await page.getByRole('link', { name: 'English' }).click();

	await expect(page).toHaveURL(/\/en\/?$/);
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Problem Ledger · Overview');
	await expect(page.getByTestId('kpi-total').locator('.figure')).toHaveText(TOTAL);
	const themes = page.getByRole('table', { name: 'By theme' });
	await expect(themes.getByRole('row', { name: /Party organisation/ })).toContainText('24');
	await expect(page.getByRole('table', { name: 'By status' })).toContainText('Signed off');
	await expect(page.getByText('组织建设')).toHaveCount(0);

	await page.getByRole('link', { name: '中文' }).click();
	await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/$/);
	await expectChineseOverview(page);
});

test.describe('on a 375 px phone', () => {
	test.use({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });

	test('nothing overflows horizontally', async ({ page }) => {
		for (const path of ['/', '/en']) {
			await page.goto(path);
			await expect(page.getByTestId('kpi-total')).toBeVisible();
			const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
			expect(scrollWidth, `scrollWidth of ${path}`).toBeLessThanOrEqual(375);
		}
	});
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('the server-rendered page shows the figures and the language links work', async ({
		page
	}) => {
		await page.goto('/');
		await expectChineseOverview(page);
		await page.getByRole('link', { name: 'English' }).click();
		await expect(page.getByRole('table', { name: 'By theme' })).toContainText('Party organisation');
		await page.getByRole('link', { name: '中文' }).click();
		await expectChineseOverview(page);
	});
});

test('an unknown page is a 404 in the app frame, not a stack trace', async ({ page }) => {
	const response = await page.goto('/no-such-page');
	expect(response?.status()).toBe(404);
	await expect(page.getByText('页面不存在')).toBeVisible();
	await expect(page.getByRole('link', { name: '返回总览' })).toBeVisible();
});
