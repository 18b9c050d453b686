import { describe, expect, it } from 'vitest';
import { RecordScanner, type ScanResult } from './record-scan';

function scan(text: string, opts: { chunk?: number; delimiter?: string } = {}): ScanResult {
	const bytes = Buffer.from(text, 'utf8');
	const scanner = new RecordScanner((opts.delimiter ?? ',').charCodeAt(0));
	const size = opts.chunk ?? bytes.length;
	for (let i = 0; i < bytes.length; i += size) scanner.push(bytes.subarray(i, i + size));
	return scanner.finish();
}

describe('RecordScanner', () => {
	it('counts records, not lines, when a quoted cell holds line breaks', () => {
		const r = scan('a,b\n1,"x\ny\nz"\n2,3\n');
		expect(r.records).toBe(3);
		expect(r.blankRecords).toEqual([]);
	});

	it('numbers empty lines as records (DuckDB skips them, Excel counts them)', () => {
		const r = scan('title\n\na,b\r\n\r\n1,2\n');
		expect(r.blankRecords).toEqual([2, 4]);
		expect(r.records).toBe(5);
	});

	it('gives the same answer fed one byte at a time', () => {
		const text = 'a,b\r\n"q ""x""\r\n",2\r\n\r\n"",""\r\n3,"4"\r\n';
		const whole = scan(text);
		expect(scan(text, { chunk: 1 })).toEqual(whole);
		expect(whole.blankRecords).toEqual([3]);
		expect(whole.records).toBe(5);
		expect(whole.newline).toBe('crlf');
	});

	it('reports a quote that never closes with the record it opened in', () => {
		const r = scan('a,b\n1,2\n3,"open\n4,5\n');
		expect(r.unterminatedQuoteRecord).toBe(3);
	});

	it('treats a quote inside an unquoted cell as text, as DuckDB does', () => {
		const r = scan('a,b\n12"screen,2\n3,4\n');
		expect(r.unterminatedQuoteRecord).toBeNull();
		expect(r.records).toBe(3);
	});

	it('recognises quotes after the chosen delimiter only', () => {
		const r = scan('a\tb\n1\t"x\ny"\n', { delimiter: '\t' });
		expect(r.records).toBe(2);
		expect(r.unterminatedQuoteRecord).toBeNull();
	});

	it('notices files that mix CRLF and LF', () => {
		expect(scan('a,b\r\n1,2\n').newline).toBe('mixed');
		expect(scan('a,b\n1,2').newline).toBe('lf');
		expect(scan('a,b\n1,2').records).toBe(2);
	});
});
