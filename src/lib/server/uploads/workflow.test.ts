import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readSettings } from '../env';
import { count, csv, sandbox, type Sandbox } from '../ingest/test-support';
import { listBatches, rejectsCsv, originalFile } from './history';
import { listProfiles, saveProfile, savedProfile, validateProfile } from './profiles';
import { revertUpload } from './revert';
import { StagingArea } from './staging';
import {
	commitStaged,
	ingestStaged,
	parsePreviewRequest,
	previewStaged,
	type UploadContext
} from './workflow';

let box: Sandbox;
let ctx: UploadContext;

beforeEach(async () => {
	box = await sandbox();
	const settings = { ...readSettings({ LEDGER_DATA_DIR: box.dir }), dbPath: ':memory:' };
	ctx = { db: box.db, settings, staging: new StagingArea(settings.stagingDir) };
});
afterEach(async () => box.dispose());

/** Stages `content` as the upload endpoint would. */
async function stage(name: string, content: string | Buffer) {
	const upload = await ctx.staging.create(name);
	fs.writeFileSync(ctx.staging.filePath(upload), content);
	upload.sizeBytes = Buffer.byteLength(content);
	await ctx.staging.save(upload);
	return upload;
}

// A community's own spelling: 情况 for the description, 进展 for the status, 处理中 as a status.
const ODD = [
	'编号,情况,提出时间,进展',
	'Q1,楼道堆物,2018-11-05,处理中',
	'Q2,路灯不亮,2018-11-06,已整改',
	''
].join('\n');
const ODD_PROFILE = {
	columns: { description: '情况', status: '进展' },
	values: { status: { 处理中: 'in_progress' } }
};

describe('preview and commit', () => {
	it('says when a committed batch lies outside the overview’s default period', async () => {
		const as = { username: '王', scope: null };
		const commit = async (name: string, ...rows: string[]) => {
			const p = await previewStaged(ctx, await stage(name, csv(...rows)), {}, null);
			return commitStaged(ctx, p.stagedId!, { previewKey: p.previewKey!, by: as });
		};
		// The ledger reaches 2019-12-20: the overview shows 2018-12-21 to 2019-12-20 by default.
		const recent = await commit('2019.csv', 'N1,云南路社区,营商环境,甲,2019-12-20,,待处理,,否');
		expect(recent).toMatchObject({ outcome: 'committed', message: null });
		const old = await commit(
			'2017.csv',
			'O1,云南路社区,营商环境,乙,2017-03-01,,待处理,,否',
			'O2,云南路社区,营商环境,丙,2017-05-09,,待处理,,否'
		);
		expect(old.message).toBe(
			'这批 2 个问题的提出时间在 2017-03-01 至 2017-05-09，不在总览默认显示的期间（2018-12-21 至 2019-12-20）内，所以总览的默认数字不会因它变化。要看这批问题，请在总览或问题列表的筛选栏把期间设为 2017-03-01 至 2017-05-09。'
		);
		const mixed = await commit(
			'mixed.csv',
			'M1,云南路社区,营商环境,丁,2019-06-01,,待处理,,否',
			'M2,云南路社区,营商环境,戊,2016-01-04,,待处理,,否'
		);
		expect(mixed.message).toMatch(/^这批问题中有 1 个（共 2 个）的提出时间不在总览默认显示的期间/);
	});

	it('reads the same bytes again under another mapping, saying what the commit would change', async () => {
		const text = [
			'编号,社区,问题描述,提出时间,状态',
			'H1,云南路社区,楼道堆物,2018-11-05,Dispatched',
			'H2,云南路社区,路灯不亮,2018-11-06,Dispatched',
			'H3,云南路社区,井盖缺失,2018-11-07,Archived',
			''
		].join('\n');
		const as = { username: '王', scope: null };
		const mapped = (dispatched: string) => ({
			profile: { values: { status: { Dispatched: dispatched, Archived: 'verified' } } }
		});
		const first = await previewStaged(ctx, await stage('h.csv', text), mapped('resolved'), null);
		expect(first.result).toMatchObject({ inserted: 3, updated: 0, statusChanges: 0 });
		await commitStaged(ctx, first.stagedId!, { previewKey: first.previewKey!, by: as });

		// The same bytes with Dispatched read as in progress: not a no-op, and it says what moves.
		const again = await previewStaged(ctx, await stage('h.csv', text), mapped('in_progress'), null);
		expect(again.result).toMatchObject({
			outcome: 'dry-run',
			inserted: 0,
			updated: 3,
			statusChanges: 2
		});
		expect(again.result.notes.join()).toMatch(/已在第 1 批.*按另一种映射或选项读取过/);
		const done = await commitStaged(ctx, again.stagedId!, {
			previewKey: again.previewKey!,
			by: as
		});
		expect(done).toMatchObject({ outcome: 'committed', updated: 3, statusChanges: 2 });
		expect(await ctx.db.all(`SELECT problem_id, status FROM problems ORDER BY problem_id`)).toEqual(
			[
				{ problem_id: 'H1', status: 'in_progress' },
				{ problem_id: 'H2', status: 'in_progress' },
				{ problem_id: 'H3', status: 'verified' }
			]
		);
		// The same mapping once more is the no-op.
		const third = await previewStaged(ctx, await stage('h.csv', text), mapped('in_progress'), null);
		expect(third.result.outcome).toBe('noop');
	});

	it('refuses a file whose every row is rejected, keeps it, and commits it once the mapping fixes it', async () => {
		const closed = [
			'编号,社区,问题描述,提出时间,状态',
			'H1,云南路社区,楼道堆物,2018-11-05,Dispatched',
			'H2,云南路社区,路灯不亮,2018-11-06,Dispatched',
			'H3,云南路社区,井盖缺失,2018-11-07,Archived',
			''
		].join('\n');
		const upload = await stage('hotline.csv', closed);
		const first = await previewStaged(ctx, upload, {}, null);
		expect(first.result).toMatchObject({
			outcome: 'refused',
			refusal: 'all_rejected',
			rowsTotal: 3,
			rowsAccepted: 0,
			rowsRejected: 3
		});
		expect(first.result.message).toMatch(/3 行全部被拒收.*“状态”列/);
		// Every reject is shown, and the labels to map: the file is kept for the fixed mapping.
		expect(first.result.rejects.map((r) => r.row)).toEqual([2, 3, 4]);
		expect(first.result.preview?.statusLabels.map((l) => [l.label, l.code])).toEqual([
			['Dispatched', null],
			['Archived', null]
		]);
		expect(first).toMatchObject({ stagedId: upload.id, previewKey: null });
		expect(await count(ctx.db, 'uploads')).toBe(0);

		const fixed = await previewStaged(
			ctx,
			upload,
			{ profile: { values: { status: { Dispatched: 'in_progress', Archived: 'verified' } } } },
			null
		);
		expect(fixed.result).toMatchObject({ outcome: 'dry-run', rowsAccepted: 3, rowsRejected: 0 });
		const done = await commitStaged(ctx, upload.id, {
			previewKey: fixed.previewKey!,
			by: { username: '王', scope: null }
		});
		expect(done).toMatchObject({ outcome: 'committed', inserted: 3 });
	});

	it('uses the saved profile of the chosen community, says so, and commits with it', async () => {
		await saveProfile(ctx.db, '四川路社区', await validateProfile(ctx.db, ODD_PROFILE));
		const upload = await stage('odd.csv', ODD);
		const preview = await previewStaged(ctx, upload, { community: '四川路社区' }, null);
		expect(preview.result).toMatchObject({ outcome: 'dry-run', rowsAccepted: 2, rowsRejected: 0 });
		expect(preview.result.notes[0]).toMatch(/已自动使用“四川路社区”保存的映射方案/);
		expect(preview.options.profileSource).toMatchObject({ kind: 'saved', community: '四川路社区' });
		expect(preview.result.preview?.statusLabels).toEqual([
			{ label: '处理中', code: 'in_progress', count: 1 },
			{ label: '已整改', code: 'resolved', count: 1 }
		]);
		const done = await commitStaged(ctx, preview.stagedId!, {
			previewKey: preview.previewKey!,
			by: { username: '王', scope: null }
		});
		expect(done).toMatchObject({ outcome: 'committed', inserted: 2 });
		expect(await ctx.staging.get(upload.id)).toBeNull();
	});

	it('finds the profile of the community the file names in its rows', async () => {
		await saveProfile(
			ctx.db,
			'云南路社区',
			await validateProfile(ctx.db, { values: { status: { 研究中: 'in_progress' } } })
		);
		const preview = await previewStaged(
			ctx,
			await stage('y.csv', csv('A1,云南路社区,营商环境,甲,2018-11-05,,研究中,,否')),
			{},
			null
		);
		expect(preview.result).toMatchObject({ outcome: 'dry-run', rowsAccepted: 1 });
		expect(preview.result.notes[0]).toMatch(/云南路社区/);
	});

	it('finds the profile whose headers the file has, when it cannot be read without one', async () => {
		await saveProfile(ctx.db, '四川路社区', await validateProfile(ctx.db, ODD_PROFILE));
		const withColumn = ODD.replace('编号,', '社区,编号,').replace(/\nQ/g, '\n四川路社区,Q');
		const preview = await previewStaged(ctx, await stage('odd.csv', withColumn), {}, null);
		expect(preview.result).toMatchObject({ outcome: 'dry-run', rowsAccepted: 2 });
		expect(preview.result.notes[0]).toMatch(/四川路社区/);
	});

	it('without a profile, names the missing column and keeps the file for a mapping', async () => {
		const upload = await stage('odd.csv', ODD);
		const preview = await previewStaged(ctx, upload, { community: '四川路社区' }, null);
		expect(preview.result.outcome).toBe('refused');
		expect(preview.result.message).toMatch(/缺少必需的列：问题描述/);
		expect(preview.stagedId).toBe(upload.id);
		expect(preview.result.headers.map((h) => h.header)).toEqual([
			'编号',
			'情况',
			'提出时间',
			'进展'
		]);
		const fixed = await previewStaged(
			ctx,
			upload,
			{
				community: '四川路社区',
				profile: ODD_PROFILE
			},
			null
		);
		expect(fixed.result).toMatchObject({ outcome: 'dry-run', rowsAccepted: 2 });
		expect(fixed.result.headers.find((h) => h.header === '情况')?.field).toBe('description');
	});

	it('applies a saved profile leniently: a header the file lacks is skipped and reported', async () => {
		await saveProfile(
			ctx.db,
			'云南路社区',
			await validateProfile(ctx.db, { columns: { note: '补充说明' } })
		);
		const preview = await previewStaged(
			ctx,
			await stage('y.csv', csv('A1,云南路社区,营商环境,甲,2018-11-05,,待处理,,否')),
			{ community: '云南路社区' },
			null
		);
		expect(preview.result.outcome).toBe('dry-run');
		expect(preview.result.notes.join()).toMatch(/“补充说明”.*没有这一列/);
	});

	it('a header mapped to no column stays an extra column', async () => {
		const preview = await previewStaged(
			ctx,
			await stage('y.csv', csv('A1,云南路社区,营商环境,甲,2018-11-05,,待处理,,否')),
			{ profile: { columns: { is_bottleneck: '' } } },
			null
		);
		expect(preview.result.headers.find((h) => h.header === '瓶颈问题')?.field).toBeNull();
		expect(preview.result.unmappedHeaders).toEqual(['瓶颈问题']);
	});

	it('refuses a commit whose result would differ from its preview, and writes nothing', async () => {
		const upload = await stage(
			'r.csv',
			csv(
				'A1,云南路社区,营商环境,甲,2018-11-05,,研究中,,否',
				'A2,云南路社区,营商环境,乙,2018-11-06,,待处理,,否'
			)
		);
		const preview = await previewStaged(ctx, upload, {}, null);
		expect(preview.result).toMatchObject({ rowsAccepted: 1, rowsRejected: 1 });
		// The vocabulary learns the label between preview and commit.
		await ctx.db.all(
			`UPDATE statuses SET aliases = list_append(aliases, '研究中') WHERE code = 'in_progress'`
		);
		const done = await commitStaged(ctx, upload.id, {
			previewKey: preview.previewKey!,
			by: { username: '王', scope: null }
		});
		expect(done).toMatchObject({ outcome: 'refused', refusal: 'stale_preview' });
		expect(done.message).toMatch(/请重新预览/);
		expect(await count(ctx.db, 'uploads')).toBe(0);
		await expect(
			commitStaged(ctx, upload.id, {
				previewKey: preview.previewKey!,
				by: { username: '王', scope: null }
			})
		).rejects.toMatchObject({ status: 409 });
	});

	it('ingests at once for scripts and removes the staged copies', async () => {
		const a = await stage('a.csv', csv('A1,云南路社区,营商环境,甲,2018-11-05,,待处理,,否'));
		const [result] = await ingestStaged(ctx, [a], {}, { username: '脚本', scope: null });
		expect(result).toMatchObject({ outcome: 'committed', inserted: 1 });
		expect(fs.readdirSync(ctx.settings.stagingDir)).toEqual([]);
	});
});

describe('the export date', () => {
	it('is a real day inside the range every date parameter has, or it is refused in Chinese', () => {
		expect(parsePreviewRequest({ exportedAt: '2019-12-31' }).exportedAt).toBe('2019-12-31');
		expect(parsePreviewRequest({ exportedAt: '' }).exportedAt).toBe('');
		for (const [day, message] of [
			['9999-12-31', /导出日期超出范围，请填写 1900-01-01 至 2099-12-31/],
			['0001-01-01', /导出日期超出范围/],
			['2019-02-30', /不是一个存在的日期/],
			['31/12/2019', /YYYY-MM-DD/]
		] as const)
			expect(() => parsePreviewRequest({ exportedAt: day }), day).toThrow(message);
	});
});

describe('profiles', () => {
	it('keeps one profile per community, the latest', async () => {
		await saveProfile(ctx.db, '云南路社区', await validateProfile(ctx.db, { columns: {} }));
		await saveProfile(ctx.db, '云南路社区', await validateProfile(ctx.db, ODD_PROFILE));
		const all = await listProfiles(ctx.db, null);
		expect(all).toHaveLength(1);
		expect((await savedProfile(ctx.db, '云南路社区'))?.profile.columns).toEqual(
			ODD_PROFILE.columns
		);
	});

	it('refuses a profile naming a status that does not exist', async () => {
		await expect(
			validateProfile(ctx.db, { values: { status: { 处理中: 'busy' } } })
		).rejects.toThrow(/不存在的状态代码“busy”/);
	});
});

describe('history and downloads', () => {
	it('lists batches with their communities, counts and revert, and serves the original and rejects', async () => {
		const file = fs.readFileSync(path.resolve('data/fixtures/corpus/bad/row_errors.csv'));
		const [done] = await ingestStaged(
			ctx,
			[await stage('错误示例.csv', file)],
			{},
			{ username: '李', scope: null }
		);
		await revertUpload(ctx.db, done.uploadId!, { revertedBy: '张', scope: null });
		const { batches, total } = await listBatches(ctx.db, { limit: 50, offset: 0 }, null);
		expect(total).toBe(1);
		expect(batches[0]).toMatchObject({
			id: done.uploadId,
			fileName: '错误示例.csv',
			communities: ['云南路社区'],
			uploadedBy: '李',
			rowsAccepted: 4,
			rowsRejected: 4, // row 10, 合计, is skipped
			state: 'reverted',
			revertedBy: '张'
		});
		const original = await originalFile(ctx.db, done.uploadId!, null);
		expect(typeof original === 'object' && fs.readFileSync(original!.path)).toEqual(file);
		const bytes = Buffer.from(
			await new Response(rejectsCsv(ctx.db, done.uploadId!, null)).arrayBuffer()
		);
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs
		const text = bytes.subarray(3).toString('utf8');
		const lines = text.split('\r\n');
		expect(lines[0]).toBe('行号,列,值,原因');
		expect(lines.slice(1, -1).map((l) => l.split(',')[0])).toEqual(['3', '5', '6', '8']);
		expect(text).toContain('2018-02-30');
	});
});

describe('staging', () => {
	it('sweeps uploads older than a day and folders a crash left half-written', async () => {
		const fresh = await stage('fresh.csv', 'x');
		const old = await stage('old.csv', 'x');
		old.receivedAt = new Date(Date.now() - 25 * 3600_000).toISOString();
		await ctx.staging.save(old);
		const orphan = await ctx.staging.create('orphan.csv'); // never saved: no meta.json
		const hourAgo = new Date(Date.now() - 2 * 3600_000);
		fs.utimesSync(ctx.staging.folder(orphan.id), hourAgo, hourAgo);
		const removed = await ctx.staging.sweep(24 * 3600_000);
		expect(removed.sort()).toEqual([old.id, orphan.id].sort());
		expect(await ctx.staging.get(fresh.id)).not.toBeNull();
	});

	it('will not read outside its folder', async () => {
		expect(await ctx.staging.get('../../etc')).toBeNull();
		expect(() => ctx.staging.folder('../x')).toThrow();
	});
});
