// `ledger backup`: a consistent copy of the whole database into a new DuckDB file, made through
// DuckDB itself (COPY FROM DATABASE) so it is safe while this process holds the file.
import fs from 'node:fs';
import path from 'node:path';
import type { LedgerDatabase } from './database';
import { sqlLiteral } from '../ingest/parse';

export async function runBackup(db: LedgerDatabase, out?: string): Promise<string> {
	const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
	const base = db.path === ':memory:' ? path.resolve('data') : path.dirname(db.path);
	const target = path.resolve(out ?? path.join(base, 'backups', `ledger-${stamp}.duckdb`));
	if (fs.existsSync(target)) throw new Error(`备份文件已存在：${target}`);
	fs.mkdirSync(path.dirname(target), { recursive: true });
	await db.withConnection(async (c) => {
		const [{ name }] = (
			await c.runAndReadAll('SELECT current_database() AS name')
		).getRowObjectsJS() as { name: string }[];
		await c.run(`ATTACH ${sqlLiteral(target)} AS ledger_backup`);
		try {
			await c.run(`COPY FROM DATABASE "${name.replaceAll('"', '""')}" TO ledger_backup`);
		} finally {
			await c.run('DETACH ledger_backup');
		}
	});
	return target;
}
