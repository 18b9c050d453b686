// Queries, side by side on the same rows: each overview aggregate, the filtered list page and the
// compare page on Problem Ledger (its own functions over the ledger), on bare DuckDB SQL, on SQLite
// with indexes on the filter and group columns, and on JS arrays. The baselines compute the same
// figures (same period, same status lists, same KPI formulas): each result is checked once against
// Problem Ledger's, so the table compares like with like.
import { DuckDBInstance } from '@duckdb/node-api';
import Database from 'better-sqlite3';
import { computeKpis, ZERO_COUNTS, type SqlCountId } from '../../src/lib/domain/figures';
import { EMPTY_FILTERS, type Filters } from '../../src/lib/domain/filters';
import { monthsOf as months, type Period } from '../../src/lib/domain/period';
import { parseCompareParams } from '../../src/lib/domain/ranking';
import { statusCodesOf, type StatusCodes } from '../../src/lib/domain/vocabulary';
import { loadCompareData } from '../../src/lib/server/compare/compare-data';
import {
	loadOverviewData,
	overviewQueries,
	OLDEST_OPEN_LIMIT,
	OPEN_BOTTLENECK_LIMIT
} from '../../src/lib/server/dashboard/overview-data';
import { listProblems } from '../../src/lib/server/dashboard/problem-list';
import { LedgerDatabase } from '../../src/lib/server/db/database';
import { resolvePeriod } from '../../src/lib/server/db/as-of';
import { readVocabulary } from '../../src/lib/server/db/vocabulary';
import {
	CARRIED,
	ensureBaselines,
	loadRows,
	plain,
	readAll,
	type CarriedField,
	type Row
} from './baseline-data';
import { ensureLedger, log, seconds, time, type BenchOptions, type Timing } from './common';
import { met, ms, ratio, type Section } from './report';

type Engine = 'ledger' | 'bare' | 'sqlite' | 'js';
const BASELINES: Engine[] = ['bare', 'sqlite', 'js'];
const ENGINE_NAMES: Record<Engine, string> = {
	ledger: 'Problem Ledger',
	bare: 'bare DuckDB',
	sqlite: 'SQLite',
	js: 'JS arrays'
};
const AGGREGATE_TARGET_MS = 30;
const OVERVIEW_TARGET_MS = 150;

type Rows = Record<string, unknown>[];

/** What a SQL baseline runs statements on; `dialect` picks the few functions that differ. */
interface Sql {
	dialect: 'duckdb' | 'sqlite';
	all(sql: string): Promise<Rows> | Rows;
}

/** One query of the bench: Problem Ledger's and each baseline's, giving comparable results. */
interface Spec {
	name: string;
	group: 'overview' | 'list' | 'compare';
	ledger: () => Promise<unknown>;
	sql: (db: Sql) => Promise<unknown>;
	js: (rows: Row[]) => unknown;
	/** Whether the order of result rows is part of the result (else they are sorted to compare). */
	ordered?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Comparing results.

/** A result as text: numbers to 1e-9, keys sorted, unordered row lists sorted. */
function canon(value: unknown, ordered: boolean): string {
	const norm = (v: unknown): unknown => {
		if (typeof v === 'number') return Math.round(v * 1e9) / 1e9;
		if (typeof v === 'bigint') return Number(v);
		if (Array.isArray(v)) {
			const items = v.map(norm);
			return ordered ? items : items.map((i) => JSON.stringify(i)).sort();
		}
		if (v && typeof v === 'object')
			return Object.fromEntries(
				Object.entries(v as Record<string, unknown>)
					.sort(([a], [b]) => (a < b ? -1 : 1))
					.map(([k, x]) => [k, norm(x)])
			);
		return v;
	};
	return JSON.stringify(norm(value));
}

// ---------------------------------------------------------------------------------------------
// Days.

const DAY_MS = 86_400_000;
const dayOf = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const isoOf = (d: number | null): string | null =>
	d === null ? null : new Date(d * DAY_MS).toISOString().slice(0, 10);

interface Window {
	month: string;
	ws: number;
	we: number;
}

/** The period's calendar months, the first and last cut to the period. */
function windowsOf(period: Period): Window[] {
	const from = dayOf(period.from);
	const to = dayOf(period.to);
	return months(period.from, period.to).map((month) => {
		const start = dayOf(`${month}-01`);
		const [y, m] = month.split('-').map(Number);
		const end = Date.UTC(y, m, 0) / DAY_MS;
		return { month, ws: Math.max(start, from), we: Math.min(end, to) };
	});
}

/** quantile_cont: linear interpolation between the nearest ranks. */
function quantile(sorted: number[], p: number): number {
	const h = (sorted.length - 1) * p;
	const lo = Math.floor(h);
	const hi = Math.min(sorted.length - 1, lo + 1);
	return sorted[lo] + (sorted[hi] - sorted[lo]) * (h - lo);
}

// ---------------------------------------------------------------------------------------------
// The specs.

interface Context {
	period: Period;
	codes: StatusCodes;
	responseDays: number;
	/** The list page's filter: one community and one theme. */
	list: { community: string; theme: string };
	/** The compare page's two units. */
	units: string[];
}

type KpiPeriodCounts = Record<SqlCountId, number>;
const CARRIED_FIELDS = Object.keys(CARRIED) as CarriedField[];
/** A result without what only Problem Ledger computes alongside (the carried-fields mask). */
const without = (key: string) => (rows: unknown) =>
	(rows as Record<string, unknown>[]).map((row) =>
		Object.fromEntries(Object.entries(row).filter(([k]) => k !== key))
	);
const POSITIVE = ['very_satisfied', 'satisfied', 'basic'];

function specs(ledger: LedgerDatabase, cx: Context): Spec[] {
	const { period, codes, responseDays: D } = cx;
	const F = dayOf(period.from);
	const T = dayOf(period.to);
	const PF = dayOf(period.prevFrom);
	const PT = dayOf(period.prevTo);
	const A = dayOf(period.asOf);
	const list = (xs: readonly string[]) =>
		`(${xs.map((x) => `'${x.replaceAll("'", "''")}'`).join(', ')})`;
	const OPEN = list(codes.open);
	const FIXED = list(codes.fixed);
	const CLOSED = list(codes.closed);
	const IN_RATES = list(codes.inRates);
	const cnt = (cond: string) => `coalesce(sum(CASE WHEN ${cond} THEN 1 ELSE 0 END), 0)`;
	const inV = (lo: number, hi: number) =>
		`status IN ${IN_RATES} AND reported BETWEEN ${lo} AND ${hi}`;
	const isOpen = new Set(codes.open);
	const isFixed = new Set(codes.fixed);
	const isClosed = new Set(codes.closed);
	const inRates = new Set(codes.inRates);
	const positive = new Set(POSITIVE);
	const vIn = (r: Row, lo: number, hi: number) =>
		inRates.has(r.status) && r.reported >= lo && r.reported <= hi;

	const statuses = codes;
	const q = overviewQueries(ledger, EMPTY_FILTERS, period, { scope: null, statuses });

	// ---- KPI counts.
	const KPI_SQL = `count(*) AS valid, ${cnt(`status IN ${FIXED}`)} AS fixed,
		${cnt(`status IN ${CLOSED}`)} AS closed, ${cnt(`status = 'verified'`)} AS verified,
		${cnt(`status NOT IN ${OPEN} AND resolved <= deadline AND deadline <= ${A}`)} AS "onTimeDone",
		${cnt(`deadline <= ${A} AND c_res = 1`)} AS "dueByAsOf", count(*) - count(deadline) AS "noDeadline",
		${cnt(`status IN ${OPEN} AND deadline < ${A}`)} AS overdue,
		${cnt(`acknowledged - reported <= ${D}`)} AS "respondedWithinT",
		${cnt('c_ack = 1')} AS "ackRecorded",
		${cnt(`satisfaction IN ${list(POSITIVE)}`)} AS "satisfactionPositive",
		count(satisfaction) AS "satisfactionGiven", ${cnt('callback = 1')} AS "callbackYes",
		count(callback) AS "callbackGiven"`;
	const zeroCounts = (): KpiPeriodCounts => ({ ...ZERO_COUNTS });
	/** Adds one problem (in V) to KPI counts, as KPI_SQL counts it. */
	const addKpi = (k: KpiPeriodCounts, r: Row): void => {
		k.valid++;
		if (isFixed.has(r.status)) k.fixed++;
		if (isClosed.has(r.status)) k.closed++;
		if (r.status === 'verified') k.verified++;
		const open = isOpen.has(r.status);
		if (r.deadline !== null) {
			if (!open && r.resolved !== null && r.resolved <= r.deadline && r.deadline <= A)
				k.onTimeDone++;
			if (r.deadline <= A && r.carried.resolved_at === 1) k.dueByAsOf++;
			if (open && r.deadline < A) k.overdue++;
		} else k.noDeadline++;
		if (r.acknowledged !== null && r.acknowledged - r.reported <= D) k.respondedWithinT++;
		if (r.carried.acknowledged_at === 1) k.ackRecorded++;
		if (r.satisfaction !== null) {
			k.satisfactionGiven++;
			if (positive.has(r.satisfaction)) k.satisfactionPositive++;
		}
		if (r.callback !== null) {
			k.callbackGiven++;
			if (r.callback === 1) k.callbackYes++;
		}
	};
	const kpiSpec = (name: string, lo: number, hi: number, run: () => Promise<unknown>): Spec => ({
		name,
		group: 'overview',
		ledger: async () => without('suppliedMask')([await run()])[0],
		sql: async (db) =>
			(await db.all(`SELECT ${KPI_SQL} FROM problems WHERE ${inV(lo, hi)}`)).map(plain)[0],
		js: (rows) => {
			const k = zeroCounts();
			for (const r of rows) if (vIn(r, lo, hi)) addKpi(k, r);
			return k;
		}
	});

	// ---- Days to resolve (quantiles).
	const daysOf = (q: number[] | null, n: number) => ({
		median: q?.[0] ?? null,
		p90: q?.[1] ?? null,
		n
	});
	const kpiDaysSql = async (db: Sql) => {
		const where = `${inV(PF, T)} AND status NOT IN ${OPEN} AND resolved IS NOT NULL`;
		const rows: Rows =
			db.dialect === 'duckdb'
				? await db.all(`SELECT reported >= ${F} AS cur,
						quantile_cont(resolved - reported, [0.5, 0.9]) AS q, count(*) AS n
						FROM problems WHERE ${where} GROUP BY 1`)
				: (
						await db.all(`SELECT reported >= ${F} AS cur, percentile_cont(resolved - reported, 0.5) AS q50,
						percentile_cont(resolved - reported, 0.9) AS q90, count(*) AS n
						FROM problems WHERE ${where} GROUP BY 1`)
					).map((r) => ({ ...r, q: [r.q50, r.q90] }));
		const of = (cur: boolean) => {
			const row = rows.find((r) => Boolean(r.cur) === cur);
			return daysOf((row?.q as number[]) ?? null, Number(row?.n ?? 0));
		};
		return { current: of(true), previous: of(false) };
	};
	const kpiDaysJs = (rows: Row[]) => {
		const cur: number[] = [];
		const prev: number[] = [];
		for (const r of rows)
			if (vIn(r, PF, T) && !isOpen.has(r.status) && r.resolved !== null)
				(r.reported >= F ? cur : prev).push(r.resolved - r.reported);
		const of = (xs: number[]) => {
			xs.sort((a, b) => a - b);
			return daysOf(xs.length ? [quantile(xs, 0.5), quantile(xs, 0.9)] : null, xs.length);
		};
		return { current: of(cur), previous: of(prev) };
	};

	// ---- Counts by a key.
	const countBy = <K>(
		rows: Row[],
		keep: (r: Row) => boolean,
		key: (r: Row) => K
	): Map<K, number> => {
		const m = new Map<K, number>();
		for (const r of rows) if (keep(r)) m.set(key(r), (m.get(key(r)) ?? 0) + 1);
		return m;
	};

	// ---- The monthly trend: per-day sums from the engine, months summed in JS.
	const windows = windowsOf(period);
	const arrivalsOf = (days: { d: number; n: number; stays: number }[]) =>
		windows.map((w) => {
			let created = 0;
			let stayedUpTo = 0;
			for (const x of days) {
				if (x.d >= w.ws && x.d <= w.we) created += x.n;
				if (x.d <= w.we) stayedUpTo += x.stays;
			}
			return { month: w.month, created, stayedUpTo };
		});
	const resolutionsOf = (days: { d: number; dep: number; n: number }[]) =>
		windows.map((w) => {
			let resolved = 0;
			let departedUpTo = 0;
			for (const x of days) {
				if (x.d >= w.ws && x.d <= w.we) resolved += x.n;
				if (x.dep <= w.we) departedUpTo += x.n;
			}
			return { month: w.month, resolved, departedUpTo };
		});

	// ---- Open problems, oldest first.
	const openSql = async (db: Sql, bottleneck: boolean, limit: number) =>
		(
			await db.all(`SELECT community, problem_id AS "problemId",
				coalesce(nullif(trim(title), ''), description) AS text, theme, status,
				responsible_unit AS "responsibleUnit", reported, deadline
				FROM problems WHERE status IN ${OPEN} AND reported <= ${A}
				${bottleneck ? 'AND bottleneck = 1' : ''}
				ORDER BY reported, community, problem_id LIMIT ${limit}`)
		).map((r) => openRow(r as unknown as Row & { text: string }));
	const openRow = (r: Row & { text: string }) => ({
		community: r.community,
		problemId: r.problemId,
		text: r.text,
		theme: r.theme,
		status: r.status,
		responsibleUnit: r.responsibleUnit,
		reportedAt: isoOf(r.reported),
		deadline: isoOf(r.deadline),
		ageDays: A - r.reported,
		overdue: r.deadline !== null && r.deadline < A
	});
	const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
	const openJs = (rows: Row[], bottleneck: boolean, limit: number) =>
		rows
			.filter((r) => isOpen.has(r.status) && r.reported <= A && (!bottleneck || r.bottleneck === 1))
			.sort(
				(a, b) =>
					a.reported - b.reported ||
					byText(a.community, b.community) ||
					byText(a.problemId, b.problemId)
			)
			.slice(0, limit)
			.map((r) => {
				const title = r.title?.replace(/^ +| +$/g, '');
				return openRow({ ...r, text: title ? title : r.description });
			});

	const overview: Spec[] = [
		kpiSpec('kpis', F, T, q.kpis),
		kpiSpec('previousKpis', PF, PT, q.previousKpis),
		{ name: 'kpiDays', group: 'overview', ledger: q.kpiDays, sql: kpiDaysSql, js: kpiDaysJs },
		{
			name: 'byStatus',
			group: 'overview',
			ledger: q.byStatus,
			sql: async (db) =>
				db.all(
					`SELECT status AS code, count(*) AS count FROM problems
					 WHERE reported BETWEEN ${F} AND ${T} GROUP BY 1`
				),
			js: (rows) =>
				[
					...countBy(
						rows,
						(r) => r.reported >= F && r.reported <= T,
						(r) => r.status
					)
				].map(([code, count]) => ({ code, count }))
		},
		{
			name: 'dimensions',
			group: 'overview',
			ledger: async () => without('supplied')(await q.dimensions()),
			sql: async (db) =>
				db.all(
					[
						`SELECT 'communityTheme' AS dim, community, theme AS code, count(*) AS count
						 FROM problems WHERE ${inV(F, T)} GROUP BY community, theme`,
						`SELECT 'theme', NULL, theme, count(*) FROM problems WHERE ${inV(F, T)} GROUP BY theme`,
						`SELECT 'level', NULL, level, count(*) FROM problems WHERE ${inV(F, T)} GROUP BY level`,
						`SELECT 'reporterType', NULL, reporter_type, count(*) FROM problems
						 WHERE ${inV(F, T)} GROUP BY reporter_type`
					].join(' UNION ALL ')
				),
			js: (rows) => {
				const grid = new Map<string, number>();
				const dims = {
					theme: new Map<string | null, number>(),
					level: new Map<string | null, number>(),
					reporterType: new Map<string | null, number>()
				};
				const bump = <K>(m: Map<K, number>, k: K) => m.set(k, (m.get(k) ?? 0) + 1);
				for (const r of rows) {
					if (!vIn(r, F, T)) continue;
					bump(grid, `${r.community}\u0000${r.theme}`);
					bump(dims.theme, r.theme);
					bump(dims.level, r.level);
					bump(dims.reporterType, r.reporterType);
				}
				return [
					...[...grid].map(([k, count]) => {
						const [community, code] = k.split('\u0000');
						return { dim: 'communityTheme', community, code, count };
					}),
					...Object.entries(dims).flatMap(([dim, m]) =>
						[...m].map(([code, count]) => ({ dim, community: null, code, count }))
					)
				];
			}
		},
		{
			name: 'themeHeat',
			group: 'overview',
			ledger: q.themeHeat,
			sql: async (db) =>
				db.all(
					`SELECT theme AS code, ${cnt(`reported >= ${F}`)} AS current,
						${cnt(`reported < ${F}`)} AS previous
					 FROM problems WHERE ${inV(PF, T)} GROUP BY 1`
				),
			js: (rows) => {
				const m = new Map<string, { code: string; current: number; previous: number }>();
				for (const r of rows) {
					if (!vIn(r, PF, T)) continue;
					let e = m.get(r.theme);
					if (!e) m.set(r.theme, (e = { code: r.theme, current: 0, previous: 0 }));
					if (r.reported >= F) e.current++;
					else e.previous++;
				}
				return [...m.values()];
			}
		},
		{
			name: 'monthlyArrivals',
			group: 'overview',
			ordered: true,
			ledger: q.monthlyArrivals,
			sql: async (db) =>
				arrivalsOf(
					(await db.all(
						`SELECT reported AS d, count(*) AS n,
							${cnt(`status IN ${OPEN} OR resolved IS NOT NULL`)} AS stays
						 FROM problems WHERE status IN ${IN_RATES} AND reported <= ${T} GROUP BY 1`
					)) as { d: number; n: number; stays: number }[]
				),
			js: (rows) => {
				const m = new Map<number, { d: number; n: number; stays: number }>();
				for (const r of rows) {
					if (!inRates.has(r.status) || r.reported > T) continue;
					let e = m.get(r.reported);
					if (!e) m.set(r.reported, (e = { d: r.reported, n: 0, stays: 0 }));
					e.n++;
					if (isOpen.has(r.status) || r.resolved !== null) e.stays++;
				}
				return arrivalsOf([...m.values()]);
			}
		},
		{
			name: 'monthlyResolutions',
			group: 'overview',
			ordered: true,
			ledger: q.monthlyResolutions,
			sql: async (db) =>
				resolutionsOf(
					(await db.all(
						`SELECT resolved AS d, ${db.dialect === 'duckdb' ? 'greatest' : 'max'}(reported, resolved) AS dep,
							count(*) AS n
						 FROM problems WHERE status IN ${IN_RATES} AND resolved IS NOT NULL GROUP BY 1, 2`
					)) as { d: number; dep: number; n: number }[]
				),
			js: (rows) => {
				const m = new Map<string, { d: number; dep: number; n: number }>();
				for (const r of rows) {
					if (!inRates.has(r.status) || r.resolved === null) continue;
					const dep = Math.max(r.reported, r.resolved);
					const key = `${r.resolved}:${dep}`;
					let e = m.get(key);
					if (!e) m.set(key, (e = { d: r.resolved, dep, n: 0 }));
					e.n++;
				}
				return resolutionsOf([...m.values()]);
			}
		},
		{
			name: 'openBottlenecks',
			group: 'overview',
			ordered: true,
			ledger: q.openBottlenecks,
			sql: (db) => openSql(db, true, OPEN_BOTTLENECK_LIMIT),
			js: (rows) => openJs(rows, true, OPEN_BOTTLENECK_LIMIT)
		},
		{
			name: 'backlogAge',
			group: 'overview',
			ledger: q.backlogAge,
			sql: async (db) =>
				db.all(
					`SELECT ${cnt(`${A} - reported <= 30`)} AS b0,
						${cnt(`${A} - reported BETWEEN 31 AND 90`)} AS b1,
						${cnt(`${A} - reported BETWEEN 91 AND 180`)} AS b2,
						${cnt(`${A} - reported > 180`)} AS b3, ${cnt('bottleneck = 1')} AS bottlenecks
					 FROM problems WHERE status IN ${OPEN} AND reported <= ${A}`
				),
			js: (rows) => {
				const b = { b0: 0, b1: 0, b2: 0, b3: 0, bottlenecks: 0 };
				for (const r of rows) {
					if (!isOpen.has(r.status) || r.reported > A) continue;
					const age = A - r.reported;
					if (age <= 30) b.b0++;
					else if (age <= 90) b.b1++;
					else if (age <= 180) b.b2++;
					else b.b3++;
					if (r.bottleneck === 1) b.bottlenecks++;
				}
				return [b];
			}
		},
		{
			name: 'oldestOpen',
			group: 'overview',
			ordered: true,
			ledger: q.oldestOpen,
			sql: (db) => openSql(db, false, OLDEST_OPEN_LIMIT),
			js: (rows) => openJs(rows, false, OLDEST_OPEN_LIMIT)
		}
	];

	// ---- The list page: one community and one theme, newest first (ties in ledger order).
	const listFilters: Filters = {
		...EMPTY_FILTERS,
		communities: [cx.list.community],
		themes: [cx.list.theme]
	};
	const listWhere = `community = ${list([cx.list.community]).slice(
		1,
		-1
	)} AND theme = ${list([cx.list.theme]).slice(1, -1)}`;
	const listSpec: Spec = {
		name: `list page 1 (${cx.list.community}, ${cx.list.theme})`,
		group: 'list',
		ordered: true,
		ledger: async () => {
			const r = await listProblems(ledger, listFilters, {}, { scope: null });
			return { total: r.total, keys: r.rows.map((x) => `${x.community}/${x.problemId}`) };
		},
		sql: async (db) => {
			const [rows, total] = await Promise.all([
				db.all(`SELECT rid, community, problem_id AS "problemId", title, description, theme,
					status, level, reporter_type, responsible_unit, reported, deadline, resolved, bottleneck
					FROM problems WHERE ${listWhere} ORDER BY reported DESC, rid LIMIT 50`),
				db.all(`SELECT count(*) AS total FROM problems WHERE ${listWhere}`)
			]);
			return {
				total: Number(total[0].total),
				keys: rows.map((x) => `${String(x.community)}/${String(x.problemId)}`)
			};
		},
		js: (rows) => {
			const hits = rows.filter(
				(r) => r.community === cx.list.community && r.theme === cx.list.theme
			);
			const page = [...hits].sort((a, b) => b.reported - a.reported || a.rid - b.rid).slice(0, 50);
			return { total: hits.length, keys: page.map((x) => `${x.community}/${x.problemId}`) };
		}
	};

	// ---- The compare page: per unit and for the street, both periods.
	const compareParams = parseCompareParams(new URLSearchParams());
	const compareFilters: Filters = { ...EMPTY_FILTERS, communities: cx.units };
	type Carried = Record<(typeof CARRIED)[CarriedField], number>;
	interface CompareRows {
		kpis: (KpiPeriodCounts & Carried & { unit: string; cur: boolean })[];
		days: { unit: string; q: number[] | null; n: number }[];
		themes: { unit: string; theme: string; cur: boolean; count: number }[];
		statuses: { unit: string; status: string; count: number }[];
		backlog: { unit: string; b: number[] }[];
		created: { unit: string; d: number; count: number }[];
		resolved: { unit: string; d: number; count: number }[];
	}
	const monthOf = (d: number) => isoOf(d)!.slice(0, 7);
	/** The figures both sides are checked on: units and their totals, KPIs and the mixes. */
	const compareSummary = (x: {
		allUnits: { unit: string; total: number }[];
		figures: {
			unit: string;
			kpis: unknown;
			statusMix: { code: string; count: number }[];
			themeMix: { code: string; count: number }[];
			backlog: number[];
			monthly: { month: string; created: number; resolved: number }[];
		}[];
	}) => ({
		allUnits: x.allUnits,
		figures: x.figures.map((f) => ({
			...f,
			// The fields carried, on those the figures need (the baselines know only these).
			kpis: {
				...(f.kpis as { supplied: string[] }),
				supplied: (f.kpis as { supplied: string[] }).supplied
					.filter((x) => (CARRIED_FIELDS as string[]).includes(x))
					.sort()
			},
			statusMix: f.statusMix.filter((s) => s.count > 0).map((s) => `${s.code}:${s.count}`),
			themeMix: f.themeMix.filter((s) => s.count > 0).map((s) => `${s.code}:${s.count}`)
		}))
	});
	const assembleCompare = (c: CompareRows) => {
		const sum = <T extends { unit: string }>(
			rows: T[],
			key: (r: T) => string,
			add: (a: T, b: T) => T
		) => {
			const m = new Map<string, T>();
			for (const r of rows) {
				const k = key(r);
				const e = m.get(k);
				m.set(k, e ? add(e, r) : { ...r, unit: '' });
			}
			return [...rows, ...m.values()];
		};
		const kpis = sum(
			c.kpis,
			(r) => String(r.cur),
			(a, b) => {
				const out = { ...a };
				for (const k of Object.keys(zeroCounts()) as (keyof KpiPeriodCounts)[]) out[k] += b[k];
				for (const c of Object.values(CARRIED)) out[c] += b[c];
				return out;
			}
		);
		const totals = new Map<string, number>();
		for (const r of c.kpis) totals.set(r.unit, (totals.get(r.unit) ?? 0) + (r.cur ? r.valid : 0));
		const allUnits = [...totals]
			.map(([unit, total]) => ({ unit, total }))
			.sort((a, b) => b.total - a.total || byText(a.unit, b.unit));
		const themes = sum(
			c.themes,
			(r) => `${r.theme}:${r.cur}`,
			(a, b) => ({ ...a, count: a.count + b.count })
		);
		const statusRows = sum(
			c.statuses,
			(r) => r.status,
			(a, b) => ({ ...a, count: a.count + b.count })
		);
		const backlog = sum(
			c.backlog,
			() => '',
			(a, b) => ({ ...a, b: a.b.map((n, i) => n + b.b[i]) })
		);
		const monthly = (rows: { unit: string; d: number; count: number }[]) =>
			sum(
				rows.map((r) => ({ unit: r.unit, month: monthOf(r.d), count: r.count })),
				(r) => r.month,
				(a, b) => ({ ...a, count: a.count + b.count })
			);
		const created = monthly(c.created);
		const resolved = monthly(c.resolved);
		const figures = ['', ...cx.units].map((unit) => {
			const row = kpis.find((r) => r.unit === unit && r.cur);
			const counts = { ...zeroCounts() };
			for (const k of Object.keys(counts) as SqlCountId[]) counts[k] = row?.[k] ?? 0;
			const supplied = CARRIED_FIELDS.filter((f) => (row?.[CARRIED[f]] ?? 0) > 0);
			const days = c.days.find((r) => r.unit === unit);
			const monthTotal = (rows: typeof created, month: string) =>
				rows.filter((r) => r.unit === unit && r.month === month).reduce((s, r) => s + r.count, 0);
			return {
				unit,
				kpis: computeKpis({
					counts,
					supplied,
					days: { median: days?.q?.[0] ?? null, p90: days?.q?.[1] ?? null, n: days?.n ?? 0 }
				}),
				statusMix: statusRows
					.filter((r) => r.unit === unit)
					.map((r) => ({ code: r.status, count: r.count })),
				themeMix: themes
					.filter((r) => r.unit === unit && r.cur)
					.map((r) => ({ code: r.theme, count: r.count })),
				backlog: backlog.find((r) => r.unit === unit)?.b ?? [0, 0, 0, 0],
				monthly: months(period.from, period.to).map((month) => ({
					month,
					created: monthTotal(created, month),
					resolved: monthTotal(resolved, month)
				}))
			};
		});
		return compareSummary({ allUnits, figures });
	};
	const ageBuckets = `${cnt(`${A} - reported <= 30`)} AS b0,
		${cnt(`${A} - reported BETWEEN 31 AND 90`)} AS b1,
		${cnt(`${A} - reported BETWEEN 91 AND 180`)} AS b2, ${cnt(`${A} - reported > 180`)} AS b3`;
	const compareSpec: Spec = {
		name: `compare (${cx.units.join(', ')})`,
		group: 'compare',
		ledger: async () => {
			const d = await loadCompareData(ledger, compareFilters, compareParams, { scope: null });
			return compareSummary({
				allUnits: d.allUnits,
				figures: [d.street, ...d.units].map((f) => ({
					unit: f.unit,
					kpis: f.kpis,
					statusMix: f.statusMix,
					themeMix: f.themeMix,
					backlog: f.backlog.map((b) => b.count),
					monthly: f.monthly
				}))
			});
		},
		sql: async (db) => {
			const days = `resolved - reported`;
			const doneWhere = `${inV(F, T)} AND status NOT IN ${OPEN} AND resolved IS NOT NULL`;
			const quantiles =
				db.dialect === 'duckdb'
					? `quantile_cont(${days}, [0.5, 0.9]) AS q`
					: `percentile_cont(${days}, 0.5) AS q50, percentile_cont(${days}, 0.9) AS q90`;
			const [kpis, dayRows, themes, statuses, backlog, created, resolved] = await Promise.all([
				db.all(`SELECT community AS unit, reported >= ${F} AS cur, ${KPI_SQL},
					${Object.values(CARRIED)
						.map((c) => `max(${c}) AS ${c}`)
						.join(', ')}
					FROM problems WHERE ${inV(PF, T)} GROUP BY 1, 2`),
				db.all(`SELECT community AS unit, ${quantiles}, count(*) AS n FROM problems
					WHERE ${doneWhere} GROUP BY 1
					UNION ALL SELECT '', ${quantiles}, count(*) FROM problems WHERE ${doneWhere}`),
				db.all(`SELECT community AS unit, theme, reported >= ${F} AS cur, count(*) AS count
					FROM problems WHERE ${inV(PF, T)} GROUP BY 1, 2, 3`),
				db.all(`SELECT community AS unit, status, count(*) AS count FROM problems
					WHERE ${inV(F, T)} GROUP BY 1, 2`),
				db.all(`SELECT community AS unit, ${ageBuckets} FROM problems
					WHERE status IN ${OPEN} AND reported <= ${A} GROUP BY 1`),
				db.all(`SELECT community AS unit, reported AS d, count(*) AS count FROM problems
					WHERE ${inV(F, T)} GROUP BY 1, 2`),
				db.all(`SELECT community AS unit, resolved AS d, count(*) AS count FROM problems
					WHERE status IN ${IN_RATES} AND resolved BETWEEN ${F} AND ${T} GROUP BY 1, 2`)
			]);
			return assembleCompare({
				kpis: kpis.map((r) => ({ ...plain(r), cur: Boolean(r.cur) })) as CompareRows['kpis'],
				days: dayRows.map((r) => ({
					unit: String(r.unit),
					q: r.q
						? (r.q as number[])
						: r.q50 === null || r.q50 === undefined
							? null
							: [r.q50 as number, r.q90 as number],
					n: Number(r.n)
				})),
				themes: themes.map((r) => ({ ...plain(r), cur: Boolean(r.cur) })) as CompareRows['themes'],
				statuses: statuses.map(plain) as CompareRows['statuses'],
				backlog: backlog.map((r) => ({
					unit: String(r.unit),
					b: [r.b0, r.b1, r.b2, r.b3].map(Number)
				})),
				created: created.map(plain) as CompareRows['created'],
				resolved: resolved.map(plain) as CompareRows['resolved']
			});
		},
		js: (rows) => {
			const kpis = new Map<string, KpiPeriodCounts & Carried & { unit: string; cur: boolean }>();
			const noneCarried = () =>
				Object.fromEntries(Object.values(CARRIED).map((c) => [c, 0])) as Carried;
			const done = new Map<string, number[]>([['', []]]);
			const themes = new Map<string, number>();
			const statuses = new Map<string, number>();
			const backlog = new Map<string, number[]>();
			const created = new Map<string, number>();
			const resolved = new Map<string, number>();
			const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
			for (const r of rows) {
				const u = r.community;
				const v = inRates.has(r.status);
				if (v && r.reported >= PF && r.reported <= T) {
					const cur = r.reported >= F;
					const key = `${u}\u0000${cur}`;
					let k = kpis.get(key);
					if (!k) kpis.set(key, (k = { ...zeroCounts(), ...noneCarried(), unit: u, cur }));
					addKpi(k, r);
					for (const f of CARRIED_FIELDS) k[CARRIED[f]] = Math.max(k[CARRIED[f]], r.carried[f]);
					bump(themes, `${u}\u0000${r.theme}\u0000${cur}`);
					if (cur) {
						bump(created, `${u}\u0000${r.reported}`);
						if (!isOpen.has(r.status) && r.resolved !== null) {
							const d = r.resolved - r.reported;
							done.get('')!.push(d);
							let xs = done.get(u);
							if (!xs) done.set(u, (xs = []));
							xs.push(d);
						}
					}
				}
				if (v && r.reported >= F && r.reported <= T) bump(statuses, `${u}\u0000${r.status}`);
				if (isOpen.has(r.status) && r.reported <= A) {
					let b = backlog.get(u);
					if (!b) backlog.set(u, (b = [0, 0, 0, 0]));
					const age = A - r.reported;
					b[age <= 30 ? 0 : age <= 90 ? 1 : age <= 180 ? 2 : 3]++;
				}
				if (v && r.resolved !== null && r.resolved >= F && r.resolved <= T)
					bump(resolved, `${u}\u0000${r.resolved}`);
			}
			const split = (k: string) => k.split('\u0000');
			return assembleCompare({
				kpis: [...kpis.values()],
				days: [...done].map(([unit, xs]) => {
					xs.sort((a, b) => a - b);
					return {
						unit,
						q: xs.length ? [quantile(xs, 0.5), quantile(xs, 0.9)] : null,
						n: xs.length
					};
				}),
				themes: [...themes].map(([k, count]) => {
					const [unit, theme, cur] = split(k);
					return { unit, theme, cur: cur === 'true', count };
				}),
				statuses: [...statuses].map(([k, count]) => {
					const [unit, status] = split(k);
					return { unit, status, count };
				}),
				backlog: [...backlog].map(([unit, b]) => ({ unit, b })),
				created: [...created].map(([k, count]) => {
					const [unit, d] = split(k);
					return { unit, d: Number(d), count };
				}),
				resolved: [...resolved].map(([k, count]) => {
					const [unit, d] = split(k);
					return { unit, d: Number(d), count };
				})
			});
		}
	};

	return [...overview, listSpec, compareSpec];
}

// ---------------------------------------------------------------------------------------------
// Running them.

interface Measured {
	timing: Partial<Record<Engine, Timing>>;
	same: Partial<Record<Engine, boolean>>;
}

export interface QueryResults {
	section: Section;
	/** loadOverviewData's p95 at these rows, for the pages section's summary. */
	overviewP95: number;
}

export async function benchQueries(opts: BenchOptions): Promise<QueryResults> {
	const ledgerFile = await ensureLedger(opts.rows);
	// Opened once first so that a cached ledger of an older schema is migrated before the baselines
	// copy from it.
	(await LedgerDatabase.open(ledgerFile)).close();
	const { bareFile, sqliteFile } = await ensureBaselines(opts.rows, ledgerFile);
	const ledger = await LedgerDatabase.open(ledgerFile);
	const bareInstance = await DuckDBInstance.create(bareFile, { access_mode: 'READ_ONLY' });
	const sqlite = new Database(sqliteFile, { readonly: true });
	try {
		const t0 = performance.now();
		const loader = await bareInstance.connect();
		const rows = await loadRows(loader);
		loader.closeSync();
		log(`queries: ${rows.length.toLocaleString('en')} rows loaded into JS in ${seconds(t0)} s`);

		// A connection per statement, as Problem Ledger takes one per unit of work.
		const bare: Sql = {
			dialect: 'duckdb',
			all: async (sql) => {
				const c = await bareInstance.connect();
				try {
					return await readAll(c, sql);
				} finally {
					c.closeSync();
				}
			}
		};
		const lite: Sql = {
			dialect: 'sqlite',
			all: (sql) => sqlite.prepare(sql).all() as Rows
		};

		const period = await resolvePeriod(ledger, EMPTY_FILTERS, null);
		const codes = statusCodesOf((await readVocabulary(ledger)).statuses);
		// The busiest units and theme, so the filters select real work.
		const units = (
			await ledger.all<{ c: string }>(
				'SELECT community AS c FROM problems GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 2'
			)
		).map((r) => r.c);
		const [{ t: theme }] = await ledger.all<{ t: string }>(
			'SELECT theme AS t FROM problems GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1'
		);
		const cx: Context = {
			period,
			codes,
			responseDays: 3,
			list: { community: units[0], theme },
			units
		};
		const all = specs(ledger, cx);
		const runners = (s: Spec): Record<Engine, () => unknown> => ({
			ledger: s.ledger,
			bare: () => s.sql(bare),
			sqlite: () => s.sql(lite),
			js: () => s.js(rows)
		});

		const measured = new Map<string, Measured>();
		for (const s of all) {
			const m: Measured = { timing: {}, same: {} };
			const run = runners(s);
			const expected = canon(await run.ledger(), s.ordered ?? false);
			for (const e of BASELINES) {
				const got = canon(await run[e](), s.ordered ?? false);
				m.same[e] = got === expected;
				if (!m.same[e])
					log(
						`queries: ${s.name} on ${ENGINE_NAMES[e]} differs:\n  PL   ${expected.slice(0, 400)}\n  ${e} ${got.slice(0, 400)}`
					);
			}
			for (const e of ['ledger', ...BASELINES] as Engine[]) {
				const runs = e === 'sqlite' || e === 'js' ? opts.slowRuns : opts.runs;
				m.timing[e] = await time(run[e], runs, opts.quick ? 1 : 2);
			}
			measured.set(s.name, m);
			log(`queries: ${s.name}: PL ${ms(m.timing.ledger!.p50)} / ${ms(m.timing.ledger!.p95)} ms`);
		}

		// The whole overview: Problem Ledger's load (every aggregate side by side, then assembly)
		// against every overview aggregate on each baseline (DuckDB side by side; SQLite and JS run
		// one at a time, having one thread each).
		const overview = all.filter((s) => s.group === 'overview');
		const whole: Measured = { timing: {}, same: {} };
		const warmup = opts.quick ? 1 : 2;
		whole.timing.ledger = await time(
			() => loadOverviewData(ledger, EMPTY_FILTERS, { scope: null }),
			opts.runs,
			warmup
		);
		whole.timing.bare = await time(
			() => Promise.all(overview.map((s) => s.sql(bare))),
			opts.runs,
			warmup
		);
		whole.timing.sqlite = await time(
			async () => {
				for (const s of overview) await s.sql(lite);
			},
			opts.slowRuns,
			warmup
		);
		whole.timing.js = await time(
			() => {
				for (const s of overview) s.js(rows);
			},
			opts.slowRuns,
			warmup
		);
		for (const e of BASELINES) whole.same[e] = overview.every((s) => measured.get(s.name)!.same[e]);

		return {
			section: querySection(opts, all, measured, whole),
			overviewP95: whole.timing.ledger.p95
		};
	} finally {
		sqlite.close();
		bareInstance.closeSync();
		ledger.close();
	}
}

function querySection(
	opts: BenchOptions,
	all: Spec[],
	measured: Map<string, Measured>,
	whole: Measured
): Section {
	const cell = (t?: Timing) => (t ? `${ms(t.p50)} / ${ms(t.p95)}` : '—');
	const vs = (m: Measured, e: Engine) => ratio(m.timing[e]!.p50 / m.timing.ledger!.p50);
	const checks = (m: Measured) => BASELINES.map((e) => (m.same[e] ? '✓' : '✗')).join('');
	const at1M = opts.rows >= 1_000_000 ? '' : ', target at 1M rows';
	const row = (name: string, m: Measured, target: string): string[] => [
		name,
		cell(m.timing.ledger),
		cell(m.timing.bare),
		vs(m, 'bare'),
		cell(m.timing.sqlite),
		vs(m, 'sqlite'),
		cell(m.timing.js),
		vs(m, 'js'),
		checks(m),
		target
	];
	const rows = all.map((s) => {
		const m = measured.get(s.name)!;
		const target =
			s.group === 'overview'
				? [
						met(
							m.timing.ledger!.p95 <= AGGREGATE_TARGET_MS,
							`p95 ≤ ${AGGREGATE_TARGET_MS} ms${at1M}`
						),
						m.timing.sqlite!.p50 >= m.timing.ledger!.p50
							? 'not slower than SQLite'
							: 'SLOWER than SQLite'
					].join('; ')
				: '';
		return row(`${s.group}: ${s.name}`, m, target);
	});
	const sqliteRatio = whole.timing.sqlite!.p50 / whole.timing.ledger!.p50;
	rows.push(
		row(
			'overview: whole (loadOverviewData)',
			whole,
			[
				met(
					whole.timing.ledger!.p95 <= OVERVIEW_TARGET_MS,
					`p95 ≤ ${OVERVIEW_TARGET_MS} ms server time${at1M}`
				),
				met(sqliteRatio >= 5, '≥ 5× faster than SQLite')
			].join('; ')
		)
	);
	return {
		title: `Queries at ${opts.rows.toLocaleString('en')} rows (p50 / p95 ms; ÷ PL = p50 over Problem Ledger's p50)`,
		head: [
			'query',
			'Problem Ledger',
			'bare DuckDB',
			'÷ PL',
			'SQLite',
			'÷ PL',
			'JS arrays',
			'÷ PL',
			'same',
			'target'
		],
		rows,
		notes: [
			`Runs: ${opts.runs} timed (after ${opts.quick ? 1 : 2} untimed) for Problem Ledger and bare DuckDB, ${opts.slowRuns} for SQLite and JS arrays; one query at a time.`,
			"same: each baseline's result equals Problem Ledger's (✓/✗ for bare DuckDB, SQLite, JS arrays), checked once per query.",
			'Problem Ledger runs its own functions (overviewQueries, listProblems, loadCompareData) over the ledger; the baselines hold the same rows with days as integers, status lists inlined.',
			"bare DuckDB is plain hand-written SQL (IN lists, CASE sums, UNION ALL for grouping sets) over a plain table, not Problem Ledger's tuned statements, so it is a reference, not a lower bound.",
			'SQLite indexes: (status, reported), (reported), (community, reported), (community, theme, reported), (resolved); ANALYZE run.',
			'whole: loadOverviewData (all aggregates side by side, then assembly) against every overview aggregate of the baseline (bare DuckDB side by side, SQLite and JS one after another).'
		]
	};
}
