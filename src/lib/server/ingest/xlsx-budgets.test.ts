// Each budget of the .xlsx reader on a generated hostile workbook (tests/built/hostile-workbooks.ts):
// refused with its own Chinese message, quickly, leaving no file or descriptor behind.
import fs from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as hostile from '../../../../tests/built/hostile-workbooks';
import { IngestRefusal, refusedStatus } from './errors';
import { SHEET_LIMITS, xlsxToCsv } from './xlsx';
import { PART_LIMITS } from './xlsx-parts';
import { WorkQueue } from './xlsx-queue';
import { ZIP_LIMITS } from './xlsx-zip';

let dir: string;

beforeEach(async () => {
	dir = await fs.mkdtemp(path.join(os.tmpdir(), 'xlsx-budget-'));
});

afterEach(async () => {
	await fs.rm(dir, { recursive: true, force: true });
});

async function write(bytes: Buffer | Promise<Buffer>, name = 'book.xlsx'): Promise<string> {
	const file = path.join(dir, name);
	await fs.writeFile(file, await bytes);
	return file;
}

async function convert(src: string): Promise<string> {
	const dest = path.join(dir, 'out.csv');
	await xlsxToCsv(src, dest);
	return fs.readFile(dest, 'utf8');
}

async function refusal(src: string): Promise<IngestRefusal> {
	const started = performance.now();
	const error = await xlsxToCsv(src, path.join(dir, 'out.csv')).then(
		() => undefined,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(IngestRefusal);
	expect((error as IngestRefusal).code).toBe('bad_input');
	expect(performance.now() - started).toBeLessThan(5_000);
	expect((await fs.readdir(dir)).filter((f) => f.startsWith('out.csv'))).toEqual([]);
	return error as IngestRefusal;
}

/** Runs `check` with some limits lowered, so a budget can be reached with a small file. */
async function withLimits<T extends object>(
	limits: T,
	lowered: Partial<T>,
	check: () => Promise<void>
): Promise<void> {
	const saved = { ...limits };
	Object.assign(limits, lowered);
	try {
		await check();
	} finally {
		Object.assign(limits, saved);
	}
}

const DATA_ROW = (r: number, cells: string) => `<row r="${r}">${cells}</row>`;
const inline = (ref: string, text: string) =>
	`<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

describe('xlsx budgets: the sheet', () => {
	it('refuses a cell beyond 1,000 columns, naming the column, and reads one at column ALL', async () => {
		const xfd = await refusal(await write(hostile.paddedSheet(5000)));
		expect(xfd.message).toContain('第 5001 行的第 XFD 列');
		expect(xfd.message).toContain('1,000 列的上限');

		const all = await convert(
			await write(
				hostile.zipOf(
					hostile.workbookParts([hostile.sheetXml(DATA_ROW(1, inline('ALL1', '末列')))])
				)
			)
		);
		expect(all.split('\n')[0].split(',')).toHaveLength(SHEET_LIMITS.columns);
		expect(all.trimEnd().endsWith(',末列')).toBe(true);
	});

	it('refuses one giant row as soon as it passes 1,000 cells', async () => {
		const error = await refusal(await write(hostile.wideRowBomb(1)));
		expect(error.message).toContain('第 2 行的第 ALM 列');
	});

	it('refuses rows × width over 20 million cells before writing them', async () => {
		// Two cells: A1 and U1000000 would pad to 1,000,000 records of 21 fields for DuckDB.
		const sheet = hostile.sheetXml(
			DATA_ROW(1, inline('A1', '编号')) + DATA_ROW(1_000_000, inline('U1000000', 'x'))
		);
		const error = await refusal(await write(hostile.zipOf(hostile.workbookParts([sheet]))));
		expect(error.message).toContain('1,000,000 行 × 21 列');
		expect(error.message).toContain('2,000 万个单元格');
	});

	it('refuses a row number beyond Excel’s 1,048,576', async () => {
		const sheet = hostile.sheetXml(DATA_ROW(1_048_577, inline('A1048577', 'x')));
		const error = await refusal(await write(hostile.zipOf(hostile.workbookParts([sheet]))));
		expect(error.message).toContain('1,048,576 行上限');
	});

	it('refuses a cell over Excel’s 32,767 characters while it streams', async () => {
		const sheet = hostile.sheetXml(DATA_ROW(1, inline('A1', '长'.repeat(40_000))));
		const error = await refusal(await write(hostile.zipOf(hostile.workbookParts([sheet]))));
		expect(error.message).toContain('32,767 个字符上限');
	});
});

describe('xlsx budgets: the zip', () => {
	it('refuses a part whose declared inflated size is over 200 MB without inflating it', async () => {
		const parts = hostile.workbookParts([hostile.sheetXml('')], undefined, {
			sheet: { declaredSize: ZIP_LIMITS.partBytes + 1 }
		});
		const error = await refusal(await write(hostile.zipOf(parts)));
		expect(error.message).toContain('解压后过大');
		expect(error.message).toContain('xl/worksheets/sheet1.xml');
	});

	it('refuses a compression ratio over 100 once past 16 MB (a shared-strings bomb)', async () => {
		const error = await refusal(await write(hostile.sharedStringsBomb(1_200_000)));
		expect(error.message).toContain('xl/sharedStrings.xml');
		expect(error.message).toContain('压缩比异常');
	});

	it('counts real inflated bytes: a part inflating past its declared size is refused', async () => {
		const error = await refusal(await write(hostile.rowBomb(20, { declaredSize: 4096 })));
		expect(error.message).toContain('无法读取这个 Excel 文件');
	});

	it('refuses when the parts read together inflate past the total budget', async () => {
		const src = await write(hostile.sharedStringsBomb(200_000));
		await withLimits(ZIP_LIMITS, { totalBytes: 1024 * 1024 }, async () => {
			const error = await refusal(src);
			expect(error.message).toContain('解压后过大');
		});
	});

	it('refuses more than 5,000 parts from the directory alone', async () => {
		const error = await refusal(await write(hostile.manySheets(5_000)));
		expect(error.message).toContain('超过 5,000 个内部部件');
	});

	it('refuses a workbook listing more than 1,000 sheets', async () => {
		const error = await refusal(await write(hostile.manySheets(1_001)));
		expect(error.message).toContain('1,000 个的上限');
	});

	it('refuses entry names that climb out with ../ or are absolute', async () => {
		for (const name of ['../../evil.xml', '/etc/cron.d/x']) {
			const error = await refusal(await write(hostile.dotDotEntry(name)));
			expect(error.message, name).toContain('不安全的文件路径');
		}
	});

	it('refuses truncated zips and corrupt deflate streams as unreadable', async () => {
		for (const bytes of [hostile.truncatedZip(), hostile.corruptDeflate()]) {
			const error = await refusal(await write(bytes));
			expect(error.message).toContain('无法读取这个 Excel 文件');
		}
		expect(await convert(await write(hostile.plainWorkbook(10)))).toContain('P11,楼道堆物');
	});
});

describe('xlsx budgets: XML', () => {
	it('refuses billion laughs and XXE at their DTD; the entity never expands', async () => {
		for (const bytes of [hostile.billionLaughs(), hostile.xxe()]) {
			const error = await refusal(await write(bytes));
			expect(error.message).toContain('DTD 声明');
		}
	});

	it('leaves an undeclared entity as inert text', async () => {
		const text = await convert(await write(hostile.undeclaredEntity()));
		expect(text).toBe('编号,问题描述\nP001,&xxe;\n');
		expect(text).not.toContain('root:');
	});

	it('refuses more shared strings, or more shared-string characters, than the budget', async () => {
		const src = await write(hostile.sharedStringsBomb(2_000, '问题'));
		await withLimits(PART_LIMITS, { sharedStrings: 1_000 }, async () => {
			expect((await refusal(src)).message).toContain('共享文本表');
		});
		await withLimits(PART_LIMITS, { sharedStringChars: 3_000 }, async () => {
			expect((await refusal(src)).message).toContain('共享文本表');
		});
		expect(await convert(src)).toBe('问题\n');
	});
});

describe('xlsx budgets: resources', () => {
	it('leaves no descriptor and no temp file after refusals and successes', async () => {
		const files = [
			await write(hostile.paddedSheet(100), 'a.xlsx'),
			await write(hostile.xxe(), 'b.xlsx'),
			await write(hostile.truncatedZip(), 'c.xlsx'),
			await write(hostile.corruptDeflate(), 'd.xlsx'),
			await write(hostile.plainWorkbook(100), 'e.xlsx')
		];
		const fds = () => readdirSync('/proc/self/fd').length;
		const tmpBefore = readdirSync(os.tmpdir()).length;
		const before = fds();
		for (let i = 0; i < 4; i++) {
			await Promise.allSettled(
				files.map((f, j) => xlsxToCsv(f, path.join(dir, `out-${i}-${j}.csv`)))
			);
		}
		expect(fds()).toBe(before);
		expect(readdirSync(os.tmpdir()).length).toBeLessThanOrEqual(tmpBefore);
		expect((await fs.readdir(dir)).filter((f) => f.endsWith('.part'))).toEqual([]);
	});

	it('runs at most two jobs at once and refuses past the waiting room', async () => {
		const queue = new WorkQueue(2, 3);
		let running = 0;
		let peak = 0;
		const job = async () => {
			running++;
			peak = Math.max(peak, running);
			await new Promise((r) => setTimeout(r, 20));
			running--;
			return 'done';
		};
		const results = await Promise.allSettled(Array.from({ length: 6 }, () => queue.run(job)));
		expect(peak).toBe(2);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
		const refused = results.find((r) => r.status === 'rejected');
		const reason = (refused as PromiseRejectedResult).reason as IngestRefusal;
		expect(reason).toBeInstanceOf(IngestRefusal);
		// Busy is the server's state, not the file's fault: its own code, answered as 503.
		expect(reason.code).toBe('busy');
		expect(reason.message).toMatch(/稍等/);
		expect(refusedStatus([reason.code])).toBe(503);
		expect(refusedStatus([reason.code, 'encoding'])).toBe(422);
		expect(refusedStatus(['stale_preview'])).toBe(409);
		expect(await queue.run(job)).toBe('done');
	});
});
