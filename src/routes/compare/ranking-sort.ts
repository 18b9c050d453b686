// Sorting the ranking table in the browser (every unit is already on the page). The sort lives in
// the URL (?sort=score&dir=desc) so a reload or a shared link shows the same order. Its columns
// are the rank, the unit, every figure of the registry and the score.
import type { RankingRow } from '$lib/domain/compare-model';
import { FIGURES, type Figure, type FigureId } from '$lib/domain/figures';

export const SORT_KEYS = [
	'rank',
	'change',
	'unit',
	...FIGURES.map((f) => f.id),
	'score'
] as const satisfies readonly string[];
export type SortKey = 'rank' | 'change' | 'unit' | FigureId | 'score';
export type SortDir = 'asc' | 'desc';

export interface RankingSort {
	key: SortKey;
	dir: SortDir;
}

const figureOf = (key: SortKey): Figure | undefined =>
	(FIGURES as readonly Figure[]).find((f) => f.id === key);

/** The order a column sorts in on its first click: the better end first. */
export function firstDir(key: SortKey): SortDir {
	if (key === 'rank' || key === 'unit') return 'asc';
	return figureOf(key)?.better === 'lower' ? 'asc' : 'desc';
}

/** The sort a URL asks for; null (the server's order: by rank) when it asks for none or nonsense. */
export function parseSort(params: URLSearchParams): RankingSort | null {
	const key = (SORT_KEYS as readonly string[]).find((k) => k === params.get('sort')) as
		SortKey | undefined;
	if (!key) return null;
	const dir = params.get('dir');
	return { key, dir: dir === 'asc' || dir === 'desc' ? dir : firstDir(key) };
}

/** The sort after a click on a column: the other direction if it is the current one. */
export function nextSort(current: RankingSort | null, key: SortKey): RankingSort {
	if (current?.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
	return { key, dir: firstDir(key) };
}

/** A figure's sortable value: a count, a rate, the median days; null when it has none. */
function valueOf(row: RankingRow, key: SortKey): number | string | null {
	if (key === 'rank') return row.rank;
	if (key === 'change') return row.rankChange;
	if (key === 'unit') return row.unit;
	if (key === 'score') return row.score;
	const v = row.kpis[key];
	if (v.noData) return null;
	return v.kind === 'count' ? v.value : v.kind === 'rate' ? v.value : v.median;
}

/**
 * Ranked and unranked units, each sorted; units below the minimum stay after the ranked ones
 * whatever the sort. Empty values (a rate without a denominator or without data) go last in
 * either direction, and ties keep the server's order.
 */
export function sortRanking(
	rows: RankingRow[],
	sort: RankingSort | null
): { ranked: RankingRow[]; unranked: RankingRow[] } {
	const ranked = rows.filter((r) => r.rank !== null);
	const unranked = rows.filter((r) => r.rank === null);
	if (!sort) return { ranked, unranked };
	const sign = sort.dir === 'asc' ? 1 : -1;
	const compare = (a: RankingRow, b: RankingRow): number => {
		const x = valueOf(a, sort.key);
		const y = valueOf(b, sort.key);
		if (x === null || y === null) return (x === null ? 1 : 0) - (y === null ? 1 : 0);
		if (typeof x === 'string' || typeof y === 'string')
			return sign * String(x).localeCompare(String(y), 'zh-CN');
		return sign * (x - y);
	};
	return { ranked: [...ranked].sort(compare), unranked: [...unranked].sort(compare) };
}
