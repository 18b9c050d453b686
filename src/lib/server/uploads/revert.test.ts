import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LedgerDatabase } from '../db/database';
import { suppliedMask, suppliedSql } from '../db/supplied-fields';
import { ingestFile, type IngestOptions } from '../ingest/pipeline';
import { count, csv, ingestSandbox, problemRows, sandbox } from '../ingest/test-support';
import { revertUpload } from './revert';

const box = ingestSandbox();
const by = { revertedBy: 'test:analyst', scope: null };

async function ingest(name: string, content: string, opts: Partial<IngestOptions> = {}) {
	const r = await ingestFile(box.db, box.file(name, content), { ...box.options, ...opts });
	expect(r.outcome).toBe('committed');
	return r.uploadId as number;
}

/** Every stored column of every problem, and the status history, in a fixed order. */
async function snapshot(db: LedgerDatabase = box.db) {
	return {
		problems: await db.all('SELECT * FROM problems ORDER BY community, problem_id'),
		events: await db.all(
			'SELECT * FROM status_events ORDER BY community, problem_id, upload_id, changed_on'
		)
	};
}

async function uploadStates(): Promise<[number, string][]> {
	const rows = await box.db.all<{ id: number; state: string }>(
		'SELECT id, state FROM uploads ORDER BY id'
	);
	return rows.map((r) => [r.id, r.state]);
}

// An unmapped column (联系电话) lands in extra; 乱码类 is no known theme, so A2 is classified.
const HEADER_WITH_EXTRA =
	'编号,社区,主题,问题描述,提出时间,整改时限,状态,完成时间,瓶颈问题,联系电话';
const FIRST_LOAD = [
	HEADER_WITH_EXTRA,
	'A1,云南路社区,营商环境,审批慢,2018-11-05,2018-12-05,待处理,,否,111',
	'A2,云南路社区,乱码类,楼道堆放杂物,2018-11-06,,整改中,,是,222',
	'A3,寿张路社区,安全生产,燃气管道老化,2018-11-07,2019-01-31,已整改,2018-12-01,否,'
].join('\n');
const UPDATE = [
	HEADER_WITH_EXTRA,
	'A1,云南路社区,营商环境,审批慢，窗口少,2018-11-05,2019-01-15,整改中,,是,119',
	'A2,云南路社区,安全生产,楼道堆放杂物,2018-11-06,2018-12-31,已整改,2018-12-20,否,',
	'A3,寿张路社区,安全生产,燃气管道老化,2018-11-07,2019-01-31,已销号,2018-12-01,否,333',
	'A4,寿张路社区,营商环境,办事指南不清,2018-12-02,,待处理,,否,444'
].join('\n');

describe('revertUpload', () => {
	it('removes what a first load created, marks it reverted and records the revert', async () => {
		const first = await ingest('first.csv', FIRST_LOAD);
		const outcome = await revertUpload(box.db, first, by);
		expect(outcome).toEqual({
			outcome: 'reverted',
			uploadId: first,
			problemsDeleted: 3,
			problemsRestored: 0,
			statusEventsRemoved: 0
		});
		expect(await count(box.db, 'problems')).toBe(0);
		expect(await uploadStates()).toEqual([[first, 'reverted']]);
		expect(
			await box.db.all(
				'SELECT upload_id, reverted_by, problems_deleted, problems_restored, status_events_removed FROM upload_reverts'
			)
		).toEqual([
			{
				upload_id: first,
				reverted_by: 'test:analyst',
				problems_deleted: 3,
				problems_restored: 0,
				status_events_removed: 0
			}
		]);
		// The same bytes again are a new batch, not a no-op against the reverted one.
		const again = await ingestFile(box.db, box.file('first-again.csv', FIRST_LOAD), box.options);
		expect(again).toMatchObject({ outcome: 'committed', inserted: 3 });
		expect(again.uploadId).not.toBe(first);
		expect(await count(box.db, 'problems')).toBe(3);
	});

	it('revert of an update restores the previous statuses and every other field exactly', async () => {
		await ingest('e1.csv', FIRST_LOAD, { exportedAt: '2018-11-30' });
		const before = await snapshot();
		const update = await ingest('e2.csv', UPDATE, { exportedAt: '2018-12-31' });
		const during = await snapshot();
		// The update did change what the revert must undo: statuses, dates, text, theme, extra.
		expect(during.events).toHaveLength(3);
		expect((await problemRows(box.db)).map((p) => [p.problem_id, p.status])).toEqual([
			['A1', 'in_progress'],
			['A2', 'resolved'],
			['A3', 'verified'],
			['A4', 'pending']
		]);
		expect(await problemRows(box.db, "problem_id = 'A2'")).toEqual([
			expect.objectContaining({ theme: 'safety', theme_source: 'file', deadline: '2018-12-31' })
		]);

		const outcome = await revertUpload(box.db, update, by);
		expect(outcome).toEqual({
			outcome: 'reverted',
			uploadId: update,
			problemsDeleted: 1,
			problemsRestored: 3,
			statusEventsRemoved: 3
		});
		expect(await snapshot()).toEqual(before);
		expect((await problemRows(box.db)).map((p) => [p.problem_id, p.status])).toEqual([
			['A1', 'pending'],
			['A2', 'in_progress'],
			['A3', 'resolved']
		]);
		expect(await problemRows(box.db, "problem_id = 'A2'")).toEqual([
			expect.objectContaining({ theme_source: 'classified', deadline: null, is_bottleneck: true })
		]);
		expect(await count(box.db, 'problem_versions')).toBe(0);
	});

	it('reverts a batch that both inserts and updates, keeping its rejects', async () => {
		const first = await ingest('i1.csv', csv('B1,云南路社区,营商环境,甲,2018-11-05,,待处理,,否'));
		const before = await snapshot();
		const mixed = await ingestFile(
			box.db,
			box.file(
				'i2.csv',
				csv(
					'B1,云南路社区,营商环境,甲,2018-11-05,,已整改,2018-12-03,否',
					'B2,云南路社区,营商环境,乙,2018-11-05,,待处理,,否',
					'B3,云南路社区,营商环境,丙,2018-11-05,,研究中,,否'
				)
			),
			box.options
		);
		expect(mixed).toMatchObject({
			outcome: 'committed',
			inserted: 1,
			updated: 1,
			statusChanges: 1,
			rowsRejected: 1
		});
		const [versions] = await box.db.all(
			'SELECT upload_id, problem_id, status, last_upload_id FROM problem_versions'
		);
		expect(versions).toEqual({
			upload_id: mixed.uploadId,
			problem_id: 'B1',
			status: 'pending',
			last_upload_id: first
		});

		const outcome = await revertUpload(box.db, mixed.uploadId as number, by);
		expect(outcome).toMatchObject({ problemsDeleted: 1, problemsRestored: 1 });
		expect(await snapshot()).toEqual(before);
		const rejects = await box.db.all<{ upload_id: number; value: string }>(
			'SELECT upload_id, value FROM rejects'
		);
		expect(rejects).toEqual([{ upload_id: mixed.uploadId, value: '研究中' }]);
		expect(await uploadStates()).toEqual([
			[first, 'committed'],
			[mixed.uploadId, 'reverted']
		]);
	});

	it('refuses while a later batch changed its problems, and reverts once that one is reverted', async () => {
		const base = await ingest(
			'l1.csv',
			csv(
				'C1,云南路社区,营商环境,甲,2018-11-05,,待处理,,否',
				'C2,云南路社区,营商环境,乙,2018-11-05,,待处理,,否'
			)
		);
		const beforeBoth = await snapshot();
		// Updates C1 and creates C3 ...
		const middle = await ingest(
			'l2.csv',
			csv(
				'C1,云南路社区,营商环境,甲,2018-11-05,,整改中,,否',
				'C3,云南路社区,营商环境,丙,2018-11-20,,待处理,,否'
			)
		);
		// ... then a later export changes the problem it created, and C2.
		const latest = await ingest(
			'l3.csv',
			csv(
				'C2,云南路社区,营商环境,乙,2018-11-05,,已整改,2018-12-10,否',
				'C3,云南路社区,营商环境,丙,2018-11-20,,已交办,,否'
			)
		);
		const unchanged = await snapshot();

		const refused = await revertUpload(box.db, middle, by);
		expect(refused).toEqual({
			outcome: 'refused',
			code: 'later_batches',
			laterBatches: [latest],
			message: `第 ${latest} 批在这一批之后又修改了其中的问题，请先撤销第 ${latest} 批，再撤销第 ${middle} 批。`
		});
		const baseRefused = await revertUpload(box.db, base, by);
		expect(baseRefused).toMatchObject({ code: 'later_batches', laterBatches: [middle, latest] });
		if (baseRefused.outcome === 'refused') {
			expect(baseRefused.message).toBe(
				`第 ${middle}、${latest} 批在这一批之后又修改了其中的问题，请先撤销这些批次（从最新的开始），再撤销第 ${base} 批。`
			);
		}
		expect(await snapshot()).toEqual(unchanged);
		expect(await count(box.db, 'upload_reverts')).toBe(0);

		expect(await revertUpload(box.db, latest, by)).toMatchObject({ outcome: 'reverted' });
		expect(await revertUpload(box.db, middle, by)).toMatchObject({
			outcome: 'reverted',
			problemsDeleted: 1,
			problemsRestored: 1,
			statusEventsRemoved: 1
		});
		expect(await snapshot()).toEqual(beforeBoth);
		expect(await uploadStates()).toEqual([
			[base, 'committed'],
			[middle, 'reverted'],
			[latest, 'reverted']
		]);
	});

	it('brings back the supplied-fields mask a reverted update had widened', async () => {
		await ingest('m1.csv', csv('F1,云南路社区,营商环境,甲,2018-11-05,,待处理,,否'));
		const masks = () =>
			box.db.all<{ id: string; ack: boolean; mask: number }>(
				`SELECT problem_id AS id, ${suppliedSql(['acknowledged_at'])} AS ack, supplied_fields AS mask
				 FROM problems p ORDER BY id`
			);
		const before = await masks();
		expect(before).toEqual([{ id: 'F1', ack: false, mask: expect.any(Number) }]);
		const update = await ingest(
			'm2.csv',
			'编号,社区,问题描述,提出时间,状态,受理时间\nF1,云南路社区,甲,2018-11-05,已交办,2018-11-20\n'
		);
		expect(await masks()).toEqual([
			{ id: 'F1', ack: true, mask: before[0].mask | suppliedMask(['acknowledged_at']) }
		]);
		expect(await revertUpload(box.db, update, by)).toMatchObject({ outcome: 'reverted' });
		expect(await masks()).toEqual(before);
	});

	it('refuses a batch that does not exist or was already reverted', async () => {
		const first = await ingest('n1.csv', csv('D1,云南路社区,营商环境,甲,2018-11-05,,待处理,,否'));
		for (const id of [99, 0, -1, 1.5]) {
			expect(await revertUpload(box.db, id, by)).toEqual({
				outcome: 'refused',
				code: 'not_found',
				message: `没有第 ${id} 批导入。请在导入记录中核对批次号。`
			});
		}
		// Two reverts of one batch at once: the write queue lets one through.
		const both = await Promise.all([
			revertUpload(box.db, first, by),
			revertUpload(box.db, first, by)
		]);
		expect(both.map((o) => o.outcome)).toEqual(['reverted', 'refused']);
		expect(both[1]).toMatchObject({ code: 'already_reverted' });
		if (both[1].outcome === 'refused') {
			expect(both[1].message).toMatch(
				new RegExp(`^第 ${first} 批已于 \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}（test:analyst）撤销`)
			);
		}
		expect(await count(box.db, 'upload_reverts')).toBe(1);
	});

	it('refuses a batch whose overwritten rows were never kept (committed before versions existed)', async () => {
		await ingest('h1.csv', csv('E1,云南路社区,营商环境,甲,2018-11-05,,待处理,,否'));
		const update = await ingest('h2.csv', csv('E1,云南路社区,营商环境,甲,2018-11-05,,整改中,,否'));
		await box.db.withConnection((c) => c.run('DELETE FROM problem_versions'));
		const unchanged = await snapshot();
		expect(await revertUpload(box.db, update, by)).toMatchObject({
			outcome: 'refused',
			code: 'history_missing'
		});
		expect(await snapshot()).toEqual(unchanged);
	});

	it('changes nothing when the revert fails before its commit', async () => {
		const first = await ingest('f1.csv', FIRST_LOAD);
		const before = await snapshot();
		const update = await ingest('f2.csv', UPDATE);
		const during = await snapshot();
		await expect(
			revertUpload(box.db, update, {
				...by,
				beforeCommit: () => {
					throw new Error('disk full (injected)');
				}
			})
		).rejects.toThrow('injected');
		expect(await snapshot()).toEqual(during);
		expect(await uploadStates()).toEqual([
			[first, 'committed'],
			[update, 'committed']
		]);
		expect(await count(box.db, 'problem_versions')).toBe(3);
		expect(await count(box.db, 'upload_reverts')).toBe(0);
		// Once the fault is gone the same revert goes through.
		expect(await revertUpload(box.db, update, by)).toMatchObject({ outcome: 'reverted' });
		expect(await snapshot()).toEqual(before);
	});

	it('keeps a version as a column-for-column copy of a problem row', async () => {
		const columns = await box.db.all<{
			table_name: string;
			column_name: string;
			data_type: string;
		}>(
			`SELECT table_name, column_name, data_type FROM duckdb_columns()
			 WHERE table_name IN ('problems', 'problem_versions') ORDER BY table_name, column_index`
		);
		const of = (t: string) =>
			columns.filter((c) => c.table_name === t).map((c) => [c.column_name, c.data_type]);
		expect(of('problem_versions')).toEqual([['upload_id', 'INTEGER'], ...of('problems')]);
	});
});

describe('revertUpload on a database file', () => {
	it('leaves the revert in the file once it returns', async () => {
		const s = await sandbox('ledger.duckdb');
		let open = true;
		try {
			const r = await ingestFile(s.db, s.file('p.csv', FIRST_LOAD), s.options);
			expect(await revertUpload(s.db, r.uploadId as number, by)).toMatchObject({
				outcome: 'reverted'
			});
			s.db.close();
			open = false;
			const reopened = await LedgerDatabase.open(path.join(s.dir, 'ledger.duckdb'));
			try {
				expect(await count(reopened, 'problems')).toBe(0);
				expect(await reopened.all('SELECT state FROM uploads')).toEqual([{ state: 'reverted' }]);
			} finally {
				reopened.close();
			}
		} finally {
			if (open) s.db.close();
			await fs.promises.rm(s.dir, { recursive: true, force: true });
		}
	});
});
