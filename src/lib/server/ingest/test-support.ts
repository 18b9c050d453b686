// Shared set-up for the ingest tests: a fresh in-memory database and temp folders per test.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LedgerDatabase } from '../db/database';
import type { IngestOptions } from './pipeline';

/**
 * The shared corpus beside the project when it is there (as in CI), else the copy in
 * data/fixtures/corpus, so a lone clone still runs every test; tests/fixtures-sync.test.ts keeps the
 * copy identical to the shared original.
 */
export const SHARED_CORPUS = path.resolve(process.cwd(), '../shared/corpus');
export const FIXTURE_CORPUS = path.resolve(process.cwd(), 'data/fixtures/corpus');
export const CORPUS = fs.existsSync(SHARED_CORPUS) ? SHARED_CORPUS : FIXTURE_CORPUS;

export interface Sandbox {
	db: LedgerDatabase;
	dir: string;
	options: IngestOptions;
	/** Writes `content` into the sandbox and returns its path. */
	file: (name: string, content: string | Buffer) => string;
	dispose: () => Promise<void>;
}

export async function sandbox(dbFile?: string): Promise<Sandbox> {
	const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'ledger-test-'));
	const db = await LedgerDatabase.open(dbFile ? path.join(dir, dbFile) : ':memory:');
	return {
		db,
		dir,
		options: {
			uploadsDir: path.join(dir, 'uploads'),
			tmpDir: path.join(dir, 'tmp'),
			defaultStreet: '云南路街道'
		},
		file: (name, content) => {
			const p = path.join(dir, name);
			fs.writeFileSync(p, content);
			return p;
		},
		dispose: async () => {
			db.close();
			await fs.promises.rm(dir, { recursive: true, force: true });
		}
	};
}

export async function count(db: LedgerDatabase, table: string): Promise<number> {
	const [{ n }] = await db.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${table}`);
	return n;
}
