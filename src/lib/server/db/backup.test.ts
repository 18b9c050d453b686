import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../auth/users';
import { runBackup } from './backup';
import { LedgerDatabase } from './database';

let dir: string;
let db: LedgerDatabase;

beforeEach(async () => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-backup-unit-'));
	db = await LedgerDatabase.open(path.join(dir, 'ledger.duckdb'));
	await createUser(db, { username: 'keeper', password: 'password-1', role: 'admin' });
});

afterEach(() => {
	db.close();
	fs.rmSync(dir, { recursive: true, force: true });
});

describe('runBackup', () => {
	it('gives two backups taken at once two whole files, and leaves nothing half-written', async () => {
		const [a, b] = await Promise.all([runBackup(db), runBackup(db)]);
		expect(a).not.toBe(b);
		expect(fs.readdirSync(path.join(dir, 'backups')).sort()).toEqual(
			[path.basename(a), path.basename(b)].sort()
		);
		for (const file of [a, b]) {
			const copy = await LedgerDatabase.open(file);
			try {
				expect(await copy.all('SELECT username FROM users')).toEqual([{ username: 'keeper' }]);
			} finally {
				copy.close();
			}
		}
	});

	it('refuses to overwrite an existing file', async () => {
		const out = path.join(dir, 'mine.duckdb');
		fs.writeFileSync(out, 'not a backup');
		await expect(runBackup(db, out)).rejects.toThrow('备份文件已存在');
		expect(fs.readFileSync(out, 'utf8')).toBe('not a backup');
	});
});
