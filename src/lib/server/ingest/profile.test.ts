import { describe, expect, it } from 'vitest';
import { IngestRefusal } from './errors';
import { parseProfile } from './profile';

const known = {
	fields: new Set(['description', 'community', 'status']),
	statuses: new Set(['pending', 'resolved']),
	themes: new Set(['safety']),
	codes: { reporter_type: new Set(['resident', 'other']), boolean: new Set(['true', 'false']) }
};

function refusal(input: unknown): string {
	try {
		parseProfile(input, known);
	} catch (err) {
		if (err instanceof IngestRefusal) return err.message;
		throw err;
	}
	return 'accepted';
}

describe('parseProfile', () => {
	it('fills the parts a profile leaves out', () => {
		expect(parseProfile({ columns: { description: '情况' } }, known)).toEqual({
			columns: { description: '情况' },
			values: { status: {}, theme: {} },
			dateFormats: [],
			defaults: {}
		});
	});

	it('names unknown fields and codes, in Chinese', () => {
		expect(refusal({ columns: { colour: '颜色' } })).toContain('未知字段“colour”');
		expect(refusal({ values: { status: { 研究中: 'researching' } } })).toContain(
			'不存在的状态代码“researching”'
		);
		expect(refusal({ values: { theme: { 民生: 'livelihood' } } })).toContain(
			'不存在的主题代码“livelihood”'
		);
		expect(refusal({ defaults: { colour: 'red' } })).toContain('未知字段');
	});

	it('refuses a wrong shape and a date format that is not strptime', () => {
		expect(refusal({ columns: 'x' })).toContain('映射配置格式不正确');
		expect(refusal({ dateFormats: ['yyyy-mm-dd'] })).toContain('strptime');
		expect(refusal({ extra: 1 })).toContain('映射配置格式不正确');
	});

	it('says in Chinese what a key or value of the wrong kind should be', () => {
		expect(refusal({ extra: 1 })).toBe(
			'映射配置格式不正确：映射配置里有不认识的键“extra”：只能有 columns、values、dateFormats、defaults。'
		);
		expect(refusal({ values: { source: { 'Constituent Call': 'resident' } } })).toContain(
			'values 里不能有“source”：可以为 status、theme、level、reporter_type、satisfaction、boolean'
		);
		expect(refusal({ columns: 'x' })).toContain('columns 应为对象');
		expect(refusal({ columns: { description: 3 } })).toContain('columns.description 应为文本');
		for (const input of [{ extra: 1 }, { values: { source: {} } }, { columns: [] }])
			expect(refusal(input)).not.toMatch(/Invalid|Expected|received/);
	});

	it('maps labels of every vocabulary field, and checks their codes', () => {
		const profile = parseProfile(
			{ values: { reporter_type: { 'Constituent Call': 'resident' }, boolean: { 有: 'true' } } },
			known
		);
		expect(profile.values.reporter_type).toEqual({ 'Constituent Call': 'resident' });
		expect(refusal({ values: { reporter_type: { Phone: 'phone' } } })).toContain(
			'来源“Phone”映射到了不存在的来源代码“phone”（可用：resident、other）'
		);
	});
});
