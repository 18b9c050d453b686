import { STATUS_SEED } from '../db/vocabulary-seed';
import { parseProfile } from './profile';
import { describe, expect, it } from 'vitest';
import { ingestFile } from './pipeline';
import { csv, ingestSandbox, problemRows } from './test-support';

const box = ingestSandbox();
const problems = (where?: string) => problemRows(box.db, where);

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
		['2018-11', '2018-11-01'],
		['2024-04-16T03:03:15', '2024-04-16'],
		['2024-04-16T03:03:15.000', '2024-04-16'],
		['2024-04-16T23:59:59.5Z', '2024-04-16'],
		['2024-04-16T00:30:00+08:00', '2024-04-16'],
		['2024-04-16T00:30-0500', '2024-04-16'],
		['2024-04-16T03:03', '2024-04-16']
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
		// It says what is read, and where a foreign format can be given.
		expect(r.rejects[0].reason).toContain('2024-04-16T03:03:15');
		expect(r.rejects[0].reason).toContain('dateFormats');
	});

	it.each([
		'2024-02-30T10:00:00',
		'2024-04-16T25:00',
		'2024-04-16 T03:03',
		'2024-04-16T03:03:15.000 PM'
	])('rejects %s, which only looks like an ISO date-time', async (written) => {
		const r = await ingestFile(
			box.db,
			box.file('d.csv', csv(`A1,云南路社区,营商环境,审批慢,2018-11-05,${written},待处理,,否`)),
			box.options
		);
		expect(r.rejects).toEqual([
			expect.objectContaining({ row: 2, column: '整改时限', value: written })
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

describe('cells', () => {
	it('are trimmed of spaces, tabs, ideographic and no-break spaces in any column, and empty is NULL', async () => {
		// Row A1 pads every kind of cell; A2 shares the columns, so a column is trimmed however few
		// of its cells need it. A cell of only spaces is empty.
		const r = await ingestFile(
			box.db,
			box.file(
				't.csv',
				csv(
					' A1\t,\u3000云南路社区 ,\u00a0营商环境问题\u3000, 审批慢\u3000, 2018-11-05 ,\u3000, 已整改\u00a0, 2018-12-01\t,\u3000是 ',
					'A2,云南路社区,营商环境,审批快,2018-11-06,,待处理,,否'
				)
			),
			box.options
		);
		expect(r.rejects).toEqual([]);
		expect(await problems()).toEqual([
			expect.objectContaining({
				problem_id: 'A1',
				community: '云南路社区',
				theme: 'business_environment',
				theme_label: '营商环境问题',
				description: '审批慢',
				reported_at: '2018-11-05',
				deadline: null,
				status: 'resolved',
				resolved_at: '2018-12-01',
				is_bottleneck: true
			}),
			expect.objectContaining({ problem_id: 'A2', description: '审批快', status: 'pending' })
		]);
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

describe('value maps of a profile', () => {
	it('map labels of any vocabulary field, 来源 and 是/否 among them', async () => {
		const file = box.file(
			'v.csv',
			[
				'社区,问题描述,提出时间,来源,瓶颈问题',
				'云南路社区,路灯不亮,2018-11-05,Constituent Call,有',
				'云南路社区,井盖松动,2018-11-06,Constituent Call,无'
			].join('\n')
		);
		// Matched by their headers alone, the two columns hold no value of their fields: they are
		// kept as extra columns, and no row is rejected for them.
		const before = await ingestFile(box.db, file, { ...box.options, dryRun: true });
		expect(before).toMatchObject({ rowsAccepted: 2, rejects: [] });
		expect(before.unmappedHeaders).toEqual(['来源', '瓶颈问题']);
		expect(before.columnMapping).not.toHaveProperty('reporter_type');
		expect(before.notes).toContainEqual(
			'“来源”列按列名被识别为“来源”，但它的 1 种值里有 1 种（如 Constituent Call）不是来源的写法：已作为附加列保留，没有据此拒收任何行。如果它确实是来源，请在映射中指定这一列，并为这些值写对应。'
		);
		const profile = parseProfile(
			{
				values: {
					reporter_type: { 'Constituent Call': 'residents_rep' },
					boolean: { 有: 'true', 无: 'false' }
				}
			},
			{ fields: new Set(), statuses: new Set(), themes: new Set() }
		);
		const after = await ingestFile(box.db, file, { ...box.options, profile });
		expect(after).toMatchObject({ rowsAccepted: 2, rowsRejected: 0 });
		expect(
			await box.db.all(
				'SELECT description, reporter_type, is_bottleneck FROM problems ORDER BY reported_at'
			)
		).toEqual([
			{ description: '路灯不亮', reporter_type: 'residents_rep', is_bottleneck: true },
			{ description: '井盖松动', reporter_type: 'residents_rep', is_bottleneck: false }
		]);
	});
});

describe('a column matched by its header alone', () => {
	const file = (sources: string[]) =>
		[
			'社区,问题描述,提出时间,source',
			...sources.map((v, i) => `云南路社区,问题${i},2018-11-05,${v}`)
		].join('\n');

	it('is read when most of its values are of the field; the odd one is a reject', async () => {
		const r = await ingestFile(
			box.db,
			box.file('s.csv', file(['居民代表', '企业', '党员', 'Constituent Call'])),
			{ ...box.options, dryRun: true }
		);
		expect(r.columnMapping.reporter_type).toBe('source');
		expect(r.rejects).toEqual([expect.objectContaining({ row: 5, value: 'Constituent Call' })]);
	});

	it('is kept as an extra column when most are not, unless a profile names it', async () => {
		const values = ['Constituent Call', 'Self Service', 'Employee Generated', '居民代表'];
		const r = await ingestFile(box.db, box.file('s.csv', file(values)), box.options);
		expect(r).toMatchObject({ outcome: 'committed', rowsAccepted: 4, rowsRejected: 0 });
		expect(r.notes.join()).toContain(
			'4 种值里有 3 种（如 Constituent Call、Employee Generated、Self Service）'
		);
		const kept = await box.db.all<{ source: string; reporter_type: string | null }>(
			"SELECT extra['source'] AS source, reporter_type FROM problems ORDER BY problem_id"
		);
		expect(kept.map((k) => k.source).sort()).toEqual([...values].sort());
		expect(kept.every((k) => k.reporter_type === null)).toBe(true);

		const profile = parseProfile(
			{ columns: { reporter_type: 'source' } },
			{ fields: new Set(['reporter_type']), statuses: new Set(), themes: new Set() }
		);
		const named = await ingestFile(box.db, box.file('s2.csv', file([...values, '企业'])), {
			...box.options,
			profile,
			dryRun: true
		});
		expect(named).toMatchObject({ outcome: 'dry-run', rowsRejected: 3 });
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
