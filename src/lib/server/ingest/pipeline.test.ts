import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { ingestFile } from './pipeline';
import { ingestSandbox, problemRows } from './test-support';

const box = ingestSandbox();
const problems = (where?: string) => problemRows(box.db, where);

describe('row numbers and blank rows', () => {
	it('numbers rows as Excel does: title rows, blank lines and multi-line cells count once each', async () => {
		const text = [
			'云南路社区问题清单,,,',
			'',
			'社区,问题描述,提出时间,状态',
			'云南路社区,"第一行',
			'第二行",2018-11-05,待处理',
			'',
			',,,',
			'云南路社区,乙,2018-02-30,待处理',
			'云南路社区,丙,2018-11-05',
			'云南路社区,丁,2018-11-05,待处理'
		].join('\r\n');
		const r = await ingestFile(box.db, box.file('n.csv', text), box.options);
		expect(r.headerRow).toBe(3);
		expect(r.rejects.map((x) => x.row)).toEqual([7, 8]);
		expect(r).toMatchObject({ rowsAccepted: 2, rowsRejected: 2, rowsBlank: 2, rowsTotal: 4 });
		const [multi] = await box.db.all<{ description: string }>(
			"SELECT description FROM problems WHERE description LIKE '第一行%'"
		);
		expect(multi.description).toBe('第一行\r\n第二行');
	});

	it('reads a file that mixes CRLF and LF', async () => {
		const r = await ingestFile(
			box.db,
			box.file(
				'm.csv',
				'社区,问题描述,提出时间\r\n云南路社区,甲,2018-11-05\n云南路社区,乙,2018-11-06\r\n'
			),
			box.options
		);
		expect(r.rowsAccepted).toBe(2);
	});

	it('reads a file in the upload-named community when it has no community column', async () => {
		const r = await ingestFile(box.db, box.file('c.csv', '问题描述,提出时间\n甲,2018-11-05\n'), {
			...box.options,
			community: '文化路社区'
		});
		expect(r.rowsAccepted).toBe(1);
		expect((await problems())[0].community).toBe('文化路社区');
	});
});

describe('rejects of empty required cells', () => {
	it('show a cell of only spaces as written, and say it held only spaces', async () => {
		const text = [
			'社区,问题描述,提出时间',
			'云南路社区,　 ,2018-11-05',
			'  ,乙,2018-11-06',
			'云南路社区,丙,\t',
			'云南路社区,丁,',
			'云南路社区,戊,2018-11-07'
		].join('\n');
		const r = await ingestFile(box.db, box.file('s.csv', text), box.options);
		expect(r.rejects.map((x) => [x.row, x.column, x.value])).toEqual([
			[2, '问题描述', '　 '],
			[3, '社区', '  '],
			[4, '提出时间', '\t'],
			[5, '提出时间', null]
		]);
		expect(r.rejects.slice(0, 3).every((x) => x.reason.endsWith('（这个单元格里只有空格）'))).toBe(
			true
		);
		expect(r.rejects[3].reason).not.toMatch(/空格/);
		expect(r.rowsAccepted).toBe(1);
	});
});

describe('encodings found late', () => {
	it('re-reads as GB18030 a file whose first 64 KB were plain ASCII', async () => {
		const ascii = [
			'community,description,date',
			...Array.from(
				{ length: 3000 },
				(_, i) => `YNL,problem number ${i} in plain ascii text,2018-11-05`
			)
		];
		const bytes = Buffer.concat([
			Buffer.from(ascii.join('\r\n') + '\r\n'),
			iconv.encode('云南路社区,楼道堆物，存在隐患,2018-11-06\r\n', 'gb18030')
		]);
		expect(bytes.length).toBeGreaterThan(64 * 1024);
		const r = await ingestFile(box.db, box.file('late-gbk.csv', bytes), box.options);
		expect(r).toMatchObject({ outcome: 'committed', encoding: 'gb18030', rowsAccepted: 3001 });
		const [row] = await box.db.all<{ description: string }>(
			"SELECT description FROM problems WHERE community = '云南路社区'"
		);
		expect(row.description).toBe('楼道堆物，存在隐患');
	});
});

describe('two headers for one optional field', () => {
	it('loads the file, reads the better header, keeps the other as an extra column, and says so', async () => {
		const r = await ingestFile(
			box.db,
			box.file(
				'a.csv',
				'社区,问题描述,提出时间,Address,Location\n云南路社区,井盖松动,2018-11-05,云南路 12 号,云南路与长治路口\n'
			),
			box.options
		);
		expect(r).toMatchObject({ outcome: 'committed', rowsAccepted: 1 });
		expect(r.columnMapping.location).toBe('Location');
		expect(r.unmappedHeaders).toEqual(['Address']);
		expect(r.notes).toContainEqual(expect.stringContaining('已读取“Location”'));
		const [row] = await box.db.all<{ location: string; address: string }>(
			"SELECT location, extra['Address'] AS address FROM problems WHERE description = '井盖松动'"
		);
		expect(row).toEqual({ location: '云南路与长治路口', address: '云南路 12 号' });
	});
});

describe('total rows', () => {
	it('skips 合计/小计 rows under the list instead of rejecting them, and says which', async () => {
		const r = await ingestFile(
			box.db,
			box.file(
				't.csv',
				[
					'社区,问题描述,提出时间,状态,数量',
					'云南路社区,路灯不亮,2018-11-05,待处理,1',
					'小计,小计,,,1',
					'合 计：,,,,',
					'Total,,,,1',
					// Not total rows: a problem that starts with the word, and a label with text beside it.
					'合计,合计用电超标,2018-11-06,待处理,1',
					'合计,见附件,,,'
				].join('\n')
			),
			box.options
		);
		expect(r.notes).toContainEqual('第 3、4、5 行是合计行，没有作为问题导入。');
		expect(r).toMatchObject({ rowsTotal: 3, rowsBlank: 0, rowsAccepted: 2 });
		// Row 6 is a problem of a unit named 合计; row 7 lacks its 提出时间.
		expect(r.rejects.map((x) => [x.row, x.column])).toEqual([[7, '提出时间']]);
	});
});

describe('foreign date formats', () => {
	const file = (dates: string[]) =>
		['社区,问题描述,提出时间', ...dates.map((d, i) => `云南路社区,问题${i},${d}`)].join('\n');

	it('suggests the one format that reads every date of a column, and applies none', async () => {
		const r = await ingestFile(
			box.db,
			box.file('us.csv', file(['12/31/2017 11:59:58 PM', '1/2/2018 12:05:00 AM', ''])),
			{ ...box.options, dryRun: true }
		);
		expect(r.rowsAccepted).toBe(0);
		expect(r.dateFormatSuggestions).toEqual([
			{
				field: 'reported_at',
				column: '提出时间',
				format: '%m/%d/%Y %I:%M:%S %p',
				rows: 2,
				rejected: 2
			}
		]);
		expect(r.notes).toContainEqual(
			expect.stringContaining('"dateFormats": ["%m/%d/%Y %I:%M:%S %p"]')
		);
	});

	it('settles m/d against d/m by a day above 12, and two-digit years', async () => {
		const r = await ingestFile(
			box.db,
			box.file('eu.csv', file(['31/12/17 23:59', '2/1/18 0:05'])),
			{
				...box.options,
				dryRun: true
			}
		);
		expect(r.dateFormatSuggestions.map((s) => s.format)).toEqual(['%d/%m/%y %H:%M']);
	});

	it('suggests nothing when the day order cannot be told, or no format reads them all', async () => {
		for (const dates of [
			['1/2/2018', '3/4/2018'],
			['12/31/2017', '31/12/2017'],
			['12/31/2017', '昨天']
		]) {
			const r = await ingestFile(box.db, box.file('x.csv', file(dates)), {
				...box.options,
				dryRun: true
			});
			expect(r.dateFormatSuggestions).toEqual([]);
		}
	});
});

describe('a 序号 column of codes', () => {
	const file = (ids: string[]) =>
		[
			'序号,社区,问题描述,提出时间',
			...ids.map((id, i) => `${id},云南路社区,问题${i},2018-11-05`)
		].join('\n');

	it('is offered as the problem id when every row holds a distinct code', async () => {
		const r = await ingestFile(box.db, box.file('c.csv', file(['SZ001', 'SZ002', 'SZ-3'])), {
			...box.options,
			dryRun: true
		});
		expect(r.notes).toContainEqual(expect.stringContaining('“序号”列的 3 个值（如 SZ-3）各不相同'));
		expect(r.columnMapping).not.toHaveProperty('problem_id');
	});

	it('is a row number when it holds numbers, repeats or has gaps', async () => {
		for (const ids of [
			['1', '2', '3'],
			['SZ001', 'SZ001', 'SZ002'],
			['SZ001', '', 'SZ002']
		]) {
			const r = await ingestFile(box.db, box.file('n.csv', file(ids)), {
				...box.options,
				dryRun: true
			});
			expect(r.notes.join()).not.toContain('看起来是问题编号');
		}
	});
});
