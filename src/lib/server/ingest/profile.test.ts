import { describe, expect, it } from 'vitest';
import { IngestRefusal } from './errors';
import { parseProfile } from './profile';

const known = {
	fields: new Set(['description', 'community', 'status']),
	statuses: new Set(['pending', 'resolved']),
	themes: new Set(['safety'])
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
});
