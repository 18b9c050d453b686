// `npm run bench:query`: p50 and p95 of every overview aggregate, the problem list and the whole
// overview load, over generated ledgers of 10k, 100k and 1M problems; then the overview route's
// client JavaScript, gzipped, when a build exists. Reports; asserts nothing (target: p95 ≤ 30 ms
// per aggregate at 1M rows).
//
// Env: BENCH_SIZES (default 10000,100000,1000000), BENCH_RUNS (default 30), BENCH_DIR (default
// data/bench). Each ledger is built once through the real ingest into BENCH_DIR/query-<rows>.duckdb
// and reused; delete the file to rebuild it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import { LedgerDatabase } from '../../src/lib/server/db/database';
import { EMPTY_FILTERS, type Filters } from '../../src/lib/domain/filters';
import {
	loadOverviewData,
	overviewQueries,
	resolveOverviewPeriod
} from '../../src/lib/server/dashboard/overview-data';
import { listProblems } from '../../src/lib/server/dashboard/problem-list';
import { writeLargeExport } from '../../src/lib/server/demo/demo-exports';
import { readSettings } from '../../src/lib/server/env';
import { ingestFile } from '../../src/lib/server/ingest/pipeline';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000,1000000')
	.split(',')
	.map((s) => Number(s.trim()))
	.filter((n) => Number.isInteger(n) && n > 0);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const WARMUP = 3;
const DIR = path.resolve(process.env.BENCH_DIR ?? 'data/bench');
const TARGET_MS = 30;

const seconds = (t0: number): string => ((performance.now() - t0) / 1000).toFixed(1);

/** The ledger of `rows` generated problems, built once (into a temp name, so a crash leaves none). */
async function ensureDatabase(rows: number): Promise<string> {
	const file = path.join(DIR, `query-${rows}.duckdb`);
	if (fs.existsSync(file)) return file;
	fs.mkdirSync(DIR, { recursive: true });
	// The same file name as bench:ingest, so the 1M export is shared.
	const csv = path.join(DIR, `problems-${rows}-utf-8.csv`);
	if (!fs.existsSync(csv)) {
		const t0 = performance.now();
		await writeLargeExport(csv, { rows, encoding: 'utf-8' });
		process.stdout.write(`generated ${path.basename(csv)} in ${seconds(t0)} s\n`);
	}
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-query-'));
	const partial = `${file}.partial`;
	fs.rmSync(partial, { force: true });
	fs.rmSync(`${partial}.wal`, { force: true });
	try {
		const t0 = performance.now();
		const db = await LedgerDatabase.open(partial, { memoryLimit: readSettings().memoryLimit });
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
		process.stdout.write(
			`built ${path.basename(file)}: ${result.rowsAccepted.toLocaleString('en')} problems in ${seconds(t0)} s\n`
		);
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
	return file;
}

interface Timing {
	p50: number;
	p95: number;
}

/** Nearest-rank percentiles over RUNS runs after WARMUP untimed ones. */
async function time(work: () => Promise<unknown>): Promise<Timing> {
	for (let i = 0; i < WARMUP; i++) await work();
	const ms: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		const t0 = performance.now();
		await work();
		ms.push(performance.now() - t0);
	}
	ms.sort((a, b) => a - b);
	const at = (p: number) => ms[Math.min(ms.length - 1, Math.ceil(p * ms.length) - 1)];
	return { p50: at(0.5), p95: at(0.95) };
}

type Results = Map<string, Map<number, Timing>>;

function record(results: Results, name: string, rows: number, t: Timing): void {
	if (!results.has(name)) results.set(name, new Map());
	results.get(name)!.set(rows, t);
}

async function benchSize(rows: number, results: Results): Promise<void> {
	const file = await ensureDatabase(rows);
	const db = await LedgerDatabase.open(file, { memoryLimit: readSettings().memoryLimit });
	try {
		const filters: Filters = EMPTY_FILTERS;
		const period = await resolveOverviewPeriod(db, filters);
		const queries = overviewQueries(db, filters, period, { scope: null });
		for (const [name, run] of Object.entries(queries)) {
			record(results, `overview: ${name}`, rows, await time(run));
		}
		const narrowed: Filters = { ...EMPTY_FILTERS, communities: ['云南路社区'], themes: ['safety'] };
		record(
			results,
			'list: page 1, default sort',
			rows,
			await time(() => listProblems(db, filters, {}, { scope: null }))
		);
		record(
			results,
			'list: page 50, sort by theme',
			rows,
			await time(() =>
				listProblems(db, filters, { page: 50, sort: 'theme', dir: 'asc' }, { scope: null })
			)
		);
		record(
			results,
			'list: search 停车 (contains)',
			rows,
			await time(() => listProblems(db, { ...filters, q: '停车' }, {}, { scope: null }))
		);
		record(
			results,
			'list: search WiFi (ILIKE)',
			rows,
			await time(() => listProblems(db, { ...filters, q: 'WiFi' }, {}, { scope: null }))
		);
		record(
			results,
			'loadOverviewData (all)',
			rows,
			await time(() => loadOverviewData(db, filters, { scope: null }))
		);
		record(
			results,
			'loadOverviewData (community+theme)',
			rows,
			await time(() => loadOverviewData(db, narrowed, { scope: null }))
		);
	} finally {
		db.close();
	}
}

function printTable(results: Results): void {
	const name = Math.max(...[...results.keys()].map((k) => k.length)) + 1;
	const cell = 17;
	const head = SIZES.map((n) => `${n.toLocaleString('en')} rows`.padStart(cell)).join(' ');
	const lines = [`${'p50 / p95 ms'.padEnd(name)} ${head}`];
	const largest = Math.max(...SIZES);
	for (const [query, bySize] of results) {
		const cells = SIZES.map((n) => {
			const t = bySize.get(n);
			if (!t) return '—'.padStart(cell);
			const flag =
				query.startsWith('overview:') && n === largest && t.p95 > TARGET_MS ? ' !' : '  ';
			return `${t.p50.toFixed(1).padStart(7)} / ${t.p95.toFixed(1).padStart(6)}${flag}`;
		});
		lines.push(`${query.padEnd(name)} ${cells.join(' ')}`);
	}
	lines.push(
		`! = an aggregate over the ${TARGET_MS} ms p95 target at ${largest.toLocaleString('en')} rows`
	);
	process.stdout.write(`${lines.join('\n')}\n`);
}

/**
 * The JavaScript a first visit to / loads, gzipped: SvelteKit's client entry (start, app and their
 * imports: `client.imports` of the server manifest) plus the `imports` (modulepreload list) of the
 * route's layout and page nodes, read from .svelte-kit/output/server. Chunks those load later with
 * import() (ECharts, say) are counted apart, from the client's Vite manifest.
 */
async function clientJsSize(): Promise<string> {
	const out = path.resolve('.svelte-kit/output');
	const serverManifest = path.join(out, 'server/manifest.js');
	const viteManifest = path.join(out, 'client/.vite/manifest.json');
	if (!fs.existsSync(serverManifest) || !fs.existsSync(viteManifest))
		return 'client JS: no build (.svelte-kit/output); run `npm run build` first';
	const clientDir = path.join(out, 'client');
	const { manifest } = (await import(pathToFileURL(serverManifest).href)) as {
		manifest: {
			_: {
				client: { imports: string[] };
				routes: { id: string; page: { layouts: (number | undefined)[]; leaf: number } | null }[];
			};
		};
	};
	const route = manifest._.routes.find((r) => r.id === '/');
	if (!route?.page) return 'client JS: no / page in the build';
	const nodes = [
		...route.page.layouts.filter((n): n is number => n !== undefined),
		route.page.leaf
	];
	const initial = new Set(manifest._.client.imports);
	for (const n of nodes) {
		const source = fs.readFileSync(path.join(out, `server/nodes/${n}.js`), 'utf8');
		const match = /export const imports = (\[[^\]]*\])/.exec(source);
		for (const f of match ? (JSON.parse(match[1]) as string[]) : []) initial.add(f);
	}
	// Lazy chunks: everything the nodes' chunks reach through import(), minus what is loaded already.
	const vite = JSON.parse(fs.readFileSync(viteManifest, 'utf8')) as Record<
		string,
		{ file: string; imports?: string[]; dynamicImports?: string[] }
	>;
	const lazy = new Set<string>();
	const visit = (key: string, dynamic: boolean, seen: Set<string>): void => {
		if (seen.has(key) || !vite[key]) return;
		seen.add(key);
		const entry = vite[key];
		if (dynamic && !initial.has(entry.file)) lazy.add(entry.file);
		for (const k of entry.imports ?? []) visit(k, dynamic, seen);
		for (const k of entry.dynamicImports ?? [])
			if (!/\/nodes\/\d+\.js$/.test(k)) visit(k, true, seen);
	};
	const seen = new Set<string>();
	for (const n of nodes) visit(`.svelte-kit/generated/client-optimized/nodes/${n}.js`, false, seen);
	const gz = (files: Set<string>) =>
		[...files].reduce(
			(sum, f) => sum + zlib.gzipSync(fs.readFileSync(path.join(clientDir, f))).length,
			0
		);
	const kb = (n: number) => (n / 1024).toFixed(1);
	return `client JS for / (gzip): ${kb(gz(initial))} KB in ${initial.size} files at first load; ${kb(gz(lazy))} KB in ${lazy.size} lazy chunks (import())`;
}

async function main(): Promise<void> {
	process.stdout.write(
		`query bench: ${RUNS} runs after ${WARMUP} warm-up; ${os.cpus().length} cores, node ${process.version}\n`
	);
	const results: Results = new Map();
	for (const rows of SIZES) {
		const t0 = performance.now();
		const before = os.loadavg()[0];
		await benchSize(rows, results);
		// Other work on the machine shows directly in p95: print the load beside each size.
		process.stdout.write(
			`measured ${rows.toLocaleString('en')} rows in ${seconds(t0)} s (load average ${before.toFixed(1)} -> ${os.loadavg()[0].toFixed(1)})\n`
		);
	}
	printTable(results);
	process.stdout.write(`${await clientJsSize()}\n`);
}

await main();
