// The data of the compare page (/compare) and GET /api/v1/compare: 2–6 chosen units side by side,
// the street beside them, a ranking of every unit with user-set weights, and the themes whose share
// rose most. Plain data, made by src/lib/server/compare/compare-data.ts; shared with the browser.
import { RATE_FIGURES, type Coverage, type Kpis, type RateId } from './figures';
import type { ThemeShift } from './measures';
import type { BacklogBucketKey } from './overview-model';
import type { Period } from './period';
import type { StatusType } from './vocabulary';

/** Weights in percent: each rate's default from the figure registry. */
export const DEFAULT_WEIGHTS = Object.fromEntries(
	RATE_FIGURES.map((f) => [f.id, f.weight])
) as Record<RateId, number>;

export const DEFAULT_MIN_COUNT = 10;
export const MIN_UNITS = 2;
export const MAX_UNITS = 6;

export interface LabelledShare {
	code: string;
	labelZh: string;
	labelEn: string;
	count: number;
	/** count / the unit's |V|; null when that is 0. */
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
	intervals: Record<RateId, { low: number; high: number } | null>;
	/** Rates whose whole interval lies below the street's value: marked on the page. */
	belowStreet: RateId[];
	/** V by theme, every theme of the taxonomy that occurs anywhere in the selection, shares of V. */
	themeMix: LabelledShare[];
	/** V by status type and by status, so they add up to 问题总数. */
	statusTypeMix: (LabelledShare & { code: StatusType })[];
	statusMix: (LabelledShare & { type: StatusType })[];
	daysToResolve: BoxStats | null;
	/** Open problems reported by as-of, whatever the period, by age at as-of. */
	backlog: { bucket: BacklogBucketKey; count: number }[];
	/** New (reported) and resolved problems of V per calendar month of the period. */
	monthly: { month: string; created: number; resolved: number }[];
}

export interface RankingRow {
	unit: string;
	/** Every figure of the unit (the table's columns iterate the figure registry). */
	kpis: Kpis;
	/** 0–100: Σ wᵢ·rateᵢ / Σ wᵢ over the weighted rates that have a value; null when none has. */
	score: number | null;
	/** Competition rank (1, 2, 2, 4) among units with total ≥ minCount; null when not ranked. */
	rank: number | null;
	/** The rank in the previous period of equal length, same weights and minimum. */
	previousRank: number | null;
	/** previousRank − rank: positive = moved up; null when either is null. */
	rankChange: number | null;
}

export interface CompareData {
	period: Period;
	responseDays: number;
	weights: Record<RateId, number>;
	minCount: number;
	/** Every unit with problems (the choices), most problems first. */
	allUnits: { unit: string; total: number }[];
	/** The chosen units, in the order chosen. */
	units: UnitFigures[];
	/** The whole street (every unit, same filters): the "street average" beside each unit. */
	street: UnitFigures;
	/** Which fields each unit's problems of the period carried: the street's coverage lines. */
	coverage: Coverage;
	ranking: RankingRow[];
	/** Themes whose share of V rose most against the previous period (at most 3 each). */
	themeFocus: { street: ThemeShift[]; units: { unit: string; shifts: ThemeShift[] }[] };
}
