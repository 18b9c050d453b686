import iconv from 'iconv-lite';
import fs from 'node:fs';
import path from 'node:path';
import { parseProfile } from './profile';
import { describe, expect, it } from 'vitest';
import { suppliedMask, suppliedSql } from '../db/supplied-fields';
import { ingestFile } from './pipeline';
import { count, csv, ingestSandbox, problemRows } from './test-support';

const box = ingestSandbox();
const problems = (where?: string) => problemRows(box.db, where);

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

	it('reads the same bytes again under another mapping, and skips them under the same one', async () => {
		const file = box.file('p.csv', '社区,问题描述,提出时间\n云南路社区,甲,2018-11-05\n');
		expect((await ingestFile(box.db, file, box.options)).outcome).toBe('committed');
		expect((await ingestFile(box.db, file, box.options)).outcome).toBe('noop');
		const profile = parseProfile(
			{ columns: { title: '问题描述' } },
			{ fields: new Set(['title']), statuses: new Set(), themes: new Set() }
		);
		// The mapping shapes what is loaded: the file is read with it, not skipped as seen before.
		const again = await ingestFile(box.db, file, { ...box.options, profile });
		expect(again.outcome).not.toBe('noop');
		expect(again.message).not.toMatch(/完全相同/);
	});
});

describe('supplied fields', () => {
	/** Whether each problem's exports supplied `field`, as the KPI SQL will ask it. */
	async function supplied(field: 'acknowledged_at' | 'campaign'): Promise<[string, boolean][]> {
		const rows = await box.db.all<{ id: string; supplied: boolean }>(
			`SELECT problem_id AS id, ${suppliedSql([field])} AS supplied FROM problems p ORDER BY id`
		);
		return rows.map((r) => [r.id, r.supplied]);
	}
	// A file with a 受理时间 column: K2's cell is empty, and still counts against a response rate.
	const WITH_ACK = [
		'编号,社区,问题描述,提出时间,状态,受理时间',
		'K1,云南路社区,甲,2018-11-05,已交办,2018-11-06',
		'K2,云南路社区,乙,2018-11-05,待处理,'
	].join('\n');
	/** What every row of a TEST_HEADER file was supplied with. */
	const TEST_HEADER_MASK = suppliedMask([
		'problem_id',
		'community',
		'theme',
		'description',
		'reported_at',
		'deadline',
		'status',
		'resolved_at',
		'is_bottleneck'
	]);

	it('marks 受理时间 supplied on every row of a file with the column, empty cells too, and on none of a file without it', async () => {
		await ingestFile(box.db, box.file('ack.csv', WITH_ACK), box.options);
		await ingestFile(
			box.db,
			box.file('plain.csv', csv('L1,寿张路社区,营商环境,丙,2018-11-05,,已交办,,否')),
			box.options
		);
		expect(await supplied('acknowledged_at')).toEqual([
			['K1', true],
			['K2', true],
			['L1', false]
		]);
		expect((await problems("problem_id = 'K2'"))[0].acknowledged_at).toBeNull();
		const [l1] = await box.db.all<{ mask: number }>(
			"SELECT supplied_fields AS mask FROM problems WHERE problem_id = 'L1'"
		);
		expect(l1.mask).toBe(TEST_HEADER_MASK);
	});

	it('keeps the bits of an earlier export when a later one lacks the column', async () => {
		await ingestFile(box.db, box.file('ack.csv', WITH_ACK), box.options);
		const later = await ingestFile(
			box.db,
			box.file(
				'later.csv',
				csv(
					'K1,云南路社区,营商环境,甲,2018-11-05,2018-12-31,整改中,,否',
					'K2,云南路社区,营商环境,乙,2018-11-05,,待处理,,否',
					'K3,云南路社区,营商环境,丁,2018-11-20,,待处理,,否'
				)
			),
			box.options
		);
		expect(later).toMatchObject({ inserted: 1, updated: 2 });
		expect(await supplied('acknowledged_at')).toEqual([
			['K1', true],
			['K2', true],
			['K3', false]
		]);
		const masks = await box.db.all<{ id: string; mask: number }>(
			'SELECT problem_id AS id, supplied_fields AS mask FROM problems ORDER BY id'
		);
		const ack = suppliedMask(['acknowledged_at']);
		expect(masks).toEqual([
			{ id: 'K1', mask: TEST_HEADER_MASK | ack },
			{ id: 'K2', mask: TEST_HEADER_MASK | ack },
			{ id: 'K3', mask: TEST_HEADER_MASK }
		]);
		expect((await problems("problem_id = 'K1'"))[0].acknowledged_at).toBe('2018-11-06');
	});

	it('does not mark 受理时间 supplied where it is only derived from the status history', async () => {
		await ingestFile(
			box.db,
			box.file(
				'd1.csv',
				csv(
					'M1,云南路社区,营商环境,甲,2018-11-05,,待处理,,否',
					'M2,云南路社区,营商环境,乙,2018-11-05,,待处理,,否'
				)
			),
			{ ...box.options, exportedAt: '2018-11-30' }
		);
		expect(await supplied('acknowledged_at')).toEqual([
			['M1', false],
			['M2', false]
		]);
		await ingestFile(
			box.db,
			box.file(
				'd2.csv',
				csv(
					'M1,云南路社区,营商环境,甲,2018-11-05,,已交办,,否',
					'M2,云南路社区,营商环境,乙,2018-11-05,,待处理,,否'
				)
			),
			{ ...box.options, exportedAt: '2018-12-15' }
		);
		expect((await problems()).map((p) => [p.problem_id, p.acknowledged_at])).toEqual([
			['M1', '2018-12-15'],
			['M2', null]
		]);
		// The export day a change was first seen is no record of when it was acknowledged.
		expect(await supplied('acknowledged_at')).toEqual([
			['M1', false],
			['M2', false]
		]);
	});

	it('counts a field a profile default fills as supplied', async () => {
		const profile = parseProfile(
			{ defaults: { campaign: '2018年征集' } },
			{ fields: new Set(['campaign']), statuses: new Set(), themes: new Set() }
		);
		await ingestFile(
			box.db,
			box.file('p1.csv', csv('N1,云南路社区,营商环境,甲,2018-11-05,,待处理,,否')),
			{ ...box.options, profile }
		);
		await ingestFile(
			box.db,
			box.file('p2.csv', csv('N2,云南路社区,营商环境,乙,2018-11-05,,待处理,,否')),
			box.options
		);
		expect(await supplied('campaign')).toEqual([
			['N1', true],
			['N2', false]
		]);
		const [n1] = await box.db.all<{ campaign: string }>(
			"SELECT campaign FROM problems WHERE problem_id = 'N1'"
		);
		expect(n1.campaign).toBe('2018年征集');
	});
});
