import { describe, expect, it } from 'vitest';
import { computeKpis, rate, themeHeat, wilson, ZERO_KPI_COUNTS, type KpiCounts } from './kpi';

const counts: KpiCounts = {
	valid: 200,
	fixed: 120,
	closed: 20,
	verified: 90,
	onTimeDone: 70,
	dueByAsOf: 150,
	noDeadline: 10,
	overdue: 12,
	respondedWithinT: 160,
	satisfactionPositive: 45,
	satisfactionGiven: 50,
	callbackYes: 18,
	callbackGiven: 24,
	daysMedian: 21.5,
	daysP90: 64,
	doneWithDates: 118
};

describe('rate', () => {
	it('keeps its parts and divides', () => {
		expect(rate(3, 4)).toEqual({ num: 3, den: 4, value: 0.75 });
	});

	it('has no value over an empty denominator (shown as —)', () => {
		expect(rate(0, 0)).toEqual({ num: 0, den: 0, value: null });
	});
});

describe('wilson', () => {
	// Reference values worked out by hand from the score formula
	// (p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n), z = 1.96.
	it.each([
		[0, 10, 0, 0.27754],
		[10, 10, 0.72246, 1],
		[5, 10, 0.23659, 0.76341],
		[81, 263, 0.25529, 0.36621], // Newcombe (1998), Stat Med 17:857, table I: 0.2553–0.3662
		[8, 10, 0.49016, 0.94332], // the 8 of 10: 49.0 %–94.3 %
		[92, 100, 0.85003, 0.95892], // and 92 of 100: 85.0 %–95.9 %
		[1, 1, 0.20654, 1]
	])('%i of %i lies in [%f, %f]', (num, den, low, high) => {
		const interval = wilson(num, den);
		expect(interval?.low).toBeCloseTo(low, 4);
		expect(interval?.high).toBeCloseTo(high, 4);
	});

	it('never leaves [0, 1]', () => {
		expect(wilson(0, 10)?.low).toBe(0);
		expect(wilson(10, 10)?.high).toBe(1);
	});

	it('widens with z', () => {
		const i99 = wilson(5, 10, 2.576);
		expect(i99?.low).toBeCloseTo(0.18421, 4);
		expect(i99?.high).toBeCloseTo(0.81579, 4);
	});

	it('is null when there is nothing to estimate', () => {
		expect(wilson(0, 0)).toBeNull();
	});
});

describe('computeKpis', () => {
	it('applies the formulas of PRODUCT.md', () => {
		const k = computeKpis(counts);
		expect(k.total).toBe(200);
		// 办结率 (fixed + closed) / V = 140 / 200
		expect(k.closure).toEqual({ num: 140, den: 200, value: 0.7 });
		// 整改率 fixed / (V − closed) = 120 / 180
		expect(k.fix).toEqual({ num: 120, den: 180, value: 120 / 180 });
		expect(k.signOff).toEqual({ num: 90, den: 200, value: 0.45 });
		expect(k.onTime).toEqual({ num: 70, den: 150, value: 70 / 150, noDeadline: 10 });
		expect(k.overdue).toBe(12);
		expect(k.response).toEqual({ num: 160, den: 200, value: 0.8 });
		expect(k.satisfaction).toEqual({ num: 45, den: 50, value: 0.9 });
		expect(k.callback).toEqual({ num: 18, den: 24, value: 0.75 });
		expect(k.daysToResolve).toEqual({ median: 21.5, p90: 64, n: 118 });
	});

	it('gives — for every rate of an empty selection', () => {
		const k = computeKpis(ZERO_KPI_COUNTS);
		expect(k.total).toBe(0);
		for (const r of [k.closure, k.fix, k.signOff, k.onTime, k.response, k.satisfaction, k.callback])
			expect(r).toMatchObject({ num: 0, den: 0, value: null });
		expect(k.onTime.noDeadline).toBe(0);
		expect(k.overdue).toBe(0);
		expect(k.daysToResolve).toEqual({ median: null, p90: null, n: 0 });
	});

	it('leaves out each rate whose own denominator is empty, and only that one', () => {
		const k = computeKpis({
			...counts,
			// every problem closed: nothing left to fix
			fixed: 0,
			closed: 200,
			verified: 0,
			// no deadline has passed; no answers to the satisfaction or callback questions
			onTimeDone: 0,
			dueByAsOf: 0,
			satisfactionPositive: 0,
			satisfactionGiven: 0,
			callbackYes: 0,
			callbackGiven: 0,
			daysMedian: null,
			daysP90: null,
			doneWithDates: 0
		});
		expect(k.closure).toEqual({ num: 200, den: 200, value: 1 });
		expect(k.fix).toEqual({ num: 0, den: 0, value: null });
		expect(k.signOff).toEqual({ num: 0, den: 200, value: 0 });
		expect(k.onTime).toEqual({ num: 0, den: 0, value: null, noDeadline: 10 });
		expect(k.response.value).toBe(0.8);
		expect(k.satisfaction.value).toBeNull();
		expect(k.callback.value).toBeNull();
		expect(k.daysToResolve).toEqual({ median: null, p90: null, n: 0 });
	});

	it('shows no days to resolve without a done problem, even if a median slipped through', () => {
		expect(
			computeKpis({ ...counts, daysMedian: 3, daysP90: 9, doneWithDates: 0 }).daysToResolve
		).toEqual({ median: null, p90: null, n: 0 });
	});
});

describe('themeHeat', () => {
	it('is the change against the previous period', () => {
		expect(themeHeat(15, 10)).toBeCloseTo(0.5);
		expect(themeHeat(5, 10)).toBeCloseTo(-0.5);
		expect(themeHeat(0, 4)).toBe(-1);
		expect(themeHeat(7, 7)).toBe(0);
	});

	it('is null when the theme had nothing before (no base to compare)', () => {
		expect(themeHeat(3, 0)).toBeNull();
		expect(themeHeat(0, 0)).toBeNull();
	});
});
