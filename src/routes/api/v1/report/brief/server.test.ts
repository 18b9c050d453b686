// Date parameters at the edges of the calendar, over a real in-memory DuckDB: the brief and the
// problem list answer 400 with a Chinese message naming the parameter, never a 500.
import { ADMIN, localsFor } from '$lib/server/auth/test-principals';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LedgerDatabase } from '$lib/server/db/database';
import { GET as BRIEF } from './+server';
import { GET as PROBLEMS } from '../../problems/+server';
import { GET as STATS } from '../../stats/+server';

const state = vi.hoisted(() => ({ db: undefined as LedgerDatabase | undefined }));
vi.mock('$lib/server/web-database', () => ({ webDatabase: async () => state.db }));

beforeAll(async () => {
	state.db = await LedgerDatabase.open(':memory:');
	await state.db.all(
		`INSERT INTO problems (community, problem_id, theme, status, reported_at, deadline,
			description, id_derived, theme_source, first_upload_id, last_upload_id, source_row)
		 VALUES ('云南路社区', '1', 'safety', 'pending', '2019-03-01'::DATE, '2019-04-01'::DATE,
			'描述', false, 'file', 1, 1, 2)`
	);
});
afterAll(() => state.db?.close());

type Handler = (event: never) => Promise<Response> | Response;

async function get(handler: Handler, path: string) {
	const url = new URL(`http://localhost${path}`);
	const response = await handler({
		url,
		request: new Request(url),
		locals: localsFor(ADMIN)
	} as never);
	return { status: response.status, text: await response.text() };
}

describe('date parameters out of range', () => {
	const cases = [
		'/api/v1/report/brief?from=9999-12-31',
		'/api/v1/report/brief?to=9999-12-31',
		'/api/v1/report/brief?asof=9999-12-31',
		'/api/v1/report/brief?from=1800-01-01',
		'/api/v1/problems?asof=9999-12-31',
		'/api/v1/stats?by=month&from=1800-01-01'
	];
	for (const path of cases) {
		it(`answers 400 in Chinese for ${path}`, async () => {
			const handler = path.includes('brief') ? BRIEF : path.includes('stats') ? STATS : PROBLEMS;
			const answer = await get(handler as Handler, path);
			expect(answer.status).toBe(400);
			expect(JSON.parse(answer.text).error).toMatch(
				/日期超出范围，请填写 1900-01-01 至 2099-12-31/
			);
		});
	}

	it('still answers a brief for a period inside the range', async () => {
		const answer = await get(
			BRIEF as Handler,
			'/api/v1/report/brief?from=2019-01-01&to=2019-12-31'
		);
		expect(answer.status).toBe(200);
		expect(answer.text).toContain('问题周报');
	});
});
