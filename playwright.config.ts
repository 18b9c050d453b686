import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

const port = 4173;
const baseURL = `http://127.0.0.1:${port}`;
// Under test-results/, which Playwright empties at the start of every run and git ignores.
const dataDir = path.resolve('test-results/e2e-data');

export default defineConfig({
	testDir: 'tests',
	testMatch: '*.e2e.ts',
	forbidOnly: !!process.env.CI,
	reporter: process.env.CI ? 'list' : [['list'], ['html', { open: 'never' }]],
	use: {
		baseURL,
		trace: 'retain-on-failure',
		launchOptions: {
			// The system Chromium; Playwright never downloads a browser here.
			executablePath: '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run'
			]
		}
	},
	projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
	webServer: {
		// The built server (`npm run build` first) over a database seeded from the corpus.
		command: 'npx tsx tests/e2e-setup.ts && npx tsx src/cli/serve.ts',
		url: baseURL,
		reuseExistingServer: false,
		timeout: 120_000,
		stdout: 'pipe',
		env: {
			LEDGER_E2E: '1',
			LEDGER_DATA_DIR: dataDir,
			LEDGER_DB: path.join(dataDir, 'ledger.duckdb'),
			HOST: '127.0.0.1',
			PORT: String(port),
			ORIGIN: baseURL
		}
	}
});
