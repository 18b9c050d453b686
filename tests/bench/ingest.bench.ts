// `npm run bench:ingest`: bare DuckDB `CREATE TABLE AS SELECT * FROM read_csv(...)` against our full
// ingest of the same generated rows, each measurement in its own child process so peak RSS is its
// own. Reports rows/s, the ratio and peak RSS; asserts nothing (a benchmark reports, it is not a test).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const DIR = path.resolve(process.env.BENCH_DIR ?? 'data/bench');

interface Measurement {
	ms: number;
	rows: number;
	maxRssMb: number;
}

async function measure(kind: string, file: string): Promise<void> {
	const { LedgerDatabase } = await import('../../src/lib/server/db/database');
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
	const dbFile = path.join(work, 'bench.duckdb');
	try {
		let rows = 0;
		let ms = 0;
		if (kind === 'bare') {
			const { DuckDBInstance } = await import('@duckdb/node-api');
			const instance = await DuckDBInstance.create(dbFile);
			const c = await instance.connect();
			const t0 = performance.now();
			await c.run(`CREATE TABLE t AS SELECT * FROM read_csv('${file.replaceAll("'", "''")}')`);
			await c.run('CHECKPOINT');
			ms = performance.now() - t0;
			const r = await c.runAndReadAll('SELECT count(*)::INTEGER AS n FROM t');
			rows = Number(r.getRowObjectsJS()[0].n);
			c.closeSync();
			instance.closeSync();
		} else {
			const { ingestFile } = await import('../../src/lib/server/ingest/pipeline');
			const { readSettings } = await import('../../src/lib/server/env');
			const db = await LedgerDatabase.open(dbFile, { memoryLimit: readSettings().memoryLimit });
			const t0 = performance.now();
			const result = await ingestFile(db, file, {
				uploadsDir: path.join(work, 'uploads'),
				tmpDir: path.join(work, 'tmp'),
				defaultStreet: '云南路街道'
			});
			ms = performance.now() - t0;
			if (result.outcome !== 'committed')
				throw new Error(`ingest ${result.outcome}: ${result.message}`);
			rows = result.rowsAccepted;
			if (result.rowsRejected) process.stderr.write(`note: ${result.rowsRejected} rows rejected\n`);
			db.close();
		}
		const out: Measurement = { ms, rows, maxRssMb: process.resourceUsage().maxRSS / 1024 };
		process.stdout.write(JSON.stringify(out));
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

function child(kind: string, file: string): Measurement {
	const r = spawnSync(process.execPath, ['--import', 'tsx', SELF, '--measure', kind, file], {
		encoding: 'utf8',
		maxBuffer: 1 << 20
	});
	if (r.status !== 0) throw new Error(`${kind} failed: ${r.stderr}`);
	if (r.stderr.trim()) process.stderr.write(r.stderr);
	return JSON.parse(r.stdout) as Measurement;
}

async function ensureFile(encoding: 'utf-8' | 'gb18030'): Promise<string> {
	const { writeLargeExport } = await import('../../src/lib/server/demo/demo-exports');
	fs.mkdirSync(DIR, { recursive: true });
	const file = path.join(DIR, `problems-${ROWS}-${encoding}.csv`);
	if (!fs.existsSync(file)) {
		const t0 = performance.now();
		await writeLargeExport(file, { rows: ROWS, encoding });
		process.stdout.write(
			`generated ${path.basename(file)} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`
		);
	}
	return file;
}

async function main(): Promise<void> {
	const utf8 = await ensureFile('utf-8');
	const gb = await ensureFile('gb18030');
	const mb = (f: string): number => fs.statSync(f).size / 1024 / 1024;
	const fmt = (n: number, d = 0): string => n.toFixed(d);
	const lines: string[] = [];
	lines.push(
		`rows per file: ${ROWS.toLocaleString('en')}; machine: ${os.cpus().length} cores, node ${process.version}`
	);
	lines.push(
		'file            size MB | bare ms  rows/s    RSS MB | ingest ms  rows/s    RSS MB  RSS/size | ratio  target'
	);
	// DuckDB cannot read GB18030 itself (the encodings extension would need a download), so the bare
	// baseline for the GB18030 file is the same rows in UTF-8.
	const cases: { name: string; file: string; baseline: string; target: number }[] = [
		{ name: 'utf-8', file: utf8, baseline: utf8, target: 1.3 },
		{ name: 'gb18030', file: gb, baseline: utf8, target: 2 }
	];
	for (const k of cases) {
		const bare = child('bare', k.baseline);
		const ours = child('ingest', k.file);
		const ratio = ours.ms / bare.ms;
		lines.push(
			[
				k.name.padEnd(15),
				fmt(mb(k.file), 1).padStart(7),
				'|',
				fmt(bare.ms).padStart(7),
				fmt(bare.rows / (bare.ms / 1000)).padStart(9),
				fmt(bare.maxRssMb).padStart(6),
				'|',
				fmt(ours.ms).padStart(9),
				fmt(ours.rows / (ours.ms / 1000)).padStart(9),
				fmt(ours.maxRssMb).padStart(6),
				fmt(ours.maxRssMb / mb(k.file), 2).padStart(9),
				'|',
				fmt(ratio, 2).padStart(5),
				`${ratio <= k.target ? 'met' : 'MISSED'} (≤ ${k.target}×; RSS ${ours.maxRssMb <= 2 * mb(k.file) ? 'met' : 'MISSED'} ≤ 2× size)`
			].join(' ')
		);
	}
	process.stdout.write(`${lines.join('\n')}\n`);
}

if (process.argv[2] === '--measure') {
	await measure(process.argv[3], process.argv[4]);
} else {
	await main();
}
