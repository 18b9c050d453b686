import { ADMIN, localsFor } from '$lib/server/auth/test-principals';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { problemKey } from '$lib/domain/problem-key';
import { LedgerDatabase } from '$lib/server/db/database';
import { GET } from './+server';

const state = vi.hoisted(() => ({ db: undefined as LedgerDatabase | undefined }));
vi.mock('$lib/server/web-database', () => ({ webDatabase: async () => state.db }));

beforeAll(async () => {
	state.db = await LedgerDatabase.open(':memory:');
	for (let i = 1; i <= 30; i++) {
		await state.db.all(
			`INSERT INTO problems (community, problem_id, theme, status, reported_at, deadline,
				description, id_derived, theme_source, first_upload_id, last_upload_id, source_row)
			 VALUES ($1, $2, $3, $4, DATE '2019-01-01' + $5::INTEGER, DATE '2019-03-01', $6, false,
				'file', 1, 1, 2)`,
			[
				i % 2 ? '云南路社区' : '寿张路社区',
				`P${String(i).padStart(3, '0')}`,
				i % 3 ? 'safety' : 'other',
				i % 5 ? 'pending' : 'resolved',
				i,
				`问题 ${i}`
			]
		);
	}
});

afterAll(() => state.db?.close());

async function get(query: string): Promise<{ status: number; body: unknown }> {
	const url = new URL(`http://localhost/api/v1/problems?${query}`);
	const response = await GET({
		url,
		request: new Request(url),
		locals: localsFor(ADMIN)
	} as unknown as Parameters<typeof GET>[0]);
	return { status: response.status, body: await response.json() };
}

interface Page {
	rows: { key: string; problemId: string; community: string; overdue: boolean }[];
	total: number;
	page: number;
	pageSize: number;
}

describe('GET /api/v1/problems', () => {
	it('gives a sorted page with the total', async () => {
		const r = await get('community=云南路社区&sort=problem_id&dir=asc&page=2&pageSize=5');
		expect(r.status).toBe(200);
		const body = r.body as Page;
		expect(body).toMatchObject({ total: 15, page: 2, pageSize: 5 });
		expect(body.rows.map((x) => x.problemId)).toEqual(['P011', 'P013', 'P015', 'P017', 'P019']);
		expect(body.rows[0].key).toBe(problemKey('云南路社区', 'P011'));
	});

	it('sorts newest first by default', async () => {
		const body = (await get('theme=other')).body as Page;
		expect(body.total).toBe(10);
		expect(body.rows.map((x) => x.problemId)).toEqual([
			'P030',
			'P027',
			'P024',
			'P021',
			'P018',
			'P015',
			'P012',
			'P009',
			'P006',
			'P003'
		]);
	});

	it('flags and filters overdue problems at the as-of day', async () => {
		// By default as of the ledger's last day (31 January), before every deadline (1 March).
		expect(((await get('overdue=1')).body as Page).total).toBe(0);
		const body = (await get('overdue=1&asof=2019-06-30&pageSize=100')).body as Page;
		expect(body.total).toBe(24);
		expect(body.rows).toHaveLength(24);
		expect(body.rows.every((x) => x.overdue)).toBe(true);
	});

	it.each([
		['sort=description', '参数“sort”'],
		['sort=reported_at; DROP TABLE problems; --', '参数“sort”'],
		['dir=sideways', '参数“dir”'],
		['page=0', '参数“page”'],
		['pageSize=1000', '参数“pageSize”'],
		['q=' + 'x'.repeat(300), '参数“q”'],
		['type=done', '参数“type”']
	])('refuses %s with 400 and a Chinese message, no SQL', async (query, param) => {
		const r = await get(query);
		expect(r.status).toBe(400);
		const { error } = r.body as { error: string };
		expect(error).toContain(param);
		expect(error).toMatch(/[\u4e00-\u9fff]/);
		expect(error).not.toMatch(/select|where|order by|list_contains|::/i);
	});
});
