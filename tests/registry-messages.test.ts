// Registry entries name their words by message key (figures, dimensions, charts): every key they
// name, and the name of every field a figure needs, exists in both message files, so adding an
// entry without its words fails here rather than showing a key on the page.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMPARE_CHARTS } from '../src/lib/charts/compare-charts';
import { OVERVIEW_CHARTS } from '../src/lib/charts/overview-charts';
import { LIST_DIMENSIONS } from '../src/lib/domain/dimensions';
import { FIGURES, type Figure } from '../src/lib/domain/figures';

const messages = (locale: string): Record<string, string> =>
	JSON.parse(fs.readFileSync(`messages/${locale}.json`, 'utf8')) as Record<string, string>;

const keys = [
	...(FIGURES as readonly Figure[]).flatMap((f) => [
		f.label,
		f.formula,
		...f.requires.map((field) => `field_${field}`),
		...(f.kind === 'rate' && f.aside ? [f.aside.message] : [])
	]),
	...Object.values(LIST_DIMENSIONS).map((d) => d.label),
	...[...OVERVIEW_CHARTS, ...COMPARE_CHARTS].flatMap((c) => [c.title, c.note])
];

describe.each(['zh-CN', 'en'])('messages/%s.json', (locale) => {
	const m = messages(locale);
	it.each([...new Set(keys)])('has %s', (key) => {
		expect(m[key]?.trim()).toBeTruthy();
	});
});

it('names every figure in Chinese in the Chinese file', () => {
	const zh = messages('zh-CN');
	for (const f of FIGURES) expect(zh[f.label]).toMatch(/[\u4e00-\u9fff]/);
});
