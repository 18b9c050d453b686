// No data is not zero: three units whose exports differ in which columns they carry. A rate whose
// field a unit never supplied is "no data" for it (not 0 %), leaves its composite score with its
// weight, and the street's figure counts only the problems that carried the field and says how
// many units did. A field present but empty on a row still counts against the rate. Every figure
// is checked against SQL written here over the files' own rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WEIGHTS, type CompareData } from '../../domain/compare-model';
import { figureById, figureCoverage } from '../../domain/figures';
import { EMPTY_FILTERS, type Filters } from '../../domain/filters';
import type { OverviewData } from '../../domain/overview-model';
import { loadOverviewData } from '../dashboard/overview-data';
import { ingestFile } from '../ingest/pipeline';
import { sandbox, type Sandbox } from '../ingest/test-support';
import { loadCompareData } from './compare-data';

// 甲: every column. 乙: neither 受理时间 nor 满意度. 丙: 受理时间 (one cell empty), no 满意度.
const FILES = {
	'jia.csv': [
		'编号,社区,问题描述,提出时间,受理时间,整改时限,状态,完成时间,满意度',
		'J1,甲社区,路灯坏了,2019-03-01,2019-03-02,2019-04-01,已整改,2019-03-20,满意',
		'J2,甲社区,井盖缺失,2019-03-05,2019-03-20,2019-04-05,已整改,2019-04-10,不满意',
		'J3,甲社区,楼道堆物,2019-04-01,2019-04-03,2019-05-01,整改中,,',
		'J4,甲社区,停车难,2019-05-01,2019-05-02,2019-06-01,已整改,2019-05-15,非常满意'
	],
	'yi.csv': [
		'编号,社区,问题描述,提出时间,整改时限,状态,完成时间',
		'Y1,乙社区,绿化缺损,2019-03-10,2019-04-10,已整改,2019-03-30',
		'Y2,乙社区,噪音扰民,2019-04-11,2019-05-11,已整改,2019-05-01',
		'Y3,乙社区,违章搭建,2019-05-12,2019-06-12,整改中,',
		'Y4,乙社区,垃圾清运,2019-06-01,2019-07-01,已整改,2019-06-20'
	],
	'bing.csv': [
		'编号,社区,问题描述,提出时间,受理时间,整改时限,状态,完成时间',
		'B1,丙社区,电梯故障,2019-03-03,2019-03-04,2019-04-03,已整改,2019-03-25',
		'B2,丙社区,屋顶漏水,2019-04-04,,2019-05-04,已整改,2019-04-28',
		'B3,丙社区,消防通道,2019-05-05,2019-05-15,2019-06-05,整改中,'
	]
};
const UNITS = ['甲社区', '乙社区', '丙社区'];
const T = 3;

let box: Sandbox;
let overview: OverviewData;
let compare: CompareData;
const filters: Filters = {
	...EMPTY_FILTERS,
	from: '2019-01-01',
	to: '2019-12-31',
	asOf: '2019-12-31',
	communities: UNITS
};

beforeAll(async () => {
	box = await sandbox();
	for (const [name, lines] of Object.entries(FILES)) {
		const result = await ingestFile(box.db, box.file(name, lines.join('\n') + '\n'), box.options);
		expect(result.outcome).toBe('committed');
	}
	overview = await loadOverviewData(
		box.db,
		{ ...filters, communities: [] },
		{ scope: null, responseDays: T }
	);
	compare = await loadCompareData(
		box.db,
		filters,
		{ weights: DEFAULT_WEIGHTS, minCount: 1 },
		{ scope: null, responseDays: T }
	);
}, 60_000);
afterAll(async () => box.dispose());

/** One number from SQL over the stored rows. */
async function one(sql: string): Promise<number> {
	const [row] = await box.db.all<{ n: number }>(sql);
	return Number(row.n);
}

const unitOf = (unit: string) => compare.units.find((u) => u.unit === unit)!;

describe('a unit whose exports never carried a rate’s field', () => {
	it('has "no data" for that rate, not 0 %', () => {
		const yi = unitOf('乙社区').kpis;
		expect(yi.response).toMatchObject({ value: null, num: 0, den: 0, noData: true });
		expect(yi.satisfaction).toMatchObject({ value: null, noData: true });
		// What it does carry still counts: 3 of 4 done.
		expect(yi.closure).toMatchObject({ num: 3, den: 4, noData: false });
		expect(unitOf('丙社区').kpis.satisfaction.noData).toBe(true);
		expect(unitOf('丙社区').kpis.response.noData).toBe(false);
	});

	it('counts an empty cell of a column it carries against the rate', async () => {
		// 丙: B1 acknowledged in 1 day, B2's 受理时间 empty, B3 in 10 days: 1 of 3.
		const bing = unitOf('丙社区').kpis.response;
		const within = await one(
			`SELECT count(*) AS n FROM problems WHERE community = '丙社区'
			 AND acknowledged_at - reported_at <= ${T}`
		);
		expect([bing.num, bing.den]).toEqual([within, 3]);
		expect(bing.value).toBeCloseTo(1 / 3, 12);
	});

	it('leaves the composite score with the rate and its weight', () => {
		for (const unit of UNITS) {
			const row = compare.ranking.find((r) => r.unit === unit)!;
			// Σ w·rate ÷ Σ w over the weighted rates that have a value, by hand.
			const parts = (['closure', 'onTime', 'response', 'satisfaction'] as const)
				.map((id) => [DEFAULT_WEIGHTS[id], row.kpis[id].value] as const)
				.filter(([w, v]) => w > 0 && v !== null) as [number, number][];
			const weight = parts.reduce((s, [w]) => s + w, 0);
			expect(row.score).toBeCloseTo((100 * parts.reduce((s, [w, v]) => s + w * v, 0)) / weight, 9);
		}
		const yi = compare.ranking.find((r) => r.unit === '乙社区')!;
		// Only closure and on-time are left for 乙: response and satisfaction drop out, weights too.
		expect(yi.kpis.onTime.value).not.toBeNull();
		const byHand = (100 * (30 * yi.kpis.closure.value! + 30 * yi.kpis.onTime.value!)) / (30 + 30);
		expect(yi.score).toBeCloseTo(byHand, 9);
	});
});

describe('the street', () => {
	it('counts only the problems whose exports carried the field', async () => {
		const response = overview.kpis.current.response;
		const carried = await one(
			"SELECT count(*) AS n FROM problems WHERE community IN ('甲社区', '丙社区')"
		);
		const within = await one(
			`SELECT count(*) AS n FROM problems WHERE acknowledged_at - reported_at <= ${T}`
		);
		expect([response.num, response.den]).toEqual([within, carried]);
		expect(response.noData).toBe(false);
		expect(compare.street.kpis.response).toMatchObject({ num: within, den: carried });
		const satisfaction = overview.kpis.current.satisfaction;
		const rated = await one('SELECT count(satisfaction) AS n FROM problems');
		expect(satisfaction.den).toBe(rated);
	});

	it('says how many units provide the field', () => {
		for (const coverage of [overview.coverage, compare.coverage]) {
			expect(coverage).toHaveLength(3);
			expect(figureCoverage(figureById('response'), coverage)).toEqual({ supplied: 2, units: 3 });
			expect(figureCoverage(figureById('satisfaction'), coverage)).toEqual({
				supplied: 1,
				units: 3
			});
			expect(figureCoverage(figureById('closure'), coverage)).toBeNull();
		}
	});
});
