// The filter model of every page, API and `ledger stats`: what may be asked for, its validation, and
// its URL form (so a reload or a shared link gives the same view). The list filters come from the
// dimension registry (dimensions.ts); the rest are the period, flags, the text search and the
// population. Pure; used by server and browser.
import * as v from 'valibot';
import {
	LIST_DIMENSIONS,
	LIST_FILTER_KEYS,
	NONE,
	type FilterHit,
	type ListDimension,
	type ListFilterKey
} from './dimensions';
import { STATUS_TYPES } from './vocabulary';

/** A day that exists: isoDate alone lets 2019-02-30 through, which the database then refuses. */
const isRealDay = (s: string): boolean => {
	const [y, m, d] = s.split('-').map(Number);
	const day = new Date(Date.UTC(y, m - 1, d));
	return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
};
/**
 * The days a date parameter may name. Far beyond them the period arithmetic (the previous period,
 * month buckets, the as-of day) leaves what the database and JavaScript dates hold, which gave a 500.
 */
export const FIRST_DAY = '1900-01-01';
export const LAST_DAY = '2099-12-31';
export const isDayInRange = (s: string): boolean => s >= FIRST_DAY && s <= LAST_DAY;
const isoDate = v.pipe(
	v.string(),
	v.isoDate('日期应写成 YYYY-MM-DD'),
	v.check(isRealDay, '日期应写成 YYYY-MM-DD，且是存在的日期'),
	v.check(isDayInRange, `日期超出范围，请填写 ${FIRST_DAY} 至 ${LAST_DAY} 之间的日期`)
);
// Digits too: an imported taxonomy (`ledger themes import`) may number its codes.
const CODE = /^[a-z][a-z0-9_]{0,39}$/;
const code = v.pipe(v.string(), v.regex(CODE, '代码只能包含小写字母、数字和下划线'));
const nullableCode = v.pipe(
	v.string(),
	v.check((s) => s === NONE || CODE.test(s), '代码只能包含小写字母、数字和下划线')
);
const name = v.pipe(
	v.string(),
	v.trim(),
	v.minLength(1, '不能为空'),
	v.maxLength(100, '不能超过 100 个字')
);
const statusType = v.picklist(STATUS_TYPES, '状态类型只能是 open、fixed 或 closed');
const many = <T extends v.GenericSchema<string, string>>(item: T) =>
	v.optional(v.pipe(v.array(item), v.maxLength(100, '最多选择 100 项')), []);

type ItemSchema<D extends ListDimension> = D['values'] extends 'statusType'
	? typeof statusType
	: D['values'] extends 'code'
		? typeof code
		: typeof name;

function itemSchema(d: ListDimension): v.GenericSchema<string, string> {
	if (d.values === 'statusType') return statusType;
	if (d.values === 'code') return d.nullable ? nullableCode : code;
	return name;
}

const listShape = Object.fromEntries(
	LIST_FILTER_KEYS.map((key) => [key, many(itemSchema(LIST_DIMENSIONS[key]))])
) as {
	[K in ListFilterKey]: ReturnType<typeof many<ItemSchema<(typeof LIST_DIMENSIONS)[K]>>>;
};

/**
 * Which problems a figure counts, beyond the dimensions: `valid` is V (every status counted in
 * rates, so not 重复/撤回); `open` is everything open at the as-of day, reported by then, whatever
 * the period. Without one, every status counts (the problem list's default).
 */
export const POPULATIONS = ['valid', 'open'] as const;
export type Population = (typeof POPULATIONS)[number];

export const FiltersSchema = v.pipe(
	v.strictObject({
		/** Period of reported_at, inclusive. */
		from: v.optional(isoDate),
		to: v.optional(isoDate),
		...listShape,
		bottleneck: v.optional(v.boolean(), false),
		overdue: v.optional(v.boolean(), false),
		q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200, '搜索词不能超过 200 个字'))),
		/** The day overdue, backlog age and the open population are measured at. */
		asOf: v.optional(isoDate),
		population: v.optional(v.picklist(POPULATIONS, '范围只能是 valid 或 open'))
	}),
	// Forwarded to `from`, so the message names the URL parameter to fix.
	v.forward(
		v.partialCheck(
			[['from'], ['to']],
			(f) => !f.from || !f.to || f.from <= f.to,
			'开始日期不能晚于结束日期'
		),
		['from']
	)
);

export type Filters = v.InferOutput<typeof FiltersSchema>;

export const EMPTY_FILTERS: Filters = v.parse(FiltersSchema, {});

const SCALAR_PARAMS = {
	from: 'from',
	to: 'to',
	q: 'q',
	asOf: 'asof',
	population: 'pop'
} as const;
const FLAG_PARAMS = { bottleneck: 'bottleneck', overdue: 'overdue' } as const;

/** URL parameter of every filter; lists repeat theirs (?theme=safety&theme=other). */
export const FILTER_PARAMS: Record<keyof Filters, string> = {
	...(Object.fromEntries(LIST_FILTER_KEYS.map((k) => [k, LIST_DIMENSIONS[k].param])) as Record<
		ListFilterKey,
		string
	>),
	...SCALAR_PARAMS,
	...FLAG_PARAMS
};

export type FilterParseResult = { ok: true; filters: Filters } | { ok: false; message: string };

/** Reads filters from a URL; an invalid value gives a message naming the parameter, in Chinese. */
export function parseFilters(params: URLSearchParams): FilterParseResult {
	const raw: Record<string, unknown> = {};
	for (const key of LIST_FILTER_KEYS) {
		const values = params.getAll(LIST_DIMENSIONS[key].param).filter((x) => x !== '');
		if (values.length) raw[key] = values;
	}
	for (const [key, param] of Object.entries(SCALAR_PARAMS)) {
		const value = params.get(param);
		if (value !== null && value !== '') raw[key] = value;
	}
	for (const [key, param] of Object.entries(FLAG_PARAMS)) {
		const value = params.get(param);
		if (value !== null) raw[key] = value === '1' || value === 'true';
	}
	return validateFilters(raw, (key) => FILTER_PARAMS[key as keyof Filters] ?? key);
}

/** Validates a filter object (from JSON, a URL or CLI flags) with messages that name the field. */
export function validateFilters(
	input: unknown,
	nameOf: (key: string) => string = (k) => k
): FilterParseResult {
	const result = v.safeParse(FiltersSchema, input);
	if (result.success) return { ok: true, filters: result.output };
	const issue = result.issues[0];
	const key = issue.path?.[0]?.key;
	const where = typeof key === 'string' ? `参数“${nameOf(key)}”` : '筛选条件';
	return { ok: false, message: `${where}无效：${issue.message}` };
}

/** The URL form of filters, with empty and default values left out. */
export function filtersToParams(filters: Partial<Filters>): URLSearchParams {
	const params = new URLSearchParams();
	for (const [key, param] of Object.entries(SCALAR_PARAMS)) {
		const value = filters[key as keyof typeof SCALAR_PARAMS];
		if (value) params.set(param, value);
	}
	for (const key of LIST_FILTER_KEYS) {
		for (const value of filters[key] ?? []) params.append(LIST_DIMENSIONS[key].param, value);
	}
	for (const [key, param] of Object.entries(FLAG_PARAMS)) {
		if (filters[key as keyof typeof FLAG_PARAMS]) params.set(param, '1');
	}
	return params;
}

/** Filters with one more value in a list (a click on a chart element). */
export function withFilter(filters: Filters, key: ListFilterKey, value: string): Filters {
	const list: readonly string[] = filters[key];
	return list.includes(value) ? filters : { ...filters, [key]: [...list, value] };
}

export function withoutFilter(filters: Filters, key: ListFilterKey, value: string): Filters {
	const list: readonly string[] = filters[key];
	return { ...filters, [key]: list.filter((x) => x !== value) };
}

/** Whether a list filter holds a value (status types are a narrower string type). */
export function hasFilter(filters: Filters, key: ListFilterKey, value: string): boolean {
	const list: readonly string[] = filters[key];
	return list.includes(value);
}

/**
 * The filters a page of figures applies: a population belongs to a list (a drill link's), never to
 * a dashboard, whose every figure declares its own.
 */
export function dashboardFilters(filters: Filters): Filters {
	return filters.population === undefined ? filters : { ...filters, population: undefined };
}

// ---------------------------------------------------------------------------------------------
// Drill-through: the list of exactly the problems a figure counts.

/** What a number on a card, a bar or a table cell counts, on top of the page's filters. */
export interface Drill {
	population?: Population;
	/**
	 * The reported_at range the number counts: the period (or a month of it, or the previous
	 * period); for the open population the age range, if any. Omitted sides are open.
	 */
	period: { from?: string; to?: string };
	/** One value of a dimension each (the bar's theme, the cell's community and theme). */
	hits?: readonly FilterHit[];
	/** Further conditions: lists narrow the page's (intersection), flags add to them. */
	where?: Partial<Pick<Filters, ListFilterKey | 'bottleneck' | 'overdue'>>;
}

/**
 * The filters of the list that counts the same problems as a figure under `page` filters, at
 * `asOf`; null when the figure's conditions contradict the page's (it then counts nothing).
 */
export function drillFilters(page: Filters, asOf: string, drill: Drill): Filters | null {
	const next: Filters = {
		...page,
		from: drill.period.from,
		to: drill.period.to,
		asOf,
		population: drill.population
	};
	for (const [key, values] of Object.entries(drill.where ?? {})) {
		if (typeof values === 'boolean') {
			if (values) next[key as 'bottleneck' | 'overdue'] = true;
			continue;
		}
		const k = key as ListFilterKey;
		const current: readonly string[] = page[k];
		const narrowed = current.length ? values.filter((x) => current.includes(x)) : [...values];
		if (!narrowed.length) return null;
		(next[k] as string[]) = narrowed;
	}
	for (const hit of drill.hits ?? []) {
		const current: readonly string[] = next[hit.key];
		if (current.length && !current.includes(hit.value)) return null;
		(next[hit.key] as string[]) = [hit.value];
	}
	return next;
}
