import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { E2E_USERS } from './e2e-users';

// The uploads page tried as a new analyst would, on its own server and demo-seeded database
// (playwright.config.ts, project `uploads`, LEDGER_UPLOAD_LIMIT_MB=2). The journeys build on each
// other's data, so they run in order.
test.describe.configure({ mode: 'serial' });
test.use({ screenshot: 'only-on-failure' });

const CORPUS = path.resolve('data/fixtures/corpus');
/** Previews parse the file in DuckDB: allow more than the default 5 s on a busy machine. */
const PARSED = { timeout: 30_000 };
/** The overview over every year of the demo data and the corpus (2018–2019). */
const OVERVIEW = '/?from=2018-01-01&to=2019-12-31';
/** Who uploads and reverts: the signed-in account (the journeys run as the admin). */
const ANALYST = E2E_USERS.admin.username;

interface Figures {
	/** 问题总数: valid problems of the period. */
	total: number;
	/** Duplicates and withdrawn problems, named in the note under the KPIs. */
	excluded: number;
}

const number = (text: string | null): number => Number((text ?? '').replace(/[^\d]/g, ''));

async function overviewFigures(page: Page): Promise<Figures> {
	await page.goto(OVERVIEW);
	const total = number(await page.locator('[data-kpi="total"] [data-kpi-value]').textContent());
	const note = page.getByText(/另有 [\d,]+ 项重复或撤回的问题不计入/);
	const excluded = (await note.count()) ? number(await note.textContent()) : 0;
	return { total, excluded };
}

function fileInput(page: Page): Locator {
	return page.getByLabel('选择文件（可多选）');
}

function card(page: Page, fileName: string): Locator {
	return page.getByRole('article', { name: fileName });
}

async function openUploads(page: Page): Promise<void> {
	await page.goto('/uploads');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('数据导入');
}

/** Commits a previewed file and returns the counts its result line shows. */
async function commit(file: Locator): Promise<{ batch: number; inserted: number }> {
	await file.getByRole('button', { name: '提交导入' }).click();
	return committed(file);
}

/** The batch and the count of new problems a committed file's result line shows. */
async function committed(file: Locator): Promise<{ batch: number; inserted: number }> {
	const result = file.getByTestId('commit-result');
	await expect(result).toContainText('已导入', PARSED);
	const text = (await result.textContent()) ?? '';
	const batch = /第 (\d+) 批/.exec(text);
	const inserted = /新增 ([\d,]+) 项/.exec(text);
	expect(batch, text).not.toBeNull();
	expect(inserted, text).not.toBeNull();
	return { batch: number(batch![1]), inserted: number(inserted![1]) };
}

function historyRow(page: Page, batch: number): Locator {
	return page
		.getByRole('table', { name: '导入记录' })
		.getByRole('row')
		.filter({ has: page.getByRole('rowheader', { name: String(batch), exact: true }) });
}

/** Shared by journeys 2, 3 and 5. */
let rowErrorsBatch = 0;
let beforeRowErrors: Figures = { total: 0, excluded: 0 };

test('1. a GBK CSV and an XLSX: detected encoding and mapping, commit, the overview counts them', async ({
	page
}) => {
	const before = await overviewFigures(page);
	expect(before.total).toBeGreaterThan(0);

	await page.getByRole('link', { name: '数据导入' }).click();
	await expect(page).toHaveURL(/\/uploads$/);
	// The account is the uploader: there is no name to type.
	await expect(page.getByLabel('导入人')).toHaveCount(0);
	await fileInput(page).setInputFiles([
		path.join(CORPUS, 'good/shouzhang_gbk.csv'),
		path.join(CORPUS, 'good/sichuan.xlsx')
	]);

	const gbk = card(page, 'shouzhang_gbk.csv');
	await expect(gbk.getByTestId('file-outcome')).toHaveText('可以提交', PARSED);
	const gbkSummary = gbk.getByTestId('file-summary');
	await expect(gbkSummary).toContainText('编码：GB18030');
	await expect(gbkSummary).toContainText('分隔符：逗号');
	await expect(gbkSummary).toContainText('表头在第 3 行');
	await expect(gbkSummary).toContainText('共 50 行、可导入 50 行、拒收 0 行');
	const described = gbk.getByLabel('“具体问题”对应的字段');
	await expect(described).toHaveValue('description');
	await expect(described.locator('option:checked')).toHaveText('问题描述 *');
	// A plain 序号 is a row number, not an id: kept as an extra column unless the analyst says so.
	await expect(gbk.getByLabel('“序号”对应的字段').locator('option:checked')).toHaveText(
		'（不导入，作为附加列保留）'
	);
	await expect(gbk.getByRole('table', { name: /前 20 行导入后的样子/ })).toBeVisible();

	const xlsx = card(page, 'sichuan.xlsx');
	await expect(xlsx.getByTestId('file-outcome')).toHaveText('可以提交', PARSED);
	await expect(xlsx.getByTestId('file-summary')).toContainText('Excel 工作表：');
	await expect(xlsx.getByTestId('file-summary')).not.toContainText('编码');
	await expect(xlsx.getByTestId('file-summary')).toContainText('共 30 行、可导入 30 行');
	await expect(xlsx.getByLabel('“问题描述”对应的字段')).toHaveValue('description');

	// Both at once: each file becomes its own batch.
	await page.getByRole('button', { name: '全部提交（2 个文件）' }).click();
	const first = await committed(gbk);
	const second = await committed(xlsx);
	expect(second.batch).not.toBe(first.batch);
	await expect(page.getByRole('button', { name: /全部提交/ })).toHaveCount(0);
	const added = first.inserted + second.inserted;
	// The demo data names its problems SZ2018001, SC0001 …: none of the corpus ids (SZ001, SC001).
	expect(added).toBe(80);

	// The history lists both batches with who loaded them: the signed-in account.
	for (const { batch } of [first, second]) {
		const row = historyRow(page, batch);
		await expect(row).toContainText(ANALYST);
		await expect(row).toContainText('已导入');
	}
	await expect(historyRow(page, first.batch)).toContainText('寿张路社区');
	await expect(historyRow(page, second.batch)).toContainText('四川路社区');

	const after = await overviewFigures(page);
	expect(after.total + after.excluded).toBe(before.total + before.excluded + added);
	expect(after.total).toBeGreaterThan(before.total);
});

test('2. row errors: five rejected rows; an unknown status mapped, previewed again, committed', async ({
	page
}) => {
	beforeRowErrors = await overviewFigures(page);
	await openUploads(page);
	await fileInput(page).setInputFiles(path.join(CORPUS, 'bad/row_errors.csv'));
	const file = card(page, 'row_errors.csv');
	await expect(file.getByTestId('file-outcome')).toHaveText('可以提交', PARSED);
	await expect(file.getByTestId('file-summary')).toContainText('共 8 行、可导入 4 行、拒收 4 行');

	const rejects = file.getByRole('table', { name: /拒收 4 行/ });
	const rows = await rejects.locator('tbody').getByRole('rowheader').allTextContents();
	expect([...new Set(rows.map(Number))]).toEqual([3, 5, 6, 8]);
	await expect(file).toContainText('第 10 行是合计行');
	await expect(rejects.getByRole('row').filter({ hasText: '研究中' })).toContainText(
		'状态不在状态词表中'
	);

	const status = file.getByLabel('“研究中”对应到');
	await status.selectOption({ label: '整改中' });
	await expect(file.getByTestId('file-outcome')).toHaveText('已修改，待重新预览');
	await expect(file.getByRole('button', { name: '提交导入' })).toBeDisabled();
	await file.getByRole('button', { name: '重新预览' }).click();
	await expect(file.getByTestId('file-summary')).toContainText(
		'共 8 行、可导入 5 行、拒收 3 行',
		PARSED
	);
	await expect(file.getByTestId('file-outcome')).toHaveText('可以提交');
	// The mapping stays in view after the new preview.
	await expect(file.getByLabel('“研究中”对应到')).toHaveValue('in_progress');

	const { batch, inserted } = await commit(file);
	expect(inserted).toBe(5);
	rowErrorsBatch = batch;
	await expect(historyRow(page, batch)).toContainText('row_errors.csv');
	await expect(historyRow(page, batch).getByRole('link', { name: '下载拒收行' })).toBeVisible();
});

test('3. the same file again: nothing changed, nothing to commit', async ({ page }) => {
	expect(rowErrorsBatch).toBeGreaterThan(0);
	await openUploads(page);
	await fileInput(page).setInputFiles(path.join(CORPUS, 'bad/row_errors.csv'));
	const file = card(page, 'row_errors.csv');
	await expect(file.getByTestId('file-outcome')).toHaveText('无变化', PARSED);
	await expect(file.getByRole('status').filter({ hasText: '完全相同' })).toContainText(
		`第 ${rowErrorsBatch} 批`
	);
	await expect(file).toContainText('数据没有任何变化');
	await expect(file.getByRole('button', { name: '提交导入' })).toHaveCount(0);
});

test('4. a mapping saved for a community is used for its next file, and says so', async ({
	page
}, testInfo) => {
	const community = '临江路社区';
	const header = '编号,社区,提出时间,反映的事情,状态';
	const first = testInfo.outputPath('linjiang-1.csv');
	const second = testInfo.outputPath('linjiang-2.csv');
	fs.writeFileSync(
		first,
		[
			header,
			`LJ001,${community},2018-05-02,楼道堆放杂物,待处理`,
			`LJ002,${community},2018-05-09,路灯不亮,整改中`
		].join('\n')
	);
	fs.writeFileSync(
		second,
		[header, `LJ003,${community},2018-06-01,小区停车位不足,待处理`].join('\n')
	);

	await openUploads(page);
	await fileInput(page).setInputFiles(first);
	const one = card(page, 'linjiang-1.csv');
	// No header the system knows for the description: refused, but fixable by mapping.
	await expect(one.getByTestId('file-outcome')).toHaveText('需要修正', PARSED);
	await expect(one.getByRole('alert')).toContainText('缺少必需的列：问题描述');
	await one.getByLabel('“反映的事情”对应的字段').selectOption('description');
	await one.getByRole('button', { name: '重新预览' }).click();
	await expect(one.getByTestId('file-outcome')).toHaveText('可以提交', PARSED);
	await expect(one.getByTestId('file-summary')).toContainText('可导入 2 行');
	await expect(one).toContainText(`映射方案将保存给“${community}”`);
	await one.getByRole('button', { name: '保存为该社区的映射方案' }).click();
	await expect(one.getByRole('status').filter({ hasText: '已保存为' })).toContainText(community);
	await one.getByRole('button', { name: '放弃' }).click();
	await expect(one).toHaveCount(0);

	await fileInput(page).setInputFiles(second);
	const two = card(page, 'linjiang-2.csv');
	await expect(two.getByTestId('file-outcome')).toHaveText('可以提交', PARSED);
	await expect(two).toContainText(`已自动使用“${community}”保存的映射方案`);
	await expect(two.getByLabel('“反映的事情”对应的字段')).toHaveValue('description');
	await two.getByRole('button', { name: '放弃' }).click();
	await expect(two).toHaveCount(0);

	// The form says so too, before any file is picked.
	await page.getByRole('region', { name: '上传文件' }).getByLabel('社区').fill(community);
	await expect(page.getByText(`“${community}”有保存的映射方案`)).toBeVisible();
});

test('5. reverting a batch puts the figures back as they were', async ({ page }) => {
	expect(rowErrorsBatch).toBeGreaterThan(0);
	await openUploads(page);
	const row = historyRow(page, rowErrorsBatch);
	await row.getByRole('button', { name: `撤销第 ${rowErrorsBatch} 批` }).click();
	await expect(row).toContainText(`确定撤销第 ${rowErrorsBatch} 批吗`);
	await row.getByRole('button', { name: '确认撤销' }).click();
	await expect(page.getByRole('status').filter({ hasText: '已撤销第' })).toContainText(
		`已撤销第 ${rowErrorsBatch} 批：删除 5 个问题`
	);
	await expect(row).toContainText('已撤销');
	await expect(row).toContainText(ANALYST);
	await expect(row.getByRole('button', { name: /撤销第/ })).toHaveCount(0);

	const after = await overviewFigures(page);
	expect(after).toEqual(beforeRowErrors);

	// The first demo batch was updated by later ones: the refusal says which, beside the batch.
	await openUploads(page);
	const oldest = historyRow(page, 1);
	await oldest.getByRole('button', { name: '撤销第 1 批' }).click();
	await oldest.getByRole('button', { name: '确认撤销' }).click();
	await expect(oldest.getByRole('alert')).toContainText('请先撤销');
	await expect(oldest).toContainText('已导入');
	expect(await overviewFigures(page)).toEqual(beforeRowErrors);
});

test('6. a file over the limit is refused in the browser; a server failure shows no stack', async ({
	page
}, testInfo) => {
	await openUploads(page);
	const sent: string[] = [];
	page.on('request', (r) => {
		if (r.url().includes('/api/v1/uploads')) sent.push(r.url());
	});
	const big = testInfo.outputPath('太大的导出.csv');
	const line = '编号,社区,提出时间,问题描述\n';
	fs.writeFileSync(big, line + 'X001,云南路社区,2018-01-01,很长的描述\n'.repeat(60_000));
	expect(fs.statSync(big).size).toBeGreaterThan(2 * 1024 * 1024);
	await fileInput(page).setInputFiles(big);
	const file = card(page, '太大的导出.csv');
	await expect(file.getByRole('alert')).toContainText('超过了 2 MB 的上传上限');
	await expect(file.getByTestId('file-outcome')).toHaveText('未能导入');
	expect(sent).toEqual([]);

	// An unexpected failure: the page shows a plain message, never what the server wrote.
	await page.route('**/api/v1/uploads?dryRun=1', (route) =>
		route.fulfill({
			status: 500,
			contentType: 'text/plain',
			body: 'Error: Binder Error: DuckDB exploded\n    at ingestOn (pipeline.ts:1:1)'
		})
	);
	const small = testInfo.outputPath('server-error.csv');
	fs.writeFileSync(small, line + 'X002,云南路社区,2018-01-01,描述\n');
	await fileInput(page).setInputFiles(small);
	const failed = card(page, 'server-error.csv');
	await expect(failed.getByRole('alert')).toHaveText(
		'服务器出错了，请稍后重试；如果一直出错，请把时间告诉管理员。'
	);
	await expect(page.getByText(/DuckDB|Binder|ingestOn/)).toHaveCount(0);
});

test('7. on a phone the page does not scroll sideways', async ({ page }, testInfo) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await openUploads(page);
	const file = testInfo.outputPath('phone.csv');
	fs.writeFileSync(
		file,
		[
			'编号,社区,提出时间,问题描述,状态,主题,责任单位,整改时限',
			'PH001,云南路社区,2018-03-01,手机上查看导入预览时表格应在自己的区域内横向滚动,待议,民生杂事,社区居委会,2018-04-01',
			'PH002,云南路社区,2018-03-02,另一条问题描述,已整改,营商环境,街道办,2018-04-02'
		].join('\n')
	);
	await fileInput(page).setInputFiles(file);
	const preview = card(page, 'phone.csv');
	await expect(preview.getByTestId('file-outcome')).toHaveText('可以提交', PARSED);
	await expect(preview.getByLabel('“待议”对应到')).toBeVisible();
	await expect(preview.getByLabel('“民生杂事”对应到')).toBeVisible();
	const overflow = await page.evaluate(() => {
		const el = document.scrollingElement ?? document.documentElement;
		return { scroll: el.scrollWidth, client: el.clientWidth };
	});
	expect(overflow.scroll).toBeLessThanOrEqual(overflow.client);
	await preview.getByRole('button', { name: '放弃' }).click();
	await expect(preview).toHaveCount(0);
});
