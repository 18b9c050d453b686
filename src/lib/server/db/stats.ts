// Counts of problems by one or two dimensions under a filter: the `ledger stats` command and the
// first overview page. Dimensions and filters go through allow-lists; every value is a bound parameter.
import * as v from 'valibot';
import type { LedgerDatabase } from './database';

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

function where(filter: StatsFilter): { sql: string; params: Record<string, string | boolean> } {
	const clauses: string[] = [];
	const params: Record<string, string | boolean> = {};
	const inList = (name: string, column: string, values: string[]): void => {
		if (!values.length) return;
		params[name] = JSON.stringify(values);
		clauses.push(`list_contains($${name}::JSON::VARCHAR[], ${column})`);
	};
	inList('communities', 'p.community', filter.communities);
	inList('themes', 'p.theme', filter.themes);
	inList('statuses', 'p.status', filter.statuses);
	inList('statusTypes', 'st.type', filter.statusTypes);
	inList('levels', 'p.level', filter.levels);
	inList('reporterTypes', 'p.reporter_type', filter.reporterTypes);
	inList('responsibleUnits', 'p.responsible_unit', filter.responsibleUnits);
	if (filter.from) {
		params.from = filter.from;
		clauses.push('p.reported_at >= $from::DATE');
	}
	if (filter.to) {
		params.to = filter.to;
		clauses.push('p.reported_at <= $to::DATE');
	}
	if (filter.bottleneckOnly) clauses.push('p.is_bottleneck');
	return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

export async function countBy(
	db: LedgerDatabase,
	dims: Dimension[],
	filter: Partial<StatsFilter> = {}
): Promise<StatsResult> {
	const f = v.parse(StatsFilter, filter);
	for (const d of dims) if (!(d in DIMENSIONS)) throw new Error(`unknown dimension ${d}`);
	const { sql, params } = where(f);
	const from = 'FROM problems p JOIN statuses st ON st.code = p.status';
	const cols = dims.map((d) => `${DIMENSIONS[d]} AS ${d}`);
	const rows = dims.length
		? await db.all<StatsRow>(
				`SELECT ${cols.join(', ')}, count(*)::INTEGER AS count ${from} ${sql}
				 GROUP BY ALL ORDER BY count DESC, ${dims.map((_, i) => `${i + 1}`).join(', ')}`,
				params
			)
		: [];
	const [{ total }] = await db.all<{ total: number }>(
		`SELECT count(*)::INTEGER AS total ${from} ${sql}`,
		params
	);
	return { rows, total };
}
