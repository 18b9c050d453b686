// Shared set-up for the ingest tests: a fresh in-memory database and temp folders per test.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { LedgerDatabase } from '../db/database';
import type { IngestOptions } from './pipeline';

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

/**
 * A fresh sandbox for every test of the file: returns an object whose db, options and file() are
 * those of the current test.
 */
export function ingestSandbox(): Sandbox {
	let current: Sandbox | undefined;
	beforeEach(async () => {
		current = await sandbox();
	});
	afterEach(async () => current?.dispose());
	const now = (): Sandbox => {
		if (!current) throw new Error('ingestSandbox() is only usable inside a test');
		return current;
	};
	return {
		get db() {
			return now().db;
		},
		get dir() {
			return now().dir;
		},
		get options() {
			return now().options;
		},
		file: (name, content) => now().file(name, content),
		dispose: async () => now().dispose()
	};
}

/** The header most ingest tests write their rows under. */
export const TEST_HEADER = '编号,社区,主题,问题描述,提出时间,整改时限,状态,完成时间,瓶颈问题';

export function csv(...rows: string[]): string {
	return [TEST_HEADER, ...rows].join('\n') + '\n';
}

/** Stored problems with dates as text, ordered by id. */
export async function problemRows(
	db: LedgerDatabase,
	where = 'true'
): Promise<Record<string, unknown>[]> {
	return db.all(
		`SELECT problem_id, community, theme, theme_source, theme_label, status, strftime(reported_at, '%Y-%m-%d') AS reported_at,
			strftime(deadline, '%Y-%m-%d') AS deadline, strftime(resolved_at, '%Y-%m-%d') AS resolved_at,
			strftime(acknowledged_at, '%Y-%m-%d') AS acknowledged_at, is_bottleneck, description, id_derived
		 FROM problems WHERE ${where} ORDER BY problem_id`
	);
}
