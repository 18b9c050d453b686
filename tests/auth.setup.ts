// Signs in as the admin once per end-to-end server and saves the session for the journeys that
// do not test signing in themselves (playwright.config.ts: storageState of each project).
import { expect, test as setup } from '@playwright/test';
import { E2E_USERS } from './e2e-users';

setup('sign in as the admin', async ({ page, baseURL }) => {
	await page.goto('/');
	await expect(page).toHaveURL(/\/login$/);
	await page.getByLabel('用户名').fill(E2E_USERS.admin.username);
	await page.getByLabel('密码').fill(E2E_USERS.admin.password);
	await page.getByRole('button', { name: '登录' }).click();
	await expect(page).toHaveURL(`${baseURL}/`);
	const port = new URL(baseURL!).port;
	await page.context().storageState({ path: `test-results/.auth/admin-${port}.json` });
});
