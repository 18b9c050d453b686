// The filter model of every page and API: what the browser may ask for, its validation, and its
// URL form (so a reload or a shared link gives the same view). Pure; used by server and browser.
import * as v from 'valibot';

/** A day that exists: isoDate alone lets 2019-02-30 through, which the database then refuses. */
const isRealDay = (s: string): boolean => {
	const [y, m, d] = s.split('-').map(Number);
	const day = new Date(Date.UTC(y, m - 1, d));
	return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
};
const isoDate = v.pipe(
	v.string(),
	v.isoDate('日期应写成 YYYY-MM-DD'),
	v.check(isRealDay, '日期应写成 YYYY-MM-DD，且是存在的日期')
);
// Digits too: an imported taxonomy (`ledger themes import`) may number its codes.
const code = v.pipe(
	v.string(),
	v.regex(/^[a-z][a-z0-9_]{0,39}$/, '代码只能包含小写字母、数字和下划线')
);
const name = v.pipe(
	v.string(),
	v.trim(),
	v.minLength(1, '不能为空'),
	v.maxLength(100, '不能超过 100 个字')
);
const many = <T extends v.GenericSchema<string, string>>(item: T) =>
	v.optional(v.pipe(v.array(item), v.maxLength(100, '最多选择 100 项')), []);

export const STATUS_TYPES = ['open', 'fixed', 'closed'] as const;

export const FiltersSchema = v.pipe(
	v.strictObject({
		/** Period of reported_at, inclusive. */
		from: v.optional(isoDate),
		to: v.optional(isoDate),
		communities: many(name),
		themes: many(code),
		statuses: many(code),
		statusTypes: many(v.picklist(STATUS_TYPES, '状态类型只能是 open、fixed 或 closed')),
		levels: many(code),
		reporterTypes: many(code),
		responsibleUnits: many(name),
		bottleneck: v.optional(v.boolean(), false),
		overdue: v.optional(v.boolean(), false),
		q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200, '搜索词不能超过 200 个字'))),
		/** The day overdue and backlog age are measured at. */
		asOf: v.optional(isoDate)
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

/** URL parameter of each filter; lists repeat the parameter (?theme=safety&theme=other). */
const LIST_PARAMS = {
	communities: 'community',
	themes: 'theme',
	statuses: 'status',
	statusTypes: 'type',
	levels: 'level',
	reporterTypes: 'reporter',
	responsibleUnits: 'unit'
} as const;
const SCALAR_PARAMS = { from: 'from', to: 'to', q: 'q', asOf: 'asof' } as const;
const FLAG_PARAMS = { bottleneck: 'bottleneck', overdue: 'overdue' } as const;

export type FilterParseResult = { ok: true; filters: Filters } | { ok: false; message: string };

/** Reads filters from a URL; an invalid value gives a message naming the parameter, in Chinese. */
export function parseFilters(params: URLSearchParams): FilterParseResult {
	const raw: Record<string, unknown> = {};
	for (const [key, param] of Object.entries(LIST_PARAMS)) {
		const values = params.getAll(param).filter((x) => x !== '');
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
	return validateFilters(raw, (key) => {
		const all: Record<string, string> = { ...LIST_PARAMS, ...SCALAR_PARAMS, ...FLAG_PARAMS };
		return all[key] ?? key;
	});
}

/** Validates a filter object (from JSON or from a URL) with messages that name the field. */
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
	for (const [key, param] of Object.entries(LIST_PARAMS)) {
		for (const value of filters[key as keyof typeof LIST_PARAMS] ?? []) params.append(param, value);
	}
	for (const [key, param] of Object.entries(FLAG_PARAMS)) {
		if (filters[key as keyof typeof FLAG_PARAMS]) params.set(param, '1');
	}
	return params;
}

/** Filters with one more value in a list (a click on a chart element), or a flag turned on. */
export function withFilter<K extends keyof typeof LIST_PARAMS>(
	filters: Filters,
	key: K,
	value: string
): Filters {
	const list: readonly string[] = filters[key];
	return list.includes(value) ? filters : { ...filters, [key]: [...list, value] };
}

export function withoutFilter<K extends keyof typeof LIST_PARAMS>(
	filters: Filters,
	key: K,
	value: string
): Filters {
	const list: readonly string[] = filters[key];
	return { ...filters, [key]: list.filter((x) => x !== value) };
}

export type ListFilterKey = keyof typeof LIST_PARAMS;

/** Whether a list filter holds a value (status types are a narrower string type). */
export function hasFilter(filters: Filters, key: ListFilterKey, value: string): boolean {
	const list: readonly string[] = filters[key];
	return list.includes(value);
}
export const LIST_FILTER_KEYS = Object.keys(LIST_PARAMS) as ListFilterKey[];
