// What the crash-safety, load and backup suites do to a running built server besides starting it:
// the `ledger` CLI on its data folder, the JSON API, uploads, generated export files,
// and the figures they write under test-results/. Not a test itself.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { issueApiToken } from '../../src/lib/server/auth/session';
import { createUser } from '../../src/lib/server/auth/users';
import { LedgerDatabase } from '../../src/lib/server/db/database';
import { writeLargeExport } from '../../src/lib/server/demo/demo-exports';

/** Heavy cases run at full size only with LEDGER_FULL_SUITE=1; CI runs them reduced. */
export const FULL_SUITE = process.env.LEDGER_FULL_SUITE === '1';

export interface CliRun {
	code: number | null;
	stdout: string;
	stderr: string;
}

/**
 * Runs `ledger <args>` on a data folder, as a separate process like a user's shell would. Async,
 * so a server child started by the same test keeps having its output read meanwhile.
 */
export function ledger(
	dataDir: string,
	args: string[],
	opts: { input?: string; env?: Record<string, string> } = {}
): Promise<CliRun> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/ledger.ts', ...args], {
			env: {
				...process.env,
				LEDGER_DATA_DIR: dataDir,
				LEDGER_DB: path.join(dataDir, 'ledger.duckdb'),
				...opts.env
			},
			stdio: ['pipe', 'pipe', 'pipe']
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
		child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
		child.once('error', reject);
		child.once('close', (code) => resolve({ code, stdout, stderr }));
		child.stdin.end(opts.input ?? '');
	});
}

/** `ledger <args>` that must succeed; its standard output. */
export async function ledgerOk(
	dataDir: string,
	args: string[],
	opts: { input?: string; env?: Record<string, string> } = {}
): Promise<string> {
	const run = await ledger(dataDir, args, opts);
	if (run.code !== 0) {
		throw new Error(`ledger ${args.join(' ')} → ${run.code}\n${run.stdout}\n${run.stderr}`);
	}
	return run.stdout;
}

export interface Account {
	username: string;
	role: 'admin' | 'analyst' | 'viewer';
	password: string;
}

/**
 * Creates accounts and issues each an API token, straight on the data folder's database (before
 * the server holds it; one open instead of a CLI process per step); the `pl_…` token of each.
 */
export async function prepareAccounts(
	dataDir: string,
	accounts: Account[]
): Promise<Record<string, string>> {
	const db = await LedgerDatabase.open(path.join(dataDir, 'ledger.duckdb'));
	try {
		const tokens: Record<string, string> = {};
		for (const a of accounts) {
			const user = await createUser(db, a);
			tokens[a.username] = (
				await issueApiToken(db, { userId: user.id, name: 'tests/built', createdBy: 'tests' })
			).token;
		}
		return tokens;
	} finally {
		db.close();
	}
}

/** Credentials for a request: a session cookie or a `pl_…` token. */
export function authHeaders(auth: string): Record<string, string> {
	return auth.startsWith('pl_') ? { authorization: `Bearer ${auth}` } : { cookie: auth };
}

export async function getJson<T>(url: string, auth: string): Promise<T> {
	const res = await fetch(url, { headers: authHeaders(auth) });
	if (!res.ok) throw new Error(`GET ${url} → ${res.status}: ${await res.text()}`);
	return (await res.json()) as T;
}

export interface Stats {
	rows: Record<string, string | number | null>[];
	total: number;
}

/** /api/v1/stats?by=<by>, the rows sorted so two databases compare equal row by row. */
export async function stats(url: string, auth: string, by: string): Promise<Stats> {
	const s = await getJson<Stats>(`${url}/api/v1/stats?by=${by}`, auth);
	const key = (r: Stats['rows'][number]) => JSON.stringify(r);
	return { rows: [...s.rows].sort((a, b) => key(a).localeCompare(key(b))), total: s.total };
}

/** Every problem in the database (no filter, no scope). */
export async function problemCount(url: string, auth: string): Promise<number> {
	return (await stats(url, auth, 'status')).total;
}

export interface Batch {
	id: number;
	fileName: string;
	rowsInserted: number;
	rowsAccepted: number;
	state: 'committed' | 'reverted';
}

export async function batches(url: string, auth: string): Promise<Batch[]> {
	return (await getJson<{ batches: Batch[] }>(`${url}/api/v1/uploads?limit=100`, auth)).batches;
}

export interface IngestResult {
	file: string;
	outcome: string;
	message?: string;
	uploadId?: number;
	rowsAccepted: number;
	inserted?: number;
}

/** POST /api/v1/uploads (commit at once) of one file; the per-file result, or throws. */
export async function uploadFile(url: string, auth: string, file: string): Promise<IngestResult> {
	const form = new FormData();
	form.set('file', await fs.openAsBlob(file), path.basename(file));
	const res = await fetch(`${url}/api/v1/uploads`, {
		method: 'POST',
		body: form,
		headers: authHeaders(auth)
	});
	const body = (await res.json()) as { files?: IngestResult[]; error?: string };
	if (!res.ok || !body.files) throw new Error(`upload → ${res.status}: ${JSON.stringify(body)}`);
	return body.files[0];
}

/**
 * A generated export of `rows` problems (the benchmark file of `ledger demo-file`), cached in the
 * temp folder (Playwright empties test-results/ when it starts) so reruns skip the generation.
 */
export async function demoExport(rows: number, seed = 2018): Promise<string> {
	const dir = path.join(os.tmpdir(), 'ledger-built-files');
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `demo-${rows}-${seed}.csv`);
	if (!fs.existsSync(file)) {
		const partial = `${file}.part`;
		await writeLargeExport(partial, { rows, encoding: 'utf-8', seed });
		fs.renameSync(partial, file);
	}
	return file;
}

/**
 * A copy of a generated export whose problem ids carry `tag` (YN0000001 → YN<tag>0000001): other
 * bytes and other problems, so each copy is a new batch of brand-new rows, not an update.
 */
export function retagged(source: string, tag: string, out: string): string {
	const text = fs.readFileSync(source, 'utf8');
	fs.writeFileSync(out, text.replace(/^([A-Z]{2})(\d{7}),/gm, `$1${tag}$2,`));
	return out;
}

/** Writes figures a suite reports to test-results/<name>.json and prints them. */
export function report(name: string, figures: Record<string, unknown>): void {
	fs.mkdirSync('test-results', { recursive: true });
	fs.writeFileSync(path.join('test-results', `${name}.json`), JSON.stringify(figures, null, 2));
	console.log(`[${name}] ${JSON.stringify(figures)}`);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
