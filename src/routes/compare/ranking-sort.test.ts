import { expect, test } from 'vitest';
import type { RankingRow } from '$lib/domain/compare-model';
import { rate } from '$lib/domain/kpi';
import { nextSort, parseSort, sortRanking } from './ranking-sort';

function row(unit: string, rank: number | null, score: number | null, closure: [number, number]) {
	const r = rate(...closure);
	return {
		unit,
		total: closure[1],
		rates: {
			closure: r,
			fix: r,
			signOff: r,
			onTime: r,
			response: r,
			satisfaction: r,
			callback: r
		},
		overdue: 0,
		medianDays: null,
		score,
		rank,
		previousRank: null,
		rankChange: null
	} satisfies RankingRow;
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
	expect(nextSort({ key: 'score', dir: 'asc' }, 'medianDays')).toEqual({
		key: 'medianDays',
		dir: 'asc'
	});
});
