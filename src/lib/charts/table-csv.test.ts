import { describe, expect, it } from 'vitest';
import { chartFileName, tableCsv } from './table-csv';

describe('tableCsv', () => {
	it('starts with the BOM and ends every line with CRLF', () => {
		const csv = tableCsv({ columns: ['主题', '数量'], rows: [['安全生产', 1200]] });
		expect(csv).toBe('\uFEFF主题,数量\r\n安全生产,1200\r\n');
	});

	it('keeps numbers as plain numbers, and writes nothing for a non-finite one', () => {
		const csv = tableCsv({ columns: ['a', 'b', 'c'], rows: [['x', -3.5, Number.NaN]] });
		expect(csv.split('\r\n')[1]).toBe('x,-3.5,');
	});

	it('quotes commas, quotes and line breaks (RFC 4180)', () => {
		const csv = tableCsv({
			columns: ['名称', 'n'],
			rows: [
				['a,b', 1],
				['说"好"', 2],
				['上\n下', 3]
			]
		});
		expect(csv.slice(1).split('\r\n').slice(1, 4)).toEqual([
			'"a,b",1',
			'"说""好""",2',
			'"上\n下",3'
		]);
	});

	it('neutralises text a spreadsheet would run as a formula', () => {
		const csv = tableCsv({
			columns: ['=SUM(A1)', 'n'],
			rows: [
				['+1', 1],
				['-x', 2],
				['@cmd', 3],
				['\tt', 4],
				['=1,2', 5],
				['a=b', 6]
			]
		});
		expect(csv.slice(1).split('\r\n').slice(0, 7)).toEqual([
			"'=SUM(A1),n",
			"'+1,1",
			"'-x,2",
			"'@cmd,3",
			"'\tt,4",
			`"'=1,2",5`,
			'a=b,6'
		]);
	});
});

describe('chartFileName', () => {
	it('replaces the characters file systems refuse', () => {
		expect(chartFileName('社区 × 主题: a/b\\c*?"<>|', 'svg')).toBe('社区 × 主题_ a_b_c______.svg');
	});

	it('falls back to "chart" for an empty title', () => {
		expect(chartFileName('  ', 'png')).toBe('chart.png');
	});
});
