import { describe, expect, it } from 'vitest';
import type { FileResult, MappingProfile, StagedPreview } from '$lib/domain/upload-model';
import {
	buildProfile,
	chooseColumn,
	editsFromPreview,
	editsKey,
	statusRows,
	themeRows
} from './mapping-edits';

function preview(
	headers: [string, string | null][],
	opts: {
		profile?: MappingProfile | null;
		outcome?: FileResult['outcome'];
		statusLabels?: { label: string; code: string | null; count: number }[];
		themeLabels?: { label: string; code: string | null; count: number; source: string }[];
	} = {}
): StagedPreview {
	const result = {
		outcome: opts.outcome ?? 'dry-run',
		headers: headers.map(([header, field], index) => ({ index, header, field })),
		preview: {
			statusLabels: opts.statusLabels ?? [],
			themeLabels: opts.themeLabels ?? [],
			communities: [],
			sample: []
		}
	} as unknown as FileResult;
	return {
		stagedId: 'x',
		previewKey: 'k',
		options: {
			community: null,
			exportedAt: null,
			sheet: null,
			profile: opts.profile ?? null,
			profileSource: null
		},
		result
	};
}

const empty: MappingProfile = {
	columns: {},
	values: { status: {}, theme: {} },
	dateFormats: [],
	defaults: {}
};

describe('buildProfile', () => {
	it('sends nothing but the label mappings when no column changed', () => {
		const p = preview([
			['编号', 'problem_id'],
			['具体问题', 'description']
		]);
		expect(buildProfile(p, editsFromPreview(p))).toEqual(empty);
	});

	it('names a header chosen for a field, and turns off the field of a header set to none', () => {
		const p = preview([
			['序号', null],
			['具体问题', 'description'],
			['标题', 'title']
		]);
		const edits = editsFromPreview(p);
		chooseColumn(edits, 0, 'problem_id');
		chooseColumn(edits, 2, null);
		expect(buildProfile(p, edits).columns).toEqual({ problem_id: '序号', title: '' });
	});

	it('moves a field from one header to another: the chosen header wins', () => {
		const p = preview([
			['问题', 'title'],
			['问题内容', 'description']
		]);
		const edits = editsFromPreview(p);
		chooseColumn(edits, 0, 'description');
		expect(edits.columns).toEqual(['description', null]);
		expect(buildProfile(p, edits).columns).toEqual({ description: '问题', title: '' });
	});

	it('keeps the preview profile, minus columns naming headers this file lacks', () => {
		const profile: MappingProfile = {
			...empty,
			columns: { description: '反映的事情', note: '其他说明', level: '' },
			values: { status: { 研究中: 'in_progress' }, theme: {} }
		};
		const p = preview(
			[
				['反映的事情 *', 'description'],
				['社区', 'community']
			],
			{ profile }
		);
		expect(buildProfile(p, editsFromPreview(p))).toEqual({
			...profile,
			columns: { description: '反映的事情', level: '' }
		});
	});

	it('maps status and theme labels, and drops a mapping set back to none', () => {
		const profile: MappingProfile = {
			...empty,
			values: { status: { 研究中: 'in_progress' }, theme: { 民生: 'other' } }
		};
		const p = preview([['状态', 'status']], {
			profile,
			statusLabels: [
				{ label: '研究中', code: 'in_progress', count: 1 },
				{ label: '待议', code: null, count: 2 },
				{ label: '已整改', code: 'resolved', count: 5 }
			],
			themeLabels: [
				{ label: '民生', code: 'other', count: 3, source: 'mapping' },
				{ label: '杂项', code: null, count: 1, source: 'classified' },
				{ label: '安全', code: 'safety', count: 1, source: 'file' }
			]
		});
		expect(statusRows(p).map((l) => l.label)).toEqual(['研究中', '待议']);
		expect(themeRows(p).map((l) => l.label)).toEqual(['民生', '杂项']);
		const edits = editsFromPreview(p);
		expect(edits.status).toEqual({ 研究中: 'in_progress', 待议: '' });
		edits.status['待议'] = 'pending';
		edits.theme['民生'] = '';
		const built = buildProfile(p, edits);
		expect(built.values).toEqual({
			status: { 研究中: 'in_progress', 待议: 'pending' },
			theme: {}
		});
		expect(editsKey(edits)).not.toBe(editsKey(editsFromPreview(p)));
	});

	it('names every chosen column of a refused preview, settling two columns of one name', () => {
		const p = preview(
			[
				['问题描述', 'description'],
				['问题描述', null],
				['社区', 'community']
			],
			{ outcome: 'refused' }
		);
		expect(buildProfile(p, editsFromPreview(p)).columns).toEqual({
			description: '问题描述',
			community: '社区'
		});
	});
});
