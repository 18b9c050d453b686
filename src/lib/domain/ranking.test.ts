import { describe, expect, it } from 'vitest';
import { DEFAULT_WEIGHTS } from './compare-model';
import { computeKpis, EMPTY_KPI_INPUT, RATE_IDS, rate, type Rate, type RateId } from './figures';
import {
	buildRanking,
	compareParamsToEntries,
	compositeScore,
	parseCompareParams,
	rankUnits
} from './ranking';

const NONE: Record<RateId, number> = Object.fromEntries(RATE_IDS.map((k) => [k, 0])) as Record<
	RateId,
	number
>;

function rates(values: Partial<Record<RateId, [number, number]>>): Record<RateId, Rate> {
	return Object.fromEntries(RATE_IDS.map((k) => [k, rate(...(values[k] ?? [0, 0]))])) as Record<
		RateId,
		Rate
	>;
}

describe('compositeScore', () => {
	it('is Σ w·rate / Σ w, as 0–100', () => {
		const r = rates({ closure: [9, 10], onTime: [1, 2] });
		expect(compositeScore(r, { ...NONE, closure: 30, onTime: 10 })).toBeCloseTo(
			(100 * (30 * 0.9 + 10 * 0.5)) / 40,
			9
		);
	});

	it('leaves out a rate with a zero denominator, with its weight', () => {
		const r = rates({ closure: [8, 10] }); // satisfaction 0/0
		expect(compositeScore(r, { ...NONE, closure: 50, satisfaction: 50 })).toBeCloseTo(80, 9);
	});

	it('leaves out a rate the unit has no data for, with its weight, as a zero denominator', () => {
		const k = computeKpis({
			...EMPTY_KPI_INPUT,
			counts: { ...EMPTY_KPI_INPUT.counts, valid: 10, fixed: 8, ackRecorded: 0 }
		});
		expect(k.response.noData).toBe(true);
		expect(compositeScore(k, { ...NONE, closure: 50, response: 50 })).toBeCloseTo(80, 9);
	});

	it('is null when no weighted rate has a value, or every weight is 0', () => {
		expect(compositeScore(rates({}), DEFAULT_WEIGHTS)).toBeNull();
		expect(compositeScore(rates({ closure: [1, 2] }), NONE)).toBeNull();
	});
});

describe('rankUnits', () => {
	it('gives ties the same rank and skips the next (1, 2, 2, 4)', () => {
		const ranks = rankUnits(
			[
				{ unit: 'A', total: 50, score: 90 },
				{ unit: 'B', total: 50, score: 80 },
				{ unit: 'C', total: 50, score: 80 },
				{ unit: 'D', total: 50, score: 70 }
			],
			10
		);
		expect([...ranks]).toEqual([
			['A', 1],
			['B', 2],
			['C', 2],
			['D', 4]
		]);
	});

	it('treats scores equal up to float noise as a tie', () => {
		const ranks = rankUnits(
			[
				{ unit: 'A', total: 10, score: 0.1 + 0.2 },
				{ unit: 'B', total: 10, score: 0.3 }
			],
			10
		);
		expect([ranks.get('A'), ranks.get('B')]).toEqual([1, 1]);
	});

	it('does not rank a unit below the minimum count, however good, nor one without a score', () => {
		const ranks = rankUnits(
			[
				{ unit: 'small', total: 8, score: 100 },
				{ unit: 'big', total: 300, score: 92 },
				{ unit: 'none', total: 40, score: null }
			],
			10
		);
		expect([ranks.get('small'), ranks.get('big'), ranks.get('none')]).toEqual([null, 1, null]);
	});
});

describe('buildRanking', () => {
	const weights = { ...NONE, closure: 100 };
	// A unit of `total` problems, `closed` of them done (办结率 closed / total).
	const unit = (name: string, total: number, closed: number) => ({
		unit: name,
		kpis: computeKpis({
			...EMPTY_KPI_INPUT,
			counts: { ...EMPTY_KPI_INPUT.counts, valid: total, fixed: closed }
		})
	});

	it('lists ranked units by rank, then the unranked by size, with rank change', () => {
		const rows = buildRanking(
			[unit('甲', 300, 276), unit('乙', 8, 8), unit('丙', 100, 95), unit('丁', 5, 1)],
			[unit('甲', 200, 190), unit('乙', 20, 10), unit('丙', 100, 90)],
			weights,
			10
		);
		expect(rows.map((r) => [r.unit, r.rank, r.previousRank, r.rankChange])).toEqual([
			['丙', 1, 2, 1], // 95 % now, 90 % before (甲 had 95 %)
			['甲', 2, 1, -1], // 92 %
			['乙', null, 3, null], // 100 % of 8: listed, not ranked
			['丁', null, null, null]
		]);
		expect(rows[1].score).toBeCloseTo(92, 9);
	});

	it('has no rank change for a unit new in this period', () => {
		const [row] = buildRanking([unit('甲', 30, 15)], [], weights, 10);
		expect(row).toMatchObject({ rank: 1, previousRank: null, rankChange: null });
	});
});

describe('compare URL parameters', () => {
	it('reads weights and the minimum, falling back to defaults for bad values', () => {
		const params = new URLSearchParams('w_closure=50&w_response=abc&w_onTime=101&min=3');
		expect(parseCompareParams(params)).toEqual({
			weights: { ...DEFAULT_WEIGHTS, closure: 50 },
			minCount: 3
		});
	});

	it('writes only what differs from the defaults, and reads back the same', () => {
		const weights = { ...DEFAULT_WEIGHTS, closure: 50, callback: 10 };
		const entries = compareParamsToEntries(weights, 25);
		expect(entries).toEqual([
			['w_closure', '50'],
			['w_callback', '10'],
			['min', '25']
		]);
		expect(parseCompareParams(new URLSearchParams(entries))).toEqual({ weights, minCount: 25 });
		expect(compareParamsToEntries(DEFAULT_WEIGHTS, 10)).toEqual([]);
	});
});
