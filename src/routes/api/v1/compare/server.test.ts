// The compare API and the ranking export over a real in-memory DuckDB: the JSON, and the CSV and
// XLSX read back (by DuckDB and by exceljs) equal the ranking the JSON gives.
import { ADMIN, localsFor } from '$lib/server/auth/test-principals';
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CompareData } from '$lib/domain/compare-model';
import { ingestFile } from '$lib/server/ingest/pipeline';
import { csv, sandbox, type Sandbox } from '$lib/server/ingest/test-support';
import { GET } from './+server';
import { GET as RANKING } from './ranking/+server';

const state = vi.hoisted(() => ({ box: undefined as Sandbox | undefined }));
vi.mock('$lib/server/web-database', () => ({ webDatabase: async () => state.box!.db }));

const QUERY =
	'from=2019-01-01&to=2019-12-31&asof=2019-12-31&community=甲社区&community=乙社区&w_closure=100&w_onTime=0&w_response=0&w_satisfaction=0&min=3';

beforeAll(async () => {
	state.box = await sandbox();
	// 甲: 3 of 4 done; 乙: 2 of 2 done; 丙: 1 of 5 done; 丁: 2 problems, below the minimum of 3.
	const rows: string[] = [];
	const add = (unit: string, n: number, done: number) => {
		for (let i = 0; i < n; i++)
			rows.push(
				`${unit}${i},${unit},营商环境,问题${i},2019-03-0${1 + (i % 9)},2019-06-01,${i < done ? '已整改' : '整改中'},${i < done ? '2019-05-01' : ''},否`
			);
	};
	add('甲社区', 4, 3);
	add('乙社区', 3, 3);
	add('丙社区', 5, 1);
	add('丁社区', 2, 2);
	const file = state.box.file('c.csv', csv(...rows));
	const result = await ingestFile(state.box.db, file, state.box.options);
	expect(result.outcome).toBe('committed');
});
afterAll(async () => state.box?.dispose());

const get = async (handler: (event: never) => Response | Promise<Response>, query: string) => {
	const url = new URL(`http://localhost/api/v1/compare?${query}`);
	return handler({ url, request: new Request(url), locals: localsFor(ADMIN) } as never);
};

describe('GET /api/v1/compare', () => {
	it('returns the chosen units and the ranking of every unit', async () => {
		const res = await get(GET, QUERY);
		expect(res.status).toBe(200);
		const data = (await res.json()) as CompareData;
		expect(data.units.map((u) => [u.unit, u.kpis.total.value, u.kpis.closure.num])).toEqual([
			['甲社区', 4, 3],
			['乙社区', 3, 3]
		]);
		expect(data.ranking.map((r) => [r.unit, r.rank])).toEqual([
			['乙社区', 1],
			['甲社区', 2],
			['丙社区', 3],
			['丁社区', null]
		]);
	});

	it('says what is wrong with a bad filter, in Chinese', async () => {
		const res = await get(GET, 'from=2019-02-30');
		expect(res.status).toBe(400);
		expect(((await res.json()) as { error: string }).error).toMatch(/日期/);
	});
});

describe('GET /api/v1/compare/ranking', () => {
	it('exports CSV that DuckDB reads back as the ranking', async () => {
		const res = await get(RANKING, `${QUERY}&format=csv`);
		expect(res.headers.get('content-disposition')).toContain(
			encodeURIComponent('社区排名-2019-01-01至2019-12-31.csv')
		);
		const file = path.join(state.box!.dir, 'ranking.csv');
		fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
		const rows = await state.box!.db.all<Record<string, unknown>>(
			`SELECT "排名" AS rank, "社区" AS unit, "问题总数"::INTEGER AS total, "办结率（%）"::DOUBLE AS closure,
				"综合得分"::DOUBLE AS score FROM read_csv($1, header = true, all_varchar = true)`,
			[file]
		);
		expect(rows).toEqual([
			{ rank: '1', unit: '乙社区', total: 3, closure: 100, score: 100 },
			{ rank: '2', unit: '甲社区', total: 4, closure: 75, score: 75 },
			{ rank: '3', unit: '丙社区', total: 5, closure: 20, score: 20 },
			{ rank: '未排名（不足 3 条）', unit: '丁社区', total: 2, closure: 100, score: 100 }
		]);
	});

	it('exports XLSX with a frozen header and rates as real percentages', async () => {
		const res = await get(RANKING, `${QUERY}&format=xlsx`);
		const book = new ExcelJS.Workbook();
		await book.xlsx.load(await res.arrayBuffer());
		const sheet = book.getWorksheet('社区排名')!;
		expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
		expect(sheet.getRow(3).getCell(3).value).toBe('社区');
		const body = [4, 5, 6, 7].map((r) => {
			const row = sheet.getRow(r);
			return [row.getCell(1).value, row.getCell(3).value, row.getCell(5).value];
		});
		expect(body).toEqual([
			[1, '乙社区', 1],
			[2, '甲社区', 0.75],
			[3, '丙社区', 0.2],
			['未排名（不足 3 条）', '丁社区', 1]
		]);
		expect(sheet.getRow(5).getCell(5).numFmt).toBe('0.0%');
	});

	it('refuses an unknown format', async () => {
		expect((await get(RANKING, `${QUERY}&format=pdf`)).status).toBe(400);
	});
});
