import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { JOURNEYS_ADMIN_PASSWORD } from './tests/journeys-accounts';

// LEDGER_E2E_PORT moves the three servers (port, +1, +2), so two checkouts can run e2e at once.
const port = Number(process.env.LEDGER_E2E_PORT ?? 4173);
const baseURL = `http://127.0.0.1:${port}`;
// Under test-results/, which Playwright empties at the start of every run and git ignores.
const dataDir = path.resolve('test-results/e2e-data');
// The upload journeys change the data, so they get their own server and database: the other
// suites check figures against what e2e-setup seeded.
const uploadsPort = port + 1;
const uploadsURL = `http://127.0.0.1:${uploadsPort}`;
const uploadsDataDir = path.resolve('test-results/e2e-uploads');
// The journeys (tests/journeys.e2e.ts) run against a server started as README.md starts the app
// after its build: the demo data seeded only into an empty database, the first admin's password
// from LEDGER_ADMIN_PASSWORD; the other accounts are created on /admin (tests/journeys.setup.ts).
const journeysPort = port + 2;
const journeysURL = `http://127.0.0.1:${journeysPort}`;
const journeysDataDir = path.resolve('test-results/journeys-data');

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
		{ name: 'setup-journeys', testMatch: 'journeys.setup.ts', use: { baseURL: journeysURL } },
		{
			name: 'chromium',
			testIgnore: ['uploads*.e2e.ts', 'journeys.e2e.ts'],
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
		},
		{
			name: 'journeys',
			testMatch: 'journeys.e2e.ts',
			dependencies: ['setup-journeys'],
			use: {
				...devices['Desktop Chrome'],
				baseURL: journeysURL,
				screenshot: 'only-on-failure',
				trace: 'retain-on-failure'
			}
		}
	],
	webServer: [
		server(port, baseURL, dataDir, { ORIGIN: baseURL }),
		// Without ORIGIN, as `npm start` runs: adapter-node then assumes https, and forms over plain
		// HTTP must still work.
		server(uploadsPort, uploadsURL, uploadsDataDir, { LEDGER_UPLOAD_LIMIT_MB: '2' }),
		{
			// README's `npm start` after its `vite build` (npm run test:e2e builds first); the facts
			// script copies the seeded problems for the journeys' expected figures before the server
			// holds the database.
			command: [
				`rm -rf '${journeysDataDir}'`,
				'npx tsx src/cli/ledger.ts seed-demo --if-empty',
				'npx tsx tests/journeys-facts.ts',
				'npx tsx src/cli/serve.ts'
			].join(' && '),
			url: journeysURL,
			reuseExistingServer: false,
			timeout: 180_000,
			stdout: 'pipe' as const,
			env: {
				LEDGER_DATA_DIR: journeysDataDir,
				LEDGER_ADMIN_PASSWORD: JOURNEYS_ADMIN_PASSWORD,
				HOST: '127.0.0.1',
				PORT: String(journeysPort)
			}
		}
	]
});
