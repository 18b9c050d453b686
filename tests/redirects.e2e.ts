// Open redirects as a real browser follows them: the theme switch's `back` and the login page's
// `next` with a backslash, a tab or a newline must still end on this site (issue 15). Chromium turns
// `/\host` into `//host` and drops tabs and newlines, which a string check on the server misses.
import { expect, test, type Page } from '@playwright/test';
import { E2E_USERS } from './e2e-users';

const FOREIGN = 'evil.example';

/** Every host the page asked for while following `path`, and where it ended. */
async function follow(page: Page, path: string): Promise<{ hosts: Set<string>; end: URL }> {
	const hosts = new Set<string>();
	page.on('request', (r) => hosts.add(new URL(r.url()).host));
	// A foreign host never answers here, so a redirect to it fails the navigation.
	await page.goto(path).catch(() => undefined);
	return { hosts, end: new URL(page.url()) };
}

const TARGETS = [`/%5C${FOREIGN}/x`, `/%09/${FOREIGN}/x`, `/%0A/${FOREIGN}/x`, `//${FOREIGN}/x`];

test.describe('the theme switch', () => {
	for (const back of TARGETS) {
		test(`stays on the site for back=${back}`, async ({ page, baseURL }) => {
			const { hosts, end } = await follow(page, `/theme?set=dark&back=${back}`);
			expect([...hosts]).not.toContain(FOREIGN);
			expect(end.host).toBe(new URL(baseURL!).host);
		});
	}

	test('a CR/LF in back is a redirect home, not a server error', async ({ page }) => {
		const response = await page.request.get('/theme?set=dark&back=/x%0D%0ASet-Cookie:%20a=b', {
			maxRedirects: 0
		});
		expect(response.status()).toBe(303);
		expect(response.headers()['set-cookie']).not.toMatch(/a=b/);
	});
});

test.describe('signing in', () => {
	test.use({ storageState: { cookies: [], origins: [] } });
	for (const next of TARGETS) {
		test(`stays on the site for next=${next}`, async ({ page, baseURL }) => {
			const hosts = new Set<string>();
			page.on('request', (r) => hosts.add(new URL(r.url()).host));
			await page.goto(`/login?next=${next}`, { waitUntil: 'networkidle' });
			await page.getByLabel('用户名').fill(E2E_USERS.viewer.username);
			await page.getByLabel('密码').fill(E2E_USERS.viewer.password);
			await page.getByRole('button', { name: '登录' }).click();
			await page.waitForLoadState('networkidle').catch(() => undefined);
			expect([...hosts]).not.toContain(FOREIGN);
			expect(new URL(page.url()).host).toBe(new URL(baseURL!).host);
		});
	}
});
