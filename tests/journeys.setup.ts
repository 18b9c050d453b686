// The first run of a fresh install, as an administrator meets it: sign in as `admin` with the
// password LEDGER_ADMIN_PASSWORD gave, and create the analyst and the viewer the journeys
// (tests/journeys.e2e.ts) sign in as.
import { expect, test as setup } from '@playwright/test';
import { JOURNEYS_ADMIN_PASSWORD, JOURNEYS_USERS } from './journeys-accounts';

setup.use({ storageState: { cookies: [], origins: [] } });

setup('the first admin creates the analyst and the viewer on /admin', async ({ page, baseURL }) => {
	await page.goto('/admin');
	await expect(page).toHaveURL(/\/login\?next=%2Fadmin$/);
	// After hydration: the login page would otherwise reset a name typed before it.
	await page.waitForLoadState('networkidle');
	await page.getByLabel('用户名').fill('admin');
	await page.getByLabel('密码').fill(JOURNEYS_ADMIN_PASSWORD);
	await page.getByRole('button', { name: '登录' }).click();
	await expect(page).toHaveURL(`${baseURL}/admin`);

	const create = page.getByRole('region', { name: '新建用户' });
	for (const [role, user] of Object.entries(JOURNEYS_USERS)) {
		await create.getByLabel('用户名').fill(user.username);
		await create.getByLabel('显示名称').fill(user.displayName);
		await create.getByLabel('角色').selectOption(role);
		await create.getByLabel('初始密码').fill(user.password);
		await create.getByRole('radio', { name: '全街道' }).check();
		await create.getByRole('button', { name: '创建用户' }).click();
		await expect(create.getByRole('status')).toContainText(`已创建用户 ${user.username}`);
		await expect(
			page
				.getByRole('region', { name: '用户', exact: true })
				.getByRole('row', { name: new RegExp(user.username) })
		).toContainText(role === 'analyst' ? '分析员' : '查看者');
	}
});
