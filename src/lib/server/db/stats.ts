// Counts of problems by one or two dimensions under a filter: the `ledger stats` command and
// GET /api/v1/stats. Dimensions go through an allow-list, filters through the query compiler; every
// value is a bound parameter.
import * as v from 'valibot';
import { EMPTY_FILTERS, type Filters } from '../../domain/filters';
import type { LedgerDatabase } from './database';
import { compileFilters, PROBLEMS_FROM, type Scope } from './query-compiler';

/** Dimension name -> SQL expression over problems p joined with statuses st. */
const DIMENSIONS = {
	theme: 'p.theme',
	status: 'p.status',
	status_type: 'st.type',
	community: 'p.community',
	level: 'p.level',
	reporter_type: 'p.reporter_type',
	responsible_unit: 'p.responsible_unit',
	month: "strftime(p.reported_at, '%Y-%m')"
} as const;

export type Dimension = keyof typeof DIMENSIONS;
export const DIMENSION_NAMES = Object.keys(DIMENSIONS) as Dimension[];

const list = v.optional(v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(200))), []);
const isoDate = v.pipe(v.string(), v.isoDate('日期应写成 YYYY-MM-DD'));

export const StatsFilter = v.strictObject({
	communities: list,
	themes: list,
	statuses: list,
	statusTypes: list,
	levels: list,
	reporterTypes: list,
	responsibleUnits: list,
	from: v.optional(isoDate),
	to: v.optional(isoDate),
	bottleneckOnly: v.optional(v.boolean(), false)
});
export type StatsFilter = v.InferOutput<typeof StatsFilter>;

export interface StatsRow {
	[dimension: string]: string | number | null;
	count: number;
}

export interface StatsResult {
	rows: StatsRow[];
	total: number;
}

/** Reads `by` (DIM or DIM,DIM2) of the stats API; the message names the parameter, in Chinese. */
export function parseDimensions(
	by: string | null
): { ok: true; dims: Dimension[] } | { ok: false; message: string } {
	const choices = DIMENSION_NAMES.join(', ');
	const dims = (by ?? '')
		.split(',')
		.map((d) => d.trim())
		.filter(Boolean);
	if (!dims.length) return { ok: false, message: `缺少参数“by”，可选维度：${choices}` };
	if (dims.length > 2)
		return { ok: false, message: '参数“by”最多两个维度，例如 by=community,theme' };
	if (new Set(dims).size !== dims.length) return { ok: false, message: '参数“by”中的维度不能重复' };
	for (const d of dims)
		if (!(DIMENSION_NAMES as string[]).includes(d))
			return {
				ok: false,
				message: `参数“by”无效：只能是以下维度之一：${choices}`
			};
	return { ok: true, dims: dims as Dimension[] };
}

/**
 * Counts under the web filter model (the stats API). `asOf` is the day `overdue` is measured at;
 * `scope` the account's communities. Every status counts, duplicate and withdrawn too, as in
 * `ledger stats`.
 */
export async function countByFilters(
	db: LedgerDatabase,
	dims: Dimension[],
	filters: Filters,
	opts: { asOf: string; scope: Scope }
): Promise<StatsResult> {
	for (const d of dims)
		if (!Object.hasOwn(DIMENSIONS, d)) throw new Error(`unknown dimension ${d}`);
	const { where, params } = compileFilters(filters, { asOf: opts.asOf, scope: opts.scope });
	const cols = dims.map((d) => `${DIMENSIONS[d]} AS ${d}`);
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

/** `ledger stats`: the CLI's looser filter (any non-empty value), through the same compiler. */
export async function countBy(
	db: LedgerDatabase,
	dims: Dimension[],
	filter: Partial<StatsFilter> = {}
): Promise<StatsResult> {
	const f = v.parse(StatsFilter, filter);
	const { bottleneckOnly, statusTypes, ...rest } = f;
	// An unknown status type stays a bound value that matches nothing, as before. The CLI has no
	// overdue filter, so the as-of day is never read; it reads the file, so it sees every community.
	const filters: Filters = {
		...EMPTY_FILTERS,
		...rest,
		statusTypes: statusTypes as Filters['statusTypes'],
		bottleneck: bottleneckOnly
	};
	return countByFilters(db, dims, filters, { asOf: '1970-01-01', scope: null });
}
