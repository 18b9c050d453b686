// Backup and restore with the server running (issue 9): `ledger backup` refuses the file the server
// holds and says how to ask the server instead; with LEDGER_URL/LEDGER_TOKEN (or --url/--token) the
// server makes the copy while readers keep reading; a server started on the restored copy shows the
// same figures.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerDatabase } from '../../src/lib/server/db/database';
import { makeDataDir, startBuiltServer, type BuiltServer } from './built-server';
import {
	authHeaders,
	demoExport,
	FULL_SUITE,
	ledger,
	ledgerOk,
	prepareAccounts,
	problemCount,
	report,
	stats,
	type Stats
} from './ledger-support';

const ROWS = FULL_SUITE ? 200_000 : 20_000;
const FIGURES = ['community', 'theme', 'status', 'status_type', 'month'];

const dataDir = makeDataDir('ledger-backup-');
const restoreDir = makeDataDir('ledger-restore-');
const copy = path.join(makeDataDir('ledger-backup-out-'), '备份 copy.duckdb');
let server: BuiltServer | undefined;
let restored: BuiltServer | undefined;
let token: string;
let viewerToken: string;

async function figures(url: string, auth: string): Promise<Record<string, Stats>> {
	const out: Record<string, Stats> = {};
	for (const by of FIGURES) out[by] = await stats(url, auth, by);
	return out;
}

/** Readers on the API until stopped; how many requests they made and how many failed. */
function readers(url: string, auth: string, n: number) {
	let stop = false;
	const failures: string[] = [];
	let requests = 0;
	const loops = Array.from({ length: n }, async (_, i) => {
		while (!stop) {
			const by = FIGURES[(requests + i) % FIGURES.length];
			try {
				const res = await fetch(`${url}/api/v1/stats?by=${by}`, { headers: authHeaders(auth) });
				await res.arrayBuffer();
				if (!res.ok) failures.push(`${by}: ${res.status}`);
			} catch (err) {
				failures.push(`${by}: ${String(err)}`);
			}
			requests++;
		}
	});
	return {
		async stop() {
			stop = true;
			await Promise.all(loops);
			return { requests, failures };
		}
	};
}

beforeAll(async () => {
	await ledgerOk(dataDir, ['ingest', await demoExport(ROWS, 7)]);
	const tokens = await prepareAccounts(dataDir, [
		{ username: 'boss', role: 'admin', password: 'backup-admin-pass' },
		{ username: 'reader', role: 'viewer', password: 'backup-viewer-pass' }
	]);
	token = tokens.boss;
	viewerToken = tokens.reader;
	server = await startBuiltServer({ dataDir });
});

afterAll(async () => {
	await server?.stop('SIGKILL');
	await restored?.stop('SIGKILL');
	for (const dir of [dataDir, restoreDir, path.dirname(copy)])
		fs.rmSync(dir, { recursive: true, force: true });
});

describe('backup while the server runs', () => {
	it('`ledger backup` refuses the held file and says how to ask the server', async () => {
		const run = await ledger(dataDir, ['backup', '--out', copy], {
			env: { LEDGER_URL: '', LEDGER_TOKEN: '' }
		});
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('正被另一个进程');
		expect(run.stderr).toContain(path.join(dataDir, 'ledger.duckdb'));
		expect(run.stderr).toContain('--url');
		expect(run.stderr).toContain('LEDGER_TOKEN');
		expect(fs.existsSync(copy)).toBe(false);
		const noToken = await ledger(dataDir, ['backup', '--url', server!.url], {
			env: { LEDGER_TOKEN: '' }
		});
		expect(noToken.code).toBe(2);
		expect(noToken.stderr).toContain('--token');
		const badToken = await ledger(dataDir, ['backup', '--url', server!.url, '--token', 'pl_x']);
		expect(badToken.code).toBe(1);
		expect(badToken.stderr).toContain('HTTP 401');
		expect(badToken.stderr).toContain('请先登录');
	});

	it('refuses a viewer the backup endpoint', async () => {
		const res = await fetch(`${server!.url}/api/v1/admin/backup`, {
			method: 'POST',
			headers: authHeaders(viewerToken)
		});
		expect(res.status).toBe(403);
		expect(((await res.json()) as { error: string }).error).toContain('没有权限');
	});

	it('copies through the server during a reader load; the restored copy gives the same figures', async () => {
		const url = server!.url;
		const before = await figures(url, token);
		const load = readers(url, viewerToken, 8);
		// The held file and the server's address in the environment: the CLI asks the server.
		const viaEnv = await ledger(dataDir, ['backup', '--out', copy], {
			env: { LEDGER_URL: url, LEDGER_TOKEN: token }
		});
		// And with --url and no --out: the copy stays in the server's backups/ folder.
		const viaUrl = await ledger(dataDir, ['backup', '--url', url, '--token', token]);
		const { requests, failures } = await load.stop();
		expect(viaEnv.code, viaEnv.stderr).toBe(0);
		expect(viaEnv.stdout).toContain(copy);
		expect(viaUrl.code, viaUrl.stderr).toBe(0);
		// Named relative to the server's data folder: no server path in the answer (issue 15).
		const onServer = /服务已备份到其数据目录下的 (backups\/[^/\s]+\.duckdb)/.exec(
			viaUrl.stdout
		)?.[1];
		expect(onServer).toBeDefined();
		expect(viaUrl.stdout).not.toContain(dataDir);
		expect(fs.existsSync(path.join(dataDir, onServer!))).toBe(true);
		expect(failures).toEqual([]);
		expect(requests).toBeGreaterThan(0);
		// Nothing half-written beside either copy: two whole .duckdb files on the server's side.
		expect(fs.readdirSync(path.dirname(copy))).toEqual([path.basename(copy)]);
		const kept = fs.readdirSync(path.join(dataDir, 'backups'));
		expect(kept).toHaveLength(2);
		expect(kept.every((f) => /^ledger-[\d-]+\.duckdb$/.test(f))).toBe(true);

		// Restore: the copy becomes another data folder's database.
		fs.copyFileSync(copy, path.join(restoreDir, 'ledger.duckdb'));
		restored = await startBuiltServer({ dataDir: restoreDir });
		expect(await figures(restored.url, token)).toEqual(before);
		expect(await problemCount(restored.url, token)).toBe(before.status.total);
		expect(before.status.total).toBe(ROWS);
		report('backup', {
			problems: before.status.total,
			backupBytes: fs.statSync(copy).size,
			readerRequestsDuringBackup: requests,
			readerFailures: failures.length
		});
	});

	it('records each backup in the audit log', async () => {
		expect(await server!.stop('SIGTERM')).toBe(0);
		server = undefined;
		const db = await LedgerDatabase.open(path.join(dataDir, 'ledger.duckdb'));
		try {
			const rows = await db.all<{ actor: string; result: string }>(
				`SELECT actor, result FROM audit_log WHERE action = 'export' AND target = 'backup'`
			);
			expect(rows).toEqual([
				{ actor: 'boss', result: 'ok' },
				{ actor: 'boss', result: 'ok' }
			]);
		} finally {
			db.close();
		}
	});
});
