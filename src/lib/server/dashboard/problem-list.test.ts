import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, type Filters } from '../../domain/filters';
import { problemKey } from '../../domain/problem-key';
import type { LedgerDatabase } from '../db/database';
import { seedDemo } from '../demo/seed-demo';
import { sandbox, type Sandbox } from '../ingest/test-support';
import { LIST_SORT_KEYS, type SortKey } from '../../domain/problem-model';
import { getProblem, listProblems, parseListOptions } from './problem-list';

let box: Sandbox;
let db: LedgerDatabase;

beforeAll(async () => {
	box = await sandbox();
	db = box.db;
	await seedDemo(db, box.options);
}, 120_000);

afterAll(async () => box?.dispose());

const TODAY = { scope: null, today: '2024-06-01' };
const filters = (f: Partial<Filters>): Filters => ({ ...EMPTY_FILTERS, ...f });

/** Independent ordering: plain SQL over problems q, vocabulary order by join. */
const ORDER_BY: Record<SortKey, string> = {
	reported_at: 'q.reported_at',
	deadline: 'q.deadline',
	community: 'q.community',
	theme: 't.sort_order',
	status: 's.sort_order',
	resolved_at: 'q.resolved_at',
	problem_id: 'q.problem_id'
};

async function expectedIds(
	where: string,
	sort: SortKey,
	dir: 'asc' | 'desc',
	limit: number,
	offset = 0
): Promise<string[]> {
	const rows = await db.all<{ c: string; i: string }>(
		`SELECT q.community AS c, q.problem_id AS i
		 FROM problems q, statuses s, themes t
		 WHERE s.code = q.status AND t.code = q.theme AND (${where})
		 ORDER BY ${ORDER_BY[sort]} ${dir} NULLS LAST, q.rowid
		 LIMIT ${limit} OFFSET ${offset}`
	);
	return rows.map((r) => `${r.c}/${r.i}`);
}

const ids = (rows: { community: string; problemId: string }[]) =>
	rows.map((r) => `${r.community}/${r.problemId}`);

describe('listProblems', () => {
	it('gives the newest 50 problems of all time by default, every status included', async () => {
		const list = await listProblems(db, EMPTY_FILTERS, {}, TODAY);
		const [{ n }] = await db.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM problems');
		expect(list.total).toBe(n);
		expect(list).toMatchObject({ page: 1, pageSize: 50, asOf: '2019-12-31' });
		expect(ids(list.rows)).toEqual(await expectedIds('true', 'reported_at', 'desc', 50));
	});

	it.each(LIST_SORT_KEYS.flatMap((sort) => [[sort, 'asc'] as const, [sort, 'desc'] as const]))(
		'sorts by %s %s, then in ledger order',
		async (sort, dir) => {
			const list = await listProblems(
				db,
				EMPTY_FILTERS,
				{ sort, dir, pageSize: 100, page: 2 },
				TODAY
			);
			expect(ids(list.rows)).toEqual(await expectedIds('true', sort, dir, 100, 100));
		}
	);

	it('pages through the same order without gaps or repeats', async () => {
		const f = filters({ communities: ['寿张路社区'] });
		const seen: string[] = [];
		for (let page = 1; ; page++) {
			const list = await listProblems(
				db,
				f,
				{ pageSize: 37, page, sort: 'deadline', dir: 'asc' },
				TODAY
			);
			if (!list.rows.length) break;
			seen.push(...ids(list.rows));
		}
		const all = await expectedIds("q.community = '寿张路社区'", 'deadline', 'asc', 10_000);
		expect(all.length).toBeGreaterThan(37 * 2);
		expect(seen).toEqual(all);
	});

	it('applies the filters to rows and total alike', async () => {
		const f = filters({
			communities: ['云南路社区', '新华路社区'],
			statusTypes: ['open'],
			overdue: true,
			from: '2018-06-01'
		});
		const list = await listProblems(db, f, { pageSize: 100 }, TODAY);
		const where = `q.community IN ('云南路社区', '新华路社区') AND s.type = 'open'
			AND q.deadline < DATE '2019-12-31' AND q.reported_at >= DATE '2018-06-01'`;
		const want = await expectedIds(where, 'reported_at', 'desc', 100);
		expect(want.length).toBeGreaterThan(0);
		expect(ids(list.rows)).toEqual(want);
		const [{ n }] = await db.all<{ n: number }>(
			`SELECT count(*)::INTEGER AS n FROM problems q, statuses s, themes t
			 WHERE s.code = q.status AND t.code = q.theme AND ${where}`
		);
		expect(list.total).toBe(n);
		expect(list.rows.every((r) => r.overdue && r.statusType === 'open')).toBe(true);
	});

	it('maps every field of a row plainly, with both labels', async () => {
		const list = await listProblems(db, filters({ q: '停车' }), { pageSize: 100 }, TODAY);
		expect(list.rows.length).toBeGreaterThan(0);
		const want = await db.all<Record<string, unknown>>(
			`SELECT q.community, q.problem_id, q.title, q.description, q.theme, t.label_zh AS theme_zh,
				t.label_en AS theme_en, q.status, s.type, s.label_zh AS status_zh, s.label_en AS status_en,
				q.level, q.reporter_type, q.responsible_unit, q.responsible_person,
				q.reported_at::VARCHAR AS reported_at, q.deadline::VARCHAR AS deadline,
				q.resolved_at::VARCHAR AS resolved_at, q.is_bottleneck IS TRUE AS bottleneck,
				(s.type = 'open' AND q.deadline IS NOT NULL AND q.deadline < DATE '2019-12-31') AS overdue
			 FROM problems q, statuses s, themes t
			 WHERE s.code = q.status AND t.code = q.theme
				AND (q.title LIKE '%停车%' OR q.description LIKE '%停车%' OR q.suggestion LIKE '%停车%')
			 ORDER BY q.reported_at DESC, q.rowid LIMIT 100`
		);
		expect(list.rows).toEqual(
			want.map((r) => ({
				key: problemKey(r.community as string, r.problem_id as string),
				community: r.community,
				problemId: r.problem_id,
				title: r.title,
				description: r.description,
				theme: r.theme,
				themeLabelZh: r.theme_zh,
				themeLabelEn: r.theme_en,
				status: r.status,
				statusType: r.type,
				statusLabelZh: r.status_zh,
				statusLabelEn: r.status_en,
				level: r.level,
				reporterType: r.reporter_type,
				responsibleUnit: r.responsible_unit,
				responsiblePerson: r.responsible_person,
				reportedAt: r.reported_at,
				deadline: r.deadline,
				resolvedAt: r.resolved_at,
				isBottleneck: r.bottleneck,
				overdue: r.overdue
			}))
		);
		expect(JSON.parse(JSON.stringify(list))).toEqual(list);
	});

	it('gives no rows past the last page, and the total still', async () => {
		const list = await listProblems(db, EMPTY_FILTERS, { page: 1000, pageSize: 100 }, TODAY);
		expect(list.rows).toEqual([]);
		expect(list.total).toBeGreaterThan(2000);
	});

	it('refuses a sort outside the allow-list and pages larger than 100', async () => {
		await expect(
			listProblems(
				db,
				EMPTY_FILTERS,
				{ sort: 'description; DROP TABLE problems' as SortKey },
				TODAY
			)
		).rejects.toThrow();
		await expect(listProblems(db, EMPTY_FILTERS, { pageSize: 101 }, TODAY)).rejects.toThrow();
		await expect(listProblems(db, EMPTY_FILTERS, { page: 0 }, TODAY)).rejects.toThrow();
	});
});

describe('parseListOptions', () => {
	const parse = (q: string) => parseListOptions(new URLSearchParams(q));

	it('reads the options with defaults', () => {
		expect(parse('')).toEqual({
			ok: true,
			options: { sort: 'reported_at', dir: 'desc', page: 1, pageSize: 50 }
		});
		expect(parse('sort=deadline&dir=asc&page=3&pageSize=100')).toEqual({
			ok: true,
			options: { sort: 'deadline', dir: 'asc', page: 3, pageSize: 100 }
		});
	});

	it.each([
		['sort=title', 'sort'],
		["sort=reported_at' --", 'sort'],
		['dir=up', 'dir'],
		['page=0', 'page'],
		['page=-1', 'page'],
		['page=2.5', 'page'],
		['page=abc', 'page'],
		['pageSize=101', 'pageSize'],
		['pageSize=1e3', 'pageSize']
	])('refuses %s, naming the parameter', (q, param) => {
		const r = parse(q);
		expect(r.ok).toBe(false);
		if (!r.ok) {
			expect(r.message).toContain(`参数“${param}”`);
			expect(r.message).toMatch(/[\u4e00-\u9fff]/);
			expect(r.message).not.toMatch(/select|order by|limit/i);
		}
	});
});

describe('getProblem', () => {
	it('gives every field and the status history of a problem', async () => {
		const [pick] = await db.all<{ community: string; problem_id: string; n: number }>(
			`SELECT community, problem_id, count(*)::INTEGER AS n FROM status_events
			 GROUP BY ALL ORDER BY n DESC, community, problem_id LIMIT 1`
		);
		expect(pick.n).toBeGreaterThanOrEqual(2);
		const detail = await getProblem(db, problemKey(pick.community, pick.problem_id), TODAY);
		expect(detail).not.toBeNull();
		const [raw] = await db.all<Record<string, unknown>>(
			`SELECT * EXCLUDE (extra) REPLACE (reported_at::VARCHAR AS reported_at,
				deadline::VARCHAR AS deadline, resolved_at::VARCHAR AS resolved_at,
				acknowledged_at::VARCHAR AS acknowledged_at, verified_at::VARCHAR AS verified_at),
				extra::JSON::VARCHAR AS extra_json
			 FROM problems
			 WHERE community = '${pick.community}' AND problem_id = '${pick.problem_id}'`
		);
		const p = detail!.problem;
		expect(p).toMatchObject({
			key: problemKey(pick.community, pick.problem_id),
			community: raw.community,
			problemId: raw.problem_id,
			idDerived: raw.id_derived,
			street: raw.street,
			reportedAt: raw.reported_at,
			reporterType: raw.reporter_type,
			reporter: raw.reporter,
			theme: raw.theme,
			themeLabel: raw.theme_label,
			themeSource: raw.theme_source,
			level: raw.level,
			title: raw.title,
			description: raw.description,
			suggestion: raw.suggestion,
			measures: raw.measures,
			responsibleUnit: raw.responsible_unit,
			responsiblePerson: raw.responsible_person,
			deadline: raw.deadline,
			status: raw.status,
			resolvedAt: raw.resolved_at,
			satisfaction: raw.satisfaction,
			isBottleneck: raw.is_bottleneck,
			note: raw.note,
			campaign: raw.campaign,
			location: raw.location,
			acknowledgedAt: raw.acknowledged_at,
			verifiedAt: raw.verified_at,
			progress: raw.progress,
			statusNotes: raw.status_notes,
			callbackResolved: raw.callback_resolved,
			duplicateOf: raw.duplicate_of,
			extra: raw.extra_json ? JSON.parse(raw.extra_json as string) : {},
			firstUploadId: raw.first_upload_id,
			lastUploadId: raw.last_upload_id,
			sourceRow: raw.source_row,
			asOf: '2019-12-31'
		});
		const [labels] = await db.all<Record<string, string>>(
			`SELECT t.label_zh AS theme_zh, s.label_zh AS status_zh, s.label_en AS status_en, s.type
			 FROM themes t, statuses s WHERE t.code = '${raw.theme}' AND s.code = '${raw.status}'`
		);
		expect(p).toMatchObject({
			themeLabelZh: labels.theme_zh,
			statusLabelZh: labels.status_zh,
			statusLabelEn: labels.status_en,
			statusType: labels.type
		});
		const history = await db.all<Record<string, unknown>>(
			`SELECT e.old_status, e.new_status, e.changed_on::VARCHAR AS changed_on, e.upload_id, u.file_name,
				n.label_zh AS new_zh
			 FROM status_events e JOIN uploads u ON u.id = e.upload_id JOIN statuses n ON n.code = e.new_status
			 WHERE e.community = '${pick.community}' AND e.problem_id = '${pick.problem_id}'
			 ORDER BY e.changed_on, e.upload_id`
		);
		expect(
			detail!.history.map((h) => [
				h.oldStatus,
				h.newStatus,
				h.changedOn,
				h.uploadId,
				h.fileName,
				h.newStatusLabelZh
			])
		).toEqual(
			history.map((h) => [
				h.old_status,
				h.new_status,
				h.changed_on,
				h.upload_id,
				h.file_name,
				h.new_zh
			])
		);
		expect(detail!.firstUpload?.id).toBe(raw.first_upload_id);
		expect(detail!.lastUpload?.id).toBe(raw.last_upload_id);
		expect(detail!.lastUpload?.fileName).toMatch(/问题清单/);
		expect(JSON.parse(JSON.stringify(detail))).toEqual(detail);
	});

	it('is null for an unknown problem or a malformed key', async () => {
		expect(await getProblem(db, problemKey('云南路社区', 'no-such-id'), TODAY)).toBeNull();
		expect(await getProblem(db, 'not a key', TODAY)).toBeNull();
		expect(await getProblem(db, problemKey("' OR 1=1 --", "' OR 1=1 --"), TODAY)).toBeNull();
	});
});
