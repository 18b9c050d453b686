// The figures of the overview page (/): KPIs for a period and the one before it, problems by theme,
// status, level, reporter type and community × theme, the monthly trend with its backlog, theme heat,
// open bottlenecks and backlog age. Plain data (domain/overview-model.ts) for
// src/routes/+page.server.ts and the report. Aggregates over the same rows share a query; all go
// through the query compiler and run side by side. The vocabularies are read once per load and the
// status codes bound as lists, so no query joins statuses.
import type { Filters } from '../../domain/filters';
import type { KpiInput } from '../../domain/figures';
import { shareOf, themeShifts } from '../../domain/measures';
import {
	BACKLOG_BUCKETS,
	type OpenProblem,
	type OptionalLabelledCount,
	type OverviewData
} from '../../domain/overview-model';
import type { Period } from '../../domain/period';
import { problemKey } from '../../domain/problem-key';
import {
	Labels,
	NOT_GIVEN,
	STATUS_TYPE_LABELS,
	STATUS_TYPES,
	statusCodesOf,
	type StatusCodes,
	type StatusType,
	type TermKind
} from '../../domain/vocabulary';
import { resolvePeriod } from '../db/as-of';
import type { LedgerDatabase } from '../db/database';
import { runFiltered, statusIn, type Scope, type SqlParam } from '../db/query-compiler';
import { readVocabulary } from '../db/vocabulary';
import { countIf, KPI_COUNT_COLUMNS, kpisOf, suppliedFields, type KpiCountRow } from './kpi-sql';

export interface OverviewOptions {
	/** The account's communities (Principal.scope); every figure counts only these. */
	scope: Scope;
	/** T of the response rate (default 3 days; the server passes its LEDGER_RESPONSE_DAYS). */
	responseDays?: number;
	/** Today (YYYY-MM-DD); defaults to the server's local date. */
	today?: string;
}

export const DEFAULT_RESPONSE_DAYS = 3;
export const OPEN_BOTTLENECK_LIMIT = 100;
export const OLDEST_OPEN_LIMIT = 10;

// ---------------------------------------------------------------------------------------------
// The queries.

/** The groupings of the `dimensions` query. */
type Dimension = 'communityTheme' | 'theme' | 'level' | 'reporterType';

interface CodeCount {
	code: string | null;
	count: number;
}

interface OpenProblemRow {
	community: string;
	problemId: string;
	text: string;
	theme: string;
	status: string;
	responsibleUnit: string | null;
	reportedAt: string;
	deadline: string | null;
	ageDays: number;
	overdue: boolean;
}

type KpiDays = KpiInput['days'];

/** The period's calendar months, the first and last cut to the period: m, ws..we. */
const MONTH_WINDOWS = `windows AS (
	SELECT m, greatest(m::DATE, $m_from::DATE) AS ws,
		least((m + INTERVAL 1 MONTH - INTERVAL 1 DAY)::DATE, $m_to::DATE) AS we
	FROM generate_series(date_trunc('month', $m_from::DATE), $m_to::DATE::TIMESTAMP, INTERVAL 1 MONTH)
		AS g(m)
)`;

const OPEN_PROBLEM_COLUMNS = `p.community, p.problem_id AS "problemId",
	coalesce(nullif(trim(p.title), ''), p.description) AS text, p.theme, p.status,
	p.responsible_unit AS "responsibleUnit", strftime(p.reported_at, '%Y-%m-%d') AS "reportedAt",
	strftime(p.deadline, '%Y-%m-%d') AS deadline,
	date_diff('day', p.reported_at, $o_asOf::DATE)::INTEGER AS "ageDays",
	coalesce(p.deadline < $o_asOf::DATE, false) AS overdue`;

/**
 * Every aggregate of the overview as a separate query, by name (the benchmark times each). Results
 * are raw rows; loadOverviewData assembles them.
 */
export function overviewQueries(
	db: LedgerDatabase,
	filters: Filters,
	period: Period,
	opts: { scope: Scope; responseDays?: number; statuses?: StatusCodes }
) {
	const responseDays = opts.responseDays ?? DEFAULT_RESPONSE_DAYS;
	// The statuses table read once (loadOverviewData passes it) and bound as code lists: no query
	// joins statuses. Alone (the benchmark), the first query reads it.
	let statusCodes = opts.statuses && Promise.resolve(opts.statuses);
	const statuses = () =>
		(statusCodes ??= readVocabulary(db).then((v) => statusCodesOf(v.statuses)));
	const { asOf } = period;
	const current = { from: period.from, to: period.to };

	/** Runs `sql` with the compiled filters for `range` in place of {where}, and `own` params. */
	const run = async <T>(
		sql: string,
		range: { from: string; to: string } | null,
		own: Record<string, SqlParam> = {}
	): Promise<T[]> => {
		return runFiltered<T>(
			db,
			sql,
			filters,
			{ asOf, period: range, statuses: await statuses(), scope: opts.scope },
			own
		);
	};

	const isOpen = statusIn('s_open');
	const inV = `FROM problems p WHERE ${statusIn('s_in_rates')} AND {where}`;

	// The KPI counts of a period in one scan (kpi-sql.ts).
	const kpiCounts = async (range: { from: string; to: string }): Promise<KpiCountRow> =>
		(
			await run<KpiCountRow>(
				`SELECT ${KPI_COUNT_COLUMNS}
				 ${inV}`,
				range,
				{ k_asOf: asOf, k_days: responseDays }
			)
		)[0];

	// Days to resolve of both periods in one scan: they are contiguous (prevTo is the day before
	// from), so one range holds both and a group tells them apart.
	const kpiDays = async (): Promise<{ current: KpiDays; previous: KpiDays }> => {
		const rows = await run<{ isCurrent: boolean; q: [number, number] | null; n: number }>(
			`SELECT p.reported_at >= $k_from::DATE AS "isCurrent",
				quantile_cont((p.resolved_at - p.reported_at)::INTEGER, [0.5, 0.9])::DOUBLE[] AS q,
				count(*)::INTEGER AS n
			 ${inV} AND NOT ${isOpen} AND p.resolved_at IS NOT NULL GROUP BY 1`,
			{ from: period.prevFrom, to: period.to },
			{ k_from: period.from }
		);
		const days = (isCurrent: boolean): KpiDays => {
			const row = rows.find((r) => r.isCurrent === isCurrent);
			return { median: row?.q?.[0] ?? null, p90: row?.q?.[1] ?? null, n: row?.n ?? 0 };
		};
		return { current: days(true), previous: days(false) };
	};

	// Oldest first. Without the statuses join a plain top-N is the fastest form at 1M rows (18
	// against 22 ms with the keys cut first and the rows read back by rowid IN …).
	const openProblems = (extra: string, limit: number) =>
		run<OpenProblemRow>(
			`SELECT ${OPEN_PROBLEM_COLUMNS} FROM problems p
			 WHERE ${isOpen} AND p.reported_at <= $o_asOf::DATE ${extra} AND {where}
			 ORDER BY p.reported_at, p.community, p.problem_id LIMIT ${limit}`,
			null,
			{ o_asOf: asOf }
		);

	return {
		vocabulary: () => readVocabulary(db),
		kpis: () => kpiCounts(current),
		previousKpis: () => kpiCounts({ from: period.prevFrom, to: period.prevTo }),
		kpiDays,
		// Every status, V or not; codes the statuses table lacks are dropped in assembly, as the
		// join with it used to.
		byStatus: () =>
			run<CodeCount>(
				`SELECT p.status AS code, count(*)::INTEGER AS count FROM problems p WHERE {where} GROUP BY 1`,
				current
			),
		// V by community × theme, theme, level and reporter type in one scan (12 against 22 ms in
		// four queries at 1M rows); `dim` names the grouping, so a null level stays "not given".
		// The fields each community × theme cell's exports carried give each unit's coverage.
		dimensions: () =>
			run<{
				dim: Dimension;
				community: string | null;
				code: string | null;
				count: number;
				supplied: number;
			}>(
				`SELECT CASE WHEN grouping(p.community) = 0 THEN 'communityTheme'
						WHEN grouping(p.theme) = 0 THEN 'theme'
						WHEN grouping(p.level) = 0 THEN 'level' ELSE 'reporterType' END AS dim,
					p.community, CASE WHEN grouping(p.theme) = 0 THEN p.theme
						WHEN grouping(p.level) = 0 THEN p.level ELSE p.reporter_type END AS code,
					count(*)::INTEGER AS count, coalesce(bit_or(p.supplied_fields), 0)::INTEGER AS supplied
				 ${inV}
				 GROUP BY GROUPING SETS ((p.community, p.theme), (p.theme), (p.level), (p.reporter_type))`,
				current
			),
		themeHeat: () =>
			run<{ code: string; current: number; previous: number }>(
				`SELECT p.theme AS code, ${countIf('p.reported_at >= $h_from::DATE')} AS current,
					${countIf('p.reported_at < $h_from::DATE')} AS previous
				 ${inV} GROUP BY 1`,
				{ from: period.prevFrom, to: period.to },
				{ h_from: period.from }
			),
		// The monthly trend in two halves that run side by side; backlog at a window's end e is
		// arrivals that stay open (all but those done without a resolved date: a closed problem
		// rarely has one, so it leaves the backlog on arrival) minus departures (resolved_at, never
		// before reported_at), both counted over all time up to e.
		monthlyArrivals: () =>
			run<{ month: string; created: number; stayedUpTo: number }>(
				`WITH ${MONTH_WINDOWS},
				arrived AS (
					SELECT p.reported_at AS d, count(*) AS n,
						sum((${isOpen} OR p.resolved_at IS NOT NULL)::INTEGER) AS stays
					${inV} GROUP BY 1
				)
				SELECT strftime(w.m, '%Y-%m') AS month,
					(SELECT coalesce(sum(n), 0) FROM arrived WHERE d BETWEEN w.ws AND w.we)::INTEGER AS created,
					(SELECT coalesce(sum(stays), 0) FROM arrived WHERE d <= w.we)::INTEGER AS "stayedUpTo"
				FROM windows w ORDER BY w.m`,
				null,
				{ m_from: period.from, m_to: period.to }
			),
		monthlyResolutions: () =>
			run<{ month: string; resolved: number; departedUpTo: number }>(
				`WITH ${MONTH_WINDOWS},
				resolutions AS MATERIALIZED (
					SELECT p.resolved_at AS d, greatest(p.reported_at, p.resolved_at) AS dep, count(*) AS n
					${inV} AND p.resolved_at IS NOT NULL GROUP BY 1, 2
				)
				SELECT strftime(w.m, '%Y-%m') AS month,
					(SELECT coalesce(sum(n), 0) FROM resolutions WHERE d BETWEEN w.ws AND w.we)::INTEGER AS resolved,
					(SELECT coalesce(sum(n), 0) FROM resolutions WHERE dep <= w.we)::INTEGER AS "departedUpTo"
				FROM windows w ORDER BY w.m`,
				null,
				{ m_from: period.from, m_to: period.to }
			),
		openBottlenecks: () => openProblems('AND p.is_bottleneck', OPEN_BOTTLENECK_LIMIT),
		backlogAge: () =>
			run<{ b0: number; b1: number; b2: number; b3: number; bottlenecks: number }>(
				`SELECT ${countIf('age <= 30')} AS b0, ${countIf('age BETWEEN 31 AND 90')} AS b1,
					${countIf('age BETWEEN 91 AND 180')} AS b2, ${countIf('age > 180')} AS b3,
					${countIf('bottleneck')} AS bottlenecks
				 FROM (SELECT $o_asOf::DATE - p.reported_at AS age, p.is_bottleneck AS bottleneck
					FROM problems p
					WHERE ${isOpen} AND p.reported_at <= $o_asOf::DATE AND {where})`,
				null,
				{ o_asOf: asOf }
			),
		oldestOpen: () => openProblems('', OLDEST_OPEN_LIMIT)
	};
}

export type OverviewQueries = ReturnType<typeof overviewQueries>;

// ---------------------------------------------------------------------------------------------
// Assembly.

function openProblem(row: OpenProblemRow, labels: Labels): OpenProblem {
	const theme = labels.of('theme', row.theme);
	const status = labels.of('status', row.status);
	return {
		key: problemKey(row.community, row.problemId),
		community: row.community,
		problemId: row.problemId,
		text: row.text,
		theme: row.theme,
		themeLabelZh: theme.labelZh,
		themeLabelEn: theme.labelEn,
		status: row.status,
		statusLabelZh: status.labelZh,
		statusLabelEn: status.labelEn,
		responsibleUnit: row.responsibleUnit,
		reportedAt: row.reportedAt,
		deadline: row.deadline,
		ageDays: row.ageDays,
		overdue: row.overdue
	};
}

export async function loadOverviewData(
	db: LedgerDatabase,
	filters: Filters,
	opts: OverviewOptions
): Promise<OverviewData> {
	const [period, vocabulary] = await Promise.all([
		resolvePeriod(db, filters, opts.scope, opts.today),
		readVocabulary(db)
	]);
	const responseDays = opts.responseDays ?? DEFAULT_RESPONSE_DAYS;
	const statuses = statusCodesOf(vocabulary.statuses);
	const q = overviewQueries(db, filters, period, { scope: opts.scope, responseDays, statuses });
	const [
		kpiRow,
		previousKpiRow,
		kpiDays,
		byStatusRows,
		dimensionRows,
		heatRows,
		arrivals,
		resolutions,
		bottleneckRows,
		[age],
		oldestRows
	] = await Promise.all([
		q.kpis(),
		q.previousKpis(),
		q.kpiDays(),
		q.byStatus(),
		q.dimensions(),
		q.themeHeat(),
		q.monthlyArrivals(),
		q.monthlyResolutions(),
		q.openBottlenecks(),
		q.backlogAge(),
		q.oldestOpen()
	]);
	const labels = new Labels(vocabulary);
	const dimension = (dim: Dimension): CodeCount[] =>
		dimensionRows.filter((r) => r.dim === dim).map(({ code, count }) => ({ code, count }));
	const byThemeRows = dimension('theme');
	const byLevelRows = dimension('level');
	const byReporterTypeRows = dimension('reporterType');
	const gridRows = dimensionRows.filter((r) => r.dim === 'communityTheme');
	const kpis = {
		current: kpisOf(kpiRow, kpiDays.current),
		previous: kpisOf(previousKpiRow, kpiDays.previous)
	};
	const total = kpis.current.total.value;
	const counted = (kind: TermKind, row: { code: string; count: number }) => ({
		...labels.of(kind, row.code),
		count: row.count,
		share: shareOf(row.count, total)
	});
	const optional = (kind: TermKind, row: CodeCount): OptionalLabelledCount =>
		row.code === null
			? { code: null, ...NOT_GIVEN, count: row.count, share: shareOf(row.count, total) }
			: counted(kind, { code: row.code, count: row.count });

	const byTheme = byThemeRows
		.map((r) => counted('theme', { code: r.code ?? '', count: r.count }))
		.sort(
			(a, b) => b.count - a.count || labels.order('theme', a.code) - labels.order('theme', b.code)
		);

	const inRates = (code: string | null) => code !== null && labels.status(code)?.inRates === true;
	const known = byStatusRows.filter((r) => r.code !== null && labels.status(r.code));
	const statusRows = known.filter((r) => inRates(r.code));
	const typeOf = (code: string): StatusType => labels.status(code)?.type ?? 'open';
	const byStatus = statusRows
		.map((r) => ({
			...counted('status', { code: r.code ?? '', count: r.count }),
			type: typeOf(r.code ?? '')
		}))
		.sort((a, b) => labels.order('status', a.code) - labels.order('status', b.code));
	const byStatusType = STATUS_TYPES.map((type) => {
		const count = byStatus.filter((s) => s.type === type).reduce((sum, s) => sum + s.count, 0);
		return { ...STATUS_TYPE_LABELS[type], code: type, count, share: shareOf(count, total) };
	});

	// Each unit's exports: the fields of any of its cells (the grid covers every row of V).
	const communityTotals = new Map<string, number>();
	const communitySupplied = new Map<string, number>();
	for (const c of gridRows) {
		const name = c.community ?? '';
		communityTotals.set(name, (communityTotals.get(name) ?? 0) + c.count);
		communitySupplied.set(name, (communitySupplied.get(name) ?? 0) | c.supplied);
	}
	const communities = [...communityTotals]
		.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
		.map(([name]) => name);
	const themeRank = new Map(byTheme.map((t, i) => [t.code, i]));
	const communityRank = new Map(communities.map((c, i) => [c, i]));
	const cells = gridRows
		.map((r) => ({ community: r.community ?? '', theme: r.code ?? '', count: r.count }))
		.sort(
			(a, b) =>
				communityRank.get(a.community)! - communityRank.get(b.community)! ||
				themeRank.get(a.theme)! - themeRank.get(b.theme)!
		);

	// In taxonomy order first: themeShifts keeps it among themes that tie.
	const heat = themeShifts(
		[...heatRows]
			.sort((a, b) => labels.order('theme', a.code) - labels.order('theme', b.code))
			.map((r) => ({
				...labels.of('theme', r.code),
				count: r.current,
				previousCount: r.previous
			})),
		total,
		kpis.previous.total.value
	);

	const ageCounts = [age.b0, age.b1, age.b2, age.b3];

	return {
		period,
		responseDays,
		kpis,
		coverage: communities.map((c) => suppliedFields(communitySupplied.get(c) ?? 0)),
		excluded: known.filter((r) => !inRates(r.code)).reduce((sum, r) => sum + r.count, 0),
		excludedStatuses: vocabulary.statuses.filter((s) => !s.inRates).map((s) => s.code),
		byTheme,
		byStatusType,
		byStatus,
		communityTheme: {
			communities,
			themes: byTheme.map(({ code, labelZh, labelEn }) => ({ code, labelZh, labelEn })),
			cells
		},
		monthly: arrivals.map((a, i) => ({
			month: a.month,
			created: a.created,
			resolved: resolutions[i].resolved,
			backlog: a.stayedUpTo - resolutions[i].departedUpTo
		})),
		byLevel: byLevelRows
			.map((r) => optional('level', r))
			.sort((a, b) => labels.order('level', a.code) - labels.order('level', b.code)),
		byReporterType: byReporterTypeRows
			.map((r) => optional('reporter_type', r))
			.sort(
				(a, b) =>
					(a.code === null ? 1 : 0) - (b.code === null ? 1 : 0) ||
					b.count - a.count ||
					labels.order('reporter_type', a.code) - labels.order('reporter_type', b.code)
			),
		themeHeat: heat,
		openBottlenecks: {
			total: age.bottlenecks,
			rows: bottleneckRows.map((r) => openProblem(r, labels))
		},
		backlogAge: {
			total: ageCounts.reduce((sum, n) => sum + n, 0),
			buckets: BACKLOG_BUCKETS.map((b, i) => ({ ...b, count: ageCounts[i] })),
			oldest: oldestRows.map((r) => openProblem(r, labels))
		}
	};
}
