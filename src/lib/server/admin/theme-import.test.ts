// Taking a file's own categories over as themes: codes derived from the labels (never the labels'
// other characters), clashes refused, only an admin of the whole street, audited with what moved,
// and a new preview of the file then matching its labels (theme_source 'file').
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../auth/users';
import { STREET_ADMIN_ONLY } from '../auth/guard';
import { dataVersion } from '../db/write-queue';
import { readSettings } from '../env';
import { sandbox, type Sandbox } from '../ingest/test-support';
import { StagingArea } from '../uploads/staging';
import { previewStaged, type UploadContext } from '../uploads/workflow';
import type { Principal } from '../../domain/roles';
import type { AdminContext } from './accounts';
import { loadTaxonomy } from './taxonomy';
import { auditEntries, insertProblems, themesOf } from './test-support';
import { cleanImportLabels, importThemeLabels, themeCodeFor } from './theme-import';

let box: Sandbox;
let ctx: AdminContext;

async function principal(
	username: string,
	role: Principal['role'],
	scope: string[] | null
): Promise<Principal> {
	const user = await createUser(box.db, { username, password: `${username}-pass-1`, role, scope });
	return {
		userId: user.id,
		username,
		displayName: null,
		role,
		scope,
		via: 'session'
	};
}

beforeEach(async () => {
	box = await sandbox();
	ctx = { db: box.db, actor: await principal('boss', 'admin', null), address: '10.1.2.3' };
});
afterEach(async () => box.dispose());

const codes = async () => (await loadTaxonomy(box.db)).themes.map((t) => t.code);

describe('theme codes', () => {
	it('are the label in snake_case when it is Latin, else numbered; never clash', () => {
		const none = new Set<string>();
		expect(themeCodeFor('Noise Complaint', none)).toBe('noise_complaint');
		expect(themeCodeFor('  Street-Light / Out ', none)).toBe('street_light_out');
		expect(themeCodeFor('311 Requests', none)).toBe('t_311_requests');
		expect(themeCodeFor("Robert'); DROP TABLE themes;--", none)).toBe('robert_drop_table_themes');
		expect(themeCodeFor('噪音扰民', none)).toBe('theme_1');
		expect(themeCodeFor('2024', none)).toBe('theme_1');
		expect(themeCodeFor('噪音扰民', new Set(['theme_1', 'theme_2']))).toBe('theme_3');
		expect(themeCodeFor('Parking', new Set(['parking']))).toBe('parking_2');
		expect(themeCodeFor('x'.repeat(80), none)).toHaveLength(32);
		for (const code of ['a', 'theme_1', 'noise_complaint']) {
			expect(code).toMatch(/^[a-z][a-z0-9_]{0,39}$/);
		}
	});

	it('labels are trimmed, each once as matching compares them, within limits', () => {
		expect(cleanImportLabels([' 噪音扰民 ', '噪音扰民', 'Ｎoise', 'noise', '  '])).toEqual([
			'噪音扰民',
			'Ｎoise'
		]);
		expect(() => cleanImportLabels([])).toThrow(/没有要导入的分类/);
		expect(() => cleanImportLabels(['长'.repeat(51)])).toThrow(/最多 50 个字符/);
		expect(() => cleanImportLabels([3])).toThrow(/文字/);
		expect(() => cleanImportLabels(Array.from({ length: 201 }, (_, i) => `c${i}`))).toThrow(
			/最多导入 200 个/
		);
	});
});

describe('importing labels as themes', () => {
	it('creates the themes before 其他, names in both languages, no keywords, audited', async () => {
		const before = await codes();
		const version = dataVersion();
		const done = await importThemeLabels(ctx, ['噪音扰民', 'Illegal Parking']);
		expect(done).toEqual({
			themes: [
				{ code: 'theme_1', labelZh: '噪音扰民', labelEn: '噪音扰民' },
				{ code: 'illegal_parking', labelZh: 'Illegal Parking', labelEn: 'Illegal Parking' }
			],
			relabelled: 0,
			reclassified: 0
		});
		// Through the write queue: the pages' cached views are retired.
		expect(dataVersion()).toBeGreaterThan(version);
		const { themes } = await loadTaxonomy(box.db);
		expect(themes.map((t) => t.code)).toEqual([
			...before.slice(0, -1),
			'theme_1',
			'illegal_parking',
			'other'
		]);
		expect(themes.find((t) => t.code === 'theme_1')).toMatchObject({
			labelZh: '噪音扰民',
			labelEn: '噪音扰民',
			aliases: [],
			keywords: [],
			problems: 0
		});
		const [entry] = await auditEntries(box.db);
		expect(entry).toMatchObject({
			actor: 'boss',
			address: '10.1.2.3',
			action: 'taxonomy.import',
			target: 'theme_1,illegal_parking',
			result: 'ok'
		});
		expect(entry.detail).toEqual({
			themes: done.themes,
			relabelled: 0,
			reclassified: 0,
			moves: {}
		});
	});

	it('refuses a label a theme already answers to, with its 问题/类 ending too, changing nothing', async () => {
		const before = await loadTaxonomy(box.db);
		for (const [label, owner] of [
			['营商环境', '营商环境'],
			['其它', '其他'],
			['安全生产类', '安全生产'],
			['Business Environment', '营商环境']
		]) {
			await expect(importThemeLabels(ctx, ['噪音扰民', label])).rejects.toThrow(
				`“${label}”已对应主题“${owner}”`
			);
		}
		expect(await loadTaxonomy(box.db)).toEqual(before);
		const entries = await auditEntries(box.db);
		expect(entries).toHaveLength(4);
		expect(entries[0]).toMatchObject({ action: 'taxonomy.import', result: 'failed' });
		expect(entries[0].detail).toMatchObject({ labels: ['噪音扰民', '营商环境'] });
	});

	it('refuses a label imported before: the second import of the same file changes nothing', async () => {
		await importThemeLabels(ctx, ['噪音扰民']);
		await expect(importThemeLabels(ctx, ['噪音扰民问题'])).rejects.toThrow(
			'“噪音扰民问题”已对应主题“噪音扰民”'
		);
		expect((await codes()).filter((c) => c.startsWith('theme_'))).toEqual(['theme_1']);
	});

	it('refuses an admin with a community scope, and an analyst, and says so in the log', async () => {
		const before = await loadTaxonomy(box.db);
		const scoped = { ...ctx, actor: await principal('yunnan', 'admin', ['云南路社区']) };
		await expect(importThemeLabels(scoped, ['噪音扰民'])).rejects.toThrow(STREET_ADMIN_ONLY);
		const analyst = { ...ctx, actor: await principal('fenxi', 'analyst', null) };
		await expect(importThemeLabels(analyst, ['噪音扰民'])).rejects.toThrow(/只有管理员/);
		expect(await loadTaxonomy(box.db)).toEqual(before);
		expect(
			(await auditEntries(box.db)).map((e) => [e.actor, e.action, e.result, e.detail?.reason])
		).toEqual([
			['yunnan', 'taxonomy.import', 'refused', STREET_ADMIN_ONLY],
			['fenxi', 'taxonomy.import', 'refused', '只有管理员可以导入主题。']
		]);
	});

	it('stored problems classified for want of their label take the new theme from it', async () => {
		await insertProblems(box.db, [
			{
				problemId: 'a',
				theme: 'other',
				source: 'classified',
				label: '噪音扰民',
				description: '夜间施工'
			},
			{
				problemId: 'b',
				theme: 'other',
				source: 'classified',
				label: '噪音扰民问题',
				description: '广场舞'
			},
			{
				problemId: 'c',
				theme: 'other',
				source: 'classified',
				label: '路面破损',
				description: '坑'
			},
			{
				problemId: 'd',
				theme: 'safety',
				source: 'mapping',
				label: '噪音扰民',
				description: '映射的'
			}
		]);
		const done = await importThemeLabels(ctx, ['噪音扰民']);
		expect(done).toMatchObject({ relabelled: 2, reclassified: 0 });
		expect(await themesOf(box.db)).toEqual({ a: 'theme_1', b: 'theme_1', c: 'other', d: 'safety' });
		const sources = await box.db.all<{ id: string; source: string }>(
			'SELECT problem_id AS id, theme_source AS source FROM problems ORDER BY id'
		);
		expect(sources.map((s) => s.source)).toEqual(['file', 'file', 'classified', 'mapping']);
		expect((await auditEntries(box.db))[0].detail).toMatchObject({ relabelled: 2 });
	});

	it('without 其他 the fallback theme stays last, so nothing is re-classified to a new theme', async () => {
		await box.db.all("DELETE FROM themes WHERE code = 'other'");
		const last = (await codes()).at(-1)!;
		await insertProblems(box.db, [
			{ problemId: 'x', theme: last, source: 'classified', description: '没有任何关键词的描述' }
		]);
		const done = await importThemeLabels(ctx, ['噪音扰民']);
		expect(done.reclassified).toBe(0);
		expect((await codes()).slice(-2)).toEqual(['theme_1', last]);
		expect(await themesOf(box.db)).toEqual({ x: last });
	});
});

describe('the file previewed again', () => {
	it('matches the imported labels: their rows get the new themes from the file', async () => {
		const settings = { ...readSettings({ LEDGER_DATA_DIR: box.dir }), dbPath: ':memory:' };
		const uploads: UploadContext = {
			db: box.db,
			settings,
			staging: new StagingArea(settings.stagingDir)
		};
		const content = [
			'编号,社区,提出时间,问题描述,状态,主题',
			'H1,云南路社区,2019-03-01,夜里工地施工,待处理,噪音扰民',
			'H2,云南路社区,2019-03-02,占用消防通道,待处理,Illegal Parking',
			'H3,云南路社区,2019-03-03,又是工地,待处理,噪音扰民',
			'H4,云南路社区,2019-03-04,税务咨询,待处理,营商环境',
			''
		].join('\n');
		const upload = await uploads.staging.create('hotline.csv');
		fs.writeFileSync(uploads.staging.filePath(upload), content);
		upload.sizeBytes = Buffer.byteLength(content);
		await uploads.staging.save(upload);

		const first = await previewStaged(uploads, upload, {}, null);
		const unmatched = (first.result.preview?.themeLabels ?? []).filter(
			(l) => l.source === 'classified'
		);
		expect(unmatched.map((l) => [l.label, l.count])).toEqual([
			['噪音扰民', 2],
			['Illegal Parking', 1]
		]);

		await importThemeLabels(
			ctx,
			unmatched.map((l) => l.label)
		);
		const again = await previewStaged(uploads, upload, {}, null);
		expect(again.result).toMatchObject({ outcome: 'dry-run', rowsAccepted: 4, rowsRejected: 0 });
		expect(again.result.preview?.themeLabels).toEqual([
			{ label: '噪音扰民', code: 'theme_1', source: 'file', count: 2 },
			{ label: 'Illegal Parking', code: 'illegal_parking', source: 'file', count: 1 },
			{ label: '营商环境', code: 'business_environment', source: 'file', count: 1 }
		]);
		expect(
			again.result.preview?.sample.map((r) => [r.problem_id, r.theme, r.theme_source])
		).toEqual([
			['H1', 'theme_1', 'file'],
			['H2', 'illegal_parking', 'file'],
			['H3', 'theme_1', 'file'],
			['H4', 'business_environment', 'file']
		]);
	});
});
