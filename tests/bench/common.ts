// What every part of `npm run bench` shares: the options, the cached inputs in data/bench/ (the
// generated exports and the ledger built from them through the real ingest), timing and child
// processes. A benchmark reports figures; nothing here asserts one.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const DIR = path.resolve(process.env.BENCH_DIR ?? 'data/bench');
export const DEFAULT_ROWS = 1_000_000;
export const QUICK_ROWS = 100_000;
/** XLSX is measured at this size whatever --rows says (an XLSX of 1M rows is not a real upload). */
export const XLSX_ROWS = 100_000;

export type Part = 'ingest' | 'queries' | 'pages' | 'themes';
export const PARTS: Part[] = ['ingest', 'queries', 'pages', 'themes'];

export interface BenchOptions {
	rows: number;
	quick: boolean;
	parts: Part[];
	/** Timed runs per query for Problem Ledger and bare DuckDB, and for SQLite and JS arrays. */
	runs: number;
	slowRuns: number;
}

export function parseArgs(argv: string[]): BenchOptions {
	// BENCH_ROWS as the old bench:ingest read it; --rows wins.
	let rows = Number(process.env.BENCH_ROWS ?? DEFAULT_ROWS);
	let quick = false;
	let parts = PARTS;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const value = (): string => {
			const v = argv[++i];
			if (v === undefined) throw new Error(`${arg} needs a value`);
			return v;
		};
		if (arg === '--quick') quick = true;
		else if (arg === '--rows') rows = Number(value().replaceAll('_', '').replaceAll(',', ''));
		else if (arg === '--only') {
			const wanted = value().split(',');
			for (const w of wanted)
				if (!PARTS.includes(w as Part)) throw new Error(`--only takes ${PARTS.join(', ')}`);
			parts = wanted as Part[];
		} else
			throw new Error(
				`unknown option ${arg} (--rows N, --quick, --only ingest,queries,pages,themes)`
			);
	}
	if (quick && !argv.includes('--rows') && !process.env.BENCH_ROWS) rows = QUICK_ROWS;
	if (!Number.isInteger(rows) || rows < 1000) throw new Error('--rows must be an integer ≥ 1000');
	return { rows, quick, parts, runs: quick ? 10 : 30, slowRuns: quick ? 3 : 5 };
}

export const seconds = (t0: number): string => ((performance.now() - t0) / 1000).toFixed(1);

export function log(line: string): void {
	process.stdout.write(`${line}\n`);
}

// ---------------------------------------------------------------------------------------------
// Inputs, generated once and cached.

export async function ensureCsv(rows: number, encoding: 'utf-8' | 'gb18030'): Promise<string> {
	fs.mkdirSync(DIR, { recursive: true });
	const file = path.join(DIR, `problems-${rows}-${encoding}.csv`);
	if (fs.existsSync(file)) return file;
	const { writeLargeExport } = await import('../../src/lib/server/demo/demo-exports');
	const t0 = performance.now();
	await writeLargeExport(`${file}.partial`, { rows, encoding });
	fs.renameSync(`${file}.partial`, file);
	log(`generated ${path.basename(file)} in ${seconds(t0)} s`);
	return file;
}

/** The same rows as the UTF-8 CSV of `rows`, as one XLSX sheet (exceljs' streaming writer). */
export async function ensureXlsx(rows: number): Promise<string> {
	const file = path.join(DIR, `problems-${rows}.xlsx`);
	if (fs.existsSync(file)) return file;
	const csv = await ensureCsv(rows, 'utf-8');
	const t0 = performance.now();
	const { default: ExcelJS } = await import('exceljs');
	const { default: Papa } = await import('papaparse');
	const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: `${file}.partial` });
	const sheet = workbook.addWorksheet('问题清单');
	const parsed = Papa.parse<string[]>(fs.readFileSync(csv, 'utf8'), { skipEmptyLines: true });
	for (const row of parsed.data) sheet.addRow(row).commit();
	sheet.commit();
	await workbook.commit();
	fs.renameSync(`${file}.partial`, file);
	log(`generated ${path.basename(file)} in ${seconds(t0)} s`);
	return file;
}

/** The ledger of the UTF-8 CSV of `rows`, built once through the real ingest. */
export async function ensureLedger(rows: number): Promise<string> {
	const file = path.join(DIR, `ledger-${rows}.duckdb`);
	if (fs.existsSync(file)) return file;
	const csv = await ensureCsv(rows, 'utf-8');
	const { LedgerDatabase } = await import('../../src/lib/server/db/database');
	const { ingestFile } = await import('../../src/lib/server/ingest/pipeline');
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ledger-'));
	const partial = `${file}.partial`;
	fs.rmSync(partial, { force: true });
	fs.rmSync(`${partial}.wal`, { force: true });
	try {
		const t0 = performance.now();
		const db = await LedgerDatabase.open(partial);
		const result = await ingestFile(db, csv, {
			uploadsDir: path.join(work, 'uploads'),
			tmpDir: path.join(work, 'tmp'),
			defaultStreet: '云南路街道'
		});
		if (result.outcome !== 'committed')
			throw new Error(`ingest ${result.outcome}: ${result.message}`);
		await db.checkpoint();
		db.close();
		fs.renameSync(partial, file);
		log(`built ${path.basename(file)}: ${result.rowsAccepted} problems in ${seconds(t0)} s`);
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
	return file;
}

// ---------------------------------------------------------------------------------------------
// Timing.

export interface Timing {
	p50: number;
	p95: number;
}

/** Nearest-rank percentiles over `runs` timed runs after `warmup` untimed ones. */
export async function time(
	work: () => unknown,
	runs: number,
	warmup = Math.min(3, runs)
): Promise<Timing> {
	for (let i = 0; i < warmup; i++) await work();
	const ms: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t0 = performance.now();
		await work();
		ms.push(performance.now() - t0);
	}
	return percentiles(ms);
}

export function percentiles(ms: number[]): Timing {
	const sorted = [...ms].sort((a, b) => a - b);
	const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
	return { p50: at(0.5), p95: at(0.95) };
}

// ---------------------------------------------------------------------------------------------
// Child processes, so a measurement's peak RSS is its own.

const CHILD = path.resolve('tests/bench/child.ts');

/** Runs tests/bench/child.ts with `args`; resolves with the JSON it prints last. */
export function runChild<T>(args: string[], env: Record<string, string> = {}): Promise<T> {
	return new Promise((resolve, reject) => {
		const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
			env: { ...process.env, ...env },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let out = '';
		let err = '';
		proc.stdout.on('data', (b: Buffer) => (out += b.toString()));
		proc.stderr.on('data', (b: Buffer) => (err += b.toString()));
		proc.once('error', reject);
		proc.once('exit', (code) => {
			if (code !== 0) return reject(new Error(`child ${args.join(' ')} failed (${code}):\n${err}`));
			if (err.trim()) process.stderr.write(err);
			const last = out.trim().split('\n').pop() ?? '';
			resolve(JSON.parse(last) as T);
		});
	});
}

/** RSS and peak RSS of a process (Linux /proc), in MB; null where there is no /proc. */
export function procMemory(pid: number): { rssMb: number; peakMb: number } | null {
	try {
		const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
		return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
	} catch {
		return null;
	}
}

/** Samples a process's RSS every `everyMs` while `work` runs; resolves with the largest, in MB. */
export async function peakRssDuring(
	pid: number,
	work: () => Promise<unknown>,
	everyMs = 20
): Promise<number> {
	let peak = procMemory(pid)?.rssMb ?? NaN;
	const timer = setInterval(() => {
		const m = procMemory(pid);
		if (m && !(m.rssMb <= peak)) peak = m.rssMb;
	}, everyMs);
	try {
		await work();
	} finally {
		clearInterval(timer);
	}
	const m = procMemory(pid);
	return m && !(m.rssMb <= peak) ? m.rssMb : peak;
}
