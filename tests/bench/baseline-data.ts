// The ledger's problems, copied once for the baselines the query bench compares Problem Ledger
// with: a plain DuckDB table (bare SQL), a SQLite table with indexes on the filter and group
// columns, and JavaScript objects in an array. All hold the same normalised rows (codes, not
// labels), so every engine can compute the same figures; days are integers (days since 1970).
import type { DuckDBConnection } from '@duckdb/node-api';
import { DuckDBInstance } from '@duckdb/node-api';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { SUPPLIED_FIELD_BITS } from '../../src/lib/server/db/supplied-fields';
import { DIR, log, seconds } from './common';

/** A problem as the baselines hold it. */
export interface Row {
	rid: number;
	community: string;
	problemId: string;
	title: string | null;
	description: string;
	suggestion: string | null;
	theme: string;
	status: string;
	level: string | null;
	reporterType: string | null;
	responsibleUnit: string | null;
	reported: number;
	deadline: number | null;
	resolved: number | null;
	acknowledged: number | null;
	satisfaction: string | null;
	/** callback_resolved: 1, 0 or null. */
	callback: number | null;
	/** is_bottleneck: 1, 0 or null. */
	bottleneck: number | null;
	/** 1 where the problem's exports carried the field (the figures' inputs), else 0. */
	carried: Record<CarriedField, number>;
}

/** The fields a figure needs an export to carry, as the baselines hold them: field -> column. */
export const CARRIED = {
	acknowledged_at: 'c_ack',
	satisfaction: 'c_sat',
	callback_resolved: 'c_cb',
	deadline: 'c_dl',
	resolved_at: 'c_res'
} as const;
export type CarriedField = keyof typeof CARRIED;
const CARRIED_FIELDS = Object.keys(CARRIED) as CarriedField[];

const COLUMNS = `rid, community, problem_id, title, description, suggestion, theme, status, level,
	reporter_type, responsible_unit, reported, deadline, resolved, acknowledged, satisfaction,
	callback, bottleneck, ${Object.values(CARRIED).join(', ')}`;
/** Bumped when the tables change, so a cached copy of an older shape is rebuilt. */
const VERSION = 2;

const day = (column: string) => `(${column} - DATE '1970-01-01')::INTEGER`;

/** Plain JS values: DuckDB's BIGINT and HUGEINT come back as bigint. */
export function plain(row: Record<string, unknown>): Record<string, unknown> {
	for (const [k, v] of Object.entries(row)) if (typeof v === 'bigint') row[k] = Number(v);
	return row;
}

export async function readAll(
	c: DuckDBConnection,
	sql: string
): Promise<Record<string, unknown>[]> {
	return (await c.runAndReadAll(sql)).getRowObjectsJS().map(plain);
}

/** data/bench/bare-<rows>.duckdb and sqlite-<rows>.db from the ledger, built once. */
export async function ensureBaselines(
	rows: number,
	ledgerFile: string
): Promise<{ bareFile: string; sqliteFile: string }> {
	const bareFile = path.join(DIR, `bare-${rows}-v${VERSION}.duckdb`);
	const sqliteFile = path.join(DIR, `sqlite-${rows}-v${VERSION}.db`);
	if (fs.existsSync(bareFile) && fs.existsSync(sqliteFile)) return { bareFile, sqliteFile };
	const t0 = performance.now();
	for (const f of [bareFile, `${bareFile}.wal`, sqliteFile]) fs.rmSync(f, { force: true });
	const instance = await DuckDBInstance.create(`${bareFile}.partial`);
	const c = await instance.connect();
	try {
		await c.run(`ATTACH '${ledgerFile.replaceAll("'", "''")}' AS ledger (READ_ONLY)`);
		await c.run(
			`CREATE TABLE problems AS
			 SELECT rowid::INTEGER AS rid, community, problem_id, title, description, suggestion, theme,
				status, level, reporter_type, responsible_unit, ${day('reported_at')} AS reported,
				${day('deadline')} AS deadline, ${day('resolved_at')} AS resolved,
				${day('acknowledged_at')} AS acknowledged, satisfaction,
				callback_resolved::INTEGER AS callback, is_bottleneck::INTEGER AS bottleneck,
				${CARRIED_FIELDS.map(
					(f) => `((supplied_fields >> ${SUPPLIED_FIELD_BITS[f]}) & 1)::INTEGER AS ${CARRIED[f]}`
				).join(', ')}
			 FROM ledger.problems ORDER BY rowid`
		);
		await c.run('DETACH ledger');
		await c.run('CHECKPOINT');

		const sqlite = new Database(`${sqliteFile}.partial`);
		sqlite.exec(`CREATE TABLE problems (rid INTEGER PRIMARY KEY, community TEXT NOT NULL,
			problem_id TEXT NOT NULL, title TEXT, description TEXT NOT NULL, suggestion TEXT,
			theme TEXT NOT NULL, status TEXT NOT NULL, level TEXT, reporter_type TEXT,
			responsible_unit TEXT, reported INTEGER NOT NULL, deadline INTEGER, resolved INTEGER,
			acknowledged INTEGER, satisfaction TEXT, callback INTEGER, bottleneck INTEGER,
			${Object.values(CARRIED)
				.map((c) => `${c} INTEGER NOT NULL`)
				.join(', ')})`);
		const insert = sqlite.prepare(
			`INSERT INTO problems VALUES (${Array(18 + CARRIED_FIELDS.length)
				.fill('?')
				.join(', ')})`
		);
		sqlite.exec('BEGIN');
		const PAGE = 100_000;
		for (let offset = 0; ; offset += PAGE) {
			const page = await c.runAndReadAll(
				`SELECT ${COLUMNS} FROM problems ORDER BY rid LIMIT ${PAGE} OFFSET ${offset}`
			);
			const values = page.getRowsJS();
			for (const v of values) insert.run(v);
			if (values.length < PAGE) break;
		}
		sqlite.exec('COMMIT');
		// Indexes on what the queries filter and group by: status and the reported day lead every
		// aggregate of V, the community leads the compare page and the list, resolved the trend.
		sqlite.exec(`CREATE INDEX problems_status_reported ON problems (status, reported);
			CREATE INDEX problems_reported ON problems (reported);
			CREATE INDEX problems_community_reported ON problems (community, reported);
			CREATE INDEX problems_community_theme ON problems (community, theme, reported);
			CREATE INDEX problems_resolved ON problems (resolved);
			ANALYZE;`);
		sqlite.close();
	} finally {
		c.closeSync();
		instance.closeSync();
	}
	fs.renameSync(`${bareFile}.partial`, bareFile);
	fs.renameSync(`${sqliteFile}.partial`, sqliteFile);
	log(`built ${path.basename(bareFile)} and ${path.basename(sqliteFile)} in ${seconds(t0)} s`);
	return { bareFile, sqliteFile };
}

/** Every problem as a JS object, in ledger order. */
export async function loadRows(c: DuckDBConnection): Promise<Row[]> {
	const out: Row[] = [];
	const reader = await c.runAndReadAll(`SELECT ${COLUMNS} FROM problems ORDER BY rid`);
	for (const v of reader.getRowsJS()) {
		out.push({
			rid: v[0] as number,
			community: v[1] as string,
			problemId: v[2] as string,
			title: v[3] as string | null,
			description: v[4] as string,
			suggestion: v[5] as string | null,
			theme: v[6] as string,
			status: v[7] as string,
			level: v[8] as string | null,
			reporterType: v[9] as string | null,
			responsibleUnit: v[10] as string | null,
			reported: v[11] as number,
			deadline: v[12] as number | null,
			resolved: v[13] as number | null,
			acknowledged: v[14] as number | null,
			satisfaction: v[15] as string | null,
			callback: v[16] as number | null,
			bottleneck: v[17] as number | null,
			carried: Object.fromEntries(CARRIED_FIELDS.map((f, i) => [f, v[18 + i] as number])) as Record<
				CarriedField,
				number
			>
		});
	}
	return out;
}
