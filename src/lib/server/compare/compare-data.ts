// The figures of the compare page (/compare) and GET /api/v1/compare. Every query runs over every
// unit with the page's filters except the community filter, grouped by community with a grand total
// (GROUPING SETS): the chosen units' columns, the street beside them and the ranking of all units
// come from the same scans. The community filter names the chosen units. A scoped account's
// "every unit" is its scope: units, street, ranking and theme focus count only those communities.
import type { Filters } from '../../domain/filters';
import {
	RATE_IDS,
	ratesOf,
	wilson,
	type KpiInput,
	type Kpis,
	type RateId
} from '../../domain/figures';
import {
	MAX_UNITS,
	type BoxStats,
	type CompareData,
	type LabelledShare,
	type UnitFigures
} from '../../domain/compare-model';
import { shareOf, themeShifts, type ThemeShift } from '../../domain/measures';
import { BACKLOG_BUCKETS } from '../../domain/overview-model';
import { monthsOf } from '../../domain/period';
import { buildRanking, type CompareParams } from '../../domain/ranking';
import { Labels, STATUS_TYPE_LABELS, STATUS_TYPES, statusCodesOf } from '../../domain/vocabulary';
import { resolvePeriod } from '../db/as-of';
import type { LedgerDatabase } from '../db/database';
import { runFiltered, inScope, statusIn, type Scope, type SqlParam } from '../db/query-compiler';
import { readVocabulary } from '../db/vocabulary';
import { DEFAULT_RESPONSE_DAYS } from '../dashboard/overview-data';
import { KPI_COUNT_COLUMNS, kpisOf, suppliedFields, type KpiCountRow } from '../dashboard/kpi-sql';

/** The grand-total row of a GROUPING SETS query (community NULL, never '' in the data): the street. */
const STREET = '';

const THEME_FOCUS_SIZE = 3;

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
		resolvePeriod(db, filters, opts.scope, opts.today),
		readVocabulary(db)
	]);
	const labels = new Labels(vocabulary);
	const codes = statusCodesOf(vocabulary.statuses);
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
			run<KpiCountRow & { unit: string; isCurrent: boolean }>(
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
			// V, like the overview's status chart: the mix adds up to the unit's 问题总数.
			run<{ unit: string; status: string; count: number }>(
				`SELECT ${unitKey} AS unit, p.status, count(*)::INTEGER AS count
				 ${inV} GROUP BY GROUPING SETS ((p.community, p.status), (p.status))`,
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
	const kpiRowOf = (unit: string, isCurrent: boolean) =>
		kpiRows.find((r) => r.unit === unit && r.isCurrent === isCurrent);
	const daysOf = (unit: string) => dayRows.find((r) => r.unit === unit);
	const kpisOfUnit = (unit: string, isCurrent: boolean): Kpis => {
		const days = isCurrent ? daysOf(unit) : undefined;
		const input: KpiInput['days'] = {
			median: days?.q?.[2] ?? null,
			p90: days?.q?.[4] ?? null,
			n: days?.n ?? 0
		};
		return kpisOf(kpiRowOf(unit, isCurrent), input);
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

	// Statuses counted in V, in their order: the status mix counts V.
	const knownStatuses = vocabulary.statuses.filter((s) => s.inRates);
	const monthsOfPeriod = monthsOf(period.from, period.to);

	const figuresOf = (unit: string, street: Kpis | null): UnitFigures => {
		const kpis = kpisOfUnit(unit, true);
		const rates = ratesOf(kpis);
		const intervals = Object.fromEntries(
			RATE_IDS.map((key) => [key, wilson(rates[key].num, rates[key].den)])
		) as Record<RateId, ReturnType<typeof wilson>>;
		const streetRates = street ? ratesOf(street) : null;
		const belowStreet = streetRates
			? RATE_IDS.filter((key) => {
					const interval = intervals[key];
					const value = streetRates[key].value;
					return interval !== null && value !== null && interval.high < value;
				})
			: [];
		const themeMix: LabelledShare[] = themeCodes.map((code) => {
			const count = themeCount(unit, code, true);
			return { ...labels.of('theme', code), count, share: shareOf(count, kpis.total.value) };
		});
		const statusCounts = statusRows.filter((r) => r.unit === unit);
		const allOfUnit = statusCounts.reduce((sum, r) => sum + r.count, 0);
		const statusMix = knownStatuses.map((s) => {
			const count = statusCounts.find((r) => r.status === s.code)?.count ?? 0;
			return {
				...labels.of('status', s.code),
				type: s.type,
				count,
				share: shareOf(count, allOfUnit)
			};
		});
		const statusTypeMix = STATUS_TYPES.map((type) => {
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
			backlog: BACKLOG_BUCKETS.map((b, i) => ({ bucket: b.key, count: backlogCounts[i] })),
			monthly
		};
	};

	const streetFigures = figuresOf(STREET, null);
	const streetKpis = streetFigures.kpis;

	// ---- Ranking of every unit, and of the previous period for the rank change.
	const rankingInput = (isCurrent: boolean) =>
		[...unitTotals.keys()].map((unit) => ({ unit, kpis: kpisOfUnit(unit, isCurrent) }));
	const ranking = buildRanking(
		rankingInput(true),
		rankingInput(false).filter((r) => r.kpis.total.value > 0),
		params.weights,
		params.minCount
	);

	// ---- Theme focus: the themes whose share of V rose most against the previous period.
	const shiftsOf = (unit: string): ThemeShift[] => {
		const now = kpisOfUnit(unit, true).total.value;
		const before = kpiRowOf(unit, false)?.valid ?? 0;
		if (now === 0 || before === 0) return [];
		const themes = new Set(themeRows.filter((r) => r.unit === unit).map((r) => r.theme));
		const rows = [...themes]
			.sort((a, b) => labels.order('theme', a) - labels.order('theme', b))
			.map((code) => ({
				...labels.of('theme', code),
				count: themeCount(unit, code, true),
				previousCount: themeCount(unit, code, false)
			}));
		return themeShifts(rows, now, before)
			.filter((s) => (s.change ?? 0) > 0)
			.slice(0, THEME_FOCUS_SIZE);
	};

	// ---- Coverage: the fields each unit's problems of the period carried.
	const coverage = allUnits
		.filter((u) => u.total > 0)
		.map((u) => suppliedFields(kpiRowOf(u.unit, true)?.suppliedMask ?? 0));

	return {
		period,
		responseDays,
		weights: params.weights,
		minCount: params.minCount,
		allUnits,
		units: chosen.map((unit) => figuresOf(unit, streetKpis)),
		street: streetFigures,
		coverage,
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
