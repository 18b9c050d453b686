import { describe, expect, it } from 'vitest';
import { normaliseLabel } from './labels';

describe('normaliseLabel', () => {
	it('ignores width, required marks, spaces and case', () => {
		expect(normaliseLabel(' 问题描述（必填） ')).toBe('问题描述');
		expect(normaliseLabel('*Problem ID')).toBe('problemid');
		expect(normaliseLabel('ＩＤ')).toBe('id');
	});
});
