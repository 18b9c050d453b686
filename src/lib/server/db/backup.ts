// `ledger backup` and POST /api/v1/admin/backup: a consistent copy of the whole database into a new
// DuckDB file, made through DuckDB itself (COPY FROM DATABASE) by the process that holds the file —
// the CLI when it can take it, the running web server otherwise.
import fs from 'node:fs';
import path from 'node:path';
import type { LedgerDatabase } from './database';
import { serialisedWrite } from './write-queue';
import { sqlLiteral } from '../ingest/parse';

/**
 * The default place of a backup: `backups/ledger-<UTC stamp>.duckdb` beside the database, with
 * `-2`, `-3`… when a backup was already taken within the same second.
 */
export function defaultBackupPath(db: LedgerDatabase): string {
	const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
	const base = db.path === ':memory:' ? path.resolve('data') : path.dirname(db.path);
	const at = (suffix: string) => path.join(base, 'backups', `ledger-${stamp}${suffix}.duckdb`);
	let target = at('');
	for (let n = 2; fs.existsSync(target); n++) target = at(`-${n}`);
	return target;
}

export async function runBackup(db: LedgerDatabase, out?: string): Promise<string> {
	// In the write queue, so no batch commit or revert runs while the copy is read (the copy's own
	// transaction is what makes every table come from the same moment), and two backups taken at
	// once get two names.
	return serialisedWrite(async () => {
		const target = path.resolve(out ?? defaultBackupPath(db));
		if (fs.existsSync(target)) throw new Error(`备份文件已存在：${target}`);
		fs.mkdirSync(path.dirname(target), { recursive: true });
		// Written under another name and renamed when complete: a file at `target` is always a
		// whole backup, even if the process dies half-way.
		const partial = `${target}.part`;
		fs.rmSync(partial, { force: true });
		fs.rmSync(`${partial}.wal`, { force: true });
		await db.withConnection(async (c) => {
			const [{ name }] = (
				await c.runAndReadAll('SELECT current_database() AS name')
			).getRowObjectsJS() as { name: string }[];
			await c.run(`ATTACH ${sqlLiteral(partial)} AS ledger_backup`);
			try {
				await c.run('BEGIN TRANSACTION');
				try {
					await c.run(`COPY FROM DATABASE "${name.replaceAll('"', '""')}" TO ledger_backup`);
					await c.run('COMMIT');
				} catch (err) {
					await c.run('ROLLBACK');
					throw err;
				}
				await c.run('CHECKPOINT ledger_backup');
			} finally {
				await c.run('DETACH ledger_backup');
			}
		});
		fs.renameSync(partial, target);
		return target;
	});
}
