import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STATUS_SEED } from '../db/vocabulary-seed';
import { ingestFile } from './pipeline';
import { parseProfile } from './profile';
import { count, sandbox, type Sandbox } from './test-support';

let box: Sandbox;
beforeEach(async () => {
	box = await sandbox();
});
afterEach(async () => box.dispose());

const HEADER = '编号,社区,主题,问题描述,提出时间,整改时限,状态,完成时间,瓶颈问题';

function csv(...rows: string[]): string {
	return [HEADER, ...rows].join('\n') + '\n';
}

async function problems(where = 'true'): Promise<Record<string, unknown>[]> {
	return box.db.all(
		`SELECT problem_id, community, theme, theme_source, theme_label, status, strftime(reported_at, '%Y-%m-%d') AS reported_at,
			strftime(deadline, '%Y-%m-%d') AS deadline, strftime(resolved_at, '%Y-%m-%d') AS resolved_at,
			strftime(acknowledged_at, '%Y-%m-%d') AS acknowledged_at, is_bottleneck, description, id_derived
		 FROM problems WHERE ${where} ORDER BY problem_id`
	);
}

describe('dates', () => {
	it.each([
		['2018-11-05', '2018-11-05'],
		['2018/11/5', '2018-11-05'],
		['2018.11.5', '2018-11-05'],
		['2018年11月5日', '2018-11-05'],
		['20181105', '2018-11-05'],
		['2018-11-05 14:30', '2018-11-05'],
		['2018/11/5 14:30:00', '2018-11-05'],
		['43409', '2018-11-05'],
		['43563.359259', '2019-04-08'],
		['2018年11月', '2018-11-01'],
		['2018-11', '2018-11-01']
	])('reads %s as %s', async (written, iso) => {
		const r = await ingestFile(
			box.db,
			box.file('d.csv', csv(`A1,云南路社区,营商环境,审批慢,${written},,待处理,,否`)),
			box.options
		);
		expect(r.rowsAccepted).toBe(1);
		expect((await problems())[0].reported_at).toBe(iso);
	});

	it('rejects an impossible date with its row, column and value', async () => {
		const r = await ingestFile(
			box.db,
			box.file('d.csv', csv('A1,云南路社区,营商环境,审批慢,2018-11-05,2018-13-01,待处理,,否')),
			box.options
		);
		expect(r.rejects).toEqual([
			expect.objectContaining({ row: 2, column: '整改时限', value: '2018-13-01' })
		]);
	});

	it('tries a profile date format first', async () => {
		const profile = parseProfile(
			{ dateFormats: ['%d/%m/%Y'] },
			{ fields: new Set(), statuses: new Set(), themes: new Set() }
		);
		const r = await ingestFile(
			box.db,
			box.file('d.csv', csv('A1,云南路社区,营商环境,审批慢,05/11/2018,,待处理,,否')),
			{ ...box.options, profile }
		);
		expect(r.rowsAccepted).toBe(1);
		expect((await problems())[0].reported_at).toBe('2018-11-05');
	});
});

describe('statuses', () => {
	const spellings = STATUS_SEED.flatMap((s) =>
		[s.labelZh, ...s.aliases, s.code].map((w) => [w, s.code] as const)
	);

	it(`maps every spelling of the vocabulary (${spellings.length} spellings)`, async () => {
		const rows = spellings.map(
			([w], i) => `S${i},云南路社区,营商环境,问题${i},2018-11-05,,${w},,否`
		);
		const r = await ingestFile(box.db, box.file('s.csv', csv(...rows)), box.options);
		expect(r.rowsRejected).toBe(0);
		const got = await box.db.all<{ problem_id: string; status: string }>(
			'SELECT problem_id, status FROM problems'
		);
		const byId = new Map(got.map((g) => [g.problem_id, g.status]));
		spellings.forEach(([w, code], i) => expect(byId.get(`S${i}`), w).toBe(code));
	});

	it('defaults an empty status to resolved with a resolved date, else pending', async () => {
		await ingestFile(
			box.db,
			box.file(
				's.csv',
				csv(
					'A1,云南路社区,营商环境,甲,2018-11-05,,,2018-12-01,否',
					'A2,云南路社区,营商环境,乙,2018-11-05,,,,否'
				)
			),
			box.options
		);
		expect((await problems()).map((p) => p.status)).toEqual(['resolved', 'pending']);
	});

	it('rejects an unknown status unless a mapping maps it', async () => {
		const file = box.file('s.csv', csv('A1,云南路社区,营商环境,甲,2018-11-05,,研究中,,否'));
		const r = await ingestFile(box.db, file, { ...box.options, dryRun: true });
		expect(r.rejects[0]).toMatchObject({ row: 2, column: '状态', value: '研究中' });
		const profile = parseProfile(
			{ values: { status: { 研究中: 'in_progress' } } },
			{ fields: new Set(), statuses: new Set(['in_progress']), themes: new Set() }
		);
		const ok = await ingestFile(box.db, file, { ...box.options, profile });
		expect(ok.rowsAccepted).toBe(1);
		expect((await problems())[0].status).toBe('in_progress');
	});
});

describe('themes', () => {
	it('accepts code, label, accepted label and a trailing 问题/类/方面', async () => {
		const rows = [
			'safety',
			'安全生产',
			'安全稳定',
			'营商环境问题',
			'安全生产类',
			'干部能力方面',
			'其它'
		].map((t, i) => `T${i},云南路社区,${t},描述${i},2018-11-05,,待处理,,否`);
		await ingestFile(box.db, box.file('t.csv', csv(...rows)), box.options);
		expect((await problems()).map((p) => [p.theme, p.theme_source])).toEqual([
			['safety', 'file'],
			['safety', 'file'],
			['safety', 'file'],
			['business_environment', 'file'],
			['safety', 'file'],
			['cadre_ability', 'file'],
			['other', 'file']
		]);
	});

	it('classifies unknown or missing themes from the text and marks them classified', async () => {
		await ingestFile(
			box.db,
			box.file(
				't.csv',
				csv(
					'C1,云南路社区,民生,小区电梯经常停运，物业不管,2018-11-05,,待处理,,否',
					'C2,云南路社区,,招商项目落地慢，人才引进难,2018-11-05,,待处理,,否',
					'C3,云南路社区,杂项,路灯不亮,2018-11-05,,待处理,,否'
				)
			),
			box.options
		);
		expect(
			(await problems()).map((p) => [p.problem_id, p.theme, p.theme_source, p.theme_label])
		).toEqual([
			['C1', 'property_safety', 'classified', '民生'],
			['C2', 'investment_talent', 'classified', null],
			['C3', 'other', 'classified', '杂项']
		]);
	});

	it('lets a mapping map a label, marked as mapping', async () => {
		const profile = parseProfile(
			{ values: { theme: { 民生: 'service_innovation' } } },
			{ fields: new Set(), statuses: new Set(), themes: new Set(['service_innovation']) }
		);
		await ingestFile(
			box.db,
			box.file('t.csv', csv('C1,云南路社区,民生,路灯不亮,2018-11-05,,待处理,,否')),
			{ ...box.options, profile }
		);
		expect((await problems())[0]).toMatchObject({
			theme: 'service_innovation',
			theme_source: 'mapping'
		});
	});
});

describe('values', () => {
	it.each([
		['是', true],
		['Y', true],
		['yes', true],
		['TRUE', true],
		['1', true],
		['√', true],
		['否', false],
		['n', false],
		['0', false],
		['×', false]
	])('reads boolean %s', async (w, value) => {
		await ingestFile(
			box.db,
			box.file('b.csv', csv(`B1,云南路社区,营商环境,甲,2018-11-05,,待处理,,${w}`)),
			box.options
		);
		expect((await problems())[0].is_bottleneck).toBe(value);
	});

	it('reads levels, reporter types, satisfaction and progress, and rejects what they cannot be', async () => {
		const text = [
			'社区,问题描述,提出时间,层面,来源,满意度,进度（%）',
			'云南路社区,甲,2018-11-05,思想层面,片支部书记,基本满意,80%',
			'云南路社区,乙,2018-11-05,综合层面,居民,很好,120'
		].join('\n');
		const r = await ingestFile(box.db, box.file('v.csv', text), box.options);
		expect(r.rowsAccepted).toBe(1);
		expect(r.rejects.map((x) => x.column)).toEqual(['层面', '来源', '满意度', '进度（%）']);
		const [row] = await box.db.all(
			'SELECT level, reporter_type, satisfaction, progress FROM problems'
		);
		expect(row).toEqual({
			level: 'thought',
			reporter_type: 'branch_secretary',
			satisfaction: 'basic',
			progress: 80
		});
	});
});

describe('ids and duplicates', () => {
	it('derives stable ids when the file has none, so a re-export maps to the same problems', async () => {
		const text = (status: string) =>
			[
				'社区,问题描述,提出时间,状态',
				`云南路社区,楼道堆物,2018-11-05,${status}`,
				`云南路社区,楼道堆物,2018-11-05,${status}`,
				`云南路社区,路灯不亮,2018-11-06,待处理`
			].join('\n');
		await ingestFile(box.db, box.file('a.csv', text('待处理')), box.options);
		const first = (await problems()).map((p) => p.problem_id);
		expect(new Set(first).size).toBe(3);
		expect((await problems()).every((p) => p.id_derived === true)).toBe(true);
		const r = await ingestFile(box.db, box.file('b.csv', text('整改中')), box.options);
		expect(r).toMatchObject({ inserted: 0, updated: 3, statusChanges: 2 });
		expect((await problems()).map((p) => p.problem_id)).toEqual(first);
	});

	it('keeps the first of two rows with one id and names it in the later row’s reason', async () => {
		const r = await ingestFile(
			box.db,
			box.file(
				'd.csv',
				csv(
					'D1,云南路社区,营商环境,甲,2018-11-05,,待处理,,否',
					'D1,云南路社区,安全生产,甲,2018-11-05,,待处理,,否'
				)
			),
			box.options
		);
		expect(r.rowsAccepted).toBe(1);
		expect(r.rejects).toEqual([expect.objectContaining({ row: 3, column: '编号', value: 'D1' })]);
		expect(r.rejects[0].reason).toContain('第 2 行');
		expect((await problems())[0].theme).toBe('business_environment');
	});
});

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

describe('commit', () => {
	it('does nothing, and says so, when the same bytes come again', async () => {
		const file = box.file('y.csv', csv('A1,云南路社区,营商环境,甲,2018-11-05,,待处理,,否'));
		const first = await ingestFile(box.db, file, box.options);
		const again = await ingestFile(box.db, file, box.options);
		expect(first.outcome).toBe('committed');
		expect(again.outcome).toBe('noop');
		expect(again.message).toContain(`第 ${first.uploadId} 批`);
		expect([
			await count(box.db, 'uploads'),
			await count(box.db, 'problems'),
			await count(box.db, 'status_events')
		]).toEqual([1, 1, 0]);
	});

	it('updates statuses from a later export and records each change with its date', async () => {
		await ingestFile(
			box.db,
			box.file(
				'e1.csv',
				csv(
					'A1,云南路社区,营商环境,甲,2018-11-05,2018-12-05,待处理,,否',
					'A2,云南路社区,营商环境,乙,2018-11-05,,整改中,,否'
				)
			),
			{ ...box.options, exportedAt: '2018-11-30' }
		);
		const later = await ingestFile(
			box.db,
			box.file(
				'e2.csv',
				csv(
					'A1,云南路社区,营商环境,甲,2018-11-05,2018-12-05,整改中,,否',
					'A2,云南路社区,营商环境,乙,2018-11-05,,已整改,2018-12-20,否',
					'A3,云南路社区,安全生产,丙,2018-12-01,,待处理,,否'
				)
			),
			{ ...box.options, exportedAt: '2018-12-31' }
		);
		expect(later).toMatchObject({ inserted: 1, updated: 2, statusChanges: 2 });
		const events = await box.db.all(
			`SELECT problem_id, old_status, new_status, strftime(changed_on, '%Y-%m-%d') AS changed_on FROM status_events ORDER BY problem_id`
		);
		expect(events).toEqual([
			{
				problem_id: 'A1',
				old_status: 'pending',
				new_status: 'in_progress',
				changed_on: '2018-12-31'
			},
			{
				problem_id: 'A2',
				old_status: 'in_progress',
				new_status: 'resolved',
				changed_on: '2018-12-20'
			}
		]);
		const rows = await problems();
		expect(rows.map((p) => [p.problem_id, p.status, p.acknowledged_at])).toEqual([
			['A1', 'in_progress', '2018-12-31'],
			['A2', 'resolved', null],
			['A3', 'pending', null]
		]);
	});

	it('keeps fields a later export leaves out', async () => {
		await ingestFile(
			box.db,
			box.file('k1.csv', csv('A1,云南路社区,营商环境,甲,2018-11-05,2018-12-05,待处理,,是')),
			box.options
		);
		await ingestFile(
			box.db,
			box.file('k2.csv', '编号,社区,问题描述,提出时间,状态\nA1,云南路社区,甲,2018-11-05,整改中\n'),
			box.options
		);
		expect((await problems())[0]).toMatchObject({
			status: 'in_progress',
			deadline: '2018-12-05',
			is_bottleneck: true,
			theme: 'business_environment'
		});
	});

	it('rolls everything back when the commit fails at the last moment, leaving no staging table', async () => {
		await ingestFile(
			box.db,
			box.file('f1.csv', csv('A1,云南路社区,营商环境,甲,2018-11-05,,待处理,,否')),
			box.options
		);
		const before = await Promise.all(
			['problems', 'uploads', 'rejects', 'status_events'].map((t) => count(box.db, t))
		);
		const failing = box.file(
			'f2.csv',
			csv(
				'A1,云南路社区,营商环境,甲,2018-11-05,,已整改,2018-12-01,否',
				'A2,云南路社区,营商环境,乙,2018-11-05,,待处理,,否',
				'A3,云南路社区,营商环境,,2018-11-05,,待处理,,否'
			)
		);
		await expect(
			ingestFile(box.db, failing, {
				...box.options,
				beforeCommit: () => {
					throw new Error('disk full (injected)');
				}
			})
		).rejects.toThrow('injected');
		const after = await Promise.all(
			['problems', 'uploads', 'rejects', 'status_events'].map((t) => count(box.db, t))
		);
		expect(after).toEqual(before);
		expect((await problems())[0].status).toBe('pending');
		const [{ n }] = await box.db.all<{ n: number }>(
			'SELECT (SELECT count(*) FROM duckdb_tables() WHERE temporary) + (SELECT count(*) FROM duckdb_views() WHERE temporary AND NOT internal) AS n'
		);
		expect(Number(n)).toBe(0);
		expect(fs.readdirSync(box.options.tmpDir)).toEqual([]);
		// The file is fine once the fault is gone.
		const ok = await ingestFile(box.db, failing, box.options);
		expect(ok).toMatchObject({ outcome: 'committed', rowsAccepted: 2, statusChanges: 1 });
	});

	it('archives the original bytes under their sha256', async () => {
		const bytes = iconv.encode(
			csv('G1,寿张路社区,营商环境,审批慢,2018-11-05,,待处理,,否'),
			'gb18030'
		);
		const r = await ingestFile(box.db, box.file('g.csv', bytes), box.options);
		const archived = path.join(box.options.uploadsDir, `${r.sha256}.csv`);
		expect(fs.readFileSync(archived).equals(bytes)).toBe(true);
		const [u] = await box.db.all('SELECT archive_path, encoding, header_row FROM uploads');
		expect(u).toEqual({ archive_path: archived, encoding: 'gb18030', header_row: 1 });
	});
});

describe('concurrent uploads', () => {
	it('keep (community, problem_id) unique when two exports of one community commit at once', async () => {
		const a = box.file(
			'c1.csv',
			csv(
				'A1,云南路社区,营商环境,甲,2018-11-05,,待处理,,否',
				'A2,云南路社区,营商环境,乙,2018-11-05,,待处理,,否'
			)
		);
		const b = box.file(
			'c2.csv',
			csv(
				'A1,云南路社区,营商环境,甲,2018-11-05,,整改中,,否',
				'A2,云南路社区,营商环境,乙,2018-11-05,,已整改,2018-12-01,否'
			)
		);
		const results = await Promise.all([
			ingestFile(box.db, a, box.options),
			ingestFile(box.db, b, box.options)
		]);
		expect(results.map((r) => r.outcome)).toEqual(['committed', 'committed']);
		const [{ rows, keys }] = await box.db.all<{ rows: number; keys: number }>(
			'SELECT count(*)::INTEGER AS rows, count(DISTINCT (community, problem_id))::INTEGER AS keys FROM problems'
		);
		expect([rows, keys]).toEqual([2, 2]);
		expect(results.reduce((s, r) => s + r.inserted, 0)).toBe(2);
		expect(results.reduce((s, r) => s + r.updated, 0)).toBe(2);
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

describe('the same bytes twice at once', () => {
	it('commits one and reports the other as a no-op', async () => {
		const bytes = csv('A1,云南路社区,营商环境,甲,2018-11-05,,待处理,,否');
		const [a, b] = await Promise.all([
			ingestFile(box.db, box.file('s1.csv', bytes), box.options),
			ingestFile(box.db, box.file('s2.csv', bytes), box.options)
		]);
		expect([a.outcome, b.outcome].sort()).toEqual(['committed', 'noop']);
		expect(await count(box.db, 'uploads')).toBe(1);
	});

	it('is a no-op even when a later call would map the columns differently', async () => {
		const file = box.file('p.csv', '社区,问题描述,提出时间\n云南路社区,甲,2018-11-05\n');
		await ingestFile(box.db, file, box.options);
		const profile = parseProfile(
			{ columns: { title: '问题描述' } },
			{ fields: new Set(['title']), statuses: new Set(), themes: new Set() }
		);
		const again = await ingestFile(box.db, file, { ...box.options, profile });
		expect(again.outcome).toBe('noop');
	});
});
