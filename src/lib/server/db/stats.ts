// Counts of problems by one or two dimensions under a filter: the `ledger stats` command and
// GET /api/v1/stats. Dimensions come from the registry (domain/dimensions.ts), filters through the
// filter model and the query compiler; every value is a bound parameter.
import { STAT_DIMENSION_NAMES, STAT_DIMENSIONS } from '../../domain/dimensions';
import { EMPTY_FILTERS, type Filters } from '../../domain/filters';
import type { LedgerDatabase } from './database';
import { compileFilters, PROBLEMS_FROM, type Scope } from './query-compiler';

export interface StatsRow {
	[dimension: string]: string | number | null;
	count: number;
}

export interface StatsResult {
	rows: StatsRow[];
	total: number;
}

/** Reads `by` (DIM or DIM,DIM2); the message names the parameter (`by`, `--by`), in Chinese. */
export function parseDimensions(
	by: string | null | undefined,
	param = 'by'
): { ok: true; dims: string[] } | { ok: false; message: string } {
	const choices = STAT_DIMENSION_NAMES.join(', ');
	const dims = (by ?? '')
		.split(',')
		.map((d) => d.trim())
		.filter(Boolean);
	if (!dims.length) return { ok: false, message: `缺少参数“${param}”，可选维度：${choices}` };
	if (dims.length > 2)
		return { ok: false, message: `参数“${param}”最多两个维度，例如 ${param}=community,theme` };
	if (new Set(dims).size !== dims.length)
		return { ok: false, message: `参数“${param}”中的维度不能重复` };
	for (const d of dims)
		if (!Object.hasOwn(STAT_DIMENSIONS, d))
			return { ok: false, message: `参数“${param}”无效：未知维度，只能是以下维度之一：${choices}` };
	return { ok: true, dims };
}

/**
 * Counts under the filter model. `asOf` is the day `overdue` and the open population are measured
 * at; `scope` the account's communities (null for the CLI, which reads the file and sees every
 * community). Every status counts, duplicate and withdrawn too, unless the filters name a
 * population.
 */
export async function countBy(
	db: LedgerDatabase,
	dims: string[],
	filters: Filters = EMPTY_FILTERS,
	opts: { asOf: string; scope: Scope } = { asOf: '1970-01-01', scope: null }
): Promise<StatsResult> {
	for (const d of dims)
		if (!Object.hasOwn(STAT_DIMENSIONS, d)) throw new Error(`unknown dimension ${d}`);
	const { where, params } = compileFilters(filters, { asOf: opts.asOf, scope: opts.scope });
	const cols = dims.map((d) => `${STAT_DIMENSIONS[d]} AS ${d}`);
	const [rows, [{ total }]] = await Promise.all([
		dims.length
			? db.all<StatsRow>(
					`SELECT ${cols.join(', ')}, count(*)::INTEGER AS count FROM ${PROBLEMS_FROM} WHERE ${where}
					 GROUP BY ALL ORDER BY count DESC, ${dims.map((_, i) => `${i + 1}`).join(', ')}`,
					params
				)
			: Promise.resolve([]),
		db.all<{ total: number }>(
			`SELECT count(*)::INTEGER AS total FROM ${PROBLEMS_FROM} WHERE ${where}`,
			params
		)
	]);
	return { rows, total };
}
