// The `ledger` CLI as scripts use it: real processes, a real database file, the JSON contracts of
// PRODUCT.md and the exit codes.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerDatabase } from '../src/lib/server/db/database';
import { CORPUS } from '../src/lib/server/ingest/test-corpus';

let dir: string;
let dbFile: string;

function ledger(...args: string[]): { code: number | null; stdout: string; stderr: string } {
	const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/ledger.ts', ...args], {
		encoding: 'utf8',
		env: { ...process.env, LEDGER_DATA_DIR: dir, LEDGER_DB: dbFile }
	});
	return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-cli-'));
	dbFile = path.join(dir, 'cli.duckdb');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('ledger CLI', () => {
	it('ingest --json prints one object with the per-file contract and exits 0', () => {
		const files = ['yunnanlu_utf8.csv', 'shouzhang_gbk.csv'].map((f) =>
			path.join(CORPUS, 'good', f)
		);
		const r = ledger('ingest', '--json', ...files, path.join(CORPUS, 'bad', 'row_errors.csv'));
		expect(r.code).toBe(0);
		const out = JSON.parse(r.stdout) as { files: Record<string, unknown>[] };
		expect(out.files).toHaveLength(3);
		for (const f of out.files) {
			for (const key of [
				'file',
				'encoding',
				'delimiter',
				'rowsTotal',
				'rowsAccepted',
				'rowsRejected',
				'rejects',
				'unmappedHeaders'
			]) {
				expect(f).toHaveProperty(key);
			}
		}
		expect(out.files[1]).toMatchObject({
			file: 'shouzhang_gbk.csv',
			encoding: 'gb18030',
			delimiter: ',',
			rowsAccepted: 50,
			unmappedHeaders: ['序号']
		});
		const rejects = out.files[2].rejects as {
			row: number;
			column: string | null;
			value: string | null;
			reason: string;
		}[];
		expect(rejects.find((x) => x.row === 6)).toMatchObject({ column: '状态', value: '研究中' });
	});

	it('exits 1 when a file is refused, with the Chinese reason in the JSON', () => {
		const r = ledger('ingest', '--json', path.join(CORPUS, 'bad', 'no_description_column.csv'));
		expect(r.code).toBe(1);
		const out = JSON.parse(r.stdout) as {
			files: { outcome: string; message: string; rowsAccepted: number }[];
		};
		expect(out.files[0]).toMatchObject({ outcome: 'refused', rowsAccepted: 0 });
		expect(out.files[0].message).toContain('缺少必需的列');
	});

	it('stats --json gives rows of canonical codes with counts, and the total', () => {
		const r = ledger('stats', '--by', 'status_type', '--json');
		expect(r.code).toBe(0);
		const out = JSON.parse(r.stdout) as {
			rows: { status_type: string; count: number }[];
			total: number;
		};
		expect(out.total).toBe(114);
		expect(out.rows.reduce((s, x) => s + x.count, 0)).toBe(114);
		expect(out.rows.map((x) => x.status_type).sort()).toEqual(['closed', 'fixed', 'open']);
		const two = JSON.parse(
			ledger('stats', '--by', 'community,month', '--community', '寿张路社区', '--json').stdout
		) as {
			rows: { community: string; month: string; count: number }[];
			total: number;
		};
		expect(two.total).toBe(50);
		expect(
			two.rows.every((x) => x.community === '寿张路社区' && /^\d{4}-\d{2}$/.test(x.month))
		).toBe(true);
	});

	it('stats takes --satisfaction like every list dimension, "not given" as _none', () => {
		// The corpus files carry no 满意度: every problem is "not given".
		const none = JSON.parse(
			ledger('stats', '--by', 'satisfaction', '--satisfaction', '_none', '--json').stdout
		) as { rows: { satisfaction: string | null; count: number }[]; total: number };
		expect(none).toEqual({ rows: [{ satisfaction: null, count: 114 }], total: 114 });
		const rated = JSON.parse(
			ledger('stats', '--by', 'theme', '--satisfaction', 'satisfied,basic', '--json').stdout
		) as { total: number };
		expect(rated.total).toBe(0);
		const bad = ledger('stats', '--by', 'theme', '--satisfaction', 'Very Good', '--json');
		expect(bad.code).toBe(2);
		expect(bad.stderr).toContain('参数“--satisfaction”无效');
	});

	it('refuses an unknown dimension with exit 2', () => {
		const r = ledger('stats', '--by', 'colour', '--json');
		expect(r.code).toBe(2);
		expect(r.stderr).toContain('未知维度');
	});

	it('says clearly, with exit 2, that a running server holds the database', async () => {
		const held = await LedgerDatabase.open(dbFile);
		try {
			const r = ledger('stats', '--by', 'theme', '--json');
			expect(r.code).toBe(2);
			expect(r.stderr).toContain('正被另一个进程');
		} finally {
			held.close();
		}
	});

	it('imports a replacement theme taxonomy and lists it', () => {
		const csvFile = path.join(dir, 'themes.csv');
		fs.writeFileSync(
			csvFile,
			'code,label_zh,label_en,aliases,keywords\ntraffic,交通出行,Traffic,交通|出行,公交|停车\nother,其他,Other,其它,\n'
		);
		const r = ledger('themes', 'import', csvFile);
		expect(r.code).toBe(0);
		const list = JSON.parse(ledger('themes', 'list', '--json').stdout) as {
			code: string;
			aliases: string[];
			keywords: string[];
		}[];
		expect(list).toEqual([
			expect.objectContaining({
				code: 'traffic',
				aliases: ['交通', '出行'],
				keywords: ['公交', '停车']
			}),
			expect.objectContaining({ code: 'other', aliases: ['其它'], keywords: [] })
		]);
	});

	it('backs the database up to a file that opens with the same rows', async () => {
		const out = path.join(dir, 'backup.duckdb');
		const r = ledger('backup', '--out', out);
		expect(r.code).toBe(0);
		const copy = await LedgerDatabase.open(out);
		try {
			const [{ n }] = await copy.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM problems');
			expect(n).toBe(114);
		} finally {
			copy.close();
		}
	});
	it('a profile that cannot be used is a usage error: exit 2, and JSON under --json', () => {
		const mapping = path.join(dir, 'bad-profile.json');
		fs.writeFileSync(mapping, JSON.stringify({ values: { source: { 'Constituent Call': 'x' } } }));
		const file = path.join(CORPUS, 'good', 'yunnanlu_utf8.csv');
		const r = ledger('ingest', '--json', '--mapping', mapping, file);
		expect(r.code).toBe(2);
		expect(JSON.parse(r.stdout)).toEqual({
			error: expect.stringContaining('values 里不能有“source”'),
			refusal: 'bad_profile'
		});
		expect(r.stderr).toContain('values 里不能有“source”');
		const plain = ledger('ingest', '--mapping', path.join(dir, 'missing.json'), file);
		expect(plain).toMatchObject({ code: 2, stdout: '' });
		expect(plain.stderr).toContain('读不到映射配置文件');
	});

	it('--json through a pipe is whole, however long', () => {
		// Before the CLI waited for its pipes to drain, output stopped at 64 KiB with exit code 0.
		const rows = Array.from(
			{ length: 3000 },
			(_, i) =>
				`P${i},云南路社区,安全生产,生活层面,楼道堆物第 ${i} 处,,社会组织,${i % 2 ? '2018-08-04' : '不详'},张明,,整改中,,否`
		);
		const file = path.join(dir, 'many_rejects.csv');
		fs.writeFileSync(
			file,
			[
				'编号,社区,主题,层面,问题描述,建议,来源,提出时间,责任人,整改时限,状态,完成时间,瓶颈问题',
				...rows
			].join('\n')
		);
		const r = ledger('ingest', '--dry-run', '--json', file);
		expect(r.code).toBe(0);
		expect(Buffer.byteLength(r.stdout)).toBeGreaterThan(128 * 1024);
		const out = JSON.parse(r.stdout) as { files: { rowsRejected: number; rejects: unknown[] }[] };
		expect(out.files[0].rowsRejected).toBe(1500);
		expect(out.files[0].rejects).toHaveLength(1500);
	});
});

describe('ledger revert', () => {
	it('reverts a batch (exit 0), refuses it again with the reason on stderr (exit 1), exits 2 on a held database', async () => {
		const db = path.join(dir, 'revert.duckdb');
		const ingest = ledger(
			'ingest',
			'--json',
			'--db',
			db,
			path.join(CORPUS, 'good', 'yunnanlu_utf8.csv')
		);
		const [{ rowsAccepted }] = (JSON.parse(ingest.stdout) as { files: { rowsAccepted: number }[] })
			.files;
		const r = ledger('revert', '--db', db, '--by', 'tester', '--json', '1');
		expect(r.code).toBe(0);
		expect(JSON.parse(r.stdout)).toEqual({
			outcome: 'reverted',
			uploadId: 1,
			problemsDeleted: rowsAccepted,
			problemsRestored: 0,
			statusEventsRemoved: 0
		});
		const again = ledger('revert', '--db', db, '1');
		expect(again.code).toBe(1);
		expect(again.stderr).toMatch(/第 1 批已于 .+（tester）撤销/);
		const missing = ledger('revert', '--db', db, '--json', '7');
		expect(missing.code).toBe(1);
		expect(JSON.parse(missing.stdout)).toMatchObject({ outcome: 'refused', code: 'not_found' });
		expect(ledger('revert', '--db', db, 'latest').code).toBe(2);
		const held = await LedgerDatabase.open(db);
		try {
			const locked = ledger('revert', '--db', db, '1');
			expect(locked.code).toBe(2);
			expect(locked.stderr).toContain('正被另一个进程');
		} finally {
			held.close();
		}
	});
});

describe('ledger demo-file', () => {
	it('writes a large generated export that ingests without a reject', () => {
		const out = path.join(dir, 'big.csv');
		expect(ledger('demo-file', '--rows', '3000', '--encoding', 'gb18030', '--out', out).code).toBe(
			0
		);
		const r = ledger('ingest', '--json', '--db', path.join(dir, 'big.duckdb'), out);
		const result = JSON.parse(r.stdout) as {
			files: { encoding: string; rowsAccepted: number; rowsRejected: number }[];
		};
		expect(result.files[0]).toMatchObject({
			encoding: 'gb18030',
			rowsAccepted: 3000,
			rowsRejected: 0
		});
	});
});

describe('ledger user and token', () => {
	it('adds accounts with a generated or piped password, lists them, issues and revokes tokens, and audits each', async () => {
		const db = path.join(dir, 'users.duckdb');
		const run = (input: string | undefined, ...args: string[]) => {
			const r = spawnSync(
				process.execPath,
				['--import', 'tsx', 'src/cli/ledger.ts', ...args, '--db', db],
				{ encoding: 'utf8', input, env: { ...process.env, LEDGER_DATA_DIR: dir } }
			);
			return { code: r.status, stdout: r.stdout, stderr: r.stderr };
		};
		const added = run(
			undefined,
			'user',
			'add',
			'wang',
			'--role',
			'analyst',
			'--scope',
			'云南路社区'
		);
		expect(added.code).toBe(0);
		const password = /初始密码（只显示这一次）：(\S+)/.exec(added.stdout)?.[1];
		expect(password).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
		expect(
			run('piped-pass-1\n', 'user', 'add', 'boss', '--role', 'admin', '--password-stdin').code
		).toBe(0);
		expect(run(undefined, 'user', 'add', 'wang', '--role', 'viewer')).toMatchObject({ code: 1 });
		const list = JSON.parse(run(undefined, 'user', 'list', '--json').stdout) as {
			users: { username: string; role: string; scope: string[] | null }[];
		};
		expect(list.users.map((u) => [u.username, u.role, u.scope])).toEqual([
			['wang', 'analyst', ['云南路社区']],
			['boss', 'admin', null]
		]);
		const issued = run(undefined, 'token', 'add', '--user', 'wang', '--name', '导入脚本');
		expect(issued.stdout).toMatch(/pl_[a-z2-7]{32}/);
		expect(run(undefined, 'token', 'revoke', '1').code).toBe(0);
		expect(run(undefined, 'token', 'revoke', '1').code).toBe(1);
		expect(run(undefined, 'user', 'disable', 'boss')).toMatchObject({ code: 1 }); // the last admin

		const opened = await LedgerDatabase.open(db);
		const { verifyPassword } = await import('../src/lib/server/auth/password');
		const [boss] = await opened.all<{ hash: string }>(
			"SELECT password_hash AS hash FROM users WHERE username = 'boss'"
		);
		expect(await verifyPassword(boss.hash, 'piped-pass-1')).toBe(true);
		const actions = await opened.all<{ action: string; result: string }>(
			'SELECT action, result FROM audit_log ORDER BY id'
		);
		opened.close();
		expect(actions).toEqual([
			{ action: 'user.create', result: 'ok' },
			{ action: 'user.create', result: 'ok' },
			{ action: 'token.issue', result: 'ok' },
			{ action: 'token.revoke', result: 'ok' },
			{ action: 'token.revoke', result: 'failed' }
		]);
	});
});
