import { describe, expect, it } from 'vitest';
import {
	computeKpis,
	EMPTY_KPI_INPUT,
	figureCoverage,
	figureById,
	FIGURES,
	RATE_IDS,
	rate,
	wilson,
	type KpiInput,
	type SqlCountId
} from './figures';

const counts: Record<SqlCountId, number> = {
	valid: 200,
	fixed: 120,
	closed: 20,
	verified: 90,
	onTimeDone: 70,
	dueByAsOf: 150,
	noDeadline: 10,
	overdue: 12,
	respondedWithinT: 60,
	ackRecorded: 80,
	satisfactionPositive: 45,
	satisfactionGiven: 50,
	callbackYes: 18,
	callbackGiven: 24
};
const EVERY_INPUT = [
	'acknowledged_at',
	'satisfaction',
	'callback_resolved',
	'deadline',
	'resolved_at'
];
const input: KpiInput = {
	counts,
	supplied: EVERY_INPUT,
	days: { median: 21.5, p90: 64, n: 118 }
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

describe('the registry', () => {
	it('has one entry per id, a label and a formula for each, and rates that can be weighted', () => {
		const ids = FIGURES.map((f) => f.id);
		expect(new Set(ids).size).toBe(ids.length);
		for (const f of FIGURES) expect(f.label && f.formula).toBeTruthy();
		expect(RATE_IDS).toEqual(FIGURES.filter((f) => f.kind === 'rate').map((f) => f.id));
		// The default composite score: 30/0/0/30/20/20/0/0 in the README.
		expect(RATE_IDS.map((id) => (figureById(id) as { weight: number }).weight)).toEqual([
			30, 0, 0, 30, 20, 20, 0, 0
		]);
	});
});

describe('computeKpis', () => {
	it('applies the formulas of the registry', () => {
		const k = computeKpis(input);
		expect(k.total).toEqual({ kind: 'count', value: 200, noData: false });
		// 办结率 (fixed + closed) / V = 140 / 200
		expect(k.closure).toMatchObject({ num: 140, den: 200, value: 0.7, noData: false });
		// 整改率 fixed / (V − closed) = 120 / 180
		expect(k.fix).toMatchObject({ num: 120, den: 180, value: 120 / 180 });
		expect(k.signOff).toMatchObject({ num: 90, den: 200, value: 0.45 });
		expect(k.onTime).toMatchObject({ num: 70, den: 150, value: 70 / 150 });
		expect(k.counts.noDeadline).toBe(10);
		expect(k.overdue.value).toBe(12);
		// 响应率 over the problems whose exports carry 受理时间 (80), not over V (200)
		expect(k.response).toMatchObject({ num: 60, den: 80, value: 0.75 });
		expect(k.satisfaction).toMatchObject({ num: 45, den: 50, value: 0.9 });
		expect(k.callback).toMatchObject({ num: 18, den: 24, value: 0.75 });
		// 回访率: called back with a result ÷ V = 24 / 200
		expect(k.callbackRate).toMatchObject({ num: 24, den: 200, value: 0.12 });
		expect(k.days).toEqual({ kind: 'days', median: 21.5, p90: 64, n: 118, noData: false });
	});

	it('gives — for every rate of an empty selection, and no "no data" (there is nothing)', () => {
		const k = computeKpis(EMPTY_KPI_INPUT);
		expect(k.total.value).toBe(0);
		for (const id of RATE_IDS) expect(k[id]).toMatchObject({ num: 0, den: 0, value: null });
		for (const f of FIGURES) expect(k[f.id].noData).toBe(false);
		expect(k.days).toMatchObject({ median: null, p90: null, n: 0 });
	});

	it('says "no data" for the figures whose fields the exports never carried, and only those', () => {
		const k = computeKpis({ ...input, supplied: ['deadline', 'resolved_at'] });
		expect(k.response).toMatchObject({ value: null, noData: true });
		expect(k.satisfaction).toMatchObject({ value: null, noData: true });
		expect(k.callback).toMatchObject({ value: null, noData: true });
		expect(k.callbackRate).toMatchObject({ value: null, noData: true });
		expect(k.closure).toMatchObject({ value: 0.7, noData: false });
		expect(k.onTime).toMatchObject({ value: 70 / 150, noData: false });
		// No 整改时限 column: neither on time nor overdue means anything.
		const noDeadline = computeKpis({ ...input, supplied: ['resolved_at'] });
		expect(noDeadline.onTime.noData).toBe(true);
		expect(noDeadline.overdue.noData).toBe(true);
		expect(noDeadline.days.noData).toBe(false);
	});

	it('leaves out each rate whose own denominator is empty, and only that one', () => {
		const k = computeKpis({
			...input,
			counts: {
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
				callbackGiven: 0
			},
			days: { median: null, p90: null, n: 0 }
		});
		expect(k.closure).toMatchObject({ num: 200, den: 200, value: 1 });
		expect(k.fix).toMatchObject({ num: 0, den: 0, value: null, noData: false });
		expect(k.signOff).toMatchObject({ num: 0, den: 200, value: 0 });
		expect(k.onTime).toMatchObject({ num: 0, den: 0, value: null });
		expect(k.response.value).toBe(0.75);
		expect(k.satisfaction.value).toBeNull();
		expect(k.callback.value).toBeNull();
		expect(k.days).toMatchObject({ median: null, p90: null, n: 0 });
	});

	it('shows no days to resolve without a done problem, even if a median slipped through', () => {
		expect(computeKpis({ ...input, days: { median: 3, p90: 9, n: 0 } }).days).toMatchObject({
			median: null,
			p90: null,
			n: 0
		});
	});
});

describe('figureCoverage', () => {
	it('counts the units that carried every field a figure needs', () => {
		const coverage = [
			['acknowledged_at', 'deadline', 'resolved_at'],
			['deadline'],
			['deadline', 'resolved_at']
		];
		expect(figureCoverage(figureById('response'), coverage)).toEqual({ supplied: 1, units: 3 });
		expect(figureCoverage(figureById('onTime'), coverage)).toEqual({ supplied: 2, units: 3 });
		expect(figureCoverage(figureById('closure'), coverage)).toBeNull();
	});
});
