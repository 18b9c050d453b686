// Issue 16: real exports from elsewhere, as a new analyst meets them through `ledger ingest --json`.
// Each generated export (foreign-exports.ts) is loaded first with no profile — what the analyst
// sees: rejects, notes, suggestions — and then with the profile an analyst builds from what that
// result suggests; the figures must then be exactly those the generator wrote.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_FILTERS } from '../../src/lib/domain/filters';
import { defaultAsOf } from '../../src/lib/server/db/as-of';
import { LedgerDatabase } from '../../src/lib/server/db/database';
import { countBy as statsBy } from '../../src/lib/server/db/stats';
import {
	HOTLINE_COMPLAINTS,
	OPENDATA_COMMUNITIES,
	OPENDATA_TYPES,
	WORKBOOK_COMMUNITY,
	writeForeignExports,
	type Counts,
	type ForeignExports
} from './foreign-exports';

interface Reject {
	row: number;
	column: string | null;
	value: string | null;
	reason: string;
}

interface Suggestion {
	field: string;
	column: string;
	format: string;
	rows: number;
	rejected: number;
}

interface FileJson {
	file: string;
	outcome: string;
	message: string | null;
	headerRow: number;
	rowsTotal: number;
	rowsAccepted: number;
	rowsRejected: number;
	rowsBlank: number;
	rejects: Reject[];
	unmappedHeaders: string[];
	notes: string[];
	dateFormatSuggestions: Suggestion[];
}

interface Profile {
	columns?: Record<string, string>;
	values?: Record<string, Record<string, string>>;
	dateFormats?: string[];
}

let dir: string;
let fx: ForeignExports;

/** The CLI as a script runs it: its own process, the JSON read from a real pipe. */
function ledger(db: string, args: string[]): Promise<{ code: number | null; stdout: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/ledger.ts', ...args], {
			env: { ...process.env, LEDGER_DATA_DIR: dir, LEDGER_DB: path.join(dir, db) },
			stdio: ['ignore', 'pipe', 'inherit']
		});
		let stdout = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, stdout }));
	});
}

async function ingest(
	db: string,
	file: string,
	opts: { profile?: Profile; community?: string; dryRun?: boolean } = {}
): Promise<{ code: number | null; result: FileJson }> {
	const args = ['ingest', '--json'];
	if (opts.community) args.push('--community', opts.community);
	if (opts.dryRun) args.push('--dry-run');
	if (opts.profile) {
		const profileFile = path.join(dir, `profile-${Math.random().toString(36).slice(2)}.json`);
		fs.writeFileSync(profileFile, JSON.stringify(opts.profile, null, 2));
		args.push('--mapping', profileFile);
	}
	const r = await ledger(db, [...args, file]);
	const out = JSON.parse(r.stdout) as { files: FileJson[] };
	expect(out.files).toHaveLength(1);
	return { code: r.code, result: out.files[0] };
}

/**
 * The figures `ledger stats --by DIM` prints (the same countBy, in this process to spare a CLI start
 * per dimension), as { code: count } with null codes as `_none`; and the rows of one query.
 */
async function figures(
	db: string,
	dims: string[],
	sql: string
): Promise<{ by: Record<string, Counts>; rows: Record<string, unknown>[] }> {
	const handle = await LedgerDatabase.open(path.join(dir, db));
	try {
		const asOf = await defaultAsOf(handle, null);
		const by: Record<string, Counts> = {};
		for (const dim of dims) {
			const r = await statsBy(handle, [dim], EMPTY_FILTERS, { asOf, scope: null });
			by[dim] = Object.fromEntries(r.rows.map((row) => [String(row[dim] ?? '_none'), row.count]));
			expect(r.total).toBe(Object.values(by[dim]).reduce((a, b) => a + b, 0));
		}
		return { by, rows: await handle.all<Record<string, unknown>>(sql) };
	} finally {
		handle.close();
	}
}

async function query<T>(db: string, sql: string): Promise<T[]> {
	return (await figures(db, [], sql)).rows as T[];
}

/** Counts by label, regrouped by the code each label maps to. */
function regroup(byLabel: Counts, codeOf: (label: string) => string): Counts {
	const out: Counts = {};
	for (const [label, n] of Object.entries(byLabel)) {
		const code = codeOf(label);
		out[code] = (out[code] ?? 0) + n;
	}
	return out;
}

function countBy<T>(items: T[], key: (item: T) => string): Counts {
	const out: Counts = {};
	for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
	return out;
}

/** The profile an analyst writes from a result: every suggested date format, added to `base`. */
function withSuggestions(base: Profile, result: FileJson): Profile {
	return {
		...base,
		dateFormats: [...(base.dateFormats ?? []), ...result.dateFormatSuggestions.map((s) => s.format)]
	};
}

beforeAll(async () => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-foreign-'));
	fx = await writeForeignExports(path.join(dir, 'exports'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('a city hotline export: English statuses, US date-times, a dozen extra columns', () => {
	const community = '市民热线';
	let first: { code: number | null; result: FileJson };

	beforeAll(async () => {
		first = await ingest('hotline-raw.duckdb', fx.hotline.file, { community });
	});

	it('with no profile, rejects every row for its date and says which dateFormats line reads it', () => {
		const { result } = first;
		const { truth } = fx.hotline;
		expect(result).toMatchObject({ headerRow: 1, rowsTotal: 10_000, rowsBlank: 0 });
		expect(result.rowsAccepted).toBe(0);
		expect(result.rowsRejected).toBe(10_000);
		expect(truth.daysAbove12).toBeGreaterThan(0); // what settles m/d against d/m
		expect(result.dateFormatSuggestions).toEqual([
			{
				field: 'reported_at',
				column: 'Date',
				format: '%m/%d/%Y %I:%M:%S %p',
				rows: 10_000,
				rejected: 10_000
			}
		]);
		const dateRejects = result.rejects.filter((r) => r.column === 'Date');
		expect(dateRejects).toHaveLength(10_000);
		for (const r of dateRejects) {
			expect(r.reason).toContain('dateFormats');
			expect(r.reason).toContain('"%m/%d/%Y %I:%M:%S %p"');
		}
		expect(result.notes.join('\n')).toContain('"dateFormats": ["%m/%d/%Y %I:%M:%S %p"]');
		// The statuses outside the vocabulary, each row of them; Open, In Progress, Assigned,
		// Pending and Closed are built in.
		const statusRejects = result.rejects.filter((r) => r.column === 'Status');
		expect(countBy(statusRejects, (r) => r.value ?? '')).toEqual({
			Started: truth.byStatus.Started,
			'Email Sent': truth.byStatus['Email Sent'],
			Unspecified: truth.byStatus.Unspecified
		});
		expect(new Set(result.rejects.map((r) => r.column))).toEqual(new Set(['Date', 'Status']));
	});

	it('keeps Source (matched to 来源 by its header) as an extra column and rejects no row for it', () => {
		const { result } = first;
		expect(result.rejects.filter((r) => r.column === 'Source')).toEqual([]);
		expect(result.unmappedHeaders).toContain('Source');
		const note = result.notes.find((n) => n.includes('“Source”'));
		expect(note).toContain('来源');
		expect(note).toContain('Constituent Call');
		expect(note).toContain('附加列');
	});

	it('reads one of Location and Address (both 地点) and says so, rather than refusing', () => {
		const { result } = first;
		// (The file is refused only because no row is left: see the next test.)
		expect(result.message ?? '').not.toMatch(/Location|Address|地点/);
		const note = result.notes.find((n) => n.includes('“Location”') && n.includes('“Address”'));
		expect(note).toContain('地点');
		expect(result.unmappedHeaders).toContain('Address');
		expect(result.unmappedHeaders).not.toContain('Location');
	});

	// Issue 16 item 2: a file whose every row is rejected is refused, with every reject listed.
	it('commits nothing when every row is rejected', async () => {
		expect(first.result.rejects.length).toBeGreaterThanOrEqual(10_000);
		expect(first.result.outcome).toBe('refused');
		expect(first.code).toBe(1);
		expect(
			await query(
				'hotline-raw.duckdb',
				`SELECT (SELECT count(*) FROM uploads)::INTEGER AS uploads,
					(SELECT count(*) FROM problems)::INTEGER AS problems`
			)
		).toEqual([{ uploads: 0, problems: 0 }]);
	});

	it('with the profile the result suggests, accepts every row and gives exactly its figures', async () => {
		const { truth } = fx.hotline;
		// The analyst's reading of the result: the suggested date format; a code for each status
		// the rejects list (and Closed as fixed rather than 销号); the unmapped id and closing-date
		// columns; Address rather than Location for 地点, as the note offers; and the hotline's
		// complaint types filed under the street's themes.
		const rejectedStatuses = [
			...new Set(first.result.rejects.filter((r) => r.column === 'Status').map((r) => r.value))
		].sort();
		expect(rejectedStatuses).toEqual(['Email Sent', 'Started', 'Unspecified']);
		const statusCode: Record<string, string> = {
			Started: 'in_progress',
			'Email Sent': 'assigned',
			Unspecified: 'pending',
			Closed: 'resolved'
		};
		const builtIn: Record<string, string> = {
			Open: 'pending',
			'In Progress': 'in_progress',
			Assigned: 'assigned',
			Pending: 'pending'
		};
		const themeOf = Object.fromEntries(HOTLINE_COMPLAINTS.map((c) => [c.label, c.theme]));
		const v1 = withSuggestions(
			{
				columns: {
					problem_id: 'Unique Key',
					resolved_at: 'Closed Date',
					location: 'Address',
					theme: 'Complaint Type'
				},
				values: { status: statusCode, theme: themeOf }
			},
			first.result
		);

		// The newly read Closed Date is in another US spelling (`1/2/20 0:05`): the preview says so.
		const second = await ingest('hotline.duckdb', fx.hotline.file, {
			community,
			profile: v1,
			dryRun: true
		});
		expect(second.result.outcome).toBe('dry-run');
		expect(second.result.dateFormatSuggestions).toEqual([
			{
				field: 'resolved_at',
				column: 'Closed Date',
				format: '%m/%d/%y %H:%M',
				rows: truth.closedWithDate,
				rejected: truth.closedWithDate
			}
		]);
		expect(second.result.rowsRejected).toBe(truth.closedWithDate);
		expect(new Set(second.result.rejects.map((r) => r.column))).toEqual(new Set(['Closed Date']));

		const { code, result } = await ingest('hotline.duckdb', fx.hotline.file, {
			community,
			profile: withSuggestions(v1, second.result)
		});
		expect(code).toBe(0);
		expect(result).toMatchObject({
			outcome: 'committed',
			rowsTotal: 10_000,
			rowsAccepted: 10_000,
			rowsRejected: 0,
			rowsBlank: 0,
			rejects: [],
			dateFormatSuggestions: []
		});
		expect(result.notes.some((n) => n.includes('“Source”'))).toBe(true);

		const { by, rows } = await figures(
			'hotline.duckdb',
			['status', 'theme', 'month'],
			`SELECT count(*)::INTEGER AS n,
				count(DISTINCT problem_id) FILTER (WHERE NOT id_derived)::INTEGER AS ids,
				count(resolved_at)::INTEGER AS resolved,
				count(*) FILTER (WHERE extra['Source'] IN ('Constituent Call', 'Phone', 'Online', 'Mobile App', 'Email'))::INTEGER AS sources,
				count(*) FILTER (WHERE extra['Latitude'] IS NOT NULL AND extra['Location'] LIKE '(%, %)')::INTEGER AS "withLatLon",
				count(*) FILTER (WHERE regexp_full_match(location, '\\d+ [A-Z ]+'))::INTEGER AS addressed
			 FROM problems`
		);
		expect(by.status).toEqual(
			regroup(truth.byStatus, (label) => statusCode[label] ?? builtIn[label])
		);
		expect(by.theme).toEqual(regroup(truth.byComplaint, (l) => themeOf[l]));
		expect(by.month).toEqual(truth.byMonth);
		expect(rows).toEqual([
			{
				n: 10_000,
				ids: 10_000,
				resolved: truth.closedWithDate,
				sources: 10_000,
				withLatLon: 10_000,
				addressed: 10_000
			}
		]);
	});
});

describe('an ISO-8601 open-data export with Chinese headers', () => {
	const db = 'opendata.duckdb';
	let first: { code: number | null; result: FileJson };

	beforeAll(async () => {
		first = await ingest(db, fx.opendata.file);
	});

	it('with no profile, reads every date-time and rejects only the one unknown status', async () => {
		const { code, result } = first;
		const { truth } = fx.opendata;
		const callback = truth.byStatusLabel['已回访'];
		expect(code).toBe(0);
		expect(result).toMatchObject({
			outcome: 'committed',
			headerRow: 1,
			rowsTotal: truth.rows,
			rowsAccepted: truth.rows - callback,
			rowsRejected: callback,
			rowsBlank: 0,
			dateFormatSuggestions: []
		});
		expect(truth.withZone).toBeGreaterThan(0); // some with a trailing Z, read as the day written
		expect(countBy(result.rejects, (r) => `${r.column}:${r.value}`)).toEqual({
			'办理状态:已回访': callback
		});
		expect(result.rejects.every((r) => r.reason.includes('映射配置'))).toBe(true);
		// The 来源 of platform channels is kept; 位置 and 地址 give a note; the 合计 row is skipped.
		expect(result.unmappedHeaders).toEqual(expect.arrayContaining(['来源', '地址']));
		const notes = result.notes.join('\n');
		expect(notes).toContain('“来源”列按列名被识别为“来源”');
		expect(notes).toContain('“位置”和“地址”都像是“地点”列');
		expect(notes).toContain(`第 ${truth.totalRow} 行是合计行`);
		const byStatus = { ...truth.byStatus, resolved: truth.byStatus.resolved - callback };
		expect((await figures(db, ['status'], 'SELECT 1')).by.status).toEqual(byStatus);
	});

	it('with the profile the result suggests, the same bytes are read again and every figure is right', async () => {
		const { truth } = fx.opendata;
		// The status the rejects list, and the 问题类型 labels the upload page lists as unknown.
		const statusValues = Object.fromEntries(
			[...new Set(first.result.rejects.map((r) => r.value ?? ''))].map((v) => [v, 'resolved'])
		);
		expect(statusValues).toEqual({ 已回访: 'resolved' });
		const profile: Profile = {
			values: {
				status: statusValues,
				theme: Object.fromEntries(
					OPENDATA_TYPES.filter((t) => !t.known).map((t) => [t.label, t.theme])
				)
			}
		};
		const { code, result } = await ingest(db, fx.opendata.file, { profile });
		expect(code).toBe(0);
		// Not a no-op: the mapping differs from the first load's.
		expect(result).toMatchObject({
			outcome: 'committed',
			rowsTotal: truth.rows,
			rowsAccepted: truth.rows,
			rowsRejected: 0,
			rejects: []
		});
		const { by, rows } = await figures(
			db,
			['status', 'community', 'theme', 'satisfaction', 'month'],
			`SELECT count(*)::INTEGER AS n,
				count(*) FILTER (WHERE regexp_full_match(problem_id, 'WX\\d+'))::INTEGER AS ids,
				count(*) FILTER (WHERE location LIKE '%号楼' AND extra['地址'] LIKE '历下区%')::INTEGER AS located,
				count(*) FILTER (WHERE extra['来源'] IS NOT NULL AND reporter_type IS NULL)::INTEGER AS sources
			 FROM problems`
		);
		expect(by.status).toEqual(truth.byStatus);
		expect(by.community).toEqual(truth.byCommunity);
		expect(Object.keys(truth.byCommunity).sort()).toEqual([...OPENDATA_COMMUNITIES].sort());
		expect(by.theme).toEqual(truth.byTheme);
		expect(by.satisfaction).toEqual(truth.bySatisfaction);
		expect(by.month).toEqual(truth.byMonth);
		expect(rows).toEqual([
			{ n: truth.rows, ids: truth.rows, located: truth.rows, sources: truth.rows }
		]);
	});
});

describe('a workbook with a 序号 of codes and tens of thousands of styled blank rows', () => {
	let first: { code: number | null; result: FileJson };

	beforeAll(async () => {
		first = await ingest('workbook-raw.duckdb', fx.workbook.file);
	});

	it('with no profile, loads every row, counts the styled rows as blank and offers 序号 as the id', async () => {
		const { code, result } = first;
		const { truth } = fx.workbook;
		expect(code).toBe(0);
		expect(result).toMatchObject({
			outcome: 'committed',
			headerRow: truth.headerRow,
			rowsTotal: truth.rows,
			rowsAccepted: truth.rows,
			rowsRejected: 0,
			rejects: [],
			unmappedHeaders: ['序号']
		});
		const note = result.notes.find((n) => n.includes('“序号”'));
		expect(note).toContain('SZ001');
		expect(note).toContain('编号');
		const ids = await query<{ derived: boolean }>(
			'workbook-raw.duckdb',
			'SELECT id_derived AS derived FROM problems'
		);
		expect(ids.every((r) => r.derived)).toBe(true);
	});

	it('reports the styled rows under the list in rowsBlank', () => {
		expect(first.result.rowsBlank).toBe(fx.workbook.truth.styledBlankRows);
	});

	it('with 序号 as the id, as the note suggests, keeps the codes and gives exactly its figures', async () => {
		const { truth } = fx.workbook;
		const db = 'workbook.duckdb';
		const { code, result } = await ingest(db, fx.workbook.file, {
			profile: { columns: { problem_id: '序号' } }
		});
		expect(code).toBe(0);
		expect(result).toMatchObject({
			outcome: 'committed',
			rowsTotal: truth.rows,
			rowsAccepted: truth.rows,
			rowsBlank: truth.styledBlankRows,
			unmappedHeaders: []
		});
		expect(result.notes.some((n) => n.includes('“序号”'))).toBe(false);
		const { by, rows } = await figures(
			db,
			['community', 'status', 'theme', 'month'],
			'SELECT problem_id AS id FROM problems WHERE NOT id_derived ORDER BY source_row'
		);
		expect(rows.map((r) => r.id)).toEqual(truth.codes);
		expect(by.community).toEqual({ [WORKBOOK_COMMUNITY]: truth.rows });
		expect(by.status).toEqual(truth.byStatus);
		expect(by.theme).toEqual(truth.byTheme);
		expect(by.month).toEqual(truth.byMonth);
	});
});
