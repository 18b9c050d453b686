// The figures of the overview page (/): KPIs for a period and the one before it, problems by theme,
// status, level, reporter type and community × theme, the monthly trend with its backlog, theme heat,
// open bottlenecks and backlog age. Plain data for src/routes/+page.server.ts (and the report).
// Aggregates over the same rows share a query; all go through the query compiler and run side by
// side. The statuses table is read once per load and bound as code lists, so no query joins it.
import type { Filters } from '../../domain/filters';
import { computeKpis, themeHeat, type KpiCounts, type Kpis } from '../../domain/kpi';
import { problemKey } from '../../domain/problem-key';
import type { LedgerDatabase } from '../db/database';
import {
	runFiltered,
	readStatusCodes,
	statusCodesOf,
	statusIn,
	type Scope,
	type SqlParam,
	type StatusCodes
} from '../db/query-compiler';

export type StatusType = 'open' | 'fixed' | 'closed';

export interface Labelled {
	code: string;
	labelZh: string;
	labelEn: string;
}

export interface LabelledCount extends Labelled {
	count: number;
	/** count / |V|; null when V is empty. */
	share: number | null;
}

/** A count by an optional field (level, reporter type): code null is "not given". */
export interface OptionalLabelledCount extends Omit<LabelledCount, 'code'> {
	code: string | null;
}

export interface OverviewPeriod {
	/** The period of reported_at, inclusive (YYYY-MM-DD). */
	from: string;
	to: string;
	/** The period of the same length right before it. */
	prevFrom: string;
	prevTo: string;
	/** The day overdue and backlog age are measured at. */
	asOf: string;
}

/** An open problem as the overview lists it (bottlenecks, the oldest of the backlog). */
export interface OpenProblem {
	key: string;
	community: string;
	problemId: string;
	/** The title, or the description when there is no title. */
	text: string;
	theme: string;
	themeLabelZh: string;
	themeLabelEn: string;
	status: string;
	statusLabelZh: string;
	statusLabelEn: string;
	responsibleUnit: string | null;
	reportedAt: string;
	deadline: string | null;
	/** asOf − reported_at in days. */
	ageDays: number;
	/** Past its deadline at asOf. */
	overdue: boolean;
}

export type BacklogBucketKey = '0-30' | '31-90' | '91-180' | '>180';

export interface OverviewData {
	period: OverviewPeriod;
	/** T of the response rate, in days. */
	responseDays: number;
	kpis: { current: Kpis; previous: Kpis };
	/** Problems reported in the period but left out of V (duplicate, withdrawn). */
	excluded: number;
	/** V by theme, largest first; only themes that occur. */
	byTheme: LabelledCount[];
	/** V by status type, always open, fixed, closed in that order. */
	byStatusType: (LabelledCount & { code: StatusType })[];
	/** V by status, in the statuses' own order; only statuses that occur. */
	byStatus: (LabelledCount & { type: StatusType })[];
	communityTheme: {
		/** Largest first. */
		communities: string[];
		/** In the order of byTheme. */
		themes: Labelled[];
		/** Only cells with problems. */
		cells: { community: string; theme: string; count: number }[];
	};
	/** One entry per calendar month of the period (the first and last may be partial). */
	monthly: {
		month: string;
		/** V reported in the month (within the period). */
		created: number;
		/** Problems of the filter resolved in the month, whenever reported. */
		resolved: number;
		/** Problems of the filter open at the month's end (or the period's end), over all time. */
		backlog: number;
	}[];
	/** V by level, in the vocabulary's order, "not given" last. */
	byLevel: OptionalLabelledCount[];
	/** V by reporter type, largest first, "not given" last. */
	byReporterType: OptionalLabelledCount[];
	/** 主题热度: every theme with problems in either period, by change (largest rise first, null last). */
	themeHeat: {
		theme: string;
		labelZh: string;
		labelEn: string;
		current: number;
		previous: number;
		change: number | null;
	}[];
	/** Open bottleneck problems reported by asOf, whatever the period: oldest first, at most 100. */
	openBottlenecks: { total: number; rows: OpenProblem[] };
	/** Open problems reported by asOf, whatever the period, by age at asOf. */
	backlogAge: {
		total: number;
		buckets: { key: BacklogBucketKey; minDays: number; maxDays: number | null; count: number }[];
		/** The ten oldest. */
		oldest: OpenProblem[];
	};
}

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

/** 状态类型 come from csv-schema.md, not from a table; their names are UI text. */
export const STATUS_TYPE_LABELS: Record<StatusType, Labelled> = {
	open: { code: 'open', labelZh: '未办结', labelEn: 'Open' },
	fixed: { code: 'fixed', labelZh: '已解决', labelEn: 'Fixed' },
	closed: { code: 'closed', labelZh: '已关闭', labelEn: 'Closed' }
};

const NOT_GIVEN = { labelZh: '未填写', labelEn: 'Not given' };

export const BACKLOG_BUCKETS: { key: BacklogBucketKey; minDays: number; maxDays: number | null }[] =
	[
		{ key: '0-30', minDays: 0, maxDays: 30 },
		{ key: '31-90', minDays: 31, maxDays: 90 },
		{ key: '91-180', minDays: 91, maxDays: 180 },
		{ key: '>180', minDays: 181, maxDays: null }
	];

// ---------------------------------------------------------------------------------------------
// Days as YYYY-MM-DD.

const DAY_MS = 86_400_000;

function dayNumber(iso: string): number {
	const [y, m, d] = iso.split('-').map(Number);
	return Date.UTC(y, m - 1, d) / DAY_MS;
}

function isoOfDay(n: number): string {
	return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
	return isoOfDay(dayNumber(iso) + days);
}

/** The same day a year earlier; 29 February becomes 28 February. */
function yearBefore(iso: string): string {
	const [y, m, d] = iso.split('-').map(Number);
	const last = new Date(Date.UTC(y - 1, m, 0)).getUTCDate();
	return isoOfDay(Date.UTC(y - 1, m - 1, Math.min(d, last)) / DAY_MS);
}

export function localToday(now = new Date()): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * The as-of day when the filters name none: today, or the ledger's last reported or resolved day
 * if that is earlier (a ledger of 2019 is read as of the end of 2019, not as of today). It is the
 * same for every filter, so cross-filtering never moves the period, and for every account scope:
 * a scoped account's figures for its communities are the ones an unscoped account sees for them.
 */
export async function defaultAsOf(db: LedgerDatabase, today = localToday()): Promise<string> {
	const [{ latest }] = await db.all<{ latest: string | null }>(
		`SELECT strftime(greatest(max(reported_at), max(resolved_at)), '%Y-%m-%d') AS latest
		 FROM problems`
	);
	return latest !== null && latest < today ? latest : today;
}

/**
 * The period: filters.from..filters.to, either side defaulting to the twelve months ending at
 * asOf (to = asOf, from = to − 1 year + 1 day); the previous period has the same number of days
 * and ends the day before `from`.
 */
export function overviewPeriod(filters: Filters, asOf: string): OverviewPeriod {
	const to = filters.to ?? (filters.from && filters.from > asOf ? filters.from : asOf);
	const from = filters.from ?? addDays(yearBefore(to), 1);
	const days = dayNumber(to) - dayNumber(from) + 1;
	const prevTo = addDays(from, -1);
	return { from, to, prevFrom: addDays(prevTo, 1 - days), prevTo, asOf };
}

export async function resolveOverviewPeriod(
	db: LedgerDatabase,
	filters: Filters,
	today?: string
): Promise<OverviewPeriod> {
	return overviewPeriod(filters, filters.asOf ?? (await defaultAsOf(db, today)));
}

// ---------------------------------------------------------------------------------------------
// The queries.

interface VocabularyRow {
	kind: 'theme' | 'status' | 'level' | 'reporter_type';
	code: string;
	labelZh: string;
	labelEn: string;
	sortOrder: number;
	type: StatusType | null;
	/** Statuses only: counted in V. */
	inRates: boolean | null;
}

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

type KpiDays = Pick<KpiCounts, 'daysMedian' | 'daysP90' | 'doneWithDates'>;
type KpiPeriodCounts = Omit<KpiCounts, keyof KpiDays>;

/** The period's calendar months, the first and last cut to the period: m, ws..we. */
const MONTH_WINDOWS = `windows AS (
	SELECT m, greatest(m::DATE, $m_from::DATE) AS ws,
		least((m + INTERVAL 1 MONTH - INTERVAL 1 DAY)::DATE, $m_to::DATE) AS we
	FROM generate_series(date_trunc('month', $m_from::DATE), $m_to::DATE::TIMESTAMP, INTERVAL 1 MONTH)
		AS g(m)
)`;

/** count(*) FILTER (WHERE cond) as a sum of booleans: the same count, faster at 1M rows. */
const countIf = (cond: string): string => `coalesce(sum((${cond})::INTEGER), 0)::INTEGER`;

const OPEN_PROBLEM_COLUMNS = `p.community, p.problem_id AS "problemId",
	coalesce(nullif(trim(p.title), ''), p.description) AS text, p.theme, p.status,
	p.responsible_unit AS "responsibleUnit", strftime(p.reported_at, '%Y-%m-%d') AS "reportedAt",
	strftime(p.deadline, '%Y-%m-%d') AS deadline,
	date_diff('day', p.reported_at, $o_asOf::DATE)::INTEGER AS "ageDays",
	coalesce(p.deadline < $o_asOf::DATE, false) AS overdue`;

/**
 * The KPI counts (KpiCounts without the days) as a SELECT list over V, binding $s_open, $s_fixed,
 * $s_closed, $k_asOf and $k_days. Shared with the compare page, so both count alike.
 */
export const KPI_COUNT_COLUMNS = `count(*)::INTEGER AS valid,
	${countIf(statusIn('s_fixed'))} AS fixed,
	${countIf(statusIn('s_closed'))} AS closed,
	${countIf("list_contains(['verified'], p.status)")} AS verified,
	${countIf(`NOT ${statusIn('s_open')} AND p.resolved_at <= p.deadline AND p.deadline <= $k_asOf::DATE`)}
		AS "onTimeDone",
	${countIf('p.deadline <= $k_asOf::DATE')} AS "dueByAsOf",
	(count(*) - count(p.deadline))::INTEGER AS "noDeadline",
	${countIf(`${statusIn('s_open')} AND p.deadline < $k_asOf::DATE`)} AS overdue,
	${countIf('p.acknowledged_at - p.reported_at <= $k_days::INTEGER')} AS "respondedWithinT",
	${countIf("list_contains(['very_satisfied', 'satisfied', 'basic'], p.satisfaction)")}
		AS "satisfactionPositive",
	count(p.satisfaction)::INTEGER AS "satisfactionGiven",
	${countIf('p.callback_resolved')} AS "callbackYes",
	count(p.callback_resolved)::INTEGER AS "callbackGiven"`;

/**
 * Every aggregate of the overview as a separate query, by name (the benchmark times each). Results
 * are raw rows; loadOverviewData assembles them.
 */
export function overviewQueries(
	db: LedgerDatabase,
	filters: Filters,
	period: OverviewPeriod,
	opts: { scope: Scope; responseDays?: number; statuses?: StatusCodes }
) {
	const responseDays = opts.responseDays ?? DEFAULT_RESPONSE_DAYS;
	// The statuses table read once (loadOverviewData passes it) and bound as code lists: no query
	// joins statuses. Alone (the benchmark), the first query reads it.
	let statusCodes = opts.statuses && Promise.resolve(opts.statuses);
	const statuses = () => (statusCodes ??= readStatusCodes(db));
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

	// The KPI counts of a period in one scan. list_contains over a literal list is cheaper than IN
	// or = on a text column (6.5 against 9.5 ms, 4 against 5.5 ms at 1M rows).
	const kpiCounts = async (range: { from: string; to: string }): Promise<KpiPeriodCounts> =>
		(
			await run<KpiPeriodCounts>(
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
			return {
				daysMedian: row?.q?.[0] ?? null,
				daysP90: row?.q?.[1] ?? null,
				doneWithDates: row?.n ?? 0
			};
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
		dimensions: () =>
			run<{ dim: Dimension; community: string | null; code: string | null; count: number }>(
				`SELECT CASE WHEN grouping(p.community) = 0 THEN 'communityTheme'
						WHEN grouping(p.theme) = 0 THEN 'theme'
						WHEN grouping(p.level) = 0 THEN 'level' ELSE 'reporterType' END AS dim,
					p.community, CASE WHEN grouping(p.theme) = 0 THEN p.theme
						WHEN grouping(p.level) = 0 THEN p.level ELSE p.reporter_type END AS code,
					count(*)::INTEGER AS count
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

/** Themes, statuses (with their type and whether they count in V), levels and reporter types. */
export function readVocabulary(db: LedgerDatabase): Promise<VocabularyRow[]> {
	return db.all<VocabularyRow>(
		`SELECT 'theme' AS kind, code, label_zh AS "labelZh", label_en AS "labelEn",
			sort_order::INTEGER AS "sortOrder", NULL::VARCHAR AS type, NULL::BOOLEAN AS "inRates"
		 FROM themes
		 UNION ALL
		 SELECT 'status', code, label_zh, label_en, sort_order::INTEGER, type, in_rates FROM statuses
		 UNION ALL
		 SELECT kind, code, label_zh, label_en, sort_order::INTEGER, NULL, NULL FROM terms
		 WHERE kind IN ('level', 'reporter_type')`
	);
}

// ---------------------------------------------------------------------------------------------
// Assembly.

export class Labels {
	private readonly byKind = new Map<string, Map<string, VocabularyRow>>();

	constructor(rows: VocabularyRow[]) {
		for (const row of rows) {
			let kind = this.byKind.get(row.kind);
			if (!kind) this.byKind.set(row.kind, (kind = new Map()));
			kind.set(row.code, row);
		}
	}

	get(kind: VocabularyRow['kind'], code: string): VocabularyRow | undefined {
		return this.byKind.get(kind)?.get(code);
	}

	/** Both labels of a code; a code the vocabulary lost (an edited taxonomy) shows as itself. */
	of(kind: VocabularyRow['kind'], code: string): Labelled {
		const row = this.get(kind, code);
		return { code, labelZh: row?.labelZh ?? code, labelEn: row?.labelEn ?? code };
	}

	order(kind: VocabularyRow['kind'], code: string | null): number {
		if (code === null) return Number.MAX_SAFE_INTEGER;
		return this.get(kind, code)?.sortOrder ?? Number.MAX_SAFE_INTEGER - 1;
	}
}

export const shareOf = (count: number, total: number): number | null =>
	total > 0 ? count / total : null;

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
		resolveOverviewPeriod(db, filters, opts.today),
		readVocabulary(db)
	]);
	const responseDays = opts.responseDays ?? DEFAULT_RESPONSE_DAYS;
	const statuses = statusCodesOf(
		vocabulary
			.filter((r) => r.kind === 'status')
			.map((r) => ({ code: r.code, type: r.type, inRates: r.inRates === true }))
	);
	const q = overviewQueries(db, filters, period, { scope: opts.scope, responseDays, statuses });
	const [
		kpiCounts,
		previousKpiCounts,
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
	const gridRows = dimensionRows
		.filter((r) => r.dim === 'communityTheme')
		.map((r) => ({ community: r.community ?? '', theme: r.code ?? '', count: r.count }));
	const kpis = {
		current: computeKpis({ ...kpiCounts, ...kpiDays.current }),
		previous: computeKpis({ ...previousKpiCounts, ...kpiDays.previous })
	};
	const total = kpis.current.total;
	const counted = <K extends VocabularyRow['kind']>(
		kind: K,
		row: { code: string; count: number }
	) => ({
		...labels.of(kind, row.code),
		count: row.count,
		share: shareOf(row.count, total)
	});
	const optional = (kind: VocabularyRow['kind'], row: CodeCount): OptionalLabelledCount =>
		row.code === null
			? { code: null, ...NOT_GIVEN, count: row.count, share: shareOf(row.count, total) }
			: counted(kind, { code: row.code, count: row.count });

	const byTheme = byThemeRows
		.map((r) => counted('theme', { code: r.code ?? '', count: r.count }))
		.sort(
			(a, b) => b.count - a.count || labels.order('theme', a.code) - labels.order('theme', b.code)
		);

	const inRates = (code: string | null) =>
		code !== null && labels.get('status', code)?.inRates === true;
	const known = byStatusRows.filter((r) => r.code !== null && labels.get('status', r.code));
	const statusRows = known.filter((r) => inRates(r.code));
	const typeOf = (code: string): StatusType => labels.get('status', code)?.type ?? 'open';
	const byStatus = statusRows
		.map((r) => ({
			...counted('status', { code: r.code ?? '', count: r.count }),
			type: typeOf(r.code ?? '')
		}))
		.sort((a, b) => labels.order('status', a.code) - labels.order('status', b.code));
	const byStatusType = (['open', 'fixed', 'closed'] as const).map((type) => {
		const count = byStatus.filter((s) => s.type === type).reduce((sum, s) => sum + s.count, 0);
		return { ...STATUS_TYPE_LABELS[type], code: type, count, share: shareOf(count, total) };
	});

	const communityTotals = new Map<string, number>();
	for (const c of gridRows)
		communityTotals.set(c.community, (communityTotals.get(c.community) ?? 0) + c.count);
	const communities = [...communityTotals]
		.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
		.map(([name]) => name);
	const themeRank = new Map(byTheme.map((t, i) => [t.code, i]));
	const communityRank = new Map(communities.map((c, i) => [c, i]));
	const cells = gridRows
		.map(({ community, theme, count }) => ({ community, theme, count }))
		.sort(
			(a, b) =>
				communityRank.get(a.community)! - communityRank.get(b.community)! ||
				themeRank.get(a.theme)! - themeRank.get(b.theme)!
		);

	const heat = heatRows
		.map((r) => {
			const l = labels.of('theme', r.code);
			return {
				theme: r.code,
				labelZh: l.labelZh,
				labelEn: l.labelEn,
				current: r.current,
				previous: r.previous,
				change: themeHeat(r.current, r.previous)
			};
		})
		.sort(
			(a, b) =>
				(a.change === null ? 1 : 0) - (b.change === null ? 1 : 0) ||
				(b.change ?? 0) - (a.change ?? 0) ||
				b.current - a.current ||
				labels.order('theme', a.theme) - labels.order('theme', b.theme)
		);

	const ageCounts = [age.b0, age.b1, age.b2, age.b3];

	return {
		period,
		responseDays,
		kpis,
		excluded: known.filter((r) => !inRates(r.code)).reduce((sum, r) => sum + r.count, 0),
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
