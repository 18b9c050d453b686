import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from './csv-text';

describe('csvCell', () => {
	it('neutralises text a spreadsheet would run as a formula', () => {
		expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
		expect(csvCell('+1')).toBe("'+1");
		expect(csvCell('-2+3')).toBe("'-2+3");
		expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
		expect(csvCell('\tx')).toBe("'\tx");
		expect(csvCell('\rx')).toBe(`"'\rx"`);
	});

	it('keeps numbers as numbers and quotes only what needs it', () => {
		expect(csvCell(-5)).toBe('-5');
		expect(csvCell('普通文字')).toBe('普通文字');
		expect(csvCell('a,b')).toBe('"a,b"');
		expect(csvCell('说"明"')).toBe('"说""明"""');
		expect(csvCell(null)).toBe('');
		expect(csvCell(true)).toBe('是');
	});

	it('ends each line with CRLF, as Excel writes', () => {
		expect(csvLine([3, '问题描述', null, '原因'])).toBe('3,问题描述,,原因\r\n');
	});
});
