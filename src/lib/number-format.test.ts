import { describe, expect, it } from 'vitest';
import { formatCount, formatShare } from './number-format';

describe('formatCount', () => {
	it('groups thousands for the locale', () => {
		expect(formatCount(1234567, 'zh-CN')).toBe('1,234,567');
		expect(formatCount(1234567, 'en')).toBe('1,234,567');
	});

	it('defaults to the base locale outside a request', () => {
		expect(formatCount(180)).toBe('180');
	});
});

describe('formatShare', () => {
	it('shows a percentage with one decimal', () => {
		expect(formatShare(24, 180, 'zh-CN')).toBe('13.3%');
		expect(formatShare(18, 180, 'en')).toBe('10.0%');
	});

	it('shows a dash when there is nothing to divide by', () => {
		expect(formatShare(0, 0, 'en')).toBe('—');
	});
});
