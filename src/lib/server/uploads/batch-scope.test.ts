// Issue 15, scope and ownership of batches: a scoped account sees a mixed file's rejects only for
// its communities and never its original; the same bytes under a wider scope are loaded, not
// skipped; and a no-op names an earlier batch only to an account that may see it.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ingestFile } from '../ingest/pipeline';
import { count, csv, ingestSandbox } from '../ingest/test-support';
import { getBatch, listBatches, originalFile, rejectsCsv } from './history';

const box = ingestSandbox();
const MINE = '寿张路社区';
const OTHER = '云南路社区';
/** Two rows of 寿张路社区 and two of 云南路社区; 云南路's second row has a date that does not exist. */
const MIXED = csv(
	`M-1,${MINE},营商环境,寿张路一,2019-11-05,,待处理,,否`,
	`M-2,${OTHER},营商环境,云南路一,2019-11-06,,待处理,,否`,
	`M-3,${MINE},营商环境,寿张路二,2019-11-07,,整改中,,否`,
	`M-4,${OTHER},营商环境,云南路二,2019-02-30,,待处理,,否`
);
const page = { limit: 100, offset: 0 };
const text = async (stream: ReadableStream<Uint8Array>) => new Response(stream).text();
const rowsOf = async (community: string) =>
	(
		await box.db.all<{ n: number }>(
			'SELECT count(*)::INTEGER AS n FROM problems WHERE community = $1',
			[community]
		)
	)[0].n;

describe('a batch of a mixed file, for an account scoped to 寿张路社区', () => {
	it('stores each reject with its community', async () => {
		const done = await ingestFile(box.db, box.file('混合.csv', MIXED), {
			...box.options,
			allowedCommunities: [MINE]
		});
		expect(done).toMatchObject({ outcome: 'committed', rowsAccepted: 2, rowsRejected: 2 });
		expect(
			await box.db.all(
				`SELECT DISTINCT row_number AS row, community FROM rejects WHERE upload_id = $1
				 ORDER BY row_number`,
				[done.uploadId!]
			)
		).toEqual([
			{ row: 3, community: OTHER },
			{ row: 5, community: OTHER }
		]);
	});

	it('shows its own rows only: no other community in the detail, the rejects or the history', async () => {
		// An unscoped analyst loads a file whose accepted rows are all 寿张路's, and one of 云南路's
		// rows is rejected (a date that does not exist): 寿张路 sees the batch, not that row.
		const file = csv(
			`M-1,${MINE},营商环境,寿张路一,2019-11-05,,待处理,,否`,
			`M-4,${OTHER},营商环境,云南路二,2019-02-30,,待处理,,否`
		);
		const street = await ingestFile(box.db, box.file('混合.csv', file), box.options);
		expect(await getBatch(box.db, street.uploadId!, [MINE])).toMatchObject({
			rowsTotal: 1,
			rowsRejected: 0,
			partial: true
		});
		expect(await text(rejectsCsv(box.db, street.uploadId!, [MINE]))).not.toContain(OTHER);
		expect(await text(rejectsCsv(box.db, street.uploadId!, null))).toContain('3,提出时间');

		// A scoped upload of a mixed file: the other community's rows are rejects of the batch.
		const mixed = await ingestFile(box.db, box.file('混合2.csv', MIXED), {
			...box.options,
			allowedCommunities: [MINE]
		});
		const mid = mixed.uploadId!;
		const whole = await getBatch(box.db, mid, null);
		expect(whole).toMatchObject({ rowsTotal: 4, rowsRejected: 2, partial: false });
		const mine = await getBatch(box.db, mid, [MINE]);
		expect(mine).toMatchObject({
			communities: [MINE],
			rowsAccepted: 2,
			rowsRejected: 0,
			rowsTotal: 2,
			partial: true
		});
		expect(JSON.stringify(mine)).not.toContain(OTHER);
		const csvText = await text(rejectsCsv(box.db, mid, [MINE]));
		expect(csvText).not.toContain(OTHER);
		expect(csvText.trim().split('\r\n')).toHaveLength(1); // the header only
		expect(await text(rejectsCsv(box.db, mid, null))).toContain(OTHER);
		const history = await listBatches(box.db, page, [MINE]);
		expect(history.batches.map((b) => [b.id, b.partial, b.rowsRejected])).toEqual([
			[mid, true, 0],
			[street.uploadId, true, 0]
		]);
		expect(JSON.stringify(history)).not.toContain(OTHER);
	});

	it('refuses its original file; the whole street and a file of its rows only have it', async () => {
		const mixed = await ingestFile(box.db, box.file('混合.csv', MIXED), {
			...box.options,
			allowedCommunities: [MINE]
		});
		expect(await originalFile(box.db, mixed.uploadId!, [MINE])).toBe('partial');
		const street = await originalFile(box.db, mixed.uploadId!, null);
		expect(typeof street === 'object' && fs.readFileSync(street!.path, 'utf8')).toBe(MIXED);

		// Its own file, with a reject of its own: detail, rejects and original are all its.
		const own = csv(
			`O-1,${MINE},营商环境,寿张路三,2019-11-05,,待处理,,否`,
			`O-2,${MINE},营商环境,寿张路四,2019-02-30,,待处理,,否`
		);
		const done = await ingestFile(box.db, box.file('本社区.csv', own), {
			...box.options,
			allowedCommunities: [MINE]
		});
		expect(await getBatch(box.db, done.uploadId!, [MINE])).toMatchObject({
			rowsRejected: 1,
			partial: false
		});
		expect(await text(rejectsCsv(box.db, done.uploadId!, [MINE]))).toContain(
			'3,提出时间,2019-02-30'
		);
		const file = await originalFile(box.db, done.uploadId!, [MINE]);
		expect(typeof file === 'object' && fs.readFileSync(file!.path, 'utf8')).toBe(own);
	});

	it('keeps a reject whose community is unknown from a scoped account', async () => {
		const file = csv(
			`U-1,${MINE},营商环境,寿张路一,2019-11-05,,待处理,,否`,
			`U-2,,营商环境,无社区,2019-11-05,,待处理,,否`
		);
		const done = await ingestFile(box.db, box.file('无社区.csv', file), box.options);
		expect(await getBatch(box.db, done.uploadId!, [MINE])).toMatchObject({ partial: true });
		expect(await text(rejectsCsv(box.db, done.uploadId!, [MINE]))).not.toContain('U-2');
		expect(await originalFile(box.db, done.uploadId!, [MINE])).toBe('partial');
	});
});

describe('the same bytes again', () => {
	it('are loaded under a wider scope: the rows the scoped upload rejected arrive', async () => {
		const path = box.file('混合.csv', MIXED);
		const scoped = await ingestFile(box.db, path, { ...box.options, allowedCommunities: [MINE] });
		expect(scoped.outcome).toBe('committed');
		expect(await rowsOf(OTHER)).toBe(0);
		const again = await ingestFile(box.db, path, { ...box.options, allowedCommunities: [MINE] });
		expect(again).toMatchObject({ outcome: 'noop', uploadId: scoped.uploadId });
		expect(again.message).toContain(`第 ${scoped.uploadId} 批`);

		const street = await ingestFile(box.db, path, box.options);
		expect(street).toMatchObject({ outcome: 'committed', rowsAccepted: 3, rowsRejected: 1 });
		expect(street.message ?? '').not.toMatch(/完全相同/);
		expect(await rowsOf(OTHER)).toBe(1);
		expect(await count(box.db, 'uploads')).toBe(2);
		expect((await ingestFile(box.db, path, box.options)).outcome).toBe('noop');
		// The street's load covers the scoped one: dropped again by 寿张路, it is its own batch.
		const mine = await ingestFile(box.db, path, { ...box.options, allowedCommunities: [MINE] });
		expect(mine).toMatchObject({ outcome: 'noop', uploadId: scoped.uploadId });
	});

	it('are skipped under a narrower scope once the street loaded them, naming no batch it cannot see', async () => {
		const path = box.file('混合.csv', MIXED);
		const street = await ingestFile(box.db, path, box.options);
		expect(street.outcome).toBe('committed');
		// The street's batch holds 云南路's rows: 寿张路 may not see it, so it is not named.
		const mine = await ingestFile(box.db, path, { ...box.options, allowedCommunities: [MINE] });
		expect(mine).toMatchObject({ outcome: 'noop', uploadId: null });
		expect(mine.message).toBe(
			'这个文件此前已经导入过，其中本账号可以导入的行都已在台账中，已跳过，数据没有任何变化。'
		);
		expect(mine.message).not.toContain(String(street.uploadId));
		expect(await count(box.db, 'uploads')).toBe(1);
	});

	it('refuse a file of only other communities’ rows, committing nothing to name later', async () => {
		// Every row is 云南路's: 寿张路 may import none of them, so there is no batch to make.
		const theirs = csv(`T-1,${OTHER},营商环境,云南路一,2019-11-05,,待处理,,否`);
		const path = box.file('云南路.csv', theirs);
		const first = await ingestFile(box.db, path, { ...box.options, allowedCommunities: [MINE] });
		expect(first).toMatchObject({ outcome: 'refused', refusal: 'all_rejected', rowsAccepted: 0 });
		expect(first.rejects).toHaveLength(1);
		expect(await count(box.db, 'uploads')).toBe(0);
		// Dropped again, it is refused again rather than skipped as a no-op of nothing.
		const again = await ingestFile(box.db, path, { ...box.options, allowedCommunities: [MINE] });
		expect(again).toMatchObject({ outcome: 'refused', refusal: 'all_rejected' });
		expect(again.message).not.toMatch(/第 \d+ 批|\d{4}-\d{2}-\d{2}/);
	});
});
