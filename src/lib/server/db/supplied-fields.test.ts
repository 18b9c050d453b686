import { describe, expect, it } from 'vitest';
import { SUPPLIED_FIELD_BITS, suppliedMask, suppliedSql } from './supplied-fields';
import { FIELD_SEED } from './vocabulary-seed';

describe('supplied fields', () => {
	it('gives each of the 28 canonical fields its own bit in 0–27', () => {
		const bits = Object.values(SUPPLIED_FIELD_BITS);
		expect(bits).toHaveLength(28);
		expect(new Set(bits).size).toBe(28);
		expect([...bits].sort((a, b) => a - b)).toEqual([...Array(28).keys()]);
		// Every field the database knows has a bit, and nothing else does.
		expect(Object.keys(SUPPLIED_FIELD_BITS).sort()).toEqual(FIELD_SEED.map((f) => f.field).sort());
		expect(suppliedMask(Object.keys(SUPPLIED_FIELD_BITS))).toBe(2 ** 28 - 1);
	});

	it('keeps the released positions', () => {
		expect(SUPPLIED_FIELD_BITS).toMatchObject({
			problem_id: 0,
			community: 1,
			reported_at: 3,
			theme: 6,
			description: 9,
			status: 15,
			acknowledged_at: 22,
			duplicate_of: 27
		});
	});

	it('builds a mask from field names, ignoring names that are no canonical field', () => {
		expect(suppliedMask([])).toBe(0);
		expect(suppliedMask(['problem_id'])).toBe(1);
		expect(suppliedMask(['acknowledged_at', 'status'])).toBe((1 << 22) | (1 << 15));
		expect(suppliedMask(new Set(['deadline', '联系电话', 'toString', '__proto__']))).toBe(1 << 14);
		expect(suppliedMask(['deadline', 'deadline'])).toBe(1 << 14);
	});

	it('writes a SQL test of the mask with constants only', () => {
		expect(suppliedSql(['acknowledged_at'])).toBe('(p.supplied_fields & 4194304) = 4194304');
		expect(suppliedSql(['deadline', 'resolved_at'], 'x')).toBe(
			'(x.supplied_fields & 81920) = 81920'
		);
		expect(suppliedSql([])).toBe('true');
		expect(() => suppliedSql(['deadline'], 'p; DROP TABLE problems')).toThrow('not a table alias');
	});
});
