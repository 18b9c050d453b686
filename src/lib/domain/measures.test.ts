import { describe, expect, it } from 'vitest';
import { shareOf, themeShifts } from './measures';

const theme = (code: string, count: number, previousCount: number) => ({
	code,
	labelZh: code,
	labelEn: code,
	count,
	previousCount
});

describe('themeShifts', () => {
	it('ranks themes by the change of their share, not of their count', () => {
		// Volume falls from 200 to 100; safety falls less than the rest, so its share rises.
		const shifts = themeShifts([theme('safety', 40, 50), theme('other', 60, 150)], 100, 200);
		expect(shifts.map((s) => s.code)).toEqual(['safety', 'other']);
		const [safety, other] = shifts;
		expect(safety.share).toBeCloseTo(0.4);
		expect(safety.previousShare).toBeCloseTo(0.25);
		expect(safety.change).toBeCloseTo(0.15);
		expect(safety.countChange).toBeCloseTo(-0.2);
		expect(other.change).toBeCloseTo(-0.15);
		expect(other.countChange).toBeCloseTo(-0.6);
	});

	it('has no change when the previous period is empty, and no count change for a new theme', () => {
		const [s] = themeShifts([theme('safety', 10, 0)], 10, 0);
		expect(s).toMatchObject({ share: 1, previousShare: null, change: null, countChange: null });
		const [n] = themeShifts([theme('new', 5, 0)], 10, 20);
		expect(n.change).toBeCloseTo(0.5);
		expect(n.countChange).toBeNull();
	});

	it('puts themes without a change last', () => {
		expect(shareOf(1, 0)).toBeNull();
		const shifts = themeShifts([theme('a', 1, 0), theme('b', 0, 4)], 1, 0);
		expect(shifts.every((s) => s.change === null)).toBe(true);
	});
});
