import { expect, test } from 'vitest';
import type { RankingRow } from '$lib/domain/compare-model';
import { computeKpis, EMPTY_KPI_INPUT } from '$lib/domain/figures';
import { nextSort, parseSort, sortRanking } from './ranking-sort';

/** A unit of closure[1] problems, closure[0] of them done. */
function row(unit: string, rank: number | null, score: number | null, closure: [number, number]) {
	const kpis = computeKpis({
		...EMPTY_KPI_INPUT,
		counts: { ...EMPTY_KPI_INPUT.counts, valid: closure[1], fixed: closure[0] }
	});
	return { unit, kpis, score, rank, previousRank: null, rankChange: null } satisfies RankingRow;
}

// The server's order: by rank, then the unranked.
const rows = [
	row('寿张路社区', 1, 90, [240, 300]),
	row('云南路社区', 2, 80, [9, 10]),
	row('广州路社区', 2, 80, [0, 0]),
	row('党政办公室', null, 100, [8, 8]),
	row('新华路社区', null, null, [0, 0])
];
const units = (list: RankingRow[]) => list.map((r) => r.unit);

test('without a sort the server’s order stays, ranked before unranked', () => {
	const { ranked, unranked } = sortRanking(rows, null);
	expect(units(ranked)).toEqual(['寿张路社区', '云南路社区', '广州路社区']);
	expect(units(unranked)).toEqual(['党政办公室', '新华路社区']);
});

test('a rate column sorts by value with empty rates last either way; unranked stay apart', () => {
	const desc = sortRanking(rows, { key: 'closure', dir: 'desc' });
	expect(units(desc.ranked)).toEqual(['云南路社区', '寿张路社区', '广州路社区']);
	expect(units(desc.unranked)).toEqual(['党政办公室', '新华路社区']);
	const asc = sortRanking(rows, { key: 'closure', dir: 'asc' });
	expect(units(asc.ranked)).toEqual(['寿张路社区', '云南路社区', '广州路社区']);
	expect(units(sortRanking(rows, { key: 'total', dir: 'asc' }).ranked)).toEqual([
		'广州路社区',
		'云南路社区',
		'寿张路社区'
	]);
});

test('a rate the unit has no data for sorts last, like an empty one', () => {
	const noData = {
		...row('无受理', 3, 50, [1, 2]),
		kpis: computeKpis({
			...EMPTY_KPI_INPUT,
			counts: { ...EMPTY_KPI_INPUT.counts, valid: 2, respondedWithinT: 0, ackRecorded: 0 }
		})
	};
	const withData = {
		...row('有受理', 4, 40, [1, 2]),
		kpis: computeKpis({
			...EMPTY_KPI_INPUT,
			counts: { ...EMPTY_KPI_INPUT.counts, valid: 2, respondedWithinT: 0, ackRecorded: 2 },
			supplied: ['acknowledged_at']
		})
	};
	expect(noData.kpis.response.noData).toBe(true);
	for (const dir of ['asc', 'desc'] as const)
		expect(units(sortRanking([noData, withData], { key: 'response', dir }).ranked)).toEqual([
			'有受理',
			'无受理'
		]);
});

test('the unit column sorts by name', () => {
	expect(units(sortRanking(rows, { key: 'unit', dir: 'asc' }).ranked)).toEqual(
		[...units(sortRanking(rows, null).ranked)].sort((a, b) => a.localeCompare(b, 'zh-CN'))
	);
});

test('the URL codec reads a known column and defaults the direction to the better end', () => {
	expect(parseSort(new URLSearchParams('sort=score&dir=asc'))).toEqual({
		key: 'score',
		dir: 'asc'
	});
	expect(parseSort(new URLSearchParams('sort=overdue'))).toEqual({ key: 'overdue', dir: 'asc' });
	expect(parseSort(new URLSearchParams('sort=score&dir=up'))).toEqual({
		key: 'score',
		dir: 'desc'
	});
	expect(parseSort(new URLSearchParams('sort=drop table'))).toBeNull();
	expect(parseSort(new URLSearchParams(''))).toBeNull();
});

test('a second click on a column turns its direction', () => {
	expect(nextSort(null, 'score')).toEqual({ key: 'score', dir: 'desc' });
	expect(nextSort({ key: 'score', dir: 'desc' }, 'score')).toEqual({ key: 'score', dir: 'asc' });
	expect(nextSort({ key: 'score', dir: 'asc' }, 'days')).toEqual({ key: 'days', dir: 'asc' });
});
