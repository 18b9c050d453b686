import { describe, expect, it } from 'vitest';
import { FIELD_SEED } from '../db/vocabulary-seed';
import { IngestRefusal } from './errors';
import {
	buildAliasIndex,
	locateHeader,
	mapColumns,
	normaliseLabel,
	splitHeadRecords
} from './header';

const fields = FIELD_SEED.map((f) => ({ ...f }));
const index = buildAliasIndex(fields);

function refusalOf(fn: () => unknown): IngestRefusal {
	try {
		fn();
	} catch (err) {
		if (err instanceof IngestRefusal) return err;
		throw err;
	}
	throw new Error('expected a refusal');
}

describe('normaliseLabel', () => {
	it('ignores width, required marks, spaces and case', () => {
		expect(normaliseLabel(' 问题描述* ')).toBe('问题描述');
		expect(normaliseLabel('问题类别（必填）')).toBe('问题类别');
		expect(normaliseLabel('ＳＴＡＴＵＳ')).toBe('status');
		expect(normaliseLabel('进度（%）')).toBe(normaliseLabel('进度(％)'));
		expect(normaliseLabel('Problem ID')).toBe('problemid');
	});
});

describe('splitHeadRecords', () => {
	it('keeps blank lines as empty records and drops a record cut off by the sample', () => {
		const records = splitHeadRecords('标题,,\n\n编号,社区,"问题\n描述"\n1,2,"未完', ',', true);
		expect(records).toEqual([['标题', '', ''], [], ['编号', '社区', '问题\n描述']]);
	});
});

describe('locateHeader', () => {
	it('skips a title row and a blank row', () => {
		const loc = locateHeader(
			'寿张路社区问题清单,,,\n,,,\n序号,所属社区,问题描述,登记日期\n1,寿张路社区,x,2018-01-01\n',
			false,
			index
		);
		expect(loc).toMatchObject({ delimiter: ',', headerRow: 3 });
		expect(loc.headerCells[1]).toBe('所属社区');
	});

	it('sniffs tab, semicolon and bar delimiters', () => {
		expect(locateHeader('社区\t问题描述\t提出时间\n', false, index).delimiter).toBe('\t');
		expect(locateHeader('社区;问题描述;提出时间\n', false, index).delimiter).toBe(';');
		expect(locateHeader('社区|问题描述|提出时间\n', false, index).delimiter).toBe('|');
	});

	it('refuses text without a recognisable header', () => {
		expect(refusalOf(() => locateHeader('a,b,c\n1,2,3\n', false, index)).code).toBe('no_header');
	});

	it('says what it found, and speaks of a worksheet for a workbook, not of delimiters', () => {
		const head = '2024年一季度台账,,\n\n编号甲,事由,时候\n东风社区,路灯不亮,2024-01-05\n';
		const csvRefusal = refusalOf(() => locateHeader(head, false, index));
		expect(csvRefusal.message).toContain('列之间要用逗号');
		expect(csvRefusal.message).toContain(
			'找到的内容：第 1 行：2024年一季度台账；第 3 行：编号甲、事由、时候；第 4 行：东风社区、路灯不亮、2024-01-05。'
		);
		const sheetRefusal = refusalOf(() => locateHeader(head, false, index, '汇总'));
		expect(sheetRefusal.message).toContain('在工作表“汇总”的前 60 行内找不到表头');
		expect(sheetRefusal.message).not.toContain('逗号');
		expect(sheetRefusal.message).toContain('第 3 行：编号甲、事由、时候');
	});
});

describe('mapColumns', () => {
	it('maps decorated aliases and reports unknown headers', () => {
		const m = mapColumns(
			['社区名称 ', '问题类别（必填）', '问题描述*', '登记日期', '序号', '群众评议'],
			fields,
			{ communityGiven: false }
		);
		expect(Object.fromEntries(m.fieldColumns)).toEqual({
			community: 0,
			theme: 1,
			description: 2,
			reported_at: 3
		});
		expect(m.unmapped.map((u) => u.header)).toEqual(['序号', '群众评议']);
	});

	it('refuses two columns for one field, naming both', () => {
		const r = refusalOf(() =>
			mapColumns(['社区', '问题描述', '具体问题', '日期'], fields, { communityGiven: false })
		);
		expect(r.code).toBe('duplicate_column');
		expect(r.message).toContain('问题描述, 具体问题');
	});

	it('reads the better of two headers for an optional field and keeps the other as an extra column', () => {
		const m = mapColumns(['社区', '问题描述', '日期', 'Address', 'Location'], fields, {
			communityGiven: false
		});
		// location's aliases: 地点, 位置, 地址, location, address: "Location" ranks above "Address".
		expect(m.fieldColumns.get('location')).toBe(4);
		expect(m.unmapped.map((u) => u.header)).toEqual(['Address']);
		expect(m.setAside).toEqual([{ field: 'location', kept: 'Location', extra: ['Address'] }]);

		const chinese = mapColumns(['地址', '社区', '问题描述', '日期', '地点'], fields, {
			communityGiven: false
		});
		expect(chinese.fieldColumns.get('location')).toBe(4);
		const same = mapColumns(['社区', '地址', '问题描述', '日期', '地址'], fields, {
			communityGiven: false
		});
		expect(same.fieldColumns.get('location')).toBe(1);
		expect(same.setAside).toEqual([{ field: 'location', kept: '地址', extra: ['地址'] }]);
	});

	it('refuses a missing required column, unless the upload names the community', () => {
		expect(
			refusalOf(() => mapColumns(['社区', '提出时间'], fields, { communityGiven: false })).message
		).toContain('description');
		expect(
			refusalOf(() => mapColumns(['问题描述', '提出时间'], fields, { communityGiven: false }))
				.message
		).toContain('community');
		expect(
			mapColumns(['问题描述', '提出时间'], fields, { communityGiven: true }).fieldColumns.size
		).toBe(2);
	});

	it('lets a profile name the column, and one header feed several fields', () => {
		const m = mapColumns(['单位', '情况', '时间'], fields, {
			communityGiven: false,
			profileColumns: { description: '情况', title: '情况', reported_at: '时间' }
		});
		expect(Object.fromEntries(m.fieldColumns)).toEqual({
			description: 1,
			title: 1,
			reported_at: 2,
			community: 0
		});
	});

	it('refuses a profile that names a header the file lacks', () => {
		expect(
			refusalOf(() =>
				mapColumns(['社区', '问题描述', '日期'], fields, {
					communityGiven: false,
					profileColumns: { status: '进展' }
				})
			).code
		).toBe('bad_profile');
	});
});
