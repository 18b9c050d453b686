// Sorting the ranking table in the browser (every unit is already on the page). The sort lives in
// the URL (?sort=score&dir=desc) so a reload or a shared link shows the same order.
import type { RankingRow, RateKey } from '$lib/domain/compare-model';

export const SORT_KEYS = [
	'rank',
	'change',
	'unit',
	'total',
	'closure',
	'onTime',
	'overdue',
	'response',
	'satisfaction',
	'medianDays',
	'score'
] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';

export interface RankingSort {
	key: SortKey;
	dir: SortDir;
}

/** The order a column sorts in on its first click: the better end first. */
export const FIRST_DIR: Record<SortKey, SortDir> = {
	rank: 'asc',
	change: 'desc',
	unit: 'asc',
	total: 'desc',
	closure: 'desc',
	onTime: 'desc',
	overdue: 'asc',
	response: 'desc',
	satisfaction: 'desc',
	medianDays: 'asc',
	score: 'desc'
};

const RATE_COLUMNS: Partial<Record<SortKey, RateKey>> = {
	closure: 'closure',
	onTime: 'onTime',
	response: 'response',
	satisfaction: 'satisfaction'
};

/** The sort a URL asks for; null (the server's order: by rank) when it asks for none or nonsense. */
export function parseSort(params: URLSearchParams): RankingSort | null {
	const key = SORT_KEYS.find((k) => k === params.get('sort'));
	if (!key) return null;
	const dir = params.get('dir');
	return { key, dir: dir === 'asc' || dir === 'desc' ? dir : FIRST_DIR[key] };
}

/** The sort after a click on a column: the other direction if it is the current one. */
export function nextSort(current: RankingSort | null, key: SortKey): RankingSort {
	if (current?.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
	return { key, dir: FIRST_DIR[key] };
}

function valueOf(row: RankingRow, key: SortKey): number | string | null {
	const rate = RATE_COLUMNS[key];
	if (rate) return row.rates[rate].value;
	switch (key) {
		case 'rank':
			return row.rank;
		case 'change':
			return row.rankChange;
		case 'unit':
			return row.unit;
		case 'total':
			return row.total;
		case 'overdue':
			return row.overdue;
		case 'medianDays':
			return row.medianDays;
		default:
			return row.score;
	}
}

/**
 * Ranked and unranked units, each sorted; units below the minimum stay after the ranked ones
 * whatever the sort. Empty values (a rate without a denominator) go last in either direction, and
 * ties keep the server's order.
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
