import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all } from '../db/database';
import { parseCsv } from './parse';
import { RecordScanner } from './record-scan';
import { sandbox, type Sandbox } from './test-support';

let box: Sandbox;
beforeAll(async () => {
	box = await sandbox();
});
afterAll(async () => box.dispose());

async function parse(text: string, headerRow: number, width: number) {
	const file = box.file(`p${Math.random().toString(36).slice(2)}.csv`, text);
	const scanner = new RecordScanner(44);
	scanner.push(Buffer.from(text));
	const { blankRecords } = scanner.finish();
	const tag = `t${Math.random().toString(36).slice(2, 8)}`;
	return box.db.withConnection(async (c) => {
		const parsed = await parseCsv(c, {
			utf8Path: file,
			delimiter: ',',
			width,
			headerRow,
			blankRecords,
			tag
		});
		const rows = await all<{ row_no: number; c1: string | null }>(
			c,
			`SELECT row_no, c1 FROM ${parsed.table} ORDER BY row_no`
		);
		return { parsed, rows };
	});
}

describe('parseCsv', () => {
	it('numbers kept rows as Excel does around blank lines and multi-line cells', async () => {
		const { rows, parsed } = await parse('t,,\n\na,b,c\n"x\ny",1,2\n\nz,3,4\n', 3, 3);
		expect(rows.map((r) => [r.row_no, r.c1])).toEqual([
			[1, 't'],
			[3, 'a'],
			[4, 'x\ny'],
			[6, 'z']
		]);
		expect(parsed.blankAfterHeader).toBe(1);
	});

	it('turns short and long rows after the header into structural rejects with their row numbers', async () => {
		const { rows, parsed } = await parse('a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n', 1, 3);
		expect(parsed.structural.map((s) => [s.row, s.line])).toEqual([
			[3, '4,5'],
			[4, '6,7,8,9']
		]);
		expect(parsed.structural[0].reason).toContain('只有 2 列');
		expect(parsed.structural[1].reason).toContain('有 4 列');
		expect(rows.map((r) => r.row_no)).toEqual([1, 2, 5]);
	});

	it('ignores short title rows above the header and counts bare-delimiter lines as blank', async () => {
		const { parsed, rows } = await parse('标题\na,b,c\n1,2,3\n,,\n,\n', 2, 3);
		expect(parsed.structural).toEqual([]);
		expect(parsed.blankAfterHeader).toBe(1);
		expect(rows.map((r) => r.row_no)).toEqual([2, 3, 4]);
	});
});
