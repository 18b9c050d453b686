// One ingest measurement in its own process (started by tests/bench/ingest.ts), so its peak RSS is
// its own: `child.ts ingest <bare|ledger|sqlite|js> <file>`. Prints one JSON line: ms, rows, peak RSS.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface IngestMeasurement {
	ms: number;
	rows: number;
	maxRssMb: number;
}

type Kind = 'bare' | 'ledger' | 'sqlite' | 'js';

/** Bare DuckDB: the file into a table, every type sniffed, nothing checked (the limit). */
async function bare(file: string, dbFile: string): Promise<number> {
	const { DuckDBInstance } = await import('@duckdb/node-api');
	const instance = await DuckDBInstance.create(dbFile);
	const c = await instance.connect();
	try {
		await c.run(`CREATE TABLE t AS SELECT * FROM read_csv('${file.replaceAll("'", "''")}')`);
		await c.run('CHECKPOINT');
		const r = await c.runAndReadAll('SELECT count(*)::INTEGER AS n FROM t');
		return Number(r.getRowObjectsJS()[0].n);
	} finally {
		c.closeSync();
		instance.closeSync();
	}
}

/** Problem Ledger's whole ingest: decode, header, parse, normalise, validate, commit. */
async function ledger(file: string, dbFile: string, work: string): Promise<number> {
	const { LedgerDatabase } = await import('../../src/lib/server/db/database');
	const { ingestFile } = await import('../../src/lib/server/ingest/pipeline');
	const { readSettings } = await import('../../src/lib/server/env');
	const db = await LedgerDatabase.open(dbFile, { memoryLimit: readSettings().memoryLimit });
	try {
		const result = await ingestFile(db, file, {
			uploadsDir: path.join(work, 'uploads'),
			tmpDir: path.join(work, 'tmp'),
			defaultStreet: '云南路街道'
		});
		if (result.outcome !== 'committed')
			throw new Error(`ingest ${result.outcome}: ${result.message}`);
		if (result.rowsRejected) process.stderr.write(`note: ${result.rowsRejected} rows rejected\n`);
		return result.rowsAccepted;
	} finally {
		db.close();
	}
}

/** SQLite: papaparse streams the rows into one prepared INSERT, all in one transaction. */
async function sqlite(file: string, dbFile: string): Promise<number> {
	const { default: Database } = await import('better-sqlite3');
	const { default: Papa } = await import('papaparse');
	const db = new Database(dbFile);
	let insert: ((row: string[]) => void) | null = null;
	let rows = 0;
	await new Promise<void>((resolve, reject) => {
		Papa.parse<string[]>(fs.createReadStream(file, 'utf8'), {
			skipEmptyLines: true,
			chunk: (results) => {
				for (const row of results.data) {
					if (!insert) {
						const cols = row.map((_, i) => `c${i} TEXT`).join(', ');
						db.exec(`CREATE TABLE t (${cols}); BEGIN`);
						const stmt = db.prepare(`INSERT INTO t VALUES (${row.map(() => '?').join(', ')})`);
						insert = (r) => stmt.run(r);
						continue;
					}
					insert(row);
					rows++;
				}
			},
			complete: () => resolve(),
			error: (err: Error) => reject(err)
		});
	});
	db.exec('COMMIT');
	db.close();
	return rows;
}

/** Plain JavaScript: the whole file read and parsed by papaparse into arrays. */
function js(file: string): number {
	const rows = papa.parse<string[]>(fs.readFileSync(file, 'utf8'), { skipEmptyLines: true }).data;
	return rows.length - 1;
}

let papa: typeof import('papaparse');

async function measure(kind: Kind, file: string): Promise<void> {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ingest-'));
	const dbFile = path.join(work, kind === 'sqlite' ? 'bench.sqlite' : 'bench.duckdb');
	try {
		// Load the modules before the clock starts: the figure is the work, not the import.
		if (kind === 'js') papa = (await import('papaparse')).default;
		if (kind === 'ledger') await import('../../src/lib/server/ingest/pipeline');
		const t0 = performance.now();
		const rows =
			kind === 'bare'
				? await bare(file, dbFile)
				: kind === 'ledger'
					? await ledger(file, dbFile, work)
					: kind === 'sqlite'
						? await sqlite(file, dbFile)
						: js(file);
		const ms = performance.now() - t0;
		const out: IngestMeasurement = { ms, rows, maxRssMb: process.resourceUsage().maxRSS / 1024 };
		process.stdout.write(`${JSON.stringify(out)}\n`);
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

const [mode, kind, file] = process.argv.slice(2);
if (mode === 'ingest' && ['bare', 'ledger', 'sqlite', 'js'].includes(kind) && file) {
	await measure(kind as Kind, file);
} else {
	throw new Error('usage: child.ts ingest <bare|ledger|sqlite|js> <file>');
}
