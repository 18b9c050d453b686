// The ranking of the compare page: a composite score from user-set weights, competition ranks
// among units with enough problems, and the change against the previous period. Pure, so the
// server, the export and the browser rank the same way; and the weights' URL codec.
import { DEFAULT_MIN_COUNT, DEFAULT_WEIGHTS, type RankingRow } from './compare-model';
import { RATE_IDS, ratesOf, type Kpis, type Rate, type RateId } from './figures';

export interface RankInput {
	unit: string;
	kpis: Kpis;
}

/**
 * Σ wᵢ·rateᵢ / Σ wᵢ over the weighted rates that have a value, as 0–100. A rate with a zero
 * denominator, or one the unit has no data for (its exports never carried the field), is left out
 * with its weight rather than counted as 0: a unit without satisfaction surveys is neither
 * punished nor rewarded for it. Null when no weighted rate has a value.
 */
export function compositeScore(
	rates: Record<RateId, Rate>,
	weights: Record<RateId, number>
): number | null {
	let sum = 0;
	let weight = 0;
	for (const key of RATE_IDS) {
		const w = weights[key];
		const value = rates[key].value;
		if (w > 0 && value !== null) {
			sum += w * value;
			weight += w;
		}
	}
	return weight > 0 ? (100 * sum) / weight : null;
}

/** Scores compared to this many decimals, so float noise never splits a tie. */
const TIE_DECIMALS = 9;
const tieKey = (score: number): number => Number(score.toFixed(TIE_DECIMALS));

/**
 * Competition ranks (1, 2, 2, 4) by score, highest first, among units with total ≥ minCount and a
 * score; others get null. Returns unit -> rank.
 */
export function rankUnits(
	rows: { unit: string; total: number; score: number | null }[],
	minCount: number
): Map<string, number | null> {
	const ranks = new Map<string, number | null>(rows.map((r) => [r.unit, null]));
	const eligible = rows
		.filter((r): r is typeof r & { score: number } => r.total >= minCount && r.score !== null)
		.sort((a, b) => b.score - a.score);
	eligible.forEach((row, i) => {
		const previous = eligible[i - 1];
		const rank =
			previous && tieKey(previous.score) === tieKey(row.score) ? ranks.get(previous.unit)! : i + 1;
		ranks.set(row.unit, rank);
	});
	return ranks;
}

/**
 * The ranking table: ranked units by rank (ties by name), then the unranked by total. `previous`
 * are the same units' inputs for the previous period of equal length.
 */
export function buildRanking(
	current: RankInput[],
	previous: RankInput[],
	weights: Record<RateId, number>,
	minCount: number
): RankingRow[] {
	const scoredOf = (rows: RankInput[]) =>
		rows.map((row) => ({
			...row,
			total: row.kpis.total.value,
			score: compositeScore(ratesOf(row.kpis), weights)
		}));
	const scored = scoredOf(current);
	const ranks = rankUnits(scored, minCount);
	const previousRanks = rankUnits(scoredOf(previous), minCount);
	const rows: RankingRow[] = scored.map((row) => {
		const rank = ranks.get(row.unit) ?? null;
		const previousRank = previousRanks.get(row.unit) ?? null;
		return {
			unit: row.unit,
			kpis: row.kpis,
			score: row.score,
			rank,
			previousRank,
			rankChange: rank !== null && previousRank !== null ? previousRank - rank : null
		};
	});
	return rows.sort(
		(a, b) =>
			(a.rank ?? Infinity) - (b.rank ?? Infinity) ||
			(a.rank === null ? b.kpis.total.value - a.kpis.total.value : 0) ||
			a.unit.localeCompare(b.unit, 'zh-CN')
	);
}

// ---------------------------------------------------------------------------------------------
// URL: weights as w_<rate>=<percent>, the minimum as min=<n>; defaults are left out.

export interface CompareParams {
	weights: Record<RateId, number>;
	minCount: number;
}

function intIn(raw: string | null, low: number, high: number): number | null {
	if (raw === null || !/^\d{1,6}$/.test(raw.trim())) return null;
	const n = Number(raw);
	return n >= low && n <= high ? n : null;
}

/** Weights and minimum from the URL; a missing or invalid value falls back to its default. */
export function parseCompareParams(params: URLSearchParams): CompareParams {
	const weights = { ...DEFAULT_WEIGHTS };
	for (const key of RATE_IDS) {
		const w = intIn(params.get(`w_${key}`), 0, 100);
		if (w !== null) weights[key] = w;
	}
	const minCount = intIn(params.get('min'), 0, 100_000) ?? DEFAULT_MIN_COUNT;
	return { weights, minCount };
}

/** The URL entries for weights and minimum that differ from the defaults. */
export function compareParamsToEntries(
	weights: Record<RateId, number>,
	minCount: number
): [string, string][] {
	const entries: [string, string][] = RATE_IDS.filter(
		(key) => weights[key] !== DEFAULT_WEIGHTS[key]
	).map((key) => [`w_${key}`, String(weights[key])]);
	if (minCount !== DEFAULT_MIN_COUNT) entries.push(['min', String(minCount)]);
	return entries;
}
