import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, type Filters } from '../../domain/filters';
import { listProblems } from '../dashboard/problem-list';
import type { LedgerDatabase } from '../db/database';
import { ingestFile } from '../ingest/pipeline';
import { csv, ingestSandbox } from '../ingest/test-support';
import { EXPORT_HEADERS, exportProblems, type ExportRequest } from './problems-export';

const box = ingestSandbox();
const TODAY = '2024-06-01';
const filters = (f: Partial<Filters> = {}): Filters => ({ ...EMPTY_FILTERS, ...f });
const DANGEROUS = /^[=+\-@\t\r]/;

const LEDGER = csv(
	'A001,云南路社区,干部能力,"楼道灯坏了,需要维修",2024-01-05,2024-02-05,已销号,2024-01-20,否',
	'A002,云南路社区,物业配套与小区安全,垃圾清运不及时 𠮷,2024-02-10,2024-03-10,已交办,,是',
	'A003,云南路社区,干部能力,"说明里有""引号""",2024-03-01,2024-03-31,持续整改,,否',
	'B001,复兴社区,物业配套与小区安全,停车难,2024-01-15,2024-02-15,已交办,,否'
);

async function load(content: string, name = 'ledger.csv'): Promise<void> {
	const result = await ingestFile(box.db, box.file(name, content), box.options);
	expect(result.outcome).toBe('committed');
}

async function bytes(req: Partial<ExportRequest>, db: LedgerDatabase = box.db) {
	const file = await exportProblems(db, {
		filters: filters(),
		scope: null,
		sort: 'reported_at',
		dir: 'asc',
		format: 'csv',
		today: TODAY,
		...req
	});
	return { rows: file.rows, data: new Uint8Array(await new Response(file.stream).arrayBuffer()) };
}

/** A CSV export read back by DuckDB, every cell as text (null for an empty cell). */
async function readCsv(data: Uint8Array): Promise<Record<string, string | null>[]> {
	const file = box.file(`export-${Math.random().toString(36).slice(2)}.csv`, Buffer.from(data));
	return box.db.all(
		`SELECT * FROM read_csv($file, header = true, all_varchar = true, delim = ',', quote = '"')`,
		{ file }
	);
}

async function readXlsx(data: Uint8Array): Promise<ExcelJS.Worksheet> {
	const book = new ExcelJS.Workbook();
	await book.xlsx.load(Buffer.from(data) as unknown as ExcelJS.Buffer);
	return book.worksheets[0];
}

/** The list query's rows, in the export's columns that the list also has. */
async function listed(f: Filters, scope: string[] | null = null) {
	const list = await listProblems(
		box.db,
		f,
		{ sort: 'reported_at', dir: 'asc', pageSize: 100 },
		{ scope, today: TODAY }
	);
	return list.rows.map((r) => ({
		社区: r.community,
		问题编号: r.problemId,
		提出时间: r.reportedAt,
		主题: r.themeLabelZh,
		问题描述: r.description,
		整改时限: r.deadline,
		状态: r.statusLabelZh,
		完成时间: r.resolvedAt,
		超期: r.overdue ? '是' : '否',
		瓶颈问题: r.isBottleneck ? '是' : '否'
	}));
}

const pick = (row: Record<string, unknown>, keys: string[]) =>
	Object.fromEntries(keys.map((k) => [k, row[k]]));

describe('exportProblems', () => {
	it('writes a UTF-8 CSV with BOM that DuckDB reads back as the list query’s rows', async () => {
		await load(LEDGER);
		const f = filters({ communities: ['云南路社区'] });
		const { rows, data } = await bytes({ filters: f });
		expect([...data.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const back = await readCsv(data);
		const expected = await listed(f);
		expect(rows).toBe(3);
		expect(Object.keys(back[0])).toEqual(EXPORT_HEADERS);
		expect(back.map((r) => pick(r, Object.keys(expected[0])))).toEqual(expected);
	});

	it('writes a GBK (GB18030) CSV that decodes to the same text, rare characters included', async () => {
		await load(LEDGER);
		const utf8 = new TextDecoder('utf-8').decode((await bytes({})).data);
		const { data } = await bytes({ encoding: 'gbk' });
		expect([...data.slice(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
		const text = new TextDecoder('gb18030').decode(data);
		expect(text).toBe(utf8.replace(/^\uFEFF/, ''));
		expect(text).toContain('垃圾清运不及时 𠮷');
		expect(iconv.decode(Buffer.from(data), 'gbk')).toContain('垃圾清运不及时');
	});

	it('writes an XLSX that exceljs reads back as the rows, dates as dates, header frozen', async () => {
		await load(LEDGER);
		const f = filters({ communities: ['云南路社区'] });
		const sheet = await readXlsx((await bytes({ filters: f, format: 'xlsx' })).data);
		expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
		const header = sheet.getRow(1);
		expect((header.values as unknown[]).slice(1)).toEqual(EXPORT_HEADERS);
		expect(header.font?.bold).toBe(true);
		expect(sheet.getColumn(8).width).toBe(48);
		const back: Record<string, unknown>[] = [];
		sheet.eachRow((row, n) => {
			if (n === 1) return;
			back.push(Object.fromEntries(EXPORT_HEADERS.map((h, i) => [h, row.getCell(i + 1).value])));
		});
		const day = (text: string | null) => (text ? new Date(`${text}T00:00:00Z`) : null);
		const expected = (await listed(f)).map((r) => ({
			...r,
			提出时间: day(r.提出时间),
			整改时限: day(r.整改时限),
			完成时间: day(r.完成时间)
		}));
		expect(back.map((r) => pick(r, Object.keys(expected[0])))).toEqual(expected);
		expect(back[0].提出时间).toBeInstanceOf(Date);
		expect(sheet.getRow(2).getCell(3).numFmt).toBe('yyyy-mm-dd');
	});

	it('neutralises every dangerous text cell of the injection corpus, in CSV and XLSX', async () => {
		const corpus = path.resolve('data/fixtures/corpus/bad/injection.csv');
		const result = await ingestFile(box.db, corpus, box.options);
		expect(result.outcome).toBe('committed');

		const csvRows = await readCsv((await bytes({})).data);
		expect(csvRows).toHaveLength(5);
		const csvCells = csvRows.flatMap((r) => Object.values(r)).filter((c) => c !== null);
		expect(csvCells.filter((c) => DANGEROUS.test(c))).toEqual([]);
		const description = (id: string) => csvRows.find((r) => r.问题编号 === id)?.问题描述;
		expect(description('INJ001')).toBe('\'=HYPERLINK("http://example.invalid","点这里")');
		expect(description('INJ002')).toBe("'+1+1");
		expect(description('INJ003')).toBe("'-2+3");
		expect(description('INJ004')).toBe("'@SUM(A1:A9)");
		expect(description('INJ005')).toBe('<img src=x onerror=alert(1)><script>alert(2)</script>');

		const sheet = await readXlsx((await bytes({ format: 'xlsx' })).data);
		const cells: ExcelJS.Cell[] = [];
		sheet.eachRow((row, n) => {
			if (n > 1) row.eachCell((cell) => cells.push(cell));
		});
		expect(cells.filter((c) => c.type === ExcelJS.ValueType.Formula)).toEqual([]);
		const texts = cells.filter((c) => c.type === ExcelJS.ValueType.String).map((c) => c.text);
		expect(texts.filter((t) => DANGEROUS.test(t))).toEqual([]);
		expect(texts).toContain("'-2+3");
		expect(texts).toContain("'+1+1");
		// Dates stay numbers (dates) in the sheet, not text.
		expect(cells.filter((c) => c.type === ExcelJS.ValueType.Date).length).toBe(5 * 2 + 3);
	});

	it('exports only the communities of a scoped principal', async () => {
		await load(LEDGER);
		const back = await readCsv((await bytes({ scope: ['复兴社区'] })).data);
		expect(back.map((r) => r.问题编号)).toEqual(['B001']);
		const none = await readCsv((await bytes({ scope: [] })).data);
		expect(none).toEqual([]);
	});

	it('exports every row of a filter larger than one page', async () => {
		const n = 25_000;
		const lines = Array.from({ length: n }, (_, i) => {
			const id = `G${String(i).padStart(5, '0')}`;
			return `${id},云南路社区,干部能力,问题 ${i},2024-01-${String((i % 28) + 1).padStart(2, '0')},,已交办,,否`;
		});
		await load(csv(...lines), 'big.csv');
		const { rows, data } = await bytes({ sort: 'problem_id', dir: 'asc' });
		expect(rows).toBe(n);
		const back = await readCsv(data);
		expect(back).toHaveLength(n);
		expect(new Set(back.map((r) => r.问题编号)).size).toBe(n);
		expect(back[0].问题编号).toBe('G00000');
		expect(back[n - 1].问题编号).toBe('G24999');

		const sheet = await readXlsx((await bytes({ format: 'xlsx', pageSize: 7_000 })).data);
		expect(sheet.rowCount).toBe(n + 1);
	}, 120_000);
});
