import { expect, test } from 'vitest';
import { categoryColor, contrast, PALETTES, rampColor, readableOn, unitColor } from './palette';

test.each(['light', 'dark'] as const)(
	'%s: series colours stand out from the surface (3:1)',
	(theme) => {
		const p = PALETTES[theme];
		for (const colour of [
			p.bar,
			p.created,
			p.resolved,
			p.backlog,
			p.rise,
			p.fall,
			...Object.values(p.statusType),
			...p.units,
			p.street
		]) {
			expect(contrast(colour, p.surface), colour).toBeGreaterThanOrEqual(3);
		}
		expect(contrast(p.text, p.surface)).toBeGreaterThanOrEqual(7);
		expect(contrast(p.muted, p.surface)).toBeGreaterThanOrEqual(4.5);
	}
);

test.each(['light', 'dark'] as const)('%s: numbers on any fill read at 4.5:1', (theme) => {
	const p = PALETTES[theme];
	const fills = [
		...Object.values(p.status),
		...p.categorical,
		...Array.from({ length: 101 }, (_, i) => rampColor(p.heat, i / 100))
	];
	for (const fill of fills) {
		expect(contrast(fill, readableOn(fill, p)), fill).toBeGreaterThanOrEqual(4.5);
	}
});

test.each(['light', 'dark'] as const)('%s: compared units get distinct colours', (theme) => {
	const p = PALETTES[theme];
	expect(new Set(p.units).size).toBe(p.units.length);
	expect(p.units).not.toContain(p.street);
	expect(unitColor(p, 0)).toBe(p.units[0]);
	expect(unitColor(p, p.units.length)).toBe(p.units[0]);
	expect(categoryColor(p, 13)).toBe(p.categorical[1]);
});

test('status types keep their meaning: open amber to red, fixed green, closed grey', () => {
	const hue = (hex: string) => {
		const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
		return { r, g, b };
	};
	for (const p of Object.values(PALETTES)) {
		const open = hue(p.statusType.open);
		expect(open.r).toBeGreaterThan(open.g);
		expect(open.g).toBeGreaterThan(open.b);
		const fixed = hue(p.statusType.fixed);
		expect(fixed.g).toBeGreaterThan(fixed.r);
		const closed = hue(p.statusType.closed);
		expect(
			Math.max(closed.r, closed.g, closed.b) - Math.min(closed.r, closed.g, closed.b)
		).toBeLessThan(40);
	}
	expect(rampColor(['#000000', '#ffffff'], 0.5)).toBe('#808080');
});
