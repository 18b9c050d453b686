import { ADMIN, localsFor } from '$lib/server/auth/test-principals';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LedgerDatabase } from '$lib/server/db/database';
import { GET } from './+server';

const state = vi.hoisted(() => ({ db: undefined as LedgerDatabase | undefined }));
vi.mock('$lib/server/web-database', () => ({ webDatabase: async () => state.db }));

beforeAll(async () => {
	state.db = await LedgerDatabase.open(':memory:');
	const rows: [string, string, string, string, string, string | null][] = [
		['云南路社区', '1', 'safety', 'pending', '2019-03-01', '2019-04-01'],
		['云南路社区', '2', 'safety', 'verified', '2019-03-15', '2019-04-01'],
		['云南路社区', '3', 'other', 'stalled', '2019-05-01', '2019-12-01'],
		['寿张路社区', '4', 'safety', 'duplicate', '2019-06-01', null],
		['寿张路社区', '5', 'property_safety', 'in_progress', '2019-07-01', '2020-06-01']
	];
	for (const r of rows) {
		await state.db.all(
			`INSERT INTO problems (community, problem_id, theme, status, reported_at, deadline,
				description, id_derived, theme_source, first_upload_id, last_upload_id, source_row)
			 VALUES ($1, $2, $3, $4, $5::DATE, $6::DATE, '描述', false, 'file', 1, 1, 2)`,
			r
		);
	}
});

afterAll(() => state.db?.close());

async function get(query: string): Promise<{ status: number; body: unknown }> {
	const url = new URL(`http://localhost/api/v1/stats?${query}`);
	const response = await GET({
		url,
		request: new Request(url),
		locals: localsFor(ADMIN)
	} as unknown as Parameters<typeof GET>[0]);
	return { status: response.status, body: await response.json() };
}

describe('GET /api/v1/stats', () => {
	it('counts by one dimension, every status included', async () => {
		expect(await get('by=theme')).toEqual({
			status: 200,
			body: {
				rows: [
					{ theme: 'safety', count: 3 },
					{ theme: 'other', count: 1 },
					{ theme: 'property_safety', count: 1 }
				],
				total: 5
			}
		});
	});

	it('counts by two dimensions under the URL filters', async () => {
		expect(await get('by=community,status_type&theme=safety&theme=other&from=2019-03-10')).toEqual({
			status: 200,
			body: {
				rows: [
					{ community: '云南路社区', status_type: 'fixed', count: 1 },
					{ community: '云南路社区', status_type: 'open', count: 1 },
					{ community: '寿张路社区', status_type: 'closed', count: 1 }
				],
				total: 3
			}
		});
	});

	it('measures overdue at the ledger’s last day', async () => {
		const r = await get('by=community&overdue=1');
		expect(r.body).toEqual({ rows: [{ community: '云南路社区', count: 1 }], total: 1 });
	});

	it.each([
		['', '参数“by”'],
		['by=colour', '参数“by”'],
		['by=theme;DROP TABLE problems', '参数“by”'],
		['by=theme,status,level', '参数“by”'],
		["by=theme&theme=x' OR 1=1 --", '参数“theme”'],
		['by=theme&from=2019-02-30', '参数“from”'],
		['by=theme&from=2019-06-01&to=2019-01-01', '参数“from”']
	])('refuses %s with 400 and a Chinese message, no SQL', async (query, param) => {
		const r = await get(query);
		expect(r.status).toBe(400);
		const { error } = r.body as { error: string };
		expect(error).toContain(param);
		expect(error).toMatch(/[\u4e00-\u9fff]/);
		expect(error).not.toMatch(/select|where|list_contains|::|drop/i);
	});
});
