// Each role signs in through /login and sees only what it may do: the navigation, the pages and
// the API answer accordingly. The admin creates an account (its own, so the accounts other suites
// sign in with stay as they are) and finds that, and a failed sign-in, in the audit log.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { E2E_USERS, type E2eRole } from './e2e-users';

test.use({ storageState: { cookies: [], origins: [] } });

async function signIn(page: Page, username: string, password: string): Promise<void> {
	// After hydration: the login page would otherwise reset a name typed before it.
	await page.goto('/login', { waitUntil: 'networkidle' });
	await page.getByLabel('用户名').fill(username);
	await page.getByLabel('密码').fill(password);
	await page.getByRole('button', { name: '登录' }).click();
	await expect(page).toHaveURL(/:\d+\/$/);
}

const signInAs = (page: Page, role: E2eRole) =>
	signIn(page, E2E_USERS[role].username, E2E_USERS[role].password);

const mainNav = (page: Page) => page.getByRole('navigation', { name: '主导航', exact: true });

async function statusOf(page: Page, path: string): Promise<number | undefined> {
	return (await page.goto(path))?.status();
}

test('anonymous: pages send to the sign-in page, the API answers 401', async ({ page }) => {
	await page.goto('/');
	await expect(page).toHaveURL(/\/login$/);
	await expect(mainNav(page)).toHaveCount(0);
	await page.goto('/admin/audit');
	await expect(page).toHaveURL(/\/login\?next=%2Fadmin%2Faudit$/);
	const api = await page.request.get('/api/v1/stats?by=theme');
	expect(api.status()).toBe(401);
	expect(await api.json()).toEqual({ error: '请先登录。' });
});

test('viewer: the dashboards, and neither uploads nor administration', async ({ page }) => {
	await signInAs(page, 'viewer');
	await expect(mainNav(page).getByRole('link')).toHaveText([
		'总览',
		'问题清单',
		'社区对比',
		'汇报'
	]);
	for (const path of ['/uploads', '/admin', '/admin/taxonomy', '/admin/audit']) {
		expect(await statusOf(page, path), path).toBe(403);
	}
	expect((await page.request.get('/api/v1/uploads')).status()).toBe(403);
	expect((await page.request.get('/api/v1/stats?by=theme')).status()).toBe(200);
});

test('scoped viewer: the same navigation as any viewer', async ({ page }) => {
	await signInAs(page, 'scoped');
	await expect(mainNav(page).getByRole('link')).toHaveText([
		'总览',
		'问题清单',
		'社区对比',
		'汇报'
	]);
	expect(await statusOf(page, '/admin')).toBe(403);
});

test('scoped viewer: a link naming another community is refused and never echoes it', async ({
	page
}) => {
	await signInAs(page, 'scoped');
	const other = '寿张路社区';
	const q = `community=${encodeURIComponent(other)}`;
	for (const path of [`/?${q}`, `/compare?${q}`, `/report?${q}`, `/problems?${q}`]) {
		const response = await page.goto(path);
		expect(response?.status(), path).toBe(403);
		await expect(page.locator('main, body').first()).toContainText('本账号社区范围以外的社区');
		expect(await page.locator('body').innerText(), path).not.toContain(other);
		expect(await response!.text(), path).not.toContain(other);
	}
	for (const path of [`/compare/__data.json?${q}`, `/__data.json?${q}`]) {
		const data = await page.request.get(path);
		const text = await data.text();
		expect(text, path).toContain('本账号社区范围以外的社区');
		expect(text, path).not.toContain(other);
	}
	for (const path of [`/api/v1/stats?by=community&${q}`, `/api/v1/compare?${q}`]) {
		const api = await page.request.get(path);
		expect(api.status(), path).toBe(403);
		expect(await api.text(), path).not.toContain(other);
	}
	// Its own community still filters as before.
	const own = await page.request.get(
		`/api/v1/stats?by=community&community=${encodeURIComponent('云南路社区')}`
	);
	expect(((await own.json()) as { rows: { community: string }[] }).rows).toEqual([
		expect.objectContaining({ community: '云南路社区' })
	]);
});

test('analyst: uploads yes, administration no', async ({ page }) => {
	await signInAs(page, 'analyst');
	await expect(mainNav(page).getByRole('link')).toHaveText([
		'总览',
		'问题清单',
		'社区对比',
		'汇报',
		'数据导入'
	]);
	expect(await statusOf(page, '/uploads')).toBe(200);
	expect(await statusOf(page, '/admin')).toBe(403);
	expect((await page.request.get('/api/v1/uploads')).status()).toBe(200);
});

async function newPage(browser: Browser, baseURL: string | undefined): Promise<Page> {
	const context = await browser.newContext({ baseURL });
	return context.newPage();
}

test('admin: creates a user, sees its password once, and finds it in the audit log', async ({
	page,
	browser,
	baseURL
}) => {
	await signInAs(page, 'admin');
	await expect(mainNav(page).getByRole('link', { name: '管理' })).toBeVisible();
	await mainNav(page).getByRole('link', { name: '管理' }).click();
	await expect(page.getByRole('heading', { name: '用户与令牌', level: 1 })).toBeVisible();

	const username = `juese${Date.now() % 1_000_000}`;
	const create = page.getByRole('region', { name: '新建用户' });
	await create.getByLabel('用户名').fill(username);
	await create.getByLabel('显示名称').fill('角色测试');
	await create.getByLabel('角色').selectOption('analyst');
	await create.getByRole('button', { name: '创建用户' }).click();
	const shown = create.getByTestId('one-time-password');
	await expect(shown).toHaveText(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
	const password = (await shown.textContent())!;
	await expect(page.getByRole('row', { name: new RegExp(username) })).toContainText('分析员');

	// The form is ready for the next account as it was for the first: the scope back on 全街道.
	await expect(create.getByRole('radio', { name: '全街道' })).toBeChecked();
	await expect(create.getByLabel('用户名')).toHaveValue('');

	// Shown once: a reload does not bring it back.
	await page.reload();
	await expect(page.getByTestId('one-time-password')).toHaveCount(0);
	await expect(page.getByText(password)).toHaveCount(0);

	// The new account signs in with it, as an analyst.
	const other = await newPage(browser, baseURL);
	await signIn(other, username, password);
	await expect(mainNav(other).getByRole('link', { name: '数据导入' })).toBeVisible();
	await expect(mainNav(other).getByRole('link', { name: '管理' })).toHaveCount(0);
	await other.context().close();

	await page
		.getByRole('navigation', { name: '管理导航' })
		.getByRole('link', { name: '审计日志' })
		.click();
	await page.getByLabel('操作').selectOption('user.create');
	await page.getByRole('button', { name: '筛选' }).click();
	await expect(page).toHaveURL(/action=user\.create/);
	const row = page.locator('tbody tr', { hasText: username });
	await expect(row).toHaveCount(1);
	await expect(row).toContainText('创建用户');
	await expect(row).toContainText(E2E_USERS.admin.username);
	await expect(row).toContainText('成功');
	await expect(row).toContainText('role:');
});

test('a wrong password is refused, and the failure is in the audit log', async ({ page }) => {
	await page.goto('/login', { waitUntil: 'networkidle' });
	await page.getByLabel('用户名').fill(E2E_USERS.viewer.username);
	await page.getByLabel('密码').fill('not-the-password');
	await page.getByRole('button', { name: '登录' }).click();
	await expect(page.getByRole('alert')).toHaveText('用户名或密码不正确。');
	await expect(page).toHaveURL(/\/login/);

	await signInAs(page, 'admin');
	await page.goto(`/admin/audit?actor=${E2E_USERS.viewer.username}&action=login&result=failed`);
	const row = page.locator('tbody tr').first();
	await expect(row).toContainText('登录');
	await expect(row).toContainText('失败');
	await expect(row).toContainText('wrong_password');
	await expect(row).toContainText('127.0.0.1');
});

test('signing out returns to the sign-in page', async ({ page }) => {
	await signInAs(page, 'viewer');
	await page.getByRole('button', { name: '退出' }).click();
	await expect(page).toHaveURL(/\/login\?signedOut=1$/);
	await expect(page.getByText('您已退出登录。')).toBeVisible();
	await page.goto('/');
	await expect(page).toHaveURL(/\/login$/);
});

test('admin: a keyword change is previewed before anything is saved', async ({ page }) => {
	await signInAs(page, 'admin');
	await page.goto('/admin/taxonomy');
	const card = page.locator('details', {
		has: page.locator('summary code', { hasText: /^service_innovation$/ })
	});
	await card.locator('summary').click();
	const keywords = card.getByLabel('关键词');
	const before = await keywords.inputValue();
	await keywords.fill(`${before}\n路灯\n电梯`);
	await card.getByRole('button', { name: '预览影响' }).click();
	const preview = card.getByTestId('theme-preview');
	await expect(preview).toContainText('按这些关键词');
	await expect(preview).toContainText('尚未保存');
	// Still as typed, and nothing saved.
	await expect(keywords).toHaveValue(`${before}\n路灯\n电梯`);
	await page.goto('/admin/audit?action=taxonomy.update');
	await expect(page.getByTestId('audit-count')).toHaveText('共 0 条记录');
});

test('the admin pages fit a 390 px phone', async ({ page }) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await signInAs(page, 'admin');
	for (const path of ['/admin', '/admin?edit=2', '/admin/taxonomy', '/admin/audit']) {
		await page.goto(path);
		const width = await page.evaluate(() => document.documentElement.scrollWidth);
		expect(width, path).toBeLessThanOrEqual(390);
	}
});
