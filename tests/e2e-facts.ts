// What tests/e2e-setup.ts learned while seeding the end-to-end database.
import fs from 'node:fs';
import path from 'node:path';

export interface E2eFacts {
	/** A Bearer token of the analyst account, for tests that call the API without a browser. */
	analystToken: string;
	problems: number;
	withHistory: { key: string; problemId: string; changes: number };
	/** The report of 2019 (as of 2019-12-31), by plain SQL over the seeded tables. */
	report2019: { total: number; previousTotal: number; overdue: number };
}

export function e2eFacts(dataDir = 'test-results/e2e-data'): E2eFacts {
	const file = path.resolve(dataDir, 'e2e-facts.json');
	return JSON.parse(fs.readFileSync(file, 'utf8')) as E2eFacts;
}
