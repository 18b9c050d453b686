import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerDatabase } from './database';
import { MIGRATIONS } from './migrations';
import { STATUS_SEED, THEME_SEED } from './vocabulary-seed';

let dir: string;
beforeAll(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-db-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('LedgerDatabase', () => {
	it('never installs or loads an extension at run time (json, parquet, icu are built in)', async () => {
		const db = await LedgerDatabase.open(':memory:');
		const [row] = await db.all<{ install: string; load: string; json: string }>(
			`SELECT current_setting('autoinstall_known_extensions')::VARCHAR AS install,
				current_setting('autoload_known_extensions')::VARCHAR AS load,
				json_extract_string('{"a":"是"}', '$.a') AS json`
		);
		expect(row).toEqual({ install: 'false', load: 'false', json: '是' });
		db.close();
	});

	it('creates the schema once and seeds the vocabularies as data', async () => {
		const file = path.join(dir, 'a.duckdb');
		const first = await LedgerDatabase.open(file);
		const versions = await first.all<{ version: number }>(
			'SELECT version FROM schema_migrations ORDER BY version'
		);
		expect(versions.map((v) => v.version)).toEqual(MIGRATIONS.map((m) => m.version));
		const [{ statuses, themes }] = await first.all<{ statuses: number; themes: number }>(
			'SELECT (SELECT count(*) FROM statuses)::INTEGER AS statuses, (SELECT count(*) FROM themes)::INTEGER AS themes'
		);
		expect([statuses, themes]).toEqual([STATUS_SEED.length, THEME_SEED.length]);
		first.close();
		const again = await LedgerDatabase.open(file);
		const [{ n }] = await again.all<{ n: number }>(
			'SELECT count(*)::INTEGER AS n FROM schema_migrations'
		);
		expect(n).toBe(MIGRATIONS.length);
		const [{ s }] = await again.all<{ s: number }>('SELECT count(*)::INTEGER AS s FROM statuses');
		expect(s).toBe(STATUS_SEED.length);
		again.close();
	});

	it('applies the configured memory limit', async () => {
		const db = await LedgerDatabase.open(':memory:', { memoryLimit: '256MB' });
		const [{ v }] = await db.all<{ v: string }>("SELECT current_setting('memory_limit') AS v");
		expect(v).toMatch(/^2(44|56)(\.\d+)? MiB$|^256(\.\d+)? MB$/);
		db.close();
	});

	it('rolls a failed transaction back', async () => {
		const db = await LedgerDatabase.open(':memory:');
		await expect(
			db.transaction(async (c) => {
				await c.run("INSERT INTO mapping_profiles (name, profile) VALUES ('p', '{}')");
				throw new Error('boom');
			})
		).rejects.toThrow('boom');
		const [{ n }] = await db.all<{ n: number }>(
			'SELECT count(*)::INTEGER AS n FROM mapping_profiles'
		);
		expect(n).toBe(0);
		db.close();
	});
});
