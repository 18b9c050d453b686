import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { tableXlsx, TableSchema } from './table-xlsx';

async function read(buffer: Buffer) {
	const book = new ExcelJS.Workbook();
	await book.xlsx.load(buffer as unknown as ArrayBuffer);
	return book.worksheets[0];
}

describe('a table as XLSX', () => {
	it('keeps numbers as numbers and text as text, with a frozen, bold header', async () => {
		const sheet = await read(
			await tableXlsx({
				title: '按主题（有效问题）',
				columns: ['主题', '数量', '占比'],
				rows: [
					['营商环境', 50, 0.25],
					['安全生产', 30, null]
				]
			})
		);
		expect(sheet.name).toBe('按主题（有效问题）');
		expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
		expect(sheet.getRow(1).font?.bold).toBe(true);
		expect(sheet.getRow(1).values).toEqual([undefined, '主题', '数量', '占比']);
		expect(sheet.getCell('B2').value).toBe(50);
		expect(sheet.getCell('C2').value).toBe(0.25);
		expect(sheet.getCell('C3').value).toBeNull();
		expect(sheet.getColumn(1).width).toBeGreaterThanOrEqual(10);
	});

	it('neutralises formula-like text and keeps -2+3 as text', async () => {
		const sheet = await read(
			await tableXlsx({
				title: 'x',
				columns: ['=标题', '值'],
				rows: [
					['=HYPERLINK("http://x")', '-2+3'],
					['@SUM(A1)', '\tTAB']
				]
			})
		);
		expect(sheet.getCell('A1').value).toBe("'=标题");
		expect(sheet.getCell('A2').value).toBe('\'=HYPERLINK("http://x")');
		expect(sheet.getCell('B2').value).toBe("'-2+3");
		expect(sheet.getCell('A3').value).toBe("'@SUM(A1)");
		expect(sheet.getCell('B3').value).toBe("'\tTAB");
		expect(sheet.getCell('B2').type).toBe(ExcelJS.ValueType.String);
	});

	it('turns a title into a sheet name Excel accepts', async () => {
		const sheet = await read(
			await tableXlsx({ title: 'a/b:c*d?[e]' + '长'.repeat(40), columns: ['a'], rows: [] })
		);
		expect(sheet.name).toMatch(/^a_b_c_d__e_长+$/);
		expect(sheet.name.length).toBe(31);
	});

	it('refuses tables that are not tables', () => {
		expect(v.safeParse(TableSchema, { title: '', columns: ['a'], rows: [] }).success).toBe(false);
		expect(v.safeParse(TableSchema, { title: 't', columns: [], rows: [] }).success).toBe(false);
		expect(v.safeParse(TableSchema, { title: 't', columns: ['a'], rows: [[{}]] }).success).toBe(
			false
		);
	});
});
