// Every figure the compare page shows for two demo communities, against independent queries: plain
// SQL over problems JOIN statuses (no query compiler, no bound code lists), quartiles worked out in
// JavaScript, the ranking recomputed from those counts, and whether a problem's exports carried a
// field from the column mappings of its uploads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WEIGHTS, type CompareData } from '../../domain/compare-model';
import { RATE_IDS, wilson } from '../../domain/figures';
import { EMPTY_FILTERS, type Filters } from '../../domain/filters';
import { monthsOf } from '../../domain/period';
import { loadCompareData } from './compare-data';
import { sandbox, type Sandbox } from '../ingest/test-support';
import { seedDemo } from '../demo/seed-demo';

const FROM = '2019-01-01';
const TO = '2019-12-31';
const PREV_FROM = '2018-01-01';
const PREV_TO = '2018-12-31';
const AS_OF = '2019-12-31';
const CHOSEN = ['云南路社区', '寿张路社区'];
const T = 3;

let box: Sandbox;
let data: CompareData;
const filters: Filters = { ...EMPTY_FILTERS, from: FROM, to: TO, asOf: AS_OF, communities: CHOSEN };

beforeAll(async () => {
	box = await sandbox();
	await seedDemo(box.db, box.options);
	data = await loadCompareData(
		box.db,
		filters,
		{ weights: DEFAULT_WEIGHTS, minCount: 10 },
		{ scope: null, responseDays: T }
	);
}, 120_000);
afterAll(async () => box.dispose());

/** V of one unit ('' = every unit) in a period, as plain SQL over the statuses join. */
function vOf(unit: string, from = FROM, to = TO): { sql: string; params: string[] } {
	return {
		sql: `FROM problems p JOIN statuses st ON st.code = p.status
			WHERE st.in_rates AND p.reported_at BETWEEN $1::DATE AND $2::DATE AND ($3 = '' OR p.community = $3)`,
		params: [from, to, unit]
	};
}

/**
 * Problem p's exports carried `field`: a value, or the column in its first or last upload; a
 * 受理时间 only by its column (a stored one may be derived from the status history).
 */
const carried = (field: string) =>
	`(${field === 'acknowledged_at' ? 'false' : `p.${field} IS NOT NULL`} OR EXISTS (SELECT 1 FROM uploads u
		WHERE u.id IN (p.first_upload_id, p.last_upload_id)
			AND json_extract_string(u.column_mapping, '$.${field}') IS NOT NULL))`;

async function independentKpis(unit: string, from = FROM, to = TO) {
	const v = vOf(unit, from, to);
	type Row = Record<
		| 'total'
		| 'done'
		| 'fixed'
		| 'closed'
		| 'verified'
		| 'on_time'
		| 'due'
		| 'overdue'
		| 'responded'
		| 'acknowledging'
		| 'satisfied'
		| 'surveyed'
		| 'callback_yes'
		| 'callback_given'
		| 'callback_carried',
		number
	>;
	const [row] = await box.db.all<Row>(
		`SELECT count(*)::INTEGER AS total,
			count(*) FILTER (WHERE st.type IN ('fixed', 'closed'))::INTEGER AS done,
			count(*) FILTER (WHERE st.type = 'fixed')::INTEGER AS fixed,
			count(*) FILTER (WHERE st.type = 'closed')::INTEGER AS closed,
			count(*) FILTER (WHERE p.status = 'verified')::INTEGER AS verified,
			count(*) FILTER (WHERE st.type <> 'open' AND p.resolved_at <= p.deadline AND p.deadline <= DATE '${AS_OF}')::INTEGER AS on_time,
			count(*) FILTER (WHERE p.deadline <= DATE '${AS_OF}' AND ${carried('resolved_at')})::INTEGER AS due,
			count(*) FILTER (WHERE st.type = 'open' AND p.deadline < DATE '${AS_OF}')::INTEGER AS overdue,
			count(*) FILTER (WHERE date_diff('day', p.reported_at, p.acknowledged_at) <= ${T})::INTEGER AS responded,
			count(*) FILTER (WHERE ${carried('acknowledged_at')})::INTEGER AS acknowledging,
			count(*) FILTER (WHERE p.satisfaction IN ('very_satisfied', 'satisfied', 'basic'))::INTEGER AS satisfied,
			count(p.satisfaction)::INTEGER AS surveyed,
			count(*) FILTER (WHERE p.callback_resolved)::INTEGER AS callback_yes,
			count(p.callback_resolved)::INTEGER AS callback_given,
			count(*) FILTER (WHERE ${carried('callback_resolved')})::INTEGER AS callback_carried
		 ${v.sql}`,
		v.params
	);
	const days = (
		await box.db.all<{ d: number }>(
			`SELECT date_diff('day', p.reported_at, p.resolved_at)::INTEGER AS d ${v.sql}
			 AND st.type <> 'open' AND p.resolved_at IS NOT NULL ORDER BY d`,
			v.params
		)
	).map((r) => r.d);
	return { ...row, days };
}

/** Linear-interpolation quantile of sorted values (what quantile_cont computes). */
function quantile(sorted: number[], q: number): number {
	const pos = (sorted.length - 1) * q;
	const lo = Math.floor(pos);
	const hi = Math.ceil(pos);
	return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

describe('compare figures equal independent queries', () => {
	it('uses the period asked for and the previous one of equal length', () => {
		expect(data.period).toEqual({
			from: FROM,
			to: TO,
			prevFrom: PREV_FROM,
			prevTo: PREV_TO,
			asOf: AS_OF
		});
		expect(data.units.map((u) => u.unit)).toEqual(CHOSEN);
	});

	it.each([...CHOSEN, ''])('KPIs, intervals and days of %s', async (unit) => {
		const figures = unit === '' ? data.street : data.units.find((u) => u.unit === unit)!;
		const k = await independentKpis(unit);
		const { kpis } = figures;
		expect(kpis.total.value).toBe(k.total);
		expect([kpis.closure.num, kpis.closure.den]).toEqual([k.done, k.total]);
		expect([kpis.fix.num, kpis.fix.den]).toEqual([k.fixed, k.total - k.closed]);
		expect([kpis.signOff.num, kpis.signOff.den]).toEqual([k.verified, k.total]);
		expect([kpis.onTime.num, kpis.onTime.den]).toEqual([k.on_time, k.due]);
		expect(kpis.overdue.value).toBe(k.overdue);
		// 响应率 over the problems whose exports carry 受理时间; "no data" where none does.
		expect(kpis.response.noData).toBe(k.acknowledging === 0);
		expect([kpis.response.num, kpis.response.den]).toEqual(
			k.acknowledging === 0 ? [0, 0] : [k.responded, k.acknowledging]
		);
		expect([kpis.satisfaction.num, kpis.satisfaction.den]).toEqual([k.satisfied, k.surveyed]);
		expect([kpis.callback.num, kpis.callback.den]).toEqual([k.callback_yes, k.callback_given]);
		// 回访率: no demo export carries 回访结果, so it is 无数据, not 0 of V.
		expect(kpis.callbackRate.noData).toBe(k.callback_carried === 0);
		expect([kpis.callbackRate.num, kpis.callbackRate.den]).toEqual(
			k.callback_carried === 0 ? [0, 0] : [k.callback_given, k.total]
		);
		expect(k.total).toBeGreaterThan(20); // the test would prove little on an empty unit
		for (const key of RATE_IDS) {
			const r = kpis[key];
			expect(figures.intervals[key]).toEqual(wilson(r.num, r.den));
		}
		const days = k.days;
		expect(figures.daysToResolve).toEqual({
			n: days.length,
			min: days[0],
			q1: quantile(days, 0.25),
			median: quantile(days, 0.5),
			q3: quantile(days, 0.75),
			max: days[days.length - 1]
		});
		expect(kpis.days.median).toBeCloseTo(quantile(days, 0.5), 9);
		expect(kpis.days.p90).toBeCloseTo(quantile(days, 0.9), 9);
	});

	it('marks exactly the rates whose interval lies below the street value', () => {
		for (const unit of data.units) {
			const expected = RATE_IDS.filter((key) => {
				const street = data.street.kpis[key].value;
				const interval = unit.intervals[key];
				return street !== null && interval !== null && interval.high < street;
			});
			expect(unit.belowStreet).toEqual(expected);
		}
	});

	it.each(CHOSEN)('theme, status and status-type mixes of %s', async (unit) => {
		const figures = data.units.find((u) => u.unit === unit)!;
		const v = vOf(unit);
		const themes = await box.db.all<{ theme: string; n: number }>(
			`SELECT p.theme, count(*)::INTEGER AS n ${v.sql} GROUP BY 1`,
			v.params
		);
		const byTheme = Object.fromEntries(themes.map((t) => [t.theme, t.n]));
		for (const mix of figures.themeMix) {
			expect(mix.count).toBe(byTheme[mix.code] ?? 0);
			expect(mix.share).toBeCloseTo((byTheme[mix.code] ?? 0) / figures.kpis.total.value, 12);
		}
		expect(figures.themeMix.reduce((s, t) => s + (t.share ?? 0), 0)).toBeCloseTo(1, 12);

		// V, like 问题总数: the mixes add up to it.
		const statuses = await box.db.all<{ status: string; type: string; n: number }>(
			`SELECT p.status, st.type, count(*)::INTEGER AS n ${v.sql} GROUP BY ALL`,
			v.params
		);
		const all = statuses.reduce((s, r) => s + r.n, 0);
		expect(all).toBe(figures.kpis.total.value);
		expect(figures.statusMix.reduce((s, m) => s + m.count, 0)).toBe(all);
		for (const mix of figures.statusMix) {
			expect(mix.count).toBe(statuses.find((r) => r.status === mix.code)?.n ?? 0);
		}
		for (const mix of figures.statusTypeMix) {
			const n = statuses.filter((r) => r.type === mix.code).reduce((s, r) => s + r.n, 0);
			expect([mix.count, mix.share]).toEqual([n, n / all]);
		}
	});

	it.each(CHOSEN)('backlog age and the monthly trend of %s', async (unit) => {
		const figures = data.units.find((u) => u.unit === unit)!;
		const [age] = await box.db.all<Record<string, number>>(
			`SELECT count(*) FILTER (WHERE a <= 30)::INTEGER AS b0, count(*) FILTER (WHERE a BETWEEN 31 AND 90)::INTEGER AS b1,
				count(*) FILTER (WHERE a BETWEEN 91 AND 180)::INTEGER AS b2, count(*) FILTER (WHERE a > 180)::INTEGER AS b3
			 FROM (SELECT date_diff('day', p.reported_at, DATE '${AS_OF}') AS a FROM problems p JOIN statuses st ON st.code = p.status
				WHERE st.type = 'open' AND p.community = $1 AND p.reported_at <= DATE '${AS_OF}')`,
			[unit]
		);
		expect(figures.backlog.map((b) => b.count)).toEqual([age.b0, age.b1, age.b2, age.b3]);

		const created = await box.db.all<{ m: string; n: number }>(
			`SELECT strftime(p.reported_at, '%Y-%m') AS m, count(*)::INTEGER AS n FROM problems p JOIN statuses st ON st.code = p.status
			 WHERE st.in_rates AND p.community = $1 AND p.reported_at BETWEEN $2::DATE AND $3::DATE GROUP BY 1`,
			[unit, FROM, TO]
		);
		const resolved = await box.db.all<{ m: string; n: number }>(
			`SELECT strftime(p.resolved_at, '%Y-%m') AS m, count(*)::INTEGER AS n FROM problems p JOIN statuses st ON st.code = p.status
			 WHERE st.in_rates AND p.community = $1 AND p.resolved_at BETWEEN $2::DATE AND $3::DATE GROUP BY 1`,
			[unit, FROM, TO]
		);
		expect(figures.monthly).toEqual(
			monthsOf(FROM, TO).map((m) => ({
				month: m,
				created: created.find((r) => r.m === m)?.n ?? 0,
				resolved: resolved.find((r) => r.m === m)?.n ?? 0
			}))
		);
		expect(figures.monthly).toHaveLength(12);
	});

	it('ranks every unit by the weighted score of its own rates, and the previous period alike', async () => {
		const units = await box.db.all<{ community: string }>(
			'SELECT DISTINCT community FROM problems ORDER BY 1'
		);
		expect(data.ranking.map((r) => r.unit).sort()).toEqual(units.map((u) => u.community).sort());
		const scoreOf = async (unit: string, from: string, to: string) => {
			const k = await independentKpis(unit, from, to);
			const parts = [
				[DEFAULT_WEIGHTS.closure, k.done, k.total],
				[DEFAULT_WEIGHTS.onTime, k.on_time, k.due],
				[DEFAULT_WEIGHTS.response, k.responded, k.acknowledging],
				[DEFAULT_WEIGHTS.satisfaction, k.satisfied, k.surveyed]
			].filter(([, , den]) => den > 0);
			const weight = parts.reduce((s, [w]) => s + w, 0);
			return {
				total: k.total,
				score: (100 * parts.reduce((s, [w, n, d]) => s + (w * n) / d, 0)) / weight
			};
		};
		const order = async (from: string, to: string) => {
			const scored = await Promise.all(
				units.map(async (u) => ({ unit: u.community, ...(await scoreOf(u.community, from, to)) }))
			);
			return scored.filter((s) => s.total >= 10).sort((a, b) => b.score - a.score);
		};
		const now = await order(FROM, TO);
		const before = await order(PREV_FROM, PREV_TO);
		for (const row of data.ranking) {
			const mine = now.find((s) => s.unit === row.unit)!;
			expect(row.score).toBeCloseTo(mine.score, 9);
			expect(row.rank).toBe(now.indexOf(mine) + 1); // the demo scores have no ties
			const earlier = before.findIndex((s) => s.unit === row.unit);
			expect(row.previousRank).toBe(earlier + 1);
			expect(row.rankChange).toBe(earlier + 1 - row.rank!);
		}
	});

	it('names the themes whose street-wide share rose most', async () => {
		const shares = async (from: string, to: string) => {
			const v = vOf('', from, to);
			const rows = await box.db.all<{ theme: string; n: number }>(
				`SELECT p.theme, count(*)::INTEGER AS n ${v.sql} GROUP BY 1`,
				v.params
			);
			const total = rows.reduce((s, r) => s + r.n, 0);
			return new Map(rows.map((r) => [r.theme, r.n / total]));
		};
		const now = await shares(FROM, TO);
		const before = await shares(PREV_FROM, PREV_TO);
		const rising = [...now]
			.map(([theme, share]) => ({ theme, change: share - (before.get(theme) ?? 0) }))
			.filter((t) => t.change > 0)
			.sort((a, b) => b.change - a.change)
			.slice(0, 3);
		expect(data.themeFocus.street.map((s) => s.code)).toEqual(rising.map((t) => t.theme));
		data.themeFocus.street.forEach((s, i) => expect(s.change).toBeCloseTo(rising[i].change, 12));
	});

	it('applies the other filters but never the community filter to the ranking', async () => {
		const safety = await loadCompareData(
			box.db,
			{ ...filters, themes: ['safety'] },
			{ weights: DEFAULT_WEIGHTS, minCount: 0 },
			{ scope: null, responseDays: T }
		);
		const rows = await box.db.all<{ community: string; n: number }>(
			`SELECT p.community, count(*)::INTEGER AS n FROM problems p JOIN statuses st ON st.code = p.status
			 WHERE st.in_rates AND p.theme = 'safety' AND p.reported_at BETWEEN $1::DATE AND $2::DATE GROUP BY 1`,
			[FROM, TO]
		);
		expect(safety.street.kpis.total.value).toBe(rows.reduce((s, r) => s + r.n, 0));
		for (const r of rows) {
			expect(safety.ranking.find((x) => x.unit === r.community)?.kpis.total.value).toBe(r.n);
		}
		expect(safety.units[0].kpis.total.value).toBe(rows.find((r) => r.community === CHOSEN[0])?.n);
	});
});
