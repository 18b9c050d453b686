// The ranking downloads over a real in-memory DuckDB: a community named like a formula reaches the
// XLSX as inert text, exactly as in the CSV (one neutralising rule for every export).
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WEIGHTS, type CompareData } from '../../domain/compare-model';
import { EMPTY_FILTERS } from '../../domain/filters';
import { ingestFile } from '../ingest/pipeline';
import { csv, sandbox, type Sandbox } from '../ingest/test-support';
import { loadCompareData } from './compare-data';
import { rankingCsv, rankingXlsx } from './ranking-export';

const FORMULA_UNIT = '=1+1社区';
let box: Sandbox;
let data: CompareData;

beforeAll(async () => {
	box = await sandbox();
	const file = csv(
		`A1,${FORMULA_UNIT},,路灯坏了,2019-03-01,2019-04-01,已整改,2019-03-20,否`,
		'A2,@SUM(A1)社区,,井盖缺失,2019-03-05,2019-04-05,整改中,,否'
	);
	const result = await ingestFile(box.db, box.file('units.csv', file), box.options);
	expect(result.outcome).toBe('committed');
	data = await loadCompareData(
		box.db,
		{ ...EMPTY_FILTERS, from: '2019-01-01', to: '2019-12-31', asOf: '2019-12-31' },
		{ weights: DEFAULT_WEIGHTS, minCount: 1 },
		{ scope: null, responseDays: 3 }
	);
}, 60_000);
afterAll(async () => box.dispose());

describe('the ranking as a file', () => {
	it('writes a formula-like community name as neutralised text in the XLSX', async () => {
		const book = new ExcelJS.Workbook();
		await book.xlsx.load((await rankingXlsx(data)) as unknown as ArrayBuffer);
		const sheet = book.worksheets[0];
		const units: unknown[] = [];
		sheet.getColumn(3).eachCell((cell, row) => {
			if (row > 3) units.push(cell.value);
		});
		expect(units.sort()).toEqual(["'=1+1社区", "'@SUM(A1)社区"]);
		sheet.eachRow((row) =>
			row.eachCell((cell) => {
				expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
				if (typeof cell.value === 'string') expect(cell.value).not.toMatch(/^[=+\-@\t\r]/);
			})
		);
	});

	it('neutralises it the same way in the CSV', () => {
		expect(rankingCsv(data)).toContain(",'=1+1社区,");
	});
});
