import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IngestRefusal } from './errors';
import { ingestFile } from './pipeline';
import { sandbox } from './test-support';
import { CORPUS } from './test-corpus';
import { xlsxToCsv } from './xlsx';

const SICHUAN = path.join(CORPUS, 'good', 'sichuan.xlsx');

let dir: string;

beforeEach(async () => {
	dir = await fs.mkdtemp(path.join(os.tmpdir(), 'xlsx-test-'));
});

afterEach(async () => {
	await fs.rm(dir, { recursive: true, force: true });
});

/** Minimal RFC 4180 reader: returns records as arrays of fields. */
function parseCsv(text: string): string[][] {
	const records: string[][] = [];
	let record: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (quoted) {
			if (ch === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (ch === '"') {
				quoted = false;
			} else {
				field += ch;
			}
		} else if (ch === '"') {
			quoted = true;
		} else if (ch === ',') {
			record.push(field);
			field = '';
		} else if (ch === '\n') {
			record.push(field);
			records.push(record);
			record = [];
			field = '';
		} else {
			field += ch;
		}
	}
	expect(quoted, 'unterminated quote').toBe(false);
	expect(field === '' && record.length === 0, 'last record must end with LF').toBe(true);
	return records;
}

async function save(wb: ExcelJS.Workbook, name = 'book.xlsx'): Promise<string> {
	const file = path.join(dir, name);
	await wb.xlsx.writeFile(file);
	return file;
}

async function convert(src: string, opts?: { sheet?: string }) {
	const dest = path.join(dir, 'out.csv');
	const result = await xlsxToCsv(src, dest, opts);
	const text = await fs.readFile(dest, 'utf8');
	return { result, text, records: parseCsv(text) };
}

async function refusal(promise: Promise<unknown>): Promise<IngestRefusal> {
	const error = await promise.then(
		() => undefined,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(IngestRefusal);
	return error as IngestRefusal;
}

/** A zip with stored (uncompressed) entries, for workbooks exceljs's writer cannot produce. */
function storedZip(entries: Record<string, string>): Buffer {
	const locals: Buffer[] = [];
	const centrals: Buffer[] = [];
	let offset = 0;
	for (const [name, content] of Object.entries(entries)) {
		const nameBytes = Buffer.from(name, 'utf8');
		const data = Buffer.from(content, 'utf8');
		const crc = zlib.crc32(data);
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt16LE(0x21, 12); // 1980-01-01
		local.writeUInt32LE(crc, 14);
		local.writeUInt32LE(data.length, 18);
		local.writeUInt32LE(data.length, 22);
		local.writeUInt16LE(nameBytes.length, 26);
		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt16LE(20, 4);
		central.writeUInt16LE(20, 6);
		central.writeUInt16LE(0x21, 14);
		central.writeUInt32LE(crc, 16);
		central.writeUInt32LE(data.length, 20);
		central.writeUInt32LE(data.length, 24);
		central.writeUInt16LE(nameBytes.length, 28);
		central.writeUInt32LE(offset, 42);
		locals.push(local, nameBytes, data);
		centrals.push(central, nameBytes);
		offset += local.length + nameBytes.length + data.length;
	}
	const directory = Buffer.concat(centrals);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(locals.length / 3, 8);
	end.writeUInt16LE(locals.length / 3, 10);
	end.writeUInt32LE(directory.length, 12);
	end.writeUInt32LE(offset, 16);
	return Buffer.concat([...locals, directory, end]);
}

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

function sheetXml(rows: string): string {
	return `${XML_HEAD}<worksheet xmlns="${MAIN_NS}"><sheetData>${rows}</sheetData></worksheet>`;
}

describe('xlsxToCsv', () => {
	it('keeps Excel row numbers across a merged title, a blank row and a header on row 3', async () => {
		const wb = new ExcelJS.Workbook();
		const ws = wb.addWorksheet('问题清单');
		ws.getCell('A1').value = '某社区问题清单';
		ws.mergeCells('A1:F1');
		ws.getRow(3).values = ['编号', '提出时间', '回复时间', '金额', '合计', '整改时限'];
		ws.getRow(4).values = [
			'P001',
			new Date(Date.UTC(2018, 7, 7)),
			new Date(Date.UTC(2018, 7, 7, 14, 30, 5)),
			43409,
			{ formula: 'D4*2', result: 86818 },
			{ formula: 'B4+30', result: 43349 }
		];
		ws.getRow(5).values = [
			'P002',
			new Date(Date.UTC(2019, 0, 31)),
			null,
			12.5,
			{ formula: 'D5*2' }
		];
		ws.getColumn(2).numFmt = 'yyyy-mm-dd';
		ws.getColumn(3).numFmt = 'yyyy-mm-dd hh:mm:ss';
		ws.getCell('F4').numFmt = 'yyyy"年"m"月"d"日"';

		const { result, text, records } = await convert(await save(wb));

		expect(result).toEqual({ sheet: '问题清单', rows: 5, columns: 6 });
		// Dates only come out as dates because the reader caches styles: without them B4 is 43319.
		expect(text).toBe(
			[
				'某社区问题清单,,,,,',
				',,,,,',
				'编号,提出时间,回复时间,金额,合计,整改时限',
				'P001,2018-08-07,2018-08-07 14:30:05,43409,86818,2018-09-06',
				'P002,2019-01-31,,12.5,,',
				''
			].join('\n')
		);
		expect(records[2][0]).toBe('编号');
	});

	it('emits rows missing from the sheet XML as empty records, trailing styled rows as blank lines', async () => {
		const wb = new ExcelJS.Workbook();
		const ws = wb.addWorksheet('S');
		ws.getRow(1).values = ['编号', '状态', '备注'];
		ws.getRow(2).values = ['A1', '已整改'];
		ws.getRow(3).values = ['A2'];
		ws.getRow(4).values = ['A3', '待处理', 'x'];
		// row 5 never touched: absent from the XML
		ws.getRow(6).values = ['A5', '整改中'];
		// a styled but empty row after the data, as Excel templates often have
		ws.getCell('B9').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } };

		const { result, text, records } = await convert(await save(wb));

		expect(result).toEqual({ sheet: 'S', rows: 6, columns: 3 });
		// Rows 7–9 end the sheet (9 styled, 7–8 between): bare blank lines, not padded records, so
		// a sheet styled down to row 1048576 costs a newline a row and they count as blank rows.
		expect(text.split('\n')).toEqual([
			'编号,状态,备注',
			'A1,已整改,',
			'A2,,',
			'A3,待处理,x',
			',,',
			'A5,整改中,',
			'',
			'',
			'',
			''
		]);
		expect(records.slice(0, 6).every((r) => r.length === 3)).toBe(true);
		expect(records.slice(6)).toEqual([[''], [''], ['']]);
		expect(records[5][0]).toBe('A5'); // record 6 == Excel row 6
	});

	it('counts the styled empty rows under the data as blank rows of the ingest', async () => {
		const wb = new ExcelJS.Workbook();
		const ws = wb.addWorksheet('台账');
		ws.getRow(1).values = ['问题描述', '提出时间', '社区'];
		ws.getRow(2).values = ['楼道灯坏了', '2019-03-05', '寿张路社区'];
		ws.getRow(3).values = ['井盖缺失', '2019-03-06', '寿张路社区'];
		// one blank row inside the list, then a template's bordered area of 2,000 rows
		ws.getRow(5).values = ['垃圾清运不及时', '2019-03-07', '寿张路社区'];
		for (let r = 6; r < 2006; r++)
			for (let col = 1; col <= 3; col++) ws.getCell(r, col).border = { top: { style: 'thin' } };
		const box = await sandbox();
		try {
			const r = await ingestFile(box.db, await save(wb), { ...box.options, dryRun: true });
			expect(r).toMatchObject({ outcome: 'dry-run', rowsTotal: 3, rowsAccepted: 3 });
			expect(r.rowsBlank).toBe(1 + 2000);
		} finally {
			await box.dispose();
		}
	});

	it('converts the sheet named in opts.sheet', async () => {
		const wb = new ExcelJS.Workbook();
		wb.addWorksheet('说明').getCell('A1').value = '填表说明';
		wb.addWorksheet('问题清单').getRow(1).values = ['编号', '主题'];

		const { result, records } = await convert(await save(wb), { sheet: '问题清单' });

		expect(result).toEqual({ sheet: '问题清单', rows: 1, columns: 2 });
		expect(records).toEqual([['编号', '主题']]);
	});

	it('defaults to the first visible sheet', async () => {
		const wb = new ExcelJS.Workbook();
		wb.addWorksheet('字典', { state: 'hidden' }).getCell('A1').value = '下拉选项';
		wb.addWorksheet('清单').getCell('A1').value = '编号';
		wb.addWorksheet('其他').getCell('A1').value = '别的';

		const { result } = await convert(await save(wb));

		expect(result.sheet).toBe('清单');
	});

	it('refuses a sheet name that is not in the workbook, listing the sheets', async () => {
		const wb = new ExcelJS.Workbook();
		wb.addWorksheet('一月').getCell('A1').value = 1;
		wb.addWorksheet('二月').getCell('A1').value = 2;
		const src = await save(wb);

		const error = await refusal(xlsxToCsv(src, path.join(dir, 'out.csv'), { sheet: '三月' }));

		expect(error.code).toBe('sheet_not_found');
		expect(error.message).toBe('工作簿中没有名为“三月”的工作表，现有工作表：一月、二月');
		expect(await fs.readdir(dir)).toEqual(['book.xlsx']);
	});

	it('refuses files that are not readable xlsx workbooks', async () => {
		const random = path.join(dir, 'random.xlsx');
		await fs.writeFile(random, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256)));
		const csvRenamed = path.join(dir, 'renamed.xlsx');
		await fs.writeFile(csvRenamed, '编号,主题\nA1,x\n');
		const empty = path.join(dir, 'empty.xlsx');
		await fs.writeFile(empty, '');
		const notWorkbook = path.join(dir, 'docs.zip');
		await fs.writeFile(notWorkbook, storedZip({ 'readme.txt': 'hello' }));

		for (const src of [random, csvRenamed, empty, notWorkbook]) {
			const error = await refusal(xlsxToCsv(src, path.join(dir, 'out.csv')));
			expect(error.code, src).toBe('bad_input');
			expect(error.message).toContain('无法读取这个 Excel 文件（.xlsx）');
		}
		expect((await fs.readdir(dir)).filter((f) => f.startsWith('out.csv'))).toEqual([]);
	});

	it('refuses (rather than hangs on) a truncated or corrupted workbook', async () => {
		const wb = new ExcelJS.Workbook();
		const ws = wb.addWorksheet('S');
		for (let i = 1; i <= 2000; i++) ws.addRow([`编号${i}`, i, `描述 ${i * 7919}`]);
		const good = Buffer.from(await wb.xlsx.writeBuffer());
		const sheetAt = good.indexOf('xl/worksheets/sheet1.xml');
		expect(sheetAt).toBeGreaterThan(0);

		const truncated = path.join(dir, 'truncated.xlsx');
		await fs.writeFile(truncated, good.subarray(0, sheetAt + 2000));
		const corrupted = path.join(dir, 'corrupted.xlsx');
		const bytes = Buffer.from(good);
		for (let i = sheetAt + 200; i < sheetAt + 1200; i++) bytes[i] ^= 0x5a;
		await fs.writeFile(corrupted, bytes);

		for (const src of [truncated, corrupted]) {
			const error = await refusal(xlsxToCsv(src, path.join(dir, 'out.csv')));
			expect(error.code, src).toBe('bad_input');
		}
	}, 10_000);

	it('lets a missing source file fail as a plain error, not a refusal', async () => {
		await expect(xlsxToCsv(path.join(dir, 'nope.xlsx'), path.join(dir, 'out.csv'))).rejects.toThrow(
			/ENOENT/
		);
	});

	it('quotes commas, quotes, line breaks and edge spaces so fields round-trip', async () => {
		const tricky = [
			'a,b',
			'他说"急"',
			'第一行\n第二行',
			' 前导空格',
			'尾随空格 ',
			'plain',
			'CR_x000D_\nLF'
		];
		const wb = new ExcelJS.Workbook();
		wb.addWorksheet('S').getRow(1).values = tricky;

		const { text, records } = await convert(await save(wb));

		expect(records).toEqual([
			[...tricky.slice(0, 6), 'CR\r\nLF'] // _x000D_ is OOXML's escape for CR
		]);
		expect(text).toBe(
			'"a,b","他说""急""","第一行\n第二行"," 前导空格","尾随空格 ",plain,"CR\r\nLF"\n'
		);
	});

	it('renders numbers, booleans, errors, rich text, hyperlinks and formula results', async () => {
		const wb = new ExcelJS.Workbook();
		wb.addWorksheet('S').getRow(1).values = [
			1e-7,
			1.5e21,
			-0.25,
			true,
			false,
			{ error: '#N/A' },
			{ richText: [{ text: '重点' }, { font: { bold: true }, text: '问题' }] },
			{ text: '链接', hyperlink: 'https://example.com' },
			{ formula: 'A1&"x"', result: '文本结果' },
			{ formula: 'NA()', result: { error: '#N/A' } },
			'end'
		];

		const { records } = await convert(await save(wb));

		expect(records).toEqual([
			[
				'0.0000001',
				'1500000000000000000000',
				'-0.25',
				'TRUE',
				'FALSE',
				'#N/A',
				'重点问题',
				'链接',
				'文本结果',
				'#N/A', // a formula's cached error, as Excel shows it
				'end'
			]
		]);
	});

	// Files from other writers store their parts in other orders, which exceljs's streaming reader
	// mishandles unless the converter works around it (dates become serial numbers, sheets are named
	// "Sheet1", or the read fails). Parts are stored uncompressed, as SheetJS writes them, which makes
	// the reader's early-end race likely, so each layout is converted several times.
	it.each([
		{
			writer: 'openpyxl/pandas: sheets first, absolute rels targets',
			order: ['sheet1', 'sheet2', 'sharedStrings', 'styles', 'workbook', 'rels'],
			targetPrefix: '/xl/'
		},
		{
			writer: 'shared strings and rels before the sheets, styles and workbook after',
			order: ['rels', 'sharedStrings', 'sheet1', 'sheet2', 'styles', 'workbook'],
			targetPrefix: ''
		}
	])('reads parts in any zip order ($writer)', async ({ order, targetPrefix }) => {
		const rel = (n: number) =>
			`<Relationship Id="rId${n}" Type="${REL_NS}/worksheet" Target="${targetPrefix}worksheets/sheet${n}.xml"/>`;
		const parts: Record<string, [string, string]> = {
			sheet1: [
				'xl/worksheets/sheet1.xml',
				sheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>封面</t></is></c></row>')
			],
			sheet2: [
				'xl/worksheets/sheet2.xml',
				sheetXml(
					'<row r="1"><c r="A1" t="s"><v>0</v></c></row>' +
						'<row r="3"><c r="A3" t="inlineStr"><is><t>P001</t></is></c>' +
						'<c r="B3"><v>43409</v></c><c r="C3" s="1"><v>43319</v></c></row>'
				)
			],
			sharedStrings: [
				'xl/sharedStrings.xml',
				`${XML_HEAD}<sst xmlns="${MAIN_NS}" count="1" uniqueCount="1"><si><t>编号</t></si></sst>`
			],
			styles: [
				'xl/styles.xml',
				`${XML_HEAD}<styleSheet xmlns="${MAIN_NS}"><fonts count="1"><font/></fonts>` +
					'<fills count="1"><fill/></fills><borders count="1"><border/></borders>' +
					'<cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/>' +
					'<xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>'
			],
			workbook: [
				'xl/workbook.xml',
				`${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets>` +
					'<sheet name="封面" sheetId="1" r:id="rId1"/><sheet name="数据" sheetId="2" r:id="rId2"/>' +
					'</sheets></workbook>'
			],
			rels: [
				'xl/_rels/workbook.xml.rels',
				`${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">${rel(1)}${rel(2)}</Relationships>`
			]
		};
		const src = path.join(dir, 'other-writer.xlsx');
		await fs.writeFile(src, storedZip(Object.fromEntries(order.map((key) => parts[key]))));

		for (let run = 0; run < 10; run++) {
			const { result, records } = await convert(src, { sheet: '数据' });
			expect(result).toEqual({ sheet: '数据', rows: 3, columns: 3 });
			expect(records).toEqual([
				['编号', '', ''],
				['', '', ''],
				['P001', '43409', '2018-08-07']
			]);
		}
		expect((await convert(src)).result.sheet).toBe('封面');
		const error = await refusal(xlsxToCsv(src, path.join(dir, 'out.csv'), { sheet: '附件' }));
		expect(error.message).toContain('现有工作表：封面、数据');
	});

	it('keeps every Chinese character whole across the chunk boundaries of the zip stream', async () => {
		// exceljs decodes each inflated chunk on its own (exceljs #2063): a character split between
		// two chunks came out as U+FFFD. Thousands of distinct Chinese strings span many chunks.
		const wb = new ExcelJS.Workbook();
		const ws = wb.addWorksheet('问题');
		const texts: string[] = [];
		for (let i = 0; i < 6000; i++) {
			const text = `社区工作者反映第${i}号楼道堆物，消防通道不畅，请物业尽快清理并加强巡查${'整改'.repeat(i % 7)}`;
			texts.push(text);
			ws.addRow([text]);
		}
		const dest = path.join(dir, 'out.csv');
		await xlsxToCsv(await save(wb), dest);
		const rows = parseCsv(await fs.readFile(dest, 'utf8')).map((r) => r[0]);
		expect(rows.filter((t) => t.includes('\uFFFD'))).toEqual([]);
		expect(rows).toEqual(texts);
	});

	it('writes an empty file for a sheet with no content', async () => {
		const wb = new ExcelJS.Workbook();
		wb.addWorksheet('空表');

		const { result, text } = await convert(await save(wb));

		expect(result).toEqual({ sheet: '空表', rows: 0, columns: 0 });
		expect(text).toBe('');
	});

	it('converts the sichuan.xlsx fixture: title row 1, header row 2, 30 data rows', async () => {
		const { result, records } = await convert(SICHUAN);

		expect(result).toEqual({ sheet: '问题清单', rows: 32, columns: 13 });
		expect(records[0]).toEqual(['四川路社区问题清单（2018年）', ...Array<string>(12).fill('')]);
		expect(records[1]).toEqual([
			'编号',
			'社区',
			'主题',
			'层面',
			'问题描述',
			'建议',
			'来源',
			'提出时间',
			'责任人',
			'整改时限',
			'状态',
			'完成时间',
			'瓶颈问题'
		]);
		const data = records.slice(2);
		expect(data).toHaveLength(30);
		expect(data.map((r) => r[0])).toEqual(
			Array.from({ length: 30 }, (_, i) => `SC${String(i + 1).padStart(3, '0')}`)
		);
		expect(data[0]).toEqual([
			'SC001',
			'四川路社区',
			'组织建设',
			'生活层面',
			'组织建设不全面，党员作用发挥不充分',
			'',
			'企业',
			'2018-08-07',
			'李华',
			'2018-09-06',
			'整改中',
			'',
			'否'
		]);
		expect(data[10][4]).toBe('小区监控探头损坏无人维修\n（第二行说明）'); // Excel row 13
		expect(data.every((r) => r.length === 13 && /^\d{4}-\d{2}-\d{2}$/.test(r[7]))).toBe(true);
	});
});
