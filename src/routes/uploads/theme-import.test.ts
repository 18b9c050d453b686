import { describe, expect, it } from 'vitest';
import type { FileResult, StagedPreview } from '$lib/domain/upload-model';
import { importableThemeLabels } from './theme-import';

const preview = (
	themeLabels: { label: string; code: string | null; count: number; source: string }[]
) =>
	({
		stagedId: 'x',
		previewKey: 'k',
		options: {},
		result: {
			preview: { statusLabels: [], themeLabels, communities: [], sample: [] }
		} as unknown as FileResult
	}) as StagedPreview;

describe('the labels offered for import as themes', () => {
	const labels = preview([
		{ label: '噪音扰民', code: null, count: 3, source: 'classified' },
		{ label: 'Illegal Parking', code: null, count: 2, source: 'classified' },
		{ label: '营商环境', code: 'business_environment', count: 5, source: 'file' },
		{ label: '民生', code: 'safety', count: 1, source: 'mapping' }
	]);

	it('are those that matched no theme, with their counts', () => {
		expect(
			importableThemeLabels(labels, { theme: { 噪音扰民: '', 'Illegal Parking': '' } })
		).toEqual([
			{ label: '噪音扰民', code: null, count: 3 },
			{ label: 'Illegal Parking', code: null, count: 2 }
		]);
	});

	it('leave out a label the analyst has just mapped to a theme', () => {
		expect(
			importableThemeLabels(labels, { theme: { 噪音扰民: 'safety', 'Illegal Parking': '' } }).map(
				(l) => l.label
			)
		).toEqual(['Illegal Parking']);
	});

	it('are none for a preview without labels', () => {
		expect(importableThemeLabels(preview([]), { theme: {} })).toEqual([]);
	});
});
