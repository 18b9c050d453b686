// Filters -> a SQL condition and its bound parameters, over `problems p JOIN statuses st` (or over
// `problems p` alone, given the status codes). Every dashboard query, the problem list and the stats
// API go through it: each dimension maps through an allow-list to a column, and every value is a
// parameter, so no user text ever becomes SQL text.
import { LIST_DIMENSIONS, LIST_FILTER_KEYS, NONE } from '../../domain/dimensions';
import type { Filters } from '../../domain/filters';
import { STATUS_TYPES, statusCodesOf, type StatusCodes } from '../../domain/vocabulary';
import type { LedgerDatabase } from './database';
import { readVocabulary } from './vocabulary';

/** The FROM clause every compiled condition is written against (unless given `statuses`). */
export const PROBLEMS_FROM = 'problems p JOIN statuses st ON st.code = p.status';

/**
 * The statuses table as lists of codes (StatusCodes): those of each type, and those counted in
 * rates (V). Read once per request and bound as parameters, they stand in for the join with
 * statuses, which costs 6–9 ms of every aggregate at 1M rows.
 */
export async function readStatusCodes(db: LedgerDatabase): Promise<StatusCodes> {
	return statusCodesOf((await readVocabulary(db)).statuses);
}

/**
 * `p.status` is one of `codes`, bound as the parameter `name`. Lists travel as JSON text (the
 * binding cannot type an empty or a one-item list); the cast folds to a constant list, which
 * list_contains probes three times faster than the join it replaces.
 */
export function statusIn(name: string): string {
	return `list_contains($${name}::JSON::VARCHAR[], p.status)`;
}

export type SqlParam = string | number | boolean;

/**
 * The communities an account may see (Principal.scope): null = the whole street, [] = none. A
 * required option wherever problems are read, so every caller decides; the CLI passes null.
 */
export type Scope = readonly string[] | null;

/** Whether `community` lies in `scope`. */
export function inScope(scope: Scope, community: string): boolean {
	return scope === null || scope.includes(community);
}

export interface CompileOptions {
	/**
	 * The account's communities: non-null narrows every query to them, whatever the filters ask
	 * for, and an empty list matches nothing (fail closed).
	 */
	scope: Scope;
	/** The day `overdue` is measured at (YYYY-MM-DD). */
	asOf: string;
	/**
	 * The reported_at range. Omitted: filters.from/to, either side optional. An object: that range
	 * instead (the overview's default and previous periods). null: no date condition at all (the
	 * backlog counts over all time).
	 */
	period?: { from: string; to: string } | null;
	/** The problems alias; only `p` exists, the parameter documents it at the call site. */
	alias?: 'p';
	/**
	 * The status codes by type (readStatusCodes). Given, status types are matched as bound code
	 * lists and the condition reads only `problems p`, with or without the statuses join.
	 */
	statuses?: StatusCodes;
}

export interface CompiledFilters {
	/** A boolean SQL expression ('true' when nothing filters); AND it into a WHERE. */
	where: string;
	/** Exactly the parameters `where` uses: DuckDB refuses a statement given unused ones. */
	params: Record<string, SqlParam>;
}

const SEARCHED_COLUMNS = ['p.title', 'p.description', 'p.suggestion'] as const;

/** Escapes LIKE's wildcards and its escape character, for `LIKE … ESCAPE '\'`. */
export function escapeLike(text: string): string {
	return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Whether case can matter when matching the text (Latin, Greek, full-width letters…). */
function hasCase(text: string): boolean {
	return text.toLowerCase() !== text || text.toUpperCase() !== text;
}

export function compileFilters(filters: Filters, opts: CompileOptions): CompiledFilters {
	const clauses: string[] = [];
	const params: Record<string, SqlParam> = {};

	const { statuses } = opts;
	// Each dimension's column comes from the registry (the allow-list), never from the request.
	for (const key of LIST_FILTER_KEYS) {
		const dimension = LIST_DIMENSIONS[key];
		const values: readonly string[] = filters[key];
		if (!values.length) continue;
		const name = `f_${key}`;
		if (key === 'statusTypes' && statuses) {
			// The codes of the chosen types; a type the model does not know has none.
			const codes = STATUS_TYPES.filter((t) => values.includes(t)).flatMap((t) => statuses[t]);
			params[name] = JSON.stringify(codes);
			clauses.push(statusIn(name));
			continue;
		}
		// "Not given" (NONE) is the column being empty; the other values are compared as a list.
		const given = dimension.nullable ? values.filter((x) => x !== NONE) : values;
		const none = given.length < values.length ? `${dimension.sql} IS NULL` : null;
		const listed = given.length
			? `list_contains($${name}::JSON::VARCHAR[], ${dimension.sql})`
			: null;
		// Lists travel as JSON text: the binding cannot type an empty or a one-item list.
		if (listed) params[name] = JSON.stringify(given);
		clauses.push(listed && none ? `(${listed} OR ${none})` : (listed ?? none!));
	}

	// The account's scope, apart from the community filter: a filter naming a community outside it
	// still meets this clause and finds nothing.
	if (opts.scope !== null) {
		params.f_scope = JSON.stringify(opts.scope);
		clauses.push('list_contains($f_scope::JSON::VARCHAR[], p.community)');
	}

	const period =
		opts.period === undefined ? { from: filters.from, to: filters.to } : (opts.period ?? {});
	if (period.from) {
		params.f_from = period.from;
		clauses.push('p.reported_at >= $f_from::DATE');
	}
	if (period.to) {
		params.f_to = period.to;
		clauses.push('p.reported_at <= $f_to::DATE');
	}

	// The population a figure counts (drill-through lists): V, or everything open at the as-of day.
	if (filters.population === 'valid') {
		if (statuses) {
			params.f_valid = JSON.stringify(statuses.inRates);
			clauses.push(statusIn('f_valid'));
		} else clauses.push('st.in_rates');
	} else if (filters.population === 'open') {
		params.f_asOf = opts.asOf;
		if (statuses) {
			params.f_open = JSON.stringify(statuses.open);
			clauses.push(`(${statusIn('f_open')} AND p.reported_at <= $f_asOf::DATE)`);
		} else clauses.push("(st.type = 'open' AND p.reported_at <= $f_asOf::DATE)");
	}

	if (filters.bottleneck) clauses.push('p.is_bottleneck');
	if (filters.overdue) {
		params.f_asOf = opts.asOf;
		if (statuses) {
			params.f_open = JSON.stringify(statuses.open);
			clauses.push(`(${statusIn('f_open')} AND p.deadline < $f_asOf::DATE)`);
		} else clauses.push("(st.type = 'open' AND p.deadline < $f_asOf::DATE)");
	}

	const q = filters.q?.trim();
	if (q) {
		// A search without cased letters (most Chinese text) is the same under ILIKE and a plain
		// substring test, and contains() is about five times faster at 1M rows (no case folding).
		if (hasCase(q)) {
			params.f_q = escapeLike(q);
			const like = (c: string) => `${c} ILIKE ('%' || $f_q || '%') ESCAPE '\\'`;
			clauses.push(`(${SEARCHED_COLUMNS.map(like).join(' OR ')})`);
		} else {
			params.f_q = q;
			const contains = (c: string) => `contains(${c}, $f_q)`;
			clauses.push(`(${SEARCHED_COLUMNS.map(contains).join(' OR ')})`);
		}
	}

	return { where: clauses.length ? clauses.join(' AND ') : 'true', params };
}

/**
 * Runs `sql` with `filters` compiled in place of `{where}`, binding the status code lists the
 * statement uses ($s_open, $s_fixed, $s_closed, $s_in_rates — DuckDB refuses unused parameters)
 * and the statement's `own` parameters. The overview and the compare page query through it.
 */
export function runFiltered<T>(
	db: LedgerDatabase,
	sql: string,
	filters: Filters,
	opts: CompileOptions & { statuses: StatusCodes },
	own: Record<string, SqlParam> = {}
): Promise<T[]> {
	const codes = opts.statuses;
	const { where, params } = compileFilters(filters, opts);
	const text = sql.replaceAll('{where}', `(${where})`);
	const lists = Object.entries({
		s_open: codes.open,
		s_fixed: codes.fixed,
		s_closed: codes.closed,
		s_in_rates: codes.inRates
	}).filter(([name]) => text.includes(`$${name}::`));
	return db.all<T>(text, {
		...params,
		...Object.fromEntries(lists.map(([name, list]) => [name, JSON.stringify(list)])),
		...own
	});
}
