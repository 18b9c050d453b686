import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

const port = 4173;
const baseURL = `http://127.0.0.1:${port}`;
// Under test-results/, which Playwright empties at the start of every run and git ignores.
const dataDir = path.resolve('test-results/e2e-data');
// The upload journeys change the data, so they get their own server and database: the other
// suites check figures against what e2e-setup seeded.
const uploadsPort = 4174;
const uploadsURL = `http://127.0.0.1:${uploadsPort}`;
const uploadsDataDir = path.resolve('test-results/e2e-uploads');

function server(portNo: number, url: string, dir: string, extraEnv: Record<string, string> = {}) {
	return {
		// The built server (`npm run build` first) over a database seeded with the demo data.
		command: 'npx tsx tests/e2e-setup.ts && npx tsx src/cli/serve.ts',
		url,
		reuseExistingServer: false,
		timeout: 120_000,
		stdout: 'pipe' as const,
		env: {
			LEDGER_E2E: '1',
			LEDGER_DATA_DIR: dir,
			LEDGER_DB: path.join(dir, 'ledger.duckdb'),
			HOST: '127.0.0.1',
			PORT: String(portNo),
			...extraEnv
		}
	};
}

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
	projects: [
		// Each server's admin session, saved once; the journeys start signed in with it.
		{ name: 'setup', testMatch: 'auth.setup.ts', use: { baseURL } },
		{ name: 'setup-uploads', testMatch: 'auth.setup.ts', use: { baseURL: uploadsURL } },
		{
			name: 'chromium',
			testIgnore: 'uploads*.e2e.ts',
			dependencies: ['setup'],
			use: {
				...devices['Desktop Chrome'],
				storageState: `test-results/.auth/admin-${port}.json`
			}
		},
		{
			name: 'uploads',
			testMatch: 'uploads*.e2e.ts',
			dependencies: ['setup-uploads'],
			use: {
				...devices['Desktop Chrome'],
				baseURL: uploadsURL,
				storageState: `test-results/.auth/admin-${uploadsPort}.json`
			}
		}
	],
	webServer: [
		server(port, baseURL, dataDir, { ORIGIN: baseURL }),
		// Without ORIGIN, as `npm start` runs: adapter-node then assumes https, and forms over plain
		// HTTP must still work.
		server(uploadsPort, uploadsURL, uploadsDataDir, { LEDGER_UPLOAD_LIMIT_MB: '2' })
	]
});
