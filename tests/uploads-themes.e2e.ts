import fs from 'node:fs';
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { E2E_USERS } from './e2e-users';

// A city hotline's export whose categories are none of the street's themes: the whole street's
// admin takes them over as themes from the preview in one step, and the file previewed again
// accepts them with their new themes; an analyst is not offered it. On the uploads server
// (playwright.config.ts, project `uploads`, signed in as the admin); nothing is committed, so the
// figures the other upload journeys check stay as they are.
test.describe.configure({ mode: 'serial' });
test.use({ screenshot: 'only-on-failure' });

const PARSED = { timeout: 30_000 };

/** A hotline export: its own categories (two of them the street's themes do not know). */
function hotlineFile(path: string, categories: [string, string, string]): string {
	const [a, b, known] = categories;
	fs.writeFileSync(
		path,
		[
			'编号,社区,提出时间,问题描述,状态,主题',
			`HT001,云南路社区,2019-05-01,夜间工地施工噪声,待处理,${a}`,
			`HT002,云南路社区,2019-05-02,小区门口长期占道,待处理,${b}`,
			`HT003,云南路社区,2019-05-03,凌晨装修,待处理,${a}`,
			`HT004,云南路社区,2019-05-04,企业办照咨询,待处理,${known}`
		].join('\n') + '\n'
	);
	return path;
}

async function upload(page: Page, file: string): Promise<Locator> {
	await page.goto('/uploads');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('数据导入');
	await page.getByLabel('选择文件（可多选）').setInputFiles(file);
	const card = page.getByRole('article', { name: file.split('/').pop()! });
	await expect(card.getByTestId('file-outcome')).toHaveText('可以提交', PARSED);
	return card;
}

async function noSidewaysScroll(page: Page): Promise<void> {
	const overflow = await page.evaluate(() => {
		const el = document.scrollingElement ?? document.documentElement;
		return { scroll: el.scrollWidth, client: el.clientWidth };
	});
	expect(overflow.scroll).toBeLessThanOrEqual(overflow.client);
}

async function signedInAs(browser: Browser, role: 'analyst'): Promise<Page> {
	const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
	const page = await context.newPage();
	await page.goto('/login', { waitUntil: 'networkidle' });
	await page.getByLabel('用户名').fill(E2E_USERS[role].username);
	await page.getByLabel('密码').fill(E2E_USERS[role].password);
	await page.getByRole('button', { name: '登录' }).click();
	await expect(page).toHaveURL(/:\d+\/$/);
	return page;
}

test('the street admin imports a file’s unknown categories as themes; the preview then accepts them', async ({
	page
}, testInfo) => {
	await page.setViewportSize({ width: 1440, height: 900 });
	const file = hotlineFile(testInfo.outputPath('hotline-1440.csv'), [
		'Noise Complaint',
		'占道经营投诉',
		'营商环境'
	]);
	const card = await upload(page, file);
	const unknown = card.getByRole('table', { name: '未识别的主题' });
	await expect(unknown.getByRole('rowheader')).toHaveText(['Noise Complaint', '占道经营投诉']);
	const sample = card.getByRole('table', { name: /导入后的样子/ });
	await expect(sample).toContainText(/（自动归类(，置信度 [01]\.\d\d)?）/);

	await card.getByRole('button', { name: '把这些分类导入为主题（2 个）' }).click();
	const confirm = card.getByRole('group', { name: /将新建以下 2 个主题/ });
	await expect(confirm.getByRole('listitem')).toHaveText([
		/^Noise Complaint\s*2 行$/,
		/^占道经营投诉\s*1 行$/
	]);
	await expect(confirm).toContainText('新主题属于全街道，没有关键词');
	await confirm.getByRole('button', { name: '确认导入' }).click();

	const result = card.getByTestId('theme-import-result');
	await expect(result).toContainText('已新建 2 个主题：Noise Complaint、占道经营投诉', PARSED);
	// Previewed again: the labels match their themes, from the file, with no classified row left.
	await expect(card.getByTestId('file-outcome')).toHaveText('可以提交');
	await expect(unknown).toHaveCount(0);
	await expect(card.getByRole('button', { name: /把这些分类导入为主题/ })).toHaveCount(0);
	await expect(card.getByTestId('file-summary')).toContainText('共 4 行、可导入 4 行、拒收 0 行');
	await expect(sample).not.toContainText('（自动归类');
	await expect(sample.getByRole('row').filter({ hasText: 'HT001' })).toContainText(
		'Noise Complaint'
	);
	await expect(sample.getByRole('row').filter({ hasText: 'HT002' })).toContainText('占道经营投诉');
	await noSidewaysScroll(page);

	// The taxonomy page lists them like any other theme, before 其他.
	await result.getByRole('link', { name: '在“分类与状态”页查看或修改' }).click();
	await expect(page).toHaveURL(/\/admin\/taxonomy$/);
	const themes = page
		.locator('section[aria-labelledby="themes-heading"] summary')
		.filter({ hasText: /Noise Complaint|占道经营投诉|其他/ });
	await expect(themes.locator('strong')).toHaveText(['Noise Complaint', '占道经营投诉', '其他']);
	await expect(themes.nth(0).locator('code')).toHaveText('noise_complaint');
	await expect(themes.nth(1).locator('code')).toHaveText(/^theme_\d+$/);

	// The staged file is left as it was: discard it (nothing committed).
	const again = await upload(page, file);
	await expect(again.getByRole('table', { name: '未识别的主题' })).toHaveCount(0);
	await again.getByRole('button', { name: '放弃' }).click();
	await expect(again).toHaveCount(0);
});

test('on a phone the confirm step fits the screen and can be cancelled', async ({
	page
}, testInfo) => {
	await page.setViewportSize({ width: 390, height: 844 });
	const file = hotlineFile(testInfo.outputPath('hotline-390.csv'), [
		'Abandoned Vehicle On Residential Street',
		'Graffiti',
		'营商环境'
	]);
	const card = await upload(page, file);
	const button = card.getByRole('button', { name: '把这些分类导入为主题（2 个）' });
	await expect(button).toBeVisible();
	await noSidewaysScroll(page);
	await button.click();
	const confirm = card.getByRole('group', { name: /将新建以下 2 个主题/ });
	await expect(confirm.getByRole('listitem')).toHaveCount(2);
	await noSidewaysScroll(page);
	const box = await confirm.getByRole('button', { name: '确认导入' }).boundingBox();
	expect(box!.x + box!.width).toBeLessThanOrEqual(390);
	await confirm.getByRole('button', { name: '取消' }).click();
	await expect(confirm).toHaveCount(0);
	await expect(button).toBeVisible();
	await card.getByRole('button', { name: '放弃' }).click();
	await expect(card).toHaveCount(0);
});

test('an analyst sees the unknown categories but is not offered to import them', async ({
	browser
}, testInfo) => {
	const page = await signedInAs(browser, 'analyst');
	const file = hotlineFile(testInfo.outputPath('hotline-analyst.csv'), [
		'Pothole',
		'Street Light Out',
		'营商环境'
	]);
	const card = await upload(page, file);
	await expect(card.getByRole('table', { name: '未识别的主题' }).getByRole('rowheader')).toHaveText(
		['Pothole', 'Street Light Out']
	);
	await expect(card.getByLabel('“Pothole”对应到')).toBeVisible();
	await expect(card.getByTestId('theme-import')).toHaveCount(0);
	await expect(card.getByRole('button', { name: /导入为主题/ })).toHaveCount(0);
	// Nor may it call the endpoint.
	const res = await page.request.post('/api/v1/admin/themes', {
		data: { labels: ['Pothole'] },
		headers: { origin: new URL(page.url()).origin }
	});
	expect(res.status()).toBe(403);
	await card.getByRole('button', { name: '放弃' }).click();
	await page.context().close();
});
