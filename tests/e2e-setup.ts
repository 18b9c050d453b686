// Seeds the end-to-end database with the corpus's good files, before the built server opens it.
// Run by the webServer command of playwright.config.ts, not as Playwright globalSetup: Playwright
// starts webServer before globalSetup, and the server holds the DuckDB file from start-up.
import fs from 'node:fs';
import path from 'node:path';
import { LedgerDatabase } from '../src/lib/server/db/database';
import { readSettings } from '../src/lib/server/env';
import { ingestFile } from '../src/lib/server/ingest/pipeline';
import { CORPUS } from '../src/lib/server/ingest/test-corpus';

const corpus = path.join(CORPUS, 'good');

export async function seedE2eDatabase(): Promise<void> {
	if (process.env.LEDGER_E2E !== '1') {
		throw new Error('tests/e2e-setup.ts only seeds the end-to-end database (LEDGER_E2E=1)');
	}
	const settings = readSettings();
	for (const file of [settings.dbPath, `${settings.dbPath}.wal`]) fs.rmSync(file, { force: true });
	const db = await LedgerDatabase.open(settings.dbPath);
	try {
		for (const name of fs.readdirSync(corpus).sort()) {
			const result = await ingestFile(db, path.join(corpus, name), {
				uploadsDir: settings.uploadsDir,
				tmpDir: settings.tmpDir,
				defaultStreet: '云南路街道'
			});
			if (result.outcome !== 'committed') {
				throw new Error(`${name}: ${result.outcome} ${result.message ?? ''}`);
			}
		}
		await db.checkpoint();
	} finally {
		db.close();
	}
}

await seedE2eDatabase();
