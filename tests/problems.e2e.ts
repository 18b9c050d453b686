import { expect, test } from '@playwright/test';
import { e2eFacts } from './e2e-facts';

test('the list searches, sorts and pages on the server', async ({ page }) => {
	const facts = e2eFacts();
	await page.goto('/problems');
	await expect(page.getByTestId('problem-count')).toContainText(
		`共 ${facts.problems.toLocaleString('zh-CN')} 项`
	);
	await page.getByRole('searchbox').fill('电梯');
	await page.getByRole('button', { name: '搜索' }).click();
	await expect(page).toHaveURL(/q=%E7%94%B5%E6%A2%AF/);
	for (const text of await page.locator('tbody td.problem a').allTextContents()) {
		expect(text).toContain('电梯');
	}
	await page.getByRole('link', { name: /提出时间/ }).click();
	await expect(page.locator('th[aria-sort]')).toHaveAttribute('aria-sort', 'ascending');
	const dates = await page.locator('tbody td.reported').allTextContents();
	expect([...dates].sort()).toEqual(dates);
});

test('a problem page shows all fields and its status history as a timeline', async ({ page }) => {
	const { withHistory } = e2eFacts();
	await page.goto(`/problems/${encodeURIComponent(withHistory.key)}`);
	await expect(page.getByText(withHistory.problemId).first()).toBeVisible();
	await expect(page.getByTestId('history-change')).toHaveCount(withHistory.changes);
	await expect(page.getByRole('heading', { name: '全部字段' })).toBeVisible();
});

test('an unknown problem is a 404 with a clear message', async ({ page }) => {
	const response = await page.goto('/problems/nonsense');
	expect(response?.status()).toBe(404);
	await expect(page.getByText('找不到这个问题')).toBeVisible();
});
