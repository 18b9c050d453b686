// The registry of figures: one entry per KPI of the product (README "KPIs"), in the order the views
// show them. Each says what it counts (its counts, made by one SQL scan in
// src/lib/server/dashboard/kpi-sql.ts), over which population, which fields an export must carry
// for it to mean anything, whether it can be weighted in the composite score, which list shows the
// problems it counts, and its label and formula (message keys in messages/*.json). The KPI cards,
// the compare columns, the ranking table, its weight editor and export, the report and the summary
// read this list; none of them lists KPIs again. Pure.
import type { Drill } from './filters';
import type { Population } from './filters';

/**
 * The counts every figure is made of. `sql` counts come from the KPI query over V (each has its
 * SQL in kpi-sql.ts); the others are sums and differences of them, made here.
 */
export const SQL_COUNTS = [
	/** |V| */
	'valid',
	/** type = fixed */
	'fixed',
	/** type = closed (duplicate and withdrawn are not in V) */
	'closed',
	/** status = verified (销号) */
	'verified',
	/** done (type fixed or closed) with resolved_at ≤ deadline ≤ as-of */
	'onTimeDone',
	/** deadline ≤ as-of, on problems whose exports carry 完成时间 */
	'dueByAsOf',
	/** no deadline: left out of the on-time rate, and counted */
	'noDeadline',
	/** type = open and deadline < as-of */
	'overdue',
	/** acknowledged_at − reported_at ≤ T days */
	'respondedWithinT',
	/** problems whose exports carry 受理时间 (or whose status history dates it) */
	'ackRecorded',
	/** 非常满意, 满意, 基本满意 */
	'satisfactionPositive',
	'satisfactionGiven',
	/** callback_resolved = yes */
	'callbackYes',
	'callbackGiven'
] as const;
export type SqlCountId = (typeof SQL_COUNTS)[number];

export const DERIVED_COUNTS = {
	/** type fixed or closed */
	done: (c: Record<SqlCountId, number>) => c.fixed + c.closed,
	/** |V| − |type = closed| */
	notClosed: (c: Record<SqlCountId, number>) => c.valid - c.closed
} as const;
export type CountId = SqlCountId | keyof typeof DERIVED_COUNTS;
export type Counts = Record<CountId, number>;

/** Fields a figure needs an export to carry (csv-schema.md's names). */
export type InputField =
	'acknowledged_at' | 'satisfaction' | 'callback_resolved' | 'deadline' | 'resolved_at';

/** Extra list conditions that pick out a figure's problems (its numerator, its denominator). */
export type DrillWhere = NonNullable<Drill['where']>;

interface FigureBase {
	id: string;
	/** Message keys of the figure's name and of its formula in words. */
	label: string;
	formula: string;
	/** Whose problems it counts: every KPI counts V, the period's problems but 重复/撤回. */
	population: Population;
	/**
	 * Fields the figure needs. A unit none of whose exports (for the problems counted) carried
	 * them gets "无数据" instead of a figure, and leaves the composite score with its weight.
	 */
	requires: readonly InputField[];
	/** Which way is good news (colours the change); null when neither. */
	better: 'higher' | 'lower' | null;
}

export interface CountFigure extends FigureBase {
	kind: 'count';
	count: CountId;
	/** The list of the problems it counts (on top of V of the period). */
	drill: DrillWhere;
}

export interface RateFigure extends FigureBase {
	kind: 'rate';
	num: CountId;
	den: CountId;
	/** Default weight in the composite score, in percent (0: offered, not weighted). */
	weight: number;
	/** Lists of the numerator's and the denominator's problems, where the filters can say them. */
	drill: { num?: DrillWhere; den?: DrillWhere };
	/** Problems the rate leaves out, said beside it (a message key taking {n}). */
	aside?: { count: CountId; message: string };
}

export interface DaysFigure extends FigureBase {
	kind: 'days';
}

export type Figure = CountFigure | RateFigure | DaysFigure;

export const FIGURES = [
	{
		id: 'total',
		kind: 'count',
		count: 'valid',
		label: 'kpi_total',
		formula: 'kpi_total_def',
		population: 'valid',
		requires: [],
		better: null,
		drill: {}
	},
	{
		id: 'closure',
		kind: 'rate',
		num: 'done',
		den: 'valid',
		weight: 30,
		label: 'kpi_closure',
		formula: 'kpi_closure_def',
		population: 'valid',
		requires: [],
		better: 'higher',
		drill: { num: { statusTypes: ['fixed', 'closed'] }, den: {} }
	},
	{
		id: 'fix',
		kind: 'rate',
		num: 'fixed',
		den: 'notClosed',
		weight: 0,
		label: 'kpi_fix',
		formula: 'kpi_fix_def',
		population: 'valid',
		requires: [],
		better: 'higher',
		drill: { num: { statusTypes: ['fixed'] }, den: { statusTypes: ['open', 'fixed'] } }
	},
	{
		id: 'signOff',
		kind: 'rate',
		num: 'verified',
		den: 'valid',
		weight: 0,
		label: 'kpi_sign_off',
		formula: 'kpi_sign_off_def',
		population: 'valid',
		requires: [],
		better: 'higher',
		drill: { num: { statuses: ['verified'] }, den: {} }
	},
	{
		id: 'onTime',
		kind: 'rate',
		num: 'onTimeDone',
		den: 'dueByAsOf',
		weight: 30,
		label: 'kpi_on_time',
		formula: 'kpi_on_time_def',
		population: 'valid',
		requires: ['deadline', 'resolved_at'],
		better: 'higher',
		drill: {},
		aside: { count: 'noDeadline', message: 'compare_no_deadline' }
	},
	{
		id: 'overdue',
		kind: 'count',
		count: 'overdue',
		label: 'kpi_overdue',
		formula: 'kpi_overdue_def',
		population: 'valid',
		requires: ['deadline'],
		better: 'lower',
		drill: { overdue: true }
	},
	{
		id: 'response',
		kind: 'rate',
		num: 'respondedWithinT',
		den: 'ackRecorded',
		weight: 20,
		label: 'kpi_response',
		formula: 'kpi_response_def',
		population: 'valid',
		requires: ['acknowledged_at'],
		better: 'higher',
		drill: {}
	},
	{
		id: 'satisfaction',
		kind: 'rate',
		num: 'satisfactionPositive',
		den: 'satisfactionGiven',
		weight: 20,
		label: 'kpi_satisfaction',
		formula: 'kpi_satisfaction_def',
		population: 'valid',
		requires: ['satisfaction'],
		better: 'higher',
		drill: {
			num: { satisfactions: ['very_satisfied', 'satisfied', 'basic'] },
			den: {
				satisfactions: ['very_satisfied', 'satisfied', 'basic', 'unsatisfied', 'very_unsatisfied']
			}
		}
	},
	{
		id: 'callback',
		kind: 'rate',
		num: 'callbackYes',
		den: 'callbackGiven',
		weight: 0,
		label: 'kpi_callback',
		formula: 'kpi_callback_def',
		population: 'valid',
		requires: ['callback_resolved'],
		better: 'higher',
		drill: {}
	},
	{
		id: 'callbackRate',
		kind: 'rate',
		num: 'callbackGiven',
		den: 'valid',
		weight: 0,
		label: 'kpi_callback_rate',
		formula: 'kpi_callback_rate_def',
		population: 'valid',
		requires: ['callback_resolved'],
		better: 'higher',
		drill: {}
	},
	{
		id: 'days',
		kind: 'days',
		label: 'kpi_days',
		formula: 'kpi_days_def',
		population: 'valid',
		requires: ['resolved_at'],
		better: 'lower'
	}
] as const satisfies readonly Figure[];

export type FigureId = (typeof FIGURES)[number]['id'];
type FigureOf<K extends FigureId> = Extract<(typeof FIGURES)[number], { id: K }>;
export type RateId = Extract<(typeof FIGURES)[number], { kind: 'rate' }>['id'];

export const RATE_FIGURES: readonly RateFigure[] = FIGURES.filter(
	(f): f is Extract<(typeof FIGURES)[number], { kind: 'rate' }> => f.kind === 'rate'
);
/** The rates a composite score may weigh, in the registry's order. */
export const RATE_IDS = RATE_FIGURES.map((f) => f.id) as RateId[];

export function figureById(id: FigureId): Figure {
	return FIGURES.find((f) => f.id === id)!;
}

// ---------------------------------------------------------------------------------------------
// Values.

/** A rate with its parts: the UI shows num/den beside the value, and "—" when value is null. */
export interface Rate {
	num: number;
	den: number;
	/** num / den; null when den is 0. */
	value: number | null;
}

export interface RateValue extends Rate {
	kind: 'rate';
	/** No problem counted came from an export carrying the fields the rate needs: "无数据". */
	noData: boolean;
}

export interface CountValue {
	kind: 'count';
	value: number;
	noData: boolean;
}

export interface DaysValue {
	kind: 'days';
	/** resolved_at − reported_at in days over done problems with both dates; null when none. */
	median: number | null;
	p90: number | null;
	n: number;
	noData: boolean;
}

type ValueOfKind<K> = K extends 'rate' ? RateValue : K extends 'count' ? CountValue : DaysValue;
export type FigureValue = RateValue | CountValue | DaysValue;

/** What the KPI query and the days query give for one unit and period. */
export interface KpiInput {
	counts: Record<SqlCountId, number>;
	/** Fields some counted problem's exports carried (or its history derived). */
	supplied: readonly string[];
	days: { median: number | null; p90: number | null; n: number };
}

/** Every figure of one unit (or the street) for one period, and the counts they came from. */
export type Kpis = { [K in FigureId]: ValueOfKind<FigureOf<K>['kind']> } & {
	counts: Counts;
	supplied: readonly string[];
};

export function rate(num: number, den: number): Rate {
	return { num, den, value: den > 0 ? num / den : null };
}

/** Whether the problems counted carried every field a figure needs (none needed: true). */
export function hasInputs(figure: Figure, supplied: readonly string[]): boolean {
	return figure.requires.every((f) => supplied.includes(f));
}

export function computeKpis(input: KpiInput): Kpis {
	const counts: Counts = { ...input.counts } as Counts;
	for (const [id, of] of Object.entries(DERIVED_COUNTS))
		counts[id as keyof typeof DERIVED_COUNTS] = of(input.counts);
	const out: Record<string, FigureValue> = {};
	for (const figure of FIGURES as readonly Figure[]) {
		// Nothing to count is not "no data": an empty selection shows 0 and "—".
		const noData = counts.valid > 0 && !hasInputs(figure, input.supplied);
		if (figure.kind === 'count') {
			out[figure.id] = { kind: 'count', value: counts[figure.count], noData };
		} else if (figure.kind === 'rate') {
			const r = noData ? rate(0, 0) : rate(counts[figure.num], counts[figure.den]);
			out[figure.id] = { kind: 'rate', ...r, noData };
		} else {
			const { days } = input;
			out[figure.id] = {
				kind: 'days',
				median: days.n > 0 ? days.median : null,
				p90: days.n > 0 ? days.p90 : null,
				n: days.n,
				noData
			};
		}
	}
	return { ...(out as Omit<Kpis, 'counts' | 'supplied'>), counts, supplied: input.supplied };
}

/** All-zero counts: what an empty selection gives. */
export const ZERO_COUNTS = Object.fromEntries(SQL_COUNTS.map((c) => [c, 0])) as Record<
	SqlCountId,
	number
>;

export const EMPTY_KPI_INPUT: KpiInput = {
	counts: ZERO_COUNTS,
	supplied: [],
	days: { median: null, p90: null, n: 0 }
};

/** The rates of one unit's figures, by id (the composite score's inputs). */
export function ratesOf(kpis: Kpis): Record<RateId, RateValue> {
	return Object.fromEntries(RATE_IDS.map((id) => [id, kpis[id]])) as Record<RateId, RateValue>;
}

/** The Wilson score interval of num/den (95 % for z = 1.96); null when den is 0. */
export function wilson(num: number, den: number, z = 1.96): { low: number; high: number } | null {
	if (den <= 0) return null;
	const p = num / den;
	const z2 = z * z;
	const scale = 1 + z2 / den;
	const centre = (p + z2 / (2 * den)) / scale;
	const half = (z * Math.sqrt((p * (1 - p)) / den + z2 / (4 * den * den))) / scale;
	return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * Which fields each unit's counted problems carried (one list per unit with problems): the
 * street's coverage line, "10 个单位中 3 个提供受理时间".
 */
export type Coverage = readonly (readonly string[])[];

/** Units that carried every field a figure needs, of all units; null when it needs none. */
export function figureCoverage(
	figure: Figure,
	coverage: Coverage
): { supplied: number; units: number } | null {
	if (!figure.requires.length) return null;
	const supplied = coverage.filter((fields) => hasInputs(figure, fields)).length;
	return { supplied, units: coverage.length };
}
