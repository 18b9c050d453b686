// Every figure loadOverviewData returns, checked against plain SQL written here: V by the status
// codes of csv-schema.md (not the statuses table), one count per query, quantiles in JavaScript,
// and whether a problem's exports carried a field from the column mappings of its uploads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, type Filters } from '../../domain/filters';
import type { Kpis } from '../../domain/figures';
import type { OverviewData } from '../../domain/overview-model';
import type { Period } from '../../domain/period';
import { problemKey } from '../../domain/problem-key';
import { defaultAsOf } from '../db/as-of';
import type { LedgerDatabase } from '../db/database';
import { seedDemo } from '../demo/seed-demo';
import { sandbox, type Sandbox } from '../ingest/test-support';
import { loadOverviewData } from './overview-data';

let box: Sandbox;
let db: LedgerDatabase;

beforeAll(async () => {
	box = await sandbox();
	db = box.db;
	await seedDemo(db, box.options);
}, 120_000);

afterAll(async () => box?.dispose());

const OPEN = "('pending', 'assigned', 'in_progress', 'ongoing', 'stalled')";
const FIXED = "('resolved', 'verified')";
const CLOSED_IN_RATES = "('not_adopted', 'referred')";
const V = "q.status NOT IN ('duplicate', 'withdrawn')";

async function one(sql: string): Promise<number> {
	const [row] = await db.all<{ n: number | bigint | null }>(sql);
	return Number(row.n ?? 0);
}

/** Problems of V in [from, to] that meet `cond` and `extra`. */
function countV(cond: string, from: string, to: string, extra = 'true'): Promise<number> {
	return one(
		`SELECT count(*) AS n FROM problems q
		 WHERE ${V} AND q.reported_at >= DATE '${from}' AND q.reported_at <= DATE '${to}'
			AND (${cond}) AND (${extra})`
	);
}

const rateOf = (num: number, den: number, noData = false) => ({
	kind: 'rate' as const,
	num: noData ? 0 : num,
	den: noData ? 0 : den,
	value: den === 0 || noData ? null : num / den,
	noData
});

/** The fields a figure may need (README "KPIs"); the comparison looks at these only. */
const INPUTS = ['acknowledged_at', 'callback_resolved', 'deadline', 'resolved_at', 'satisfaction'];

/**
 * Whether problem q's exports carried `field`: a value stored, or the column named in the mapping
 * of its first or last upload (the demo's units keep one template for all their exports). A
 * 受理时间 counts only by its column: a stored one may be derived from the status history.
 */
const carried = (field: string) =>
	`(${field === 'acknowledged_at' ? 'false' : `q.${field} IS NOT NULL`} OR EXISTS (SELECT 1 FROM uploads u
		WHERE u.id IN (q.first_upload_id, q.last_upload_id)
			AND json_extract_string(u.column_mapping, '$.${field}') IS NOT NULL))`;

/** Linear interpolation between closest ranks (what quantile_cont does), on sorted values. */
function quantile(sorted: number[], p: number): number | null {
	if (!sorted.length) return null;
	const h = (sorted.length - 1) * p;
	const lo = Math.floor(h);
	const hi = Math.ceil(h);
	return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

async function expectedKpis(
	cond: string,
	from: string,
	to: string,
	asOf: string,
	T: number
): Promise<Kpis> {
	const c = (extra: string) => countV(cond, from, to, extra);
	const valid = await c('true');
	const supplied: string[] = [];
	for (const field of INPUTS) if ((await c(carried(field))) > 0) supplied.push(field);
	const noData = (...fields: string[]) => valid > 0 && !fields.every((f) => supplied.includes(f));
	const counts = {
		valid,
		fixed: await c(`q.status IN ${FIXED}`),
		closed: await c(`q.status IN ${CLOSED_IN_RATES}`),
		verified: await c("q.status = 'verified'"),
		onTimeDone: await c(
			`q.status NOT IN ${OPEN} AND q.resolved_at <= q.deadline AND q.deadline <= DATE '${asOf}'`
		),
		// Due, on problems whose exports say when they were done.
		dueByAsOf: await c(`q.deadline <= DATE '${asOf}' AND ${carried('resolved_at')}`),
		noDeadline: await c('q.deadline IS NULL'),
		overdue: await c(`q.status IN ${OPEN} AND q.deadline < DATE '${asOf}'`),
		respondedWithinT: await c(`q.acknowledged_at <= q.reported_at + ${T}`),
		// Over the problems whose exports carry 受理时间, not over V.
		ackRecorded: await c(carried('acknowledged_at')),
		satisfactionPositive: await c("q.satisfaction IN ('very_satisfied', 'satisfied', 'basic')"),
		satisfactionGiven: await c('q.satisfaction IS NOT NULL'),
		callbackYes: await c('q.callback_resolved = true'),
		callbackGiven: await c('q.callback_resolved IS NOT NULL')
	};
	const days = (
		await db.all<{ d: number }>(
			`SELECT date_diff('day', q.reported_at, q.resolved_at)::INTEGER AS d FROM problems q
			 WHERE ${V} AND q.reported_at BETWEEN DATE '${from}' AND DATE '${to}' AND (${cond})
				AND q.status NOT IN ${OPEN} AND q.resolved_at IS NOT NULL
			 ORDER BY d`
		)
	).map((r) => r.d);
	const count = (value: number, noData = false) => ({ kind: 'count' as const, value, noData });
	return {
		total: count(valid),
		closure: rateOf(counts.fixed + counts.closed, valid),
		fix: rateOf(counts.fixed, valid - counts.closed),
		signOff: rateOf(counts.verified, valid),
		onTime: rateOf(counts.onTimeDone, counts.dueByAsOf, noData('deadline', 'resolved_at')),
		overdue: count(counts.overdue, noData('deadline')),
		response: rateOf(counts.respondedWithinT, counts.ackRecorded, noData('acknowledged_at')),
		satisfaction: rateOf(
			counts.satisfactionPositive,
			counts.satisfactionGiven,
			noData('satisfaction')
		),
		callback: rateOf(counts.callbackYes, counts.callbackGiven, noData('callback_resolved')),
		// 回访率: problems with a callback result ÷ V.
		callbackRate: rateOf(counts.callbackGiven, valid, noData('callback_resolved')),
		days: {
			kind: 'days',
			median: quantile(days, 0.5),
			p90: quantile(days, 0.9),
			n: days.length,
			noData: noData('resolved_at')
		},
		counts: {
			...counts,
			done: counts.fixed + counts.closed,
			notClosed: valid - counts.closed
		},
		supplied
	};
}

function monthsOf(from: string, to: string): { month: string; ws: string; we: string }[] {
	const out = [];
	let [y, m] = from.split('-').map(Number);
	for (;;) {
		const month = `${y}-${String(m).padStart(2, '0')}`;
		if (month > to.slice(0, 7)) break;
		const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
		const start = `${month}-01`;
		const end = `${month}-${String(last).padStart(2, '0')}`;
		out.push({ month, ws: start < from ? from : start, we: end > to ? to : end });
		[y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
	}
	return out;
}

async function expectedOpenRows(cond: string, asOf: string, extra: string, limit: number) {
	const rows = await db.all<{
		community: string;
		problem_id: string;
		title: string | null;
		description: string;
		theme: string;
		theme_zh: string;
		theme_en: string;
		status: string;
		status_zh: string;
		status_en: string;
		responsible_unit: string | null;
		reported_at: string;
		deadline: string | null;
		age: number;
	}>(
		`SELECT q.community, q.problem_id, q.title, q.description, q.theme, t.label_zh AS theme_zh,
			t.label_en AS theme_en, q.status, s.label_zh AS status_zh, s.label_en AS status_en,
			q.responsible_unit, q.reported_at::VARCHAR AS reported_at, q.deadline::VARCHAR AS deadline,
			(DATE '${asOf}' - q.reported_at)::INTEGER AS age
		 FROM problems q, themes t, statuses s
		 WHERE t.code = q.theme AND s.code = q.status AND q.status IN ${OPEN}
			AND q.reported_at <= DATE '${asOf}' AND (${cond}) AND (${extra})
		 ORDER BY q.reported_at, q.community, q.problem_id`
	);
	return {
		total: rows.length,
		rows: rows.slice(0, limit).map((r) => ({
			key: problemKey(r.community, r.problem_id),
			community: r.community,
			problemId: r.problem_id,
			text: r.title?.trim() ? r.title.trim() : r.description,
			theme: r.theme,
			themeLabelZh: r.theme_zh,
			themeLabelEn: r.theme_en,
			status: r.status,
			statusLabelZh: r.status_zh,
			statusLabelEn: r.status_en,
			responsibleUnit: r.responsible_unit,
			reportedAt: r.reported_at,
			deadline: r.deadline,
			ageDays: r.age,
			overdue: r.deadline !== null && r.deadline < asOf
		}))
	};
}

/** The whole OverviewData, from plain SQL. `cond` is the filter over problems q, written by hand. */
async function expectedOverview(cond: string, period: Period, T: number) {
	const { from, to, prevFrom, prevTo, asOf } = period;
	const current = await expectedKpis(cond, from, to, asOf, T);
	const previous = await expectedKpis(cond, prevFrom, prevTo, asOf, T);
	const total = current.total.value;
	const share = (n: number) => (total === 0 ? null : n / total);
	const inPeriod = `${V} AND q.reported_at BETWEEN DATE '${from}' AND DATE '${to}' AND (${cond})`;

	const byTheme = (
		await db.all<{ code: string; zh: string; en: string; n: number }>(
			`SELECT q.theme AS code, t.label_zh AS zh, t.label_en AS en, count(*)::INTEGER AS n
			 FROM problems q LEFT JOIN themes t ON t.code = q.theme WHERE ${inPeriod}
			 GROUP BY q.theme, t.label_zh, t.label_en, t.sort_order ORDER BY n DESC, t.sort_order`
		)
	).map((r) => ({ code: r.code, labelZh: r.zh, labelEn: r.en, count: r.n, share: share(r.n) }));

	const byStatus = (
		await db.all<{ code: string; zh: string; en: string; type: string; n: number }>(
			`SELECT s.code, s.label_zh AS zh, s.label_en AS en, s.type, count(*)::INTEGER AS n
			 FROM statuses s JOIN problems q ON q.status = s.code WHERE ${inPeriod}
			 GROUP BY s.code, s.label_zh, s.label_en, s.type, s.sort_order ORDER BY s.sort_order`
		)
	).map((r) => ({
		code: r.code,
		labelZh: r.zh,
		labelEn: r.en,
		count: r.n,
		share: share(r.n),
		type: r.type
	}));

	const typeCount = (list: string) =>
		one(`SELECT count(*) AS n FROM problems q WHERE ${inPeriod} AND q.status IN ${list}`);
	const open = await typeCount(OPEN);
	const fixed = await typeCount(FIXED);
	const closed = await typeCount(CLOSED_IN_RATES);

	const communities = (
		await db.all<{ c: string }>(
			`SELECT q.community AS c FROM problems q WHERE ${inPeriod}
			 GROUP BY q.community ORDER BY count(*) DESC, q.community`
		)
	).map((r) => r.c);
	const coverage: string[][] = [];
	for (const community of communities) {
		const fields: string[] = [];
		for (const field of INPUTS)
			if (
				(await one(
					`SELECT count(*) AS n FROM problems q WHERE ${inPeriod}
					 AND q.community = '${community}' AND ${carried(field)}`
				)) > 0
			)
				fields.push(field);
		coverage.push(fields);
	}
	const cells = await db.all<{ community: string; theme: string; count: number }>(
		`SELECT q.community, q.theme, count(*)::INTEGER AS count FROM problems q WHERE ${inPeriod}
		 GROUP BY q.community, q.theme`
	);
	const themeOrder = byTheme.map((t) => t.code);
	cells.sort(
		(a, b) =>
			communities.indexOf(a.community) - communities.indexOf(b.community) ||
			themeOrder.indexOf(a.theme) - themeOrder.indexOf(b.theme)
	);

	const monthly = [];
	for (const w of monthsOf(from, to)) {
		const base = `${V} AND (${cond})`;
		monthly.push({
			month: w.month,
			created: await one(
				`SELECT count(*) AS n FROM problems q WHERE ${base}
				 AND q.reported_at BETWEEN DATE '${w.ws}' AND DATE '${w.we}'`
			),
			resolved: await one(
				`SELECT count(*) AS n FROM problems q WHERE ${base}
				 AND q.resolved_at BETWEEN DATE '${w.ws}' AND DATE '${w.we}'`
			),
			backlog: await one(
				`SELECT count(*) AS n FROM problems q WHERE ${base} AND q.reported_at <= DATE '${w.we}'
				 AND (q.resolved_at > DATE '${w.we}' OR (q.resolved_at IS NULL AND q.status IN ${OPEN}))`
			)
		});
	}

	const termCounts = async (column: string, kind: string, orderBy: string) =>
		(
			await db.all<{ code: string | null; zh: string | null; en: string | null; n: number }>(
				`SELECT q.${column} AS code, t.label_zh AS zh, t.label_en AS en, count(*)::INTEGER AS n
				 FROM problems q LEFT JOIN terms t ON t.kind = '${kind}' AND t.code = q.${column}
				 WHERE ${inPeriod} GROUP BY q.${column}, t.label_zh, t.label_en, t.sort_order
				 ORDER BY ${orderBy}`
			)
		).map((r) => ({
			code: r.code,
			labelZh: r.code === null ? '未填写' : r.zh,
			labelEn: r.code === null ? 'Not given' : r.en,
			count: r.n,
			share: share(r.n)
		}));

	const heatCounts = async (a: string, b: string) =>
		new Map(
			(
				await db.all<{ theme: string; n: number }>(
					`SELECT q.theme, count(*)::INTEGER AS n FROM problems q
					 WHERE ${V} AND q.reported_at BETWEEN DATE '${a}' AND DATE '${b}' AND (${cond})
					 GROUP BY q.theme`
				)
			).map((r) => [r.theme, r.n])
		);
	const heatNow = await heatCounts(from, to);
	const heatBefore = await heatCounts(prevFrom, prevTo);
	const themes = await db.all<{ code: string; zh: string; en: string; o: number }>(
		'SELECT code, label_zh AS zh, label_en AS en, sort_order AS o FROM themes ORDER BY sort_order'
	);
	// Theme heat: the change of each theme's share of V, in proportion points.
	const previousTotal = previous.total.value;
	const themeHeat = themes
		.filter((t) => heatNow.has(t.code) || heatBefore.has(t.code))
		.map((t) => {
			const cur = heatNow.get(t.code) ?? 0;
			const prev = heatBefore.get(t.code) ?? 0;
			const shareNow = total === 0 ? null : cur / total;
			const shareBefore = previousTotal === 0 ? null : prev / previousTotal;
			return {
				code: t.code,
				labelZh: t.zh,
				labelEn: t.en,
				count: cur,
				previousCount: prev,
				share: shareNow,
				previousShare: shareBefore,
				change: shareBefore === null ? null : (shareNow ?? 0) - shareBefore,
				countChange: prev === 0 ? null : cur / prev - 1
			};
		})
		.sort((a, b) => {
			if (a.change === null || b.change === null)
				return (a.change === null ? 1 : 0) - (b.change === null ? 1 : 0) || b.count - a.count;
			return b.change - a.change || b.count - a.count;
		});

	const ages = await db.all<{ bucket: number; n: number }>(
		`SELECT CASE WHEN DATE '${asOf}' - q.reported_at <= 30 THEN 0
				WHEN DATE '${asOf}' - q.reported_at <= 90 THEN 1
				WHEN DATE '${asOf}' - q.reported_at <= 180 THEN 2 ELSE 3 END AS bucket,
			count(*)::INTEGER AS n
		 FROM problems q WHERE q.status IN ${OPEN} AND q.reported_at <= DATE '${asOf}' AND (${cond})
		 GROUP BY bucket`
	);
	const age = (i: number) => ages.find((a) => a.bucket === i)?.n ?? 0;

	return {
		period,
		responseDays: T,
		kpis: { current, previous },
		coverage,
		excludedStatuses: ['duplicate', 'withdrawn'],
		excluded: await one(
			`SELECT count(*) AS n FROM problems q WHERE q.status IN ('duplicate', 'withdrawn')
			 AND q.reported_at BETWEEN DATE '${from}' AND DATE '${to}' AND (${cond})`
		),
		byTheme,
		byStatusType: [
			{ code: 'open', labelZh: '未办结', labelEn: 'Open', count: open, share: share(open) },
			{ code: 'fixed', labelZh: '已解决', labelEn: 'Fixed', count: fixed, share: share(fixed) },
			{ code: 'closed', labelZh: '已关闭', labelEn: 'Closed', count: closed, share: share(closed) }
		],
		byStatus,
		communityTheme: {
			communities,
			themes: byTheme.map(({ code, labelZh, labelEn }) => ({ code, labelZh, labelEn })),
			cells
		},
		monthly,
		byLevel: await termCounts('level', 'level', 't.sort_order NULLS LAST'),
		byReporterType: await termCounts(
			'reporter_type',
			'reporter_type',
			'q.reporter_type IS NULL, n DESC, t.sort_order'
		),
		themeHeat,
		openBottlenecks: await expectedOpenRows(cond, asOf, 'q.is_bottleneck', 100),
		backlogAge: {
			total: age(0) + age(1) + age(2) + age(3),
			buckets: [
				{ key: '0-30', minDays: 0, maxDays: 30, count: age(0) },
				{ key: '31-90', minDays: 31, maxDays: 90, count: age(1) },
				{ key: '91-180', minDays: 91, maxDays: 180, count: age(2) },
				{ key: '>180', minDays: 181, maxDays: null, count: age(3) }
			],
			oldest: (await expectedOpenRows(cond, asOf, 'true', 10)).rows
		}
	};
}

/**
 * Compares everything; the quantiles and the shares, computed two ways, to 9 digits; the fields
 * carried, on the fields figures need.
 */
function expectSame(actual: OverviewData, expected: Awaited<ReturnType<typeof expectedOverview>>) {
	for (const which of ['current', 'previous'] as const) {
		const a = actual.kpis[which].days;
		const e = expected.kpis[which].days;
		expect(a.n).toBe(e.n);
		for (const q of ['median', 'p90'] as const) {
			if (e[q] === null) expect(a[q]).toBeNull();
			else expect(a[q]).toBeCloseTo(e[q], 9);
		}
	}
	const inputs = (fields: readonly string[]) => INPUTS.filter((f) => fields.includes(f));
	const comparable = (d: {
		kpis: { current: Kpis; previous: Kpis };
		coverage: readonly (readonly string[])[];
		themeHeat: OverviewData['themeHeat'];
	}) => ({
		...d,
		kpis: {
			current: { ...d.kpis.current, days: null, supplied: inputs(d.kpis.current.supplied) },
			previous: { ...d.kpis.previous, days: null, supplied: inputs(d.kpis.previous.supplied) }
		},
		coverage: d.coverage.map(inputs),
		themeHeat: d.themeHeat.map((t) => ({
			...t,
			share: t.share?.toFixed(9),
			previousShare: t.previousShare?.toFixed(9),
			change: t.change?.toFixed(9),
			countChange: t.countChange?.toFixed(9)
		}))
	});
	expect(comparable(actual)).toEqual(comparable(expected));
	// Plain data: it survives JSON unchanged.
	expect(JSON.parse(JSON.stringify(actual))).toEqual(actual);
}

const filters = (f: Partial<Filters>): Filters => ({ ...EMPTY_FILTERS, ...f });

describe('loadOverviewData', () => {
	it('defaults to the twelve months ending at the ledger’s last day, and the year before', async () => {
		const [{ last }] = await db.all<{ last: string }>(
			`SELECT max(d)::VARCHAR AS last FROM (SELECT reported_at AS d FROM problems
			 UNION ALL SELECT resolved_at FROM problems)`
		);
		expect(last).toBe('2019-12-31');
		const data = await loadOverviewData(db, EMPTY_FILTERS, { scope: null, today: '2024-06-01' });
		expect(data.period).toEqual({
			from: '2019-01-01',
			to: '2019-12-31',
			prevFrom: '2018-01-01',
			prevTo: '2018-12-31',
			asOf: '2019-12-31'
		});
		expect(data.kpis.current.total.value).toBeGreaterThan(500);
		expect(data.kpis.previous.total.value).toBeGreaterThan(500);
		expectSame(data, await expectedOverview('true', data.period, 3));
	});

	it('narrows every figure to a community and a theme', async () => {
		const data = await loadOverviewData(
			db,
			filters({ communities: ['云南路社区'], themes: ['safety'] }),
			{ scope: null, today: '2024-06-01' }
		);
		expect(data.kpis.current.total.value).toBeGreaterThan(0);
		expect(data.byTheme.map((t) => t.code)).toEqual(['safety']);
		expect(data.communityTheme.communities).toEqual(['云南路社区']);
		expectSame(
			data,
			await expectedOverview("q.community = '云南路社区' AND q.theme = 'safety'", data.period, 3)
		);
	});

	it('takes an explicit period, as-of day, response threshold and more filters', async () => {
		const data = await loadOverviewData(
			db,
			filters({
				from: '2018-07-15',
				to: '2019-03-10',
				asOf: '2019-06-30',
				statusTypes: ['open', 'fixed'],
				levels: ['work', 'life'],
				q: '小区'
			}),
			{ scope: null, responseDays: 5, today: '2024-06-01' }
		);
		expect(data.period).toEqual({
			from: '2018-07-15',
			to: '2019-03-10',
			prevFrom: '2017-11-18',
			prevTo: '2018-07-14',
			asOf: '2019-06-30'
		});
		expect(data.monthly.map((m) => m.month)).toEqual([
			'2018-07',
			'2018-08',
			'2018-09',
			'2018-10',
			'2018-11',
			'2018-12',
			'2019-01',
			'2019-02',
			'2019-03'
		]);
		expect(data.kpis.current.total.value).toBeGreaterThan(0);
		expectSame(
			data,
			await expectedOverview(
				`q.status IN ${OPEN.slice(0, -1)}, 'resolved', 'verified')
				 AND q.level IN ('work', 'life')
				 AND (q.title LIKE '%小区%' OR q.description LIKE '%小区%' OR q.suggestion LIKE '%小区%')`,
				data.period,
				5
			)
		);
	});

	it('counts only bottlenecks and overdue problems when asked', async () => {
		const data = await loadOverviewData(db, filters({ bottleneck: true, overdue: true }), {
			scope: null,
			today: '2024-06-01'
		});
		expect(data.kpis.current.total.value).toBeGreaterThan(0);
		expectSame(
			data,
			await expectedOverview(
				`q.is_bottleneck AND q.status IN ${OPEN} AND q.deadline < DATE '2019-12-31'`,
				data.period,
				3
			)
		);
	});

	it('gives — for every rate and empty lists when nothing matches', async () => {
		const data = await loadOverviewData(db, filters({ communities: ['不存在的社区'] }), {
			scope: null,
			today: '2024-06-01'
		});
		expectSame(data, await expectedOverview("q.community = '不存在的社区'", data.period, 3));
		const k = data.kpis.current;
		expect(k.total.value).toBe(0);
		for (const r of [k.closure, k.fix, k.signOff, k.onTime, k.response, k.satisfaction, k.callback])
			expect(r).toMatchObject({ value: null, noData: false });
		expect(k.days).toMatchObject({ median: null, p90: null, n: 0 });
		expect(data.coverage).toEqual([]);
		expect(data.byTheme).toEqual([]);
		expect(data.byStatusType.map((t) => [t.count, t.share])).toEqual([
			[0, null],
			[0, null],
			[0, null]
		]);
		expect(data.monthly).toHaveLength(12);
		expect(data.monthly.every((m) => m.created === 0 && m.backlog === 0)).toBe(true);
		expect(data.openBottlenecks).toEqual({ total: 0, rows: [] });
		expect(data.backlogAge.total).toBe(0);
	});
});

describe('an edited statuses table', () => {
	it('gives every status its type and V membership from the table, as the join with it did', async () => {
		// stalled becomes closed and leaves V; referred is dropped from the table altogether.
		await db.all('CREATE TABLE statuses_saved AS SELECT * FROM statuses');
		try {
			await db.all("UPDATE statuses SET type = 'closed', in_rates = false WHERE code = 'stalled'");
			await db.all("DELETE FROM statuses WHERE code = 'referred'");
			const data = await loadOverviewData(db, EMPTY_FILTERS, { scope: null, today: '2024-06-01' });
			const { from, to, asOf } = data.period;
			const joined = (cond: string) =>
				one(
					`SELECT count(*) AS n FROM problems q JOIN statuses s ON s.code = q.status
					 WHERE q.reported_at BETWEEN DATE '${from}' AND DATE '${to}' AND (${cond})`
				);
			expect(await joined("q.status = 'referred'")).toBe(0);
			expect(
				await one("SELECT count(*) AS n FROM problems WHERE status = 'stalled'")
			).toBeGreaterThan(0);
			expect(
				await one("SELECT count(*) AS n FROM problems WHERE status = 'referred'")
			).toBeGreaterThan(0);

			expect(data.kpis.current.total.value).toBe(await joined('s.in_rates'));
			expect(data.excluded).toBe(await joined('NOT s.in_rates'));
			expect(data.byStatus.map((r) => r.code)).not.toContain('stalled');
			expect(data.byStatus.map((r) => r.code)).not.toContain('referred');
			for (const t of data.byStatusType)
				expect(t.count).toBe(await joined(`s.in_rates AND s.type = '${t.code}'`));
			expect(data.kpis.current.closure.num).toBe(
				await joined("s.in_rates AND s.type IN ('fixed', 'closed')")
			);
			expect(data.backlogAge.total).toBe(
				await one(
					`SELECT count(*) AS n FROM problems q JOIN statuses s ON s.code = q.status
					 WHERE s.type = 'open' AND q.reported_at <= DATE '${asOf}'`
				)
			);
			const filtered = await loadOverviewData(db, filters({ statusTypes: ['closed'] }), {
				scope: null,
				today: '2024-06-01'
			});
			expect(filtered.excluded).toBe(await joined("NOT s.in_rates AND s.type = 'closed'"));
		} finally {
			await db.all('DELETE FROM statuses');
			await db.all('INSERT INTO statuses SELECT * FROM statuses_saved');
			await db.all('DROP TABLE statuses_saved');
		}
	});
});

describe('the as-of day', () => {
	it('is today when the ledger runs past it, else the ledger’s last day', async () => {
		expect(await defaultAsOf(db, null, '2019-06-30')).toBe('2019-06-30');
		expect(await defaultAsOf(db, null, '2030-01-01')).toBe('2019-12-31');
	});
});
