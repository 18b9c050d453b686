// Seeds the end-to-end database with the demo data (the same generator `npm start` uses), before
// the built server opens it, and writes a few facts the tests need (a problem with a status
// history). Run by the webServer command of playwright.config.ts, not as Playwright globalSetup:
// Playwright starts webServer before globalSetup, and the server holds the DuckDB file from start-up.
import fs from 'node:fs';
import path from 'node:path';
import { problemKey } from '../src/lib/domain/problem-key';
import { LedgerDatabase } from '../src/lib/server/db/database';
import { seedDemo } from '../src/lib/server/demo/seed-demo';
import { readSettings } from '../src/lib/server/env';
import type { E2eFacts } from './e2e-facts';

const FACTS_FILE = 'e2e-facts.json';

export async function seedE2eDatabase(): Promise<void> {
	if (process.env.LEDGER_E2E !== '1') {
		throw new Error('tests/e2e-setup.ts only seeds the end-to-end database (LEDGER_E2E=1)');
	}
	const settings = readSettings();
	for (const file of [settings.dbPath, `${settings.dbPath}.wal`]) fs.rmSync(file, { force: true });
	const db = await LedgerDatabase.open(settings.dbPath);
	try {
		const summary = await seedDemo(db, settings);
		const [top] = await db.all<{ community: string; problem_id: string; changes: number }>(
			`SELECT community, problem_id, count(*)::INTEGER AS changes FROM status_events
			 GROUP BY ALL ORDER BY changes DESC, community, problem_id LIMIT 1`
		);
		const facts: E2eFacts = {
			problems: summary.problems,
			withHistory: {
				key: problemKey(top.community, top.problem_id),
				problemId: top.problem_id,
				changes: top.changes
			}
		};
		fs.writeFileSync(path.join(path.dirname(settings.dbPath), FACTS_FILE), JSON.stringify(facts));
		await db.checkpoint();
	} finally {
		db.close();
	}
}

await seedE2eDatabase();
