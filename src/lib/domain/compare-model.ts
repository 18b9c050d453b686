// The data of the compare page (/compare) and GET /api/v1/compare: 2–6 chosen units side by side,
// the street beside them, a ranking of every unit with user-set weights, and the themes whose share
// rose most. Plain data, made by src/lib/server/compare/compare-data.ts; shared with the browser.
import type { Interval, Kpis, Rate } from './kpi';

/** The rates a composite score may weigh (PRODUCT.md's KPIs that are proportions). */
export const RATE_KEYS = [
	'closure',
	'fix',
	'signOff',
	'onTime',
	'response',
	'satisfaction',
	'callback'
] as const;
export type RateKey = (typeof RATE_KEYS)[number];

/** Weights in percent; the default weighs what a street office reports on most. */
export const DEFAULT_WEIGHTS: Record<RateKey, number> = {
	closure: 30,
	fix: 0,
	signOff: 0,
	onTime: 30,
	response: 20,
	satisfaction: 20,
	callback: 0
};

export const DEFAULT_MIN_COUNT = 10;
export const MIN_UNITS = 2;
export const MAX_UNITS = 6;

export type StatusType = 'open' | 'fixed' | 'closed';
export type BacklogBucketKey = '0-30' | '31-90' | '91-180' | '>180';

export interface LabelledShare {
	code: string;
	labelZh: string;
	labelEn: string;
	count: number;
	/** count / the unit's |V| (status mix: / all the unit's problems); null when that is 0. */
	share: number | null;
}

/** Five-number summary of days to resolve over done problems with both dates. */
export interface BoxStats {
	n: number;
	min: number;
	q1: number;
	median: number;
	q3: number;
	max: number;
}

export interface UnitFigures {
	unit: string;
	kpis: Kpis;
	/** 95 % Wilson interval of each rate; null when its denominator is 0. */
	intervals: Record<RateKey, Interval | null>;
	/** Rates whose whole interval lies below the street's value: marked on the page. */
	belowStreet: RateKey[];
	/** V by theme, every theme of the taxonomy that occurs anywhere in the selection, shares of V. */
	themeMix: LabelledShare[];
	/** All problems of the period by status type and by status (duplicate/withdrawn included). */
	statusTypeMix: (LabelledShare & { code: StatusType })[];
	statusMix: (LabelledShare & { type: StatusType })[];
	daysToResolve: BoxStats | null;
	/** Open problems reported by as-of, by age at as-of. */
	backlog: { bucket: BacklogBucketKey; count: number }[];
	/** New (reported) and resolved problems of V per calendar month of the period. */
	monthly: { month: string; created: number; resolved: number }[];
}

export interface RankingRow {
	unit: string;
	total: number;
	rates: Record<RateKey, Rate>;
	overdue: number;
	medianDays: number | null;
	/** 0–100: Σ wᵢ·rateᵢ / Σ wᵢ over the weighted rates that have a value; null when none has. */
	score: number | null;
	/** Competition rank (1, 2, 2, 4) among units with total ≥ minCount; null when not ranked. */
	rank: number | null;
	/** The rank in the previous period of equal length, same weights and minimum. */
	previousRank: number | null;
	/** previousRank − rank: positive = moved up; null when either is null. */
	rankChange: number | null;
}

export interface ThemeShift {
	code: string;
	labelZh: string;
	labelEn: string;
	count: number;
	previousCount: number;
	share: number;
	previousShare: number;
	/** share − previousShare, in proportion points (0.05 = 5 个百分点). */
	change: number;
}

export interface ComparePeriod {
	from: string;
	to: string;
	prevFrom: string;
	prevTo: string;
	asOf: string;
}

export interface CompareData {
	period: ComparePeriod;
	responseDays: number;
	weights: Record<RateKey, number>;
	minCount: number;
	/** Every unit with problems (the choices), most problems first. */
	allUnits: { unit: string; total: number }[];
	/** The chosen units, in the order chosen. */
	units: UnitFigures[];
	/** The whole street (every unit, same filters): the "street average" beside each unit. */
	street: UnitFigures;
	ranking: RankingRow[];
	/** Themes whose share of V rose most against the previous period (at most 3 each). */
	themeFocus: { street: ThemeShift[]; units: { unit: string; shifts: ThemeShift[] }[] };
}
