// Ingest, side by side on the same generated rows: bare DuckDB `read_csv` (the limit), Problem
// Ledger's whole ingest (UTF-8, GB18030, XLSX), SQLite with prepared inserts in one transaction and
// plain JavaScript (papaparse into arrays). Each measurement runs in its own process (child.ts).
import fs from 'node:fs';
import path from 'node:path';
import type { IngestMeasurement } from './child';
import { ensureCsv, ensureXlsx, log, runChild, XLSX_ROWS } from './common';
import { count, mb, met, ms, ratio, type Section } from './report';

interface Case {
	name: string;
	kind: 'bare' | 'ledger' | 'sqlite' | 'js';
	file: string;
	/** The bare DuckDB measurement it is compared with. */
	baseline: string;
	target?: number;
}

export async function benchIngest(rows: number): Promise<Section> {
	const utf8 = await ensureCsv(rows, 'utf-8');
	const gb = await ensureCsv(rows, 'gb18030');
	const xlsx = await ensureXlsx(XLSX_ROWS);
	const small = await ensureCsv(XLSX_ROWS, 'utf-8');
	const n = rows.toLocaleString('en');
	const k = XLSX_ROWS.toLocaleString('en');
	const bareName = `bare DuckDB read_csv, UTF-8, ${n} rows`;
	const smallBareName = `bare DuckDB read_csv, UTF-8, ${k} rows`;
	// DuckDB cannot read GB18030 itself (its encodings extension needs a download), so the GB18030
	// and XLSX ingests are compared with bare DuckDB over the same rows in UTF-8.
	const cases: Case[] = [
		{ name: bareName, kind: 'bare', file: utf8, baseline: bareName },
		{
			name: `Problem Ledger, UTF-8, ${n} rows`,
			kind: 'ledger',
			file: utf8,
			baseline: bareName,
			target: 1.3
		},
		{
			name: `Problem Ledger, GB18030, ${n} rows`,
			kind: 'ledger',
			file: gb,
			baseline: bareName,
			target: 2
		},
		{
			name: `SQLite prepared inserts, UTF-8, ${n} rows`,
			kind: 'sqlite',
			file: utf8,
			baseline: bareName
		},
		{
			name: `JS papaparse into arrays, UTF-8, ${n} rows`,
			kind: 'js',
			file: utf8,
			baseline: bareName
		},
		...(rows === XLSX_ROWS
			? []
			: [{ name: smallBareName, kind: 'bare' as const, file: small, baseline: smallBareName }]),
		{
			name: `Problem Ledger, XLSX, ${k} rows`,
			kind: 'ledger',
			file: xlsx,
			baseline: rows === XLSX_ROWS ? bareName : smallBareName
		}
	];
	const results = new Map<string, IngestMeasurement>();
	for (const c of cases) {
		const m = await runChild<IngestMeasurement>(['ingest', c.kind, c.file]);
		results.set(c.name, m);
		log(`ingest: ${c.name}: ${ms(m.ms)} ms, peak RSS ${mb(m.maxRssMb)} MB`);
	}
	return {
		title: 'Ingest (each in its own process)',
		head: ['case', 'file MB', 'rows', 'ms', 'rows/s', 'peak RSS MB', '÷ bare', 'target'],
		rows: cases.map((c) => {
			const m = results.get(c.name)!;
			const vsBare = m.ms / results.get(c.baseline)!.ms;
			return [
				c.name,
				(fs.statSync(c.file).size / 1024 ** 2).toFixed(1),
				count(m.rows),
				ms(m.ms),
				count(m.rows / (m.ms / 1000)),
				mb(m.maxRssMb),
				c.kind === 'bare' ? '1×' : ratio(vsBare),
				c.target ? met(vsBare <= c.target, `≤ ${c.target}× bare`) : ''
			];
		}),
		notes: [
			`÷ bare: time over bare DuckDB's on the same rows in UTF-8 (${path.basename(utf8)}); XLSX against the UTF-8 CSV of its rows.`,
			'rows: rows accepted for Problem Ledger, rows read for the others.'
		]
	};
}
