// The one table of `npm run bench`: sections of aligned rows printed to the terminal, and the same
// sections as Markdown in tests/bench/results.md with the machine they ran on.
import fs from 'node:fs';
import os from 'node:os';

export interface Section {
	title: string;
	head: string[];
	rows: string[][];
	notes?: string[];
}

export const ms = (n: number): string =>
	n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0);
export const mb = (n: number): string => n.toFixed(0);
export const ratio = (n: number): string => `${n < 10 ? n.toFixed(2) : n.toFixed(1)}×`;
export const met = (ok: boolean, target: string): string => `${ok ? 'met' : 'MISSED'} (${target})`;

/** A figure's cell plus whether a number was there to compare. */
export function count(n: number): string {
	return Math.round(n).toLocaleString('en');
}

export function printSection(s: Section): string {
	const widths = s.head.map((h, i) =>
		Math.max(h.length, ...s.rows.map((r) => (r[i] ?? '').length))
	);
	const line = (cells: string[]) =>
		cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
	const out = [`== ${s.title}`, line(s.head), ...s.rows.map(line), ...(s.notes ?? [])];
	return out.join('\n');
}

export function markdownSection(s: Section): string {
	const esc = (c: string) => c.replaceAll('|', '\\|');
	const out = [
		`### ${s.title}`,
		'',
		`| ${s.head.map(esc).join(' | ')} |`,
		`|${s.head.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
		...s.rows.map((r) => `| ${r.map(esc).join(' | ')} |`)
	];
	if (s.notes?.length) out.push('', ...s.notes.map((n) => `- ${n}`));
	return out.join('\n');
}

export async function machine(): Promise<string[]> {
	const { DuckDBInstance } = await import('@duckdb/node-api');
	const instance = await DuckDBInstance.create(':memory:');
	const c = await instance.connect();
	const version = String((await c.runAndReadAll('SELECT version() AS v')).getRowObjectsJS()[0].v);
	c.closeSync();
	instance.closeSync();
	const { default: Database } = await import('better-sqlite3');
	const sqlite = new Database(':memory:');
	const sqliteVersion = (sqlite.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
	sqlite.close();
	const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
	return [
		`${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 1024 ** 3).toFixed(1)} GB memory, ${os.type()} ${os.release()}`,
		`Node ${process.version}, DuckDB ${version} (@duckdb/node-api), SQLite ${sqliteVersion} (better-sqlite3)`
	];
}

export async function writeResults(
	file: string,
	opts: { command: string; started: Date; seconds: number; machine: string[]; load: string },
	sections: Section[]
): Promise<void> {
	const text = [
		'# Benchmark results',
		'',
		`Written by \`${opts.command}\` (tests/bench/bench.ts), started ${opts.started.toISOString()}, ` +
			`${opts.seconds.toFixed(0)} s in all.`,
		'',
		...opts.machine.map((m) => `- ${m}`),
		`- ${opts.load}`,
		'',
		...sections.flatMap((s) => [markdownSection(s), ''])
	].join('\n');
	// Formatted as `npm run lint` wants it (Prettier aligns Markdown tables).
	const prettier = await import('prettier');
	const config = await prettier.resolveConfig(file);
	fs.writeFileSync(file, await prettier.format(text, { ...config, filepath: file }));
}
