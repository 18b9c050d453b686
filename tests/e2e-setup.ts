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
import { issueApiToken } from '../src/lib/server/auth/session';
import { createUser } from '../src/lib/server/auth/users';
import type { E2eFacts } from './e2e-facts';
import { E2E_USERS } from './e2e-users';

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
		const ids: Record<string, number> = {};
		for (const [key, u] of Object.entries(E2E_USERS)) {
			const user = await createUser(db, { ...u, scope: u.scope ? [...u.scope] : null });
			ids[key] = user.id;
		}
		const analystToken = await issueApiToken(db, {
			userId: ids.analyst,
			name: 'e2e',
			createdBy: 'e2e-setup'
		});
		// V of 2019 and of 2018, and what of 2019 is open past its deadline at 2019-12-31.
		const [report2019] = await db.all<E2eFacts['report2019']>(
			`SELECT count(*) FILTER (WHERE p.reported_at BETWEEN DATE '2019-01-01' AND DATE '2019-12-31')::INTEGER AS total,
				count(*) FILTER (WHERE p.reported_at BETWEEN DATE '2018-01-01' AND DATE '2018-12-31')::INTEGER AS "previousTotal",
				count(*) FILTER (WHERE p.reported_at BETWEEN DATE '2019-01-01' AND DATE '2019-12-31'
					AND st.type = 'open' AND p.deadline < DATE '2019-12-31')::INTEGER AS overdue
			 FROM problems p JOIN statuses st ON st.code = p.status WHERE st.in_rates`
		);
		const facts: E2eFacts = {
			analystToken: analystToken.token,
			problems: summary.problems,
			withHistory: {
				key: problemKey(top.community, top.problem_id),
				problemId: top.problem_id,
				changes: top.changes
			},
			report2019
		};
		fs.writeFileSync(path.join(path.dirname(settings.dbPath), FACTS_FILE), JSON.stringify(facts));
		await db.checkpoint();
	} finally {
		db.close();
	}
}

await seedE2eDatabase();
