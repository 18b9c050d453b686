// Community scope, end to end over the demo ledger: a viewer scoped to 云南路社区 calls every read
// endpoint and page load directly, with filters that ask for other communities, and sees only
// 云南路社区 — with totals equal to plain SQL over that community's rows; an account with an empty
// scope sees nothing anywhere. Then uploads: a scoped analyst's rows of other communities are
// rejected, its history, downloads, reverts and mapping profiles stop at its scope, and every
// preview, commit, revert, mapping change and export is in the audit log.
import ExcelJS from 'exceljs';
import { isHttpError } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CompareData } from '$lib/domain/compare-model';
import { NONE } from '$lib/domain/dimensions';
import type { FilterOptions } from '$lib/domain/options';
import { problemKey } from '$lib/domain/problem-key';
import type { Principal } from '$lib/domain/roles';
import type { OverviewData } from '$lib/domain/overview-model';
import type { ProblemList } from '$lib/domain/problem-model';
import { ADMIN, ANALYST, localsFor, scopedViewer } from '$lib/server/auth/test-principals';
import { seedDemo } from '$lib/server/demo/seed-demo';
import { readSettings } from '$lib/server/env';
import { sandbox, TEST_HEADER, type Sandbox } from '$lib/server/ingest/test-support';
import { StagingArea } from '$lib/server/uploads/staging';
import type { UploadContext } from '$lib/server/uploads/workflow';
import { load as overviewLoad } from '../src/routes/+page.server';
import { load as problemsLoad } from '../src/routes/problems/+page.server';
import { load as problemLoad } from '../src/routes/problems/[id]/+page.server';
import { load as compareLoad } from '../src/routes/compare/+page.server';
import { load as reportLoad } from '../src/routes/report/+page.server';
import { GET as BRIEF } from '../src/routes/api/v1/report/brief/+server';
import { GET as EXPORT } from '../src/routes/api/v1/problems/export/+server';
import { load as uploadsLoad, actions as uploadsActions } from '../src/routes/uploads/+page.server';
import { GET as STATS } from '../src/routes/api/v1/stats/+server';
import { GET as PROBLEMS } from '../src/routes/api/v1/problems/+server';
import { GET as COMPARE } from '../src/routes/api/v1/compare/+server';
import { GET as RANKING } from '../src/routes/api/v1/compare/ranking/+server';
import { GET as BATCHES, POST as UPLOAD } from '../src/routes/api/v1/uploads/+server';
import { GET as BATCH } from '../src/routes/api/v1/uploads/[id=integer]/+server';
import { GET as ORIGINAL } from '../src/routes/api/v1/uploads/[id=integer]/original/+server';
import { GET as REJECTS } from '../src/routes/api/v1/uploads/[id=integer]/rejects/+server';
import { POST as REVERT } from '../src/routes/api/v1/uploads/[id=integer]/revert/+server';
import { POST as COMMIT } from '../src/routes/api/v1/uploads/staged/[id]/commit/+server';
import { GET as PROFILES } from '../src/routes/api/v1/mapping-profiles/+server';
import {
	DELETE as PROFILE_DELETE,
	GET as PROFILE,
	PUT as PROFILE_PUT
} from '../src/routes/api/v1/mapping-profiles/[community]/+server';

const state = vi.hoisted(() => ({
	box: undefined as Sandbox | undefined,
	ctx: undefined as UploadContext | undefined
}));
vi.mock('$lib/server/web-database', () => ({ webDatabase: async () => state.box!.db }));
vi.mock('$lib/server/uploads/context', () => ({ uploadContext: async () => state.ctx }));

const MINE = '云南路社区';
const OTHER = '寿张路社区';
const YUNNAN = scopedViewer([MINE]);
const NOBODY = { ...scopedViewer([]), userId: 6, username: 'nobody' };
const YUNNAN_ANALYST: Principal = {
	...ANALYST,
	userId: 7,
	username: 'yunnan-analyst',
	scope: [MINE]
};
const EMPTY_ANALYST: Principal = { ...ANALYST, userId: 8, username: 'empty-analyst', scope: [] };
const PERIOD = 'from=2019-01-01&to=2019-12-31&asof=2019-12-31';

beforeAll(async () => {
	state.box = await sandbox();
	await seedDemo(state.box.db, state.box.options);
	const settings = { ...readSettings({ LEDGER_DATA_DIR: state.box.dir }), dbPath: ':memory:' };
	state.ctx = { db: state.box.db, settings, staging: new StagingArea(settings.stagingDir) };
}, 180_000);
afterAll(async () => state.box?.dispose());

const db = () => state.box!.db;

async function one(sql: string, params: (string | number)[] = []): Promise<number> {
	const [{ n }] = await db().all<{ n: number }>(sql, params);
	return n;
}

/** Every problem of a community, any status, any time: plain SQL, no query compiler. */
const rowsOf = (community: string) =>
	one('SELECT count(*)::INTEGER AS n FROM problems WHERE community = $1', [community]);

/** V (statuses counted in rates) of a community reported in 2019. */
const validIn2019 = (community: string) =>
	one(
		`SELECT count(*)::INTEGER AS n FROM problems p JOIN statuses st ON st.code = p.status
		 WHERE st.in_rates AND p.community = $1 AND p.reported_at BETWEEN DATE '2019-01-01' AND DATE '2019-12-31'`,
		[community]
	);

function event(
	path: string,
	principal: Principal,
	init: { params?: Record<string, string>; request?: RequestInit } = {}
) {
	const url = new URL(`http://localhost${path}`);
	return {
		url,
		params: init.params ?? {},
		route: { id: null },
		locals: localsFor(principal),
		request: new Request(url, init.request),
		cookies: { get: () => undefined },
		getClientAddress: () => '127.0.0.1',
		setHeaders() {},
		parent: async () => ({}),
		depends() {}
	} as never;
}

type Handler = (event: never) => Response | Promise<Response>;

async function call<T = Record<string, unknown>>(
	handler: Handler,
	path: string,
	principal: Principal,
	init: { params?: Record<string, string>; request?: RequestInit } = {}
): Promise<{ status: number; body: T; response: Response }> {
	const response = await handler(event(path, principal, init));
	const type = response.headers.get('content-type') ?? '';
	const body = type.includes('json') ? ((await response.clone().json()) as T) : (null as T);
	return { status: response.status, body, response };
}

interface Stats {
	rows: Record<string, string | number | null>[];
	total: number;
}

describe('a viewer scoped to 云南路社区 sees only 云南路社区', () => {
	it('holds data of other communities to be kept from it', async () => {
		expect(await rowsOf(MINE)).toBeGreaterThan(100);
		expect(await rowsOf(OTHER)).toBeGreaterThan(100);
		const { body } = await call<Stats>(STATS, '/api/v1/stats?by=community', ADMIN);
		expect(body.rows.length).toBe(10);
	});

	it('GET /api/v1/stats: every dimension, whatever community the filter names', async () => {
		const mine = await rowsOf(MINE);
		for (const by of [
			'community',
			'theme',
			'status',
			'status_type',
			'level',
			'reporter_type',
			'responsible_unit',
			'month',
			'community,theme'
		]) {
			for (const filter of ['', `&community=${MINE}`]) {
				const { status, body } = await call<Stats>(
					STATS,
					`/api/v1/stats?by=${by}${filter}`,
					YUNNAN
				);
				expect(status).toBe(200);
				expect(body.total, `${by}${filter}`).toBe(mine);
				expect(body.rows.reduce((sum, r) => sum + Number(r.count), 0)).toBe(mine);
				for (const row of body.rows) if ('community' in row) expect(row.community).toBe(MINE);
			}
			// A filter naming another community is refused, without its name (issue 15).
			for (const filter of [`&community=${OTHER}`, `&community=${OTHER}&community=${MINE}`]) {
				const { status, body } = await call<Stats>(
					STATS,
					`/api/v1/stats?by=${by}${filter}`,
					YUNNAN
				);
				expect(status).toBe(403);
				expect(JSON.stringify(body)).not.toContain(OTHER);
			}
		}
		const byTheme = await call<Stats>(STATS, '/api/v1/stats?by=theme&theme=safety', YUNNAN);
		expect(byTheme.body.total).toBe(
			await one(
				"SELECT count(*)::INTEGER AS n FROM problems WHERE community = $1 AND theme = 'safety'",
				[MINE]
			)
		);
	});

	it('GET /api/v1/problems: only its rows, even when the filter asks for another community', async () => {
		const all = await call<{ rows: { community: string }[]; total: number }>(
			PROBLEMS,
			'/api/v1/problems?pageSize=100',
			YUNNAN
		);
		expect(all.body.total).toBe(await rowsOf(MINE));
		expect(all.body.rows).toHaveLength(100);
		expect(new Set(all.body.rows.map((r) => r.community))).toEqual(new Set([MINE]));
		const other = await call<{ error: string }>(
			PROBLEMS,
			`/api/v1/problems?community=${OTHER}&sort=community`,
			YUNNAN
		);
		expect(other.status).toBe(403);
		expect(other.body.error).toBe(
			`筛选条件中有本账号社区范围以外的社区，无法显示。本账号可以查看：${MINE}。`
		);
		const last = await call<{ rows: { community: string }[]; total: number }>(
			PROBLEMS,
			`/api/v1/problems?community=${MINE}&pageSize=100&page=3`,
			YUNNAN
		);
		expect(last.body.total).toBe(await rowsOf(MINE));
		expect(last.body.rows.every((r) => r.community === MINE)).toBe(true);
	});

	it('GET /api/v1/compare: units, street, ranking and theme focus within the scope', async () => {
		const refused = await call(
			COMPARE,
			`/api/v1/compare?${PERIOD}&community=${MINE}&community=${OTHER}&min=0`,
			YUNNAN
		);
		expect(refused.status).toBe(403);
		expect(JSON.stringify(refused.body)).not.toContain(OTHER);
		const { body } = await call<CompareData>(
			COMPARE,
			`/api/v1/compare?${PERIOD}&community=${MINE}&min=0`,
			YUNNAN
		);
		const valid = await validIn2019(MINE);
		expect(body.units.map((u) => u.unit)).toEqual([MINE]);
		expect(body.units[0].kpis.total.value).toBe(valid);
		expect(body.allUnits).toEqual([{ unit: MINE, total: valid }]);
		expect(body.street.kpis.total.value).toBe(valid);
		expect(body.ranking.map((r) => r.unit)).toEqual([MINE]);
		expect(body.themeFocus.units.map((u) => u.unit)).toEqual([MINE]);
	});

	it('the ranking export (CSV and XLSX) lists only its units', async () => {
		const refused = await call(
			RANKING,
			`/api/v1/compare/ranking?format=csv&${PERIOD}&community=${OTHER}&min=0`,
			YUNNAN
		);
		expect(refused.status).toBe(403);
		const csv = await call(RANKING, `/api/v1/compare/ranking?format=csv&${PERIOD}&min=0`, YUNNAN);
		expect(csv.status).toBe(200);
		const lines = (await csv.response.text())
			.replace(/^\uFEFF/, '')
			.trim()
			.split('\r\n');
		expect(lines.slice(1).map((l) => l.split(',')[2])).toEqual([MINE]);

		const xlsx = await call(RANKING, `/api/v1/compare/ranking?format=xlsx&${PERIOD}&min=0`, YUNNAN);
		const book = new ExcelJS.Workbook();
		await book.xlsx.load(await xlsx.response.arrayBuffer());
		const units: unknown[] = [];
		book.worksheets[0].eachRow((row, n) => {
			if (n > 3) units.push(row.getCell(3).value);
		});
		expect(units).toEqual([MINE]);
	});

	it('the overview (/) counts only its rows, whatever the filter asks for', async () => {
		const data = (await overviewLoad(event(`/?${PERIOD}`, YUNNAN))) as {
			overview: OverviewData;
			options: FilterOptions;
		};
		const { overview, options } = data;
		expect(overview.kpis.current.total.value).toBe(await validIn2019(MINE));
		expect(overview.communityTheme.communities).toEqual([MINE]);
		expect(overview.communityTheme.cells.every((c) => c.community === MINE)).toBe(true);
		expect(overview.byTheme.reduce((sum, t) => sum + t.count, 0)).toBe(await validIn2019(MINE));
		expect(overview.openBottlenecks.rows.every((r) => r.community === MINE)).toBe(true);
		expect(overview.backlogAge.oldest.length).toBeGreaterThan(0);
		expect(overview.backlogAge.oldest.every((r) => r.community === MINE)).toBe(true);
		expect(overview.backlogAge.total).toBe(
			await one(
				`SELECT count(*)::INTEGER AS n FROM problems p JOIN statuses st ON st.code = p.status
				 WHERE st.type = 'open' AND p.community = $1 AND p.reported_at <= DATE '2019-12-31'`,
				[MINE]
			)
		);
		expect(options.communities.map((o) => o.code)).toEqual([MINE]);
		const units = await db().all<{ u: string }>(
			'SELECT DISTINCT responsible_unit AS u FROM problems WHERE community = $1 AND responsible_unit IS NOT NULL',
			[MINE]
		);
		// The units the scope's problems name, and "not given".
		expect(options.responsibleUnits.map((o) => o.code).sort()).toEqual(
			[...units.map((r) => r.u), NONE].sort()
		);

		await expect(overviewLoad(event(`/?${PERIOD}&community=${OTHER}`, YUNNAN))).rejects.toSatisfy(
			(e: unknown) => isHttpError(e) && e.status === 403 && !e.body.message.includes(OTHER)
		);
	});

	it('the problem list (/problems) and its filter bar', async () => {
		const data = (await problemsLoad(event('/problems?pageSize=100', YUNNAN))) as {
			problems: ProblemList;
			options: FilterOptions;
		};
		expect(data.problems.total).toBe(await rowsOf(MINE));
		expect(data.problems.rows.every((r) => r.community === MINE)).toBe(true);
		expect(data.options.communities.map((o) => o.code)).toEqual([MINE]);
		await expect(problemsLoad(event(`/problems?community=${OTHER}`, YUNNAN))).rejects.toSatisfy(
			(e: unknown) => isHttpError(e) && e.status === 403
		);
	});

	it('a problem page (/problems/[id]) of another community is not found', async () => {
		const [theirs] = await db().all<{ c: string; id: string }>(
			'SELECT community AS c, problem_id AS id FROM problems WHERE community = $1 LIMIT 1',
			[OTHER]
		);
		const [ours] = await db().all<{ c: string; id: string }>(
			'SELECT community AS c, problem_id AS id FROM problems WHERE community = $1 LIMIT 1',
			[MINE]
		);
		const open = (who: Principal, c: string, id: string) =>
			problemLoad(event('/problems/x', who, { params: { id: problemKey(c, id) } }));
		await expect(open(YUNNAN, theirs.c, theirs.id)).rejects.toSatisfy(
			(e: unknown) => isHttpError(e) && e.status === 404
		);
		expect(await open(ADMIN, theirs.c, theirs.id)).toMatchObject({
			detail: { problem: { community: OTHER } }
		});
		expect(await open(YUNNAN, ours.c, ours.id)).toMatchObject({
			detail: { problem: { community: MINE, problemId: ours.id } }
		});
	});

	it('the compare page (/compare)', async () => {
		await expect(
			compareLoad(event(`/compare?${PERIOD}&community=${MINE}&community=${OTHER}&min=0`, YUNNAN))
		).rejects.toSatisfy((e: unknown) => isHttpError(e) && e.status === 403);
		const data = (await compareLoad(
			event(`/compare?${PERIOD}&community=${MINE}&min=0`, YUNNAN)
		)) as { compare: CompareData; options: FilterOptions; capped: boolean };
		expect(data.compare.units.map((u) => u.unit)).toEqual([MINE]);
		expect(data.compare.allUnits.map((u) => u.unit)).toEqual([MINE]);
		expect(data.compare.ranking.map((r) => r.unit)).toEqual([MINE]);
		expect(data.compare.street.kpis.total.value).toBe(await validIn2019(MINE));
		expect(data.options.communities.map((o) => o.code)).toEqual([MINE]);
		expect(data.capped).toBe(false);
	});
});

describe('a request naming a community outside the scope is refused, never echoed (issue 15)', () => {
	const asked = `community=${encodeURIComponent(OTHER)}&${PERIOD}`;

	it('in every page load', async () => {
		for (const [load, path] of [
			[overviewLoad, `/?${asked}`],
			[problemsLoad, `/problems?${asked}`],
			[compareLoad, `/compare?${asked}&community=${encodeURIComponent(MINE)}`],
			[reportLoad, `/report?${asked}`]
		] as const) {
			const thrown = await (load as (e: never) => Promise<unknown>)(event(path, YUNNAN)).then(
				() => null,
				(e: unknown) => e
			);
			expect(isHttpError(thrown) && thrown.status, path).toBe(403);
			expect(JSON.stringify(thrown)).not.toContain(OTHER);
		}
		// The same pages for the whole street still filter by it.
		const street = (await compareLoad(event(`/compare?${asked}`, ADMIN))) as {
			compare: CompareData;
		};
		expect(street.compare.units.map((u) => u.unit)).toEqual([OTHER]);
	});

	it('in every endpoint that reads filters', async () => {
		for (const [handler, path] of [
			[STATS, `/api/v1/stats?by=community&${asked}`],
			[PROBLEMS, `/api/v1/problems?${asked}`],
			[COMPARE, `/api/v1/compare?${asked}`],
			[RANKING, `/api/v1/compare/ranking?format=csv&${asked}`],
			[BRIEF, `/api/v1/report/brief?${asked}`],
			[EXPORT, `/api/v1/problems/export?format=csv&${asked}`]
		] as const) {
			const res = await call(handler, path, YUNNAN);
			expect(res.status, path).toBe(403);
			expect(await res.response.text()).not.toContain(OTHER);
		}
	});
});

describe('an account with an empty scope sees nothing', () => {
	it('in every endpoint and page', async () => {
		for (const by of ['community', 'theme', 'month', 'community,theme']) {
			const { body } = await call<Stats>(STATS, `/api/v1/stats?by=${by}`, NOBODY);
			expect(body).toEqual({ rows: [], total: 0 });
			const named = await call(STATS, `/api/v1/stats?by=${by}&community=${MINE}`, NOBODY);
			expect(named.status).toBe(403);
			expect(JSON.stringify(named.body)).not.toContain(MINE);
		}
		const list = await call(PROBLEMS, `/api/v1/problems`, NOBODY);
		expect(list.body).toMatchObject({ rows: [], total: 0 });

		const compare = await call<CompareData>(COMPARE, `/api/v1/compare?${PERIOD}`, NOBODY);
		expect(compare.body).toMatchObject({ units: [], allUnits: [], ranking: [] });
		expect(compare.body.street.kpis.total.value).toBe(0);
		const csv = await call(RANKING, `/api/v1/compare/ranking?format=csv&${PERIOD}`, NOBODY);
		expect((await csv.response.text()).trim().split('\r\n')).toHaveLength(1); // the header only

		const overview = (await overviewLoad(event(`/?${PERIOD}`, NOBODY))) as {
			overview: { kpis: { current: { total: { value: number } } }; backlogAge: { total: number } };
			options: { communities: string[]; responsibleUnits: string[] };
		};
		expect(overview.overview.kpis.current.total.value).toBe(0);
		expect(overview.overview.backlogAge.total).toBe(0);
		expect(overview.options).toMatchObject({ communities: [], responsibleUnits: [] });

		const problems = (await problemsLoad(event('/problems', NOBODY))) as {
			problems: { total: number };
		};
		expect(problems.problems.total).toBe(0);

		const [ours] = await db().all<{ c: string; id: string }>(
			'SELECT community AS c, problem_id AS id FROM problems WHERE community = $1 LIMIT 1',
			[MINE]
		);
		await expect(
			problemLoad(event('/problems/x', NOBODY, { params: { id: problemKey(ours.c, ours.id) } }))
		).rejects.toSatisfy((e: unknown) => isHttpError(e) && e.status === 404);

		const comparePage = (await compareLoad(event(`/compare?${PERIOD}`, NOBODY))) as {
			compare: CompareData;
		};
		expect(comparePage.compare).toMatchObject({ units: [], allUnits: [], ranking: [] });
	});
});

// ---------------------------------------------------------------------------------------------
// Uploads.

/** Two rows of 云南路社区 and two of 寿张路社区, with ids the demo does not use. */
const MIXED = [
	TEST_HEADER,
	`SCOPE-1,${MINE},营商环境,范围测试一,2019-11-05,,待处理,,否`,
	`SCOPE-2,${OTHER},营商环境,范围测试二,2019-11-06,,待处理,,否`,
	`SCOPE-3,${MINE},营商环境,范围测试三,2019-11-07,,整改中,,否`,
	`SCOPE-4,${OTHER},营商环境,范围测试四,2019-11-08,,待处理,,否`,
	''
].join('\n');

function multipart(name: string, content: string): RequestInit {
	const data = new FormData();
	data.append('uploadedBy', '冒名者'); // accepted and ignored: the account is the uploader
	data.append('file', new Blob([new Uint8Array(Buffer.from(content))]), name);
	return { method: 'POST', body: data };
}

const json = (method: string, body: unknown): RequestInit => ({
	method,
	headers: { 'content-type': 'application/json' },
	body: JSON.stringify(body)
});

interface Preview {
	stagedId: string;
	previewKey: string;
	result: {
		outcome: string;
		sha256: string;
		rowsAccepted: number;
		rowsRejected: number;
		rejects: { row: number; column: string; value: string; reason: string }[];
		notes: string[];
	};
}

interface AuditRow {
	actor: string;
	address: string;
	action: string;
	target: string | null;
	detail: Record<string, unknown> | null;
	result: string;
}

async function auditOf(actor: string, action: string): Promise<AuditRow[]> {
	const rows = await db().all<Omit<AuditRow, 'detail'> & { detail: string | null }>(
		`SELECT actor, address, action, target, detail::VARCHAR AS detail, result FROM audit_log
		 WHERE actor = $1 AND action = $2 ORDER BY id`,
		[actor, action]
	);
	return rows.map((r) => ({ ...r, detail: r.detail ? JSON.parse(r.detail) : null }));
}

const batchOf = async (community: string) =>
	(
		await db().all<{ id: number }>(
			'SELECT upload_id AS id FROM upload_communities WHERE community = $1 ORDER BY upload_id LIMIT 1',
			[community]
		)
	)[0].id;

describe('a scoped analyst uploads only for its communities', () => {
	let committed: number;

	it('sees the rows of other communities rejected, names both, and commits only its own', async () => {
		const before = { mine: await rowsOf(MINE), other: await rowsOf(OTHER) };
		const res = await call<{ files: Preview[] }>(
			UPLOAD,
			'/api/v1/uploads?dryRun=1',
			YUNNAN_ANALYST,
			{ request: multipart('混合.csv', MIXED) }
		);
		expect(res.status).toBe(200);
		const [file] = res.body.files;
		expect(file.result).toMatchObject({ outcome: 'dry-run', rowsAccepted: 2, rowsRejected: 2 });
		expect(file.result.rejects.map((r) => [r.row, r.column, r.value])).toEqual([
			[3, '社区', OTHER],
			[5, '社区', OTHER]
		]);
		expect(file.result.rejects[0].reason).toBe(
			`社区“${OTHER}”不在本账号的社区范围内：本账号只能导入${MINE}的问题。`
		);

		const done = await call<{ outcome: string; uploadId: number; inserted: number }>(
			COMMIT,
			`/api/v1/uploads/staged/${file.stagedId}/commit`,
			YUNNAN_ANALYST,
			{
				params: { id: file.stagedId },
				request: json('POST', { previewKey: file.previewKey, uploadedBy: '冒名者' })
			}
		);
		expect(done.status).toBe(200);
		expect(done.body).toMatchObject({ outcome: 'committed', inserted: 2 });
		committed = done.body.uploadId;
		expect(await rowsOf(MINE)).toBe(before.mine + 2);
		expect(await rowsOf(OTHER)).toBe(before.other);
		const [who] = await db().all<{ by: string }>(
			'SELECT uploaded_by AS by FROM uploads WHERE id = $1',
			[committed]
		);
		expect(who.by).toBe('yunnan-analyst');

		const previews = await auditOf('yunnan-analyst', 'upload.preview');
		expect(previews).toHaveLength(1);
		expect(previews[0]).toMatchObject({
			address: '127.0.0.1',
			target: '混合.csv',
			result: 'ok',
			detail: {
				file: '混合.csv',
				sha256: file.result.sha256,
				rowsTotal: 4,
				rowsAccepted: 2,
				rowsRejected: 2,
				outcome: 'dry-run'
			}
		});
		const commits = await auditOf('yunnan-analyst', 'upload.commit');
		expect(commits).toEqual([
			expect.objectContaining({
				target: `upload:${committed}`,
				result: 'ok',
				detail: expect.objectContaining({
					uploadId: committed,
					sha256: file.result.sha256,
					rowsAccepted: 2,
					rowsRejected: 2,
					inserted: 2,
					outcome: 'committed'
				})
			})
		]);
	});

	it('audits a refused commit with its reason', async () => {
		const res = await call<{ files: Preview[] }>(
			UPLOAD,
			'/api/v1/uploads?dryRun=1',
			YUNNAN_ANALYST,
			{ request: multipart('再来.csv', MIXED.replace(/SCOPE-/g, 'AGAIN-')) }
		);
		const [file] = res.body.files;
		const stale = await call(
			COMMIT,
			`/api/v1/uploads/staged/${file.stagedId}/commit`,
			YUNNAN_ANALYST,
			{ params: { id: file.stagedId }, request: json('POST', { previewKey: 'not-the-key' }) }
		);
		expect(stale.status).toBe(409);
		const refused = (await auditOf('yunnan-analyst', 'upload.commit')).at(-1);
		expect(refused).toMatchObject({
			result: 'refused',
			target: `staged:${file.stagedId}`,
			detail: { reason: expect.stringMatching(/预览已经过期/) }
		});
	});

	it('an empty scope has every row rejected', async () => {
		const res = await call<{ files: Preview[] }>(
			UPLOAD,
			'/api/v1/uploads?dryRun=1',
			EMPTY_ANALYST,
			{ request: multipart('空.csv', MIXED.replace(/SCOPE-/g, 'EMPTY-')) }
		);
		const [file] = res.body.files;
		expect(file.result).toMatchObject({ rowsAccepted: 0, rowsRejected: 4 });
		expect(file.result.rejects[0].reason).toMatch(/本账号没有可以导入的社区/);
	});

	it('sees only the batches of its communities in the history, the page and the downloads', async () => {
		const inScope = await one(
			`SELECT count(DISTINCT upload_id)::INTEGER AS n FROM upload_communities uc
			 WHERE NOT EXISTS (SELECT 1 FROM upload_communities o WHERE o.upload_id = uc.upload_id AND o.community <> $1)`,
			[MINE]
		);
		const history = await call<{ batches: { id: number; communities: string[] }[]; total: number }>(
			BATCHES,
			'/api/v1/uploads?limit=500',
			YUNNAN_ANALYST
		);
		expect(history.body.total).toBe(inScope);
		expect(history.body.batches.map((b) => b.id)).toContain(committed);
		expect(history.body.batches.every((b) => b.communities.join() === MINE)).toBe(true);
		expect(
			(await call<{ total: number }>(BATCHES, '/api/v1/uploads', EMPTY_ANALYST)).body.total
		).toBe(0);

		const page = (await uploadsLoad(event('/uploads', YUNNAN_ANALYST))) as {
			history: { batches: { communities: string[] }[]; total: number };
			communities: string[];
		};
		expect(page.history.total).toBe(inScope);
		expect(page.communities).toEqual([MINE]);

		const theirs = await batchOf(OTHER);
		const params = { id: String(theirs) };
		for (const handler of [BATCH, ORIGINAL, REJECTS]) {
			expect(
				(await call(handler, `/api/v1/uploads/${theirs}`, YUNNAN_ANALYST, { params })).status
			).toBe(404);
			expect((await call(handler, `/api/v1/uploads/${theirs}`, ADMIN, { params })).status).toBe(
				200
			);
		}
		const own = { id: String(committed) };
		expect(
			(await call(BATCH, `/api/v1/uploads/${committed}`, YUNNAN_ANALYST, { params: own })).body
		).toMatchObject({
			id: committed,
			uploadedBy: 'yunnan-analyst',
			communities: [MINE]
		});
		// Its batch of a mixed file: the other community's rejected rows are not its to read, in the
		// detail, the rejects or the original file (issue 15).
		const detail = await call<{ partial: boolean; rowsRejected: number; rejects: unknown[] }>(
			BATCH,
			`/api/v1/uploads/${committed}`,
			YUNNAN_ANALYST,
			{ params: own }
		);
		expect(detail.body).toMatchObject({ partial: true, rowsRejected: 0, rejects: [] });
		expect(JSON.stringify(detail.body)).not.toContain(OTHER);
		const rejects = await call(REJECTS, `/api/v1/uploads/${committed}/rejects`, YUNNAN_ANALYST, {
			params: own
		});
		expect(await rejects.response.text()).not.toContain(OTHER);
		const original = await call<{ error: string }>(
			ORIGINAL,
			`/api/v1/uploads/${committed}/original`,
			YUNNAN_ANALYST,
			{ params: own }
		);
		expect(original.status).toBe(403);
		expect(original.body.error).toMatch(/本账号社区范围以外的行，不能下载原始文件/);
		expect(original.body.error).not.toContain(OTHER);
		const adminOriginal = await call(ORIGINAL, `/api/v1/uploads/${committed}/original`, ADMIN, {
			params: own
		});
		expect(await adminOriginal.response.text()).toBe(MIXED);
		const adminRejects = await call(REJECTS, `/api/v1/uploads/${committed}/rejects`, ADMIN, {
			params: own
		});
		expect(await adminRejects.response.text()).toContain(OTHER);
		const again = (await uploadsLoad(event('/uploads', YUNNAN_ANALYST))) as {
			history: { batches: { id: number; partial: boolean }[] };
		};
		expect(again.history.batches.find((b) => b.id === committed)?.partial).toBe(true);
		expect(JSON.stringify(again)).not.toContain(OTHER);

		const exports = await auditOf('yunnan-analyst', 'export');
		expect(exports.map((e) => [e.detail?.what, e.detail?.uploadId, e.result])).toEqual([
			['upload.original', theirs, 'refused'],
			['upload.rejects', theirs, 'refused'],
			['upload.rejects', committed, 'ok'],
			['upload.original', committed, 'refused']
		]);
	});

	it('cannot revert a batch of another community (404, by the API or the page), can revert its own', async () => {
		const theirs = await batchOf(OTHER);
		const api = await call(REVERT, `/api/v1/uploads/${theirs}/revert`, YUNNAN_ANALYST, {
			params: { id: String(theirs) },
			request: { method: 'POST' }
		});
		expect(api.status).toBe(404);
		const form = new FormData();
		form.append('id', String(theirs));
		form.append('revertedBy', '冒名者');
		const action = await uploadsActions.revert(
			event('/uploads?/revert', YUNNAN_ANALYST, { request: { method: 'POST', body: form } })
		);
		expect(action).toMatchObject({ status: 404 });
		expect(
			await one('SELECT count(*)::INTEGER AS n FROM uploads WHERE id = $1 AND state = $2', [
				theirs,
				'committed'
			])
		).toBe(1);

		const mineBefore = await rowsOf(MINE);
		const ok = await call(REVERT, `/api/v1/uploads/${committed}/revert`, YUNNAN_ANALYST, {
			params: { id: String(committed) },
			request: json('POST', { revertedBy: '冒名者' })
		});
		expect(ok.status).toBe(200);
		expect(await rowsOf(MINE)).toBe(mineBefore - 2);
		const [rev] = await db().all<{ by: string }>(
			'SELECT reverted_by AS by FROM upload_reverts WHERE upload_id = $1',
			[committed]
		);
		expect(rev.by).toBe('yunnan-analyst');

		const reverts = await auditOf('yunnan-analyst', 'upload.revert');
		expect(reverts.map((r) => [r.target, r.result])).toEqual([
			[`upload:${theirs}`, 'refused'],
			[`upload:${theirs}`, 'refused'],
			[`upload:${committed}`, 'ok']
		]);
		expect(reverts[2].detail).toMatchObject({ uploadId: committed, problemsDeleted: 2 });
	});
});

describe('a scoped analyst manages only its communities’ mapping profiles', () => {
	const profile = { columns: { description: '情况' } };
	const path = (community: string) => `/api/v1/mapping-profiles/${encodeURIComponent(community)}`;
	const put = (who: Principal, community: string) =>
		call(PROFILE_PUT, path(community), who, {
			params: { community },
			request: json('PUT', profile)
		});

	it('reads, saves and deletes within its scope; outside it, there is nothing to read or delete', async () => {
		expect((await put(ADMIN, OTHER)).status).toBe(200);
		expect((await put(YUNNAN_ANALYST, MINE)).status).toBe(200);

		const list = await call<{ profiles: { community: string }[] }>(
			PROFILES,
			'/api/v1/mapping-profiles',
			YUNNAN_ANALYST
		);
		expect(list.body.profiles.map((p) => p.community)).toEqual([MINE]);
		const all = await call<{ profiles: { community: string }[] }>(
			PROFILES,
			'/api/v1/mapping-profiles',
			ADMIN
		);
		expect(all.body.profiles.map((p) => p.community).sort()).toEqual([MINE, OTHER].sort());
		const page = (await uploadsLoad(event('/uploads', YUNNAN_ANALYST))) as {
			profiles: { community: string }[];
		};
		expect(page.profiles.map((p) => p.community)).toEqual([MINE]);

		const other = { params: { community: OTHER } };
		const missing = await call(PROFILE, path(OTHER), YUNNAN_ANALYST, other);
		expect(missing.status).toBe(404);
		expect(JSON.stringify(missing.body)).not.toContain(OTHER); // not echoed (issue 15)
		const refused = await put(YUNNAN_ANALYST, OTHER);
		expect(refused.status).toBe(403);
		expect(refused.body).toEqual({ error: `本账号只能管理${MINE}的映射方案。` });
		const del = await call(PROFILE_DELETE, path(OTHER), YUNNAN_ANALYST, {
			...other,
			request: { method: 'DELETE' }
		});
		expect(del.status).toBe(404);
		expect(JSON.stringify(del.body)).not.toContain(OTHER);
		expect((await call(PROFILE, path(OTHER), ADMIN, other)).status).toBe(200);

		const mine = { params: { community: MINE } };
		expect((await call(PROFILE, path(MINE), YUNNAN_ANALYST, mine)).status).toBe(200);
		const gone = await call(PROFILE_DELETE, path(MINE), YUNNAN_ANALYST, {
			...mine,
			request: { method: 'DELETE' }
		});
		expect(gone.status).toBe(204);

		expect(
			(await auditOf('yunnan-analyst', 'mapping.save')).map((r) => [r.target, r.result])
		).toEqual([
			[MINE, 'ok'],
			[OTHER, 'refused']
		]);
		expect(
			(await auditOf('yunnan-analyst', 'mapping.delete')).map((r) => [r.target, r.result])
		).toEqual([
			[OTHER, 'refused'],
			[MINE, 'ok']
		]);
	});

	it('does not apply another community’s saved profile to its preview', async () => {
		// A file naming only 寿张路社区 starts from that community's profile for the admin; for the
		// scoped analyst the file is all rejects, and the profile is neither applied nor named.
		expect((await put(ADMIN, OTHER)).status).toBe(200);
		const file = `${TEST_HEADER}\nP-1,${OTHER},营商环境,甲,2019-11-05,,待处理,,否\n`;
		const preview = async (who: Principal) =>
			(
				await call<{ files: Preview[] }>(UPLOAD, '/api/v1/uploads?dryRun=1', who, {
					request: multipart('寿张路.csv', file)
				})
			).body.files[0].result;
		expect((await preview(ADMIN)).notes.join()).toContain(`已自动使用“${OTHER}”保存的映射方案`);
		const scoped = await preview(YUNNAN_ANALYST);
		expect(scoped).toMatchObject({ rowsAccepted: 0, rowsRejected: 1 });
		expect(scoped.notes.join()).not.toContain(OTHER);
	});
});

describe('exports are audited', () => {
	it('records the ranking export with its format and query', async () => {
		const query = `format=xlsx&${PERIOD}&min=0`;
		await call(RANKING, `/api/v1/compare/ranking?${query}`, YUNNAN);
		const rows = await auditOf(YUNNAN.username, 'export');
		expect(rows.at(-1)).toMatchObject({
			address: '127.0.0.1',
			target: 'compare.ranking',
			result: 'ok',
			detail: { what: 'compare.ranking', format: 'xlsx', query: `?${query}`, rows: 1 }
		});
		expect(rows.some((r) => r.detail?.format === 'csv')).toBe(true);
	});
});
