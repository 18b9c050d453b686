// The report's figures and every number of its summary paragraph and weekly brief, against
// independent queries on the demo data: plain SQL over problems JOIN statuses (no query compiler, no
// bound code lists), so a wrong filter, period or formula in the product shows up here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, type Filters } from '../../domain/filters';
import { percentText, summaryParagraph, weeklyBrief } from '../../domain/report-text';
import { sandbox, type Sandbox } from '../ingest/test-support';
import { seedDemo } from '../demo/seed-demo';
import type { ReportData } from '../../domain/report-model';
import { loadReportData, reportTextInput, weekEnding } from './report-data';

const FROM = '2019-01-01';
const TO = '2019-12-31';
const PREV_FROM = '2018-01-01';
const PREV_TO = '2018-12-31';
const AS_OF = '2019-12-31';

let box: Sandbox;
let data: ReportData;
const filters: Filters = { ...EMPTY_FILTERS, from: FROM, to: TO, asOf: AS_OF };

beforeAll(async () => {
	box = await sandbox();
	await seedDemo(box.db, box.options);
	data = await loadReportData(box.db, filters, { scope: null });
}, 120_000);
afterAll(async () => box.dispose());

const V = `FROM problems p JOIN statuses st ON st.code = p.status WHERE st.in_rates`;

async function one(sql: string, params: (string | number)[] = []): Promise<number> {
	const [row] = await box.db.all<{ n: number }>(sql, params);
	return row.n;
}

/** Independent figures of a period [from, to] with the previous one, for one community or all. */
async function independent(from: string, to: string, prevFrom: string, prevTo: string, unit = '') {
	const inUnit = `($3 = '' OR p.community = $3)`;
	const range = `p.reported_at BETWEEN $1::DATE AND $2::DATE AND ${inUnit}`;
	const total = await one(`SELECT count(*)::INTEGER AS n ${V} AND ${range}`, [from, to, unit]);
	const previousTotal = await one(`SELECT count(*)::INTEGER AS n ${V} AND ${range}`, [
		prevFrom,
		prevTo,
		unit
	]);
	const done = (f: string, t: string) =>
		one(`SELECT count(*)::INTEGER AS n ${V} AND ${range} AND st.type IN ('fixed', 'closed')`, [
			f,
			t,
			unit
		]);
	const themes = await box.db.all<{ label: string; n: number }>(
		`SELECT th.label_zh AS label, count(*)::INTEGER AS n ${V.replace('WHERE', 'JOIN themes th ON th.code = p.theme WHERE')}
		 AND ${range} GROUP BY th.label_zh, th.sort_order ORDER BY n DESC, th.sort_order`,
		[from, to, unit]
	);
	const heat = await box.db.all<{ label: string; cur: number; prev: number }>(
		`SELECT th.label_zh AS label,
			count(*) FILTER (WHERE p.reported_at BETWEEN $1::DATE AND $2::DATE)::INTEGER AS cur,
			count(*) FILTER (WHERE p.reported_at BETWEEN $4::DATE AND $5::DATE)::INTEGER AS prev
		 ${V.replace('WHERE', 'JOIN themes th ON th.code = p.theme WHERE')} AND ${inUnit}
		 GROUP BY th.label_zh`,
		[from, to, unit, prevFrom, prevTo]
	);
	const overdue = await box.db.all<{ unit: string | null; n: number; maxDays: number }>(
		`SELECT p.responsible_unit AS unit, count(*)::INTEGER AS n,
			max(DATE '${to}' - p.deadline)::INTEGER AS "maxDays"
		 ${V} AND ${range} AND st.type = 'open' AND p.deadline < DATE '${to}'
		 GROUP BY 1 ORDER BY n DESC, "maxDays" DESC, unit NULLS LAST`,
		[from, to, unit]
	);
	const bottlenecks = await one(
		`SELECT count(*)::INTEGER AS n FROM problems p JOIN statuses st ON st.code = p.status
		 WHERE st.type = 'open' AND p.is_bottleneck AND p.reported_at <= DATE '${to}' AND ($1 = '' OR p.community = $1)`,
		[unit]
	);
	const stalled = await box.db.all<{ n: number; oldest: number | null }>(
		`SELECT count(*)::INTEGER AS n, max(DATE '${to}' - p.reported_at)::INTEGER AS oldest
		 FROM problems p WHERE p.status = 'stalled' AND p.reported_at <= DATE '${to}'
			AND ($1 = '' OR p.community = $1)`,
		[unit]
	);
	return {
		total,
		previousTotal,
		done: await done(from, to),
		previousDone: await done(prevFrom, prevTo),
		themes,
		heat,
		overdue,
		bottlenecks,
		stalled: stalled[0]
	};
}

/** Every number of a text, in order (dates count as three numbers each). */
const numbersIn = (text: string): string[] => text.match(/\d+(?:\.\d+)?/g) ?? [];
const dateNumbers = (iso: string): string[] => iso.split('-').map((p) => String(p));

/** The numbers the templates write, in order, worked out from independent figures. */
function expectedNumbers(f: Awaited<ReturnType<typeof independent>>, from: string, to: string) {
	const out: string[] = [...dateNumbers(from), ...dateNumbers(to)];
	out.push(String(f.total), String(f.previousTotal));
	out.push(percentText(f.total / f.previousTotal - 1));
	for (const t of f.themes.slice(0, 3)) out.push(String(t.n), percentText(t.n / f.total));
	const closure = f.done / f.total;
	const previousClosure = f.done / f.total - f.previousDone / f.previousTotal;
	out.push(String(f.done), percentText(closure));
	const points = Math.round(Math.abs(previousClosure) * 1000) / 10;
	out.push(String(points));
	const overdueTotal = f.overdue.reduce((s, u) => s + u.n, 0);
	const named = f.overdue.filter((u) => u.unit !== null);
	if (overdueTotal) out.push(String(overdueTotal));
	if (named.length) {
		out.push(String(named.length), ...numbersIn(named[0].unit!), String(named[0].n));
	}
	const unnamed = overdueTotal - named.reduce((s, u) => s + u.n, 0);
	if (unnamed) out.push(String(unnamed));
	// Theme heat: the largest rise of a theme's share of V, in points (0.1 个百分点 at least).
	const rising = f.heat
		.map((h) => ({ ...h, change: h.cur / f.total - h.prev / f.previousTotal }))
		.filter((h) => h.change > 0)
		.sort((a, b) => b.change - a.change || b.cur - a.cur);
	if (rising.length && Math.round(rising[0].change * 1000) > 0) {
		const r = rising[0];
		const points = Math.round(r.change * 1000) / 10;
		out.push(String(r.cur), percentText(r.cur / f.total), String(points));
	}
	if (f.bottlenecks) out.push(String(f.bottlenecks));
	if (f.stalled.n) out.push(String(f.stalled.n), String(f.stalled.oldest));
	return out;
}

describe('the report of 2019 on the demo data', () => {
	it('shows the KPIs of the period and the previous one', async () => {
		const f = await independent(FROM, TO, PREV_FROM, PREV_TO);
		expect(data.overview.period).toMatchObject({ from: FROM, to: TO, prevFrom: PREV_FROM });
		expect(data.overview.kpis.current.total.value).toBe(f.total);
		expect(data.overview.kpis.previous.total.value).toBe(f.previousTotal);
		expect(data.overview.kpis.current.closure.num).toBe(f.done);
	});

	it('groups the overdue problems by responsible unit, summing to the KPI', async () => {
		const f = await independent(FROM, TO, PREV_FROM, PREV_TO);
		expect(f.overdue.length).toBeGreaterThan(1);
		expect(data.overdue.units.map((u) => [u.unit, u.count, u.maxDaysOverdue])).toEqual(
			f.overdue.map((u) => [u.unit, u.n, u.maxDays])
		);
		expect(data.overdue.total).toBe(data.overview.kpis.current.overdue.value);
		for (const u of data.overdue.units) {
			expect(u.problems.length).toBe(Math.min(3, u.count));
			expect(u.problems[0].daysOverdue).toBe(u.maxDaysOverdue);
		}
	});

	it('lists the five stalled problems that have waited longest', async () => {
		const rows = await box.db.all<{ id: string; age: number }>(
			`SELECT p.problem_id AS id, (DATE '${AS_OF}' - p.reported_at)::INTEGER AS age
			 FROM problems p WHERE p.status = 'stalled' AND p.reported_at <= DATE '${AS_OF}'
			 ORDER BY p.reported_at, p.community, p.problem_id LIMIT 5`
		);
		expect(rows.length).toBe(5);
		expect(data.stalled.rows.map((r) => [r.problemId, r.ageDays])).toEqual(
			rows.map((r) => [r.id, r.age])
		);
		expect(data.stalled.rows.every((r) => r.statusLabelZh === '搁浅')).toBe(true);
	});

	it('writes a summary paragraph whose every number is the independent figure', async () => {
		const f = await independent(FROM, TO, PREV_FROM, PREV_TO);
		const text = summaryParagraph(reportTextInput(data));
		expect(numbersIn(text)).toEqual(expectedNumbers(f, FROM, TO));
		expect(text).toContain(`本期（${FROM} 至 ${TO}）共收集问题 ${f.total} 个`);
		const direction = f.total > f.previousTotal ? '增加' : '减少';
		expect(text).toContain(`较上期（${f.previousTotal} 个）${direction}`);
		expect(text).toContain(`${f.themes[0].label}类问题最多（${f.themes[0].n} 个`);
		expect(text).toContain(`其次是${f.themes[1].label}（${f.themes[1].n} 个`);
	});

	it('scopes the summary to a community', async () => {
		const unit = '云南路社区';
		const scoped = await loadReportData(box.db, filters, { scope: [unit] });
		const f = await independent(FROM, TO, PREV_FROM, PREV_TO, unit);
		const text = summaryParagraph(reportTextInput(scoped));
		expect(scoped.overview.kpis.current.total.value).toBe(f.total);
		expect(numbersIn(text)).toEqual(expectedNumbers(f, FROM, TO));
	});
});

describe('the weekly brief', () => {
	it('covers the seven days to the as-of date, with the same figures as plain text', async () => {
		const week = weekEnding(AS_OF);
		expect(week).toEqual({ from: '2019-12-25', to: AS_OF });
		const brief = await loadReportData(
			box.db,
			{ ...EMPTY_FILTERS, ...week, asOf: AS_OF },
			{ scope: null }
		);
		const total = await one(
			`SELECT count(*)::INTEGER AS n ${V} AND p.reported_at BETWEEN DATE '2019-12-25' AND DATE '${AS_OF}'`
		);
		const previous = await one(
			`SELECT count(*)::INTEGER AS n ${V} AND p.reported_at BETWEEN DATE '2019-12-18' AND DATE '2019-12-24'`
		);
		const text = weeklyBrief(reportTextInput(brief), '问题台账周报');
		const lines = text.trimEnd().split('\n');
		expect(lines[0]).toBe(`【问题台账周报】2019-12-25 至 ${AS_OF}`);
		expect(lines[1]).toMatch(new RegExp(`^本周（2019-12-25 至 ${AS_OF}）`));
		if (total > 0) expect(lines[1]).toContain(`共收集问题 ${total} 个`);
		if (total > 0 && previous > 0) expect(lines[1]).toContain(`较上周（${previous} 个）`);
		expect(text).not.toMatch(/<|>|undefined|NaN|null/);
	});
});
