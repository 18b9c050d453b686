// The figures of the compare page (/compare) and GET /api/v1/compare. Every query runs over every
// unit with the page's filters except the community filter, grouped by community with a grand total
// (GROUPING SETS): the chosen units' columns, the street beside them and the ranking of all units
// come from the same scans. The community filter names the chosen units. A scoped account's
// "every unit" is its scope: units, street, ranking and theme focus count only those communities.
import type { Filters } from '../../domain/filters';
import { computeKpis, wilson, type KpiCounts, type Kpis, type Rate } from '../../domain/kpi';
import {
	MAX_UNITS,
	RATE_KEYS,
	type BacklogBucketKey,
	type BoxStats,
	type CompareData,
	type LabelledShare,
	type RateKey,
	type StatusType,
	type ThemeShift,
	type UnitFigures
} from '../../domain/compare-model';
import { buildRanking, type CompareParams } from '../../domain/ranking';
import type { LedgerDatabase } from '../db/database';
import {
	runFiltered,
	inScope,
	statusCodesOf,
	statusIn,
	type Scope,
	type SqlParam
} from '../db/query-compiler';
import {
	BACKLOG_BUCKETS,
	DEFAULT_RESPONSE_DAYS,
	KPI_COUNT_COLUMNS,
	Labels,
	readVocabulary,
	resolveOverviewPeriod,
	shareOf,
	STATUS_TYPE_LABELS
} from '../dashboard/overview-data';

/** The grand-total row of a GROUPING SETS query (community NULL, never '' in the data): the street. */
const STREET = '';

const THEME_FOCUS_SIZE = 3;

type Counts = Omit<KpiCounts, 'daysMedian' | 'daysP90' | 'doneWithDates'>;

function ratesOf(k: Kpis): Record<RateKey, Rate> {
	return {
		closure: k.closure,
		fix: k.fix,
		signOff: k.signOff,
		onTime: k.onTime,
		response: k.response,
		satisfaction: k.satisfaction,
		callback: k.callback
	};
}

export async function loadCompareData(
	db: LedgerDatabase,
	filters: Filters,
	params: CompareParams,
	opts: { scope: Scope; responseDays?: number; today?: string }
): Promise<CompareData> {
	const responseDays = opts.responseDays ?? DEFAULT_RESPONSE_DAYS;
	const chosen = chosenUnits(filters, opts.scope);
	const everyUnit: Filters = { ...filters, communities: [] };
	const [period, vocabulary] = await Promise.all([
		resolveOverviewPeriod(db, filters, opts.today),
		readVocabulary(db)
	]);
	const labels = new Labels(vocabulary);
	const codes = statusCodesOf(
		vocabulary
			.filter((r) => r.kind === 'status')
			.map((r) => ({ code: r.code, type: r.type, inRates: r.inRates === true }))
	);
	const { asOf } = period;
	const current = { from: period.from, to: period.to };
	const both = { from: period.prevFrom, to: period.to };

	const run = <T>(
		sql: string,
		range: { from: string; to: string } | null,
		own: Record<string, SqlParam> = {}
	): Promise<T[]> => {
		return runFiltered<T>(
			db,
			sql,
			everyUnit,
			{ asOf, period: range, statuses: codes, scope: opts.scope },
			own
		);
	};
	const inV = `FROM problems p WHERE ${statusIn('s_in_rates')} AND {where}`;
	const unitKey = `coalesce(p.community, '')`;
	const isOpen = statusIn('s_open');

	const [kpiRows, dayRows, themeRows, statusRows, backlogRows, createdRows, resolvedRows] =
		await Promise.all([
			// Both periods' KPI counts by unit and for the street in one scan.
			run<Counts & { unit: string; isCurrent: boolean }>(
				`SELECT ${unitKey} AS unit, p.reported_at >= $k_from::DATE AS "isCurrent", ${KPI_COUNT_COLUMNS}
				 ${inV} GROUP BY GROUPING SETS ((p.community, "isCurrent"), ("isCurrent"))`,
				both,
				{ k_from: period.from, k_asOf: asOf, k_days: responseDays }
			),
			run<{ unit: string; q: number[] | null; n: number }>(
				`SELECT ${unitKey} AS unit,
					quantile_cont((p.resolved_at - p.reported_at)::INTEGER, [0, 0.25, 0.5, 0.75, 0.9, 1])::DOUBLE[] AS q,
					count(*)::INTEGER AS n
				 ${inV} AND NOT ${isOpen} AND p.resolved_at IS NOT NULL
				 GROUP BY GROUPING SETS ((p.community), ())`,
				current
			),
			run<{ unit: string; theme: string; isCurrent: boolean; count: number }>(
				`SELECT ${unitKey} AS unit, p.theme, p.reported_at >= $t_from::DATE AS "isCurrent",
					count(*)::INTEGER AS count
				 ${inV} GROUP BY GROUPING SETS ((p.community, p.theme, "isCurrent"), (p.theme, "isCurrent"))`,
				both,
				{ t_from: period.from }
			),
			run<{ unit: string; status: string; count: number }>(
				`SELECT ${unitKey} AS unit, p.status, count(*)::INTEGER AS count
				 FROM problems p WHERE {where}
				 GROUP BY GROUPING SETS ((p.community, p.status), (p.status))`,
				current
			),
			run<{ unit: string; b0: number; b1: number; b2: number; b3: number }>(
				`SELECT ${unitKey} AS unit,
					count(*) FILTER (WHERE age <= 30)::INTEGER AS b0,
					count(*) FILTER (WHERE age BETWEEN 31 AND 90)::INTEGER AS b1,
					count(*) FILTER (WHERE age BETWEEN 91 AND 180)::INTEGER AS b2,
					count(*) FILTER (WHERE age > 180)::INTEGER AS b3
				 FROM (SELECT p.community, $o_asOf::DATE - p.reported_at AS age FROM problems p
					WHERE ${isOpen} AND p.reported_at <= $o_asOf::DATE AND {where}) p
				 GROUP BY GROUPING SETS ((p.community), ())`,
				null,
				{ o_asOf: asOf }
			),
			run<{ unit: string; month: string; count: number }>(
				`SELECT ${unitKey} AS unit, strftime(p.reported_at, '%Y-%m') AS month, count(*)::INTEGER AS count
				 ${inV} GROUP BY GROUPING SETS ((p.community, month), (month))`,
				current
			),
			// Resolved in the period, whenever reported (as the overview's trend counts them).
			run<{ unit: string; month: string; count: number }>(
				`SELECT ${unitKey} AS unit, strftime(p.resolved_at, '%Y-%m') AS month, count(*)::INTEGER AS count
				 ${inV} AND p.resolved_at BETWEEN $r_from::DATE AND $r_to::DATE
				 GROUP BY GROUPING SETS ((p.community, month), (month))`,
				null,
				{ r_from: period.from, r_to: period.to }
			)
		]);

	// ---- KPIs of every unit and the street, both periods.
	const zero: Counts = {
		valid: 0,
		fixed: 0,
		closed: 0,
		verified: 0,
		onTimeDone: 0,
		dueByAsOf: 0,
		noDeadline: 0,
		overdue: 0,
		respondedWithinT: 0,
		satisfactionPositive: 0,
		satisfactionGiven: 0,
		callbackYes: 0,
		callbackGiven: 0
	};
	const countsOf = (unit: string, isCurrent: boolean): Counts => {
		const row = kpiRows.find((r) => r.unit === unit && r.isCurrent === isCurrent);
		return row ? { ...zero, ...pick(row, Object.keys(zero) as (keyof Counts)[]) } : zero;
	};
	const daysOf = (unit: string) => dayRows.find((r) => r.unit === unit);
	const kpisOf = (unit: string, isCurrent: boolean): Kpis => {
		const days = isCurrent ? daysOf(unit) : undefined;
		return computeKpis({
			...countsOf(unit, isCurrent),
			daysMedian: days?.q?.[2] ?? null,
			daysP90: days?.q?.[4] ?? null,
			doneWithDates: days?.n ?? 0
		});
	};

	// ---- Units: every community with problems in either period, most problems first.
	const unitTotals = new Map<string, number>();
	for (const r of kpiRows) {
		if (r.unit === STREET) continue;
		unitTotals.set(r.unit, (unitTotals.get(r.unit) ?? 0) + (r.isCurrent ? r.valid : 0));
	}
	const allUnits = [...unitTotals]
		.map(([unit, total]) => ({ unit, total }))
		.sort((a, b) => b.total - a.total || (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0));

	// ---- The themes that occur in the period anywhere, in taxonomy order, for aligned mixes.
	const currentThemes = themeRows.filter((r) => r.isCurrent && r.unit === STREET);
	const themeCodes = currentThemes
		.map((r) => r.theme)
		.sort((a, b) => labels.order('theme', a) - labels.order('theme', b));
	const themeCount = (unit: string, theme: string, isCurrent: boolean): number =>
		themeRows.find((r) => r.unit === unit && r.theme === theme && r.isCurrent === isCurrent)
			?.count ?? 0;

	const knownStatuses = vocabulary
		.filter((r) => r.kind === 'status')
		.sort((a, b) => a.sortOrder - b.sortOrder);
	const monthsOfPeriod = months(period.from, period.to);

	const figuresOf = (unit: string, street: Kpis | null): UnitFigures => {
		const kpis = kpisOf(unit, true);
		const rates = ratesOf(kpis);
		const intervals = Object.fromEntries(
			RATE_KEYS.map((key) => [key, wilson(rates[key].num, rates[key].den)])
		) as Record<RateKey, ReturnType<typeof wilson>>;
		const streetRates = street ? ratesOf(street) : null;
		const belowStreet = streetRates
			? RATE_KEYS.filter((key) => {
					const interval = intervals[key];
					const value = streetRates[key].value;
					return interval !== null && value !== null && interval.high < value;
				})
			: [];
		const themeMix: LabelledShare[] = themeCodes.map((code) => {
			const count = themeCount(unit, code, true);
			return { ...labels.of('theme', code), count, share: shareOf(count, kpis.total) };
		});
		const statusCounts = statusRows.filter((r) => r.unit === unit);
		const allOfUnit = statusCounts.reduce((sum, r) => sum + r.count, 0);
		const statusMix = knownStatuses.map((s) => {
			const count = statusCounts.find((r) => r.status === s.code)?.count ?? 0;
			return {
				...labels.of('status', s.code),
				type: (s.type ?? 'open') as StatusType,
				count,
				share: shareOf(count, allOfUnit)
			};
		});
		const statusTypeMix = (['open', 'fixed', 'closed'] as const).map((type) => {
			const count = statusMix.filter((s) => s.type === type).reduce((sum, s) => sum + s.count, 0);
			return { ...STATUS_TYPE_LABELS[type], code: type, count, share: shareOf(count, allOfUnit) };
		});
		const days = daysOf(unit);
		const daysToResolve: BoxStats | null =
			days?.q && days.n > 0
				? {
						n: days.n,
						min: days.q[0],
						q1: days.q[1],
						median: days.q[2],
						q3: days.q[3],
						max: days.q[5]
					}
				: null;
		const backlogRow = backlogRows.find((r) => r.unit === unit);
		const backlogCounts = backlogRow
			? [backlogRow.b0, backlogRow.b1, backlogRow.b2, backlogRow.b3]
			: [0, 0, 0, 0];
		const monthly = monthsOfPeriod.map((month) => ({
			month,
			created: createdRows.find((r) => r.unit === unit && r.month === month)?.count ?? 0,
			resolved: resolvedRows.find((r) => r.unit === unit && r.month === month)?.count ?? 0
		}));
		return {
			unit,
			kpis,
			intervals,
			belowStreet,
			themeMix,
			statusTypeMix,
			statusMix,
			daysToResolve,
			backlog: BACKLOG_BUCKETS.map((b, i) => ({
				bucket: b.key as BacklogBucketKey,
				count: backlogCounts[i]
			})),
			monthly
		};
	};

	const streetFigures = figuresOf(STREET, null);
	const streetKpis = streetFigures.kpis;

	// ---- Ranking of every unit, and of the previous period for the rank change.
	const rankingInput = (isCurrent: boolean) =>
		[...unitTotals.keys()].map((unit) => {
			const kpis = kpisOf(unit, isCurrent);
			return {
				unit,
				total: kpis.total,
				rates: ratesOf(kpis),
				overdue: kpis.overdue,
				medianDays: kpis.daysToResolve.median
			};
		});
	const ranking = buildRanking(
		rankingInput(true),
		rankingInput(false).filter((r) => r.total > 0),
		params.weights,
		params.minCount
	);

	// ---- Theme focus: the themes whose share of V rose most against the previous period.
	const shiftsOf = (unit: string): ThemeShift[] => {
		const now = kpisOf(unit, true).total;
		const before = countsOf(unit, false).valid;
		if (now === 0 || before === 0) return [];
		const themes = new Set(themeRows.filter((r) => r.unit === unit).map((r) => r.theme));
		return [...themes]
			.map((code) => {
				const count = themeCount(unit, code, true);
				const previousCount = themeCount(unit, code, false);
				const share = count / now;
				const previousShare = previousCount / before;
				return {
					...labels.of('theme', code),
					count,
					previousCount,
					share,
					previousShare,
					change: share - previousShare
				};
			})
			.filter((s) => s.change > 0)
			.sort((a, b) => b.change - a.change || b.count - a.count)
			.slice(0, THEME_FOCUS_SIZE);
	};

	return {
		period,
		responseDays,
		weights: params.weights,
		minCount: params.minCount,
		allUnits,
		units: chosen.map((unit) => figuresOf(unit, streetKpis)),
		street: streetFigures,
		ranking,
		themeFocus: {
			street: shiftsOf(STREET),
			units: chosen.map((unit) => ({ unit, shifts: shiftsOf(unit) }))
		}
	};
}

/** The units the community filter names that the scope holds, at most MAX_UNITS, in its order. */
export function chosenUnits(filters: Filters, scope: Scope): string[] {
	return [...new Set(filters.communities)].filter((c) => inScope(scope, c)).slice(0, MAX_UNITS);
}

function pick<T extends object, K extends keyof T>(row: T, keys: K[]): Pick<T, K> {
	return Object.fromEntries(keys.map((k) => [k, row[k]])) as Pick<T, K>;
}

/** The calendar months a period touches, as YYYY-MM. */
export function months(from: string, to: string): string[] {
	const out: string[] = [];
	let [y, m] = from.split('-').map(Number);
	const [ty, tm] = to.split('-').map(Number);
	while (y < ty || (y === ty && m <= tm)) {
		out.push(`${y}-${String(m).padStart(2, '0')}`);
		m += 1;
		if (m > 12) {
			m = 1;
			y += 1;
		}
	}
	return out;
}
