import { describe, expect, it } from 'vitest';
import {
	formatChange,
	formatCount,
	formatDecimal,
	formatPoints,
	formatShare
} from './number-format';

describe('formatCount', () => {
	it('groups thousands for the locale', () => {
		expect(formatCount(1234567, 'zh-CN')).toBe('1,234,567');
		expect(formatCount(1234567, 'en')).toBe('1,234,567');
	});
});

describe('formatShare', () => {
	it('shows a ratio as a percentage with one decimal', () => {
		expect(formatShare(24 / 180, 'zh-CN')).toBe('13.3%');
		expect(formatShare(0.1, 'en')).toBe('10.0%');
	});

	it('shows a dash when there is no ratio', () => {
		expect(formatShare(null, 'en')).toBe('—');
		expect(formatShare(Number.NaN, 'zh-CN')).toBe('—');
	});
});

describe('changes', () => {
	it('sign a change ratio, and say none as a dash', () => {
		expect(formatChange(0.25, 'zh-CN')).toBe('+25.0%');
		expect(formatChange(-0.031, 'en')).toBe('-3.1%');
		expect(formatChange(0, 'en')).toBe('0.0%');
		expect(formatChange(null, 'en')).toBe('—');
	});

	it('write percentage points from proportions, with the unit the caller names', () => {
		expect(formatPoints(0.032, 'zh-CN', '个百分点')).toBe('+3.2 个百分点');
		expect(formatPoints(-0.1, 'en', 'pp')).toBe('-10.0 pp');
		expect(formatPoints(null, 'en', 'pp')).toBe('—');
	});

	it('write a score with one decimal', () => {
		expect(formatDecimal(82.456, 'zh-CN')).toBe('82.5');
		expect(formatDecimal(null, 'en')).toBe('—');
	});
});
