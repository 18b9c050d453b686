// A request's filters as a scoped account may ask for them: the URL's filters (domain/filters.ts),
// refused with a 403 when they name a community outside the account's scope, so no name outside the
// scope reaches a view, a chip, a picker or a JSON answer — not even echoed back. Every page load
// and endpoint that reads filters from a URL goes through it.
import { parseFilters, type Filters } from '../../domain/filters';
import { inScope, type Scope } from '../db/query-compiler';

export type ScopedFilterResult =
	{ ok: true; filters: Filters } | { ok: false; status: 400 | 403; message: string };

/** Why a filter naming another community is refused; names only the account's own communities. */
export function outOfScopeMessage(scope: readonly string[]): string {
	return scope.length === 0
		? '筛选条件中有社区，但本账号没有可以查看的社区。请联系管理员设置社区范围。'
		: `筛选条件中有本账号社区范围以外的社区，无法显示。本账号可以查看：${scope.join('、')}。`;
}

/** Whether every community the filters name lies in `scope`. */
export function filtersInScope(filters: Filters, scope: Scope): boolean {
	return filters.communities.every((c) => inScope(scope, c));
}

/** parseFilters, then the scope: a community outside it is a 403 before anything is read. */
export function parseScopedFilters(params: URLSearchParams, scope: Scope): ScopedFilterResult {
	const parsed = parseFilters(params);
	if (!parsed.ok) return { ok: false, status: 400, message: parsed.message };
	if (scope !== null && !filtersInScope(parsed.filters, scope)) {
		return { ok: false, status: 403, message: outOfScopeMessage(scope) };
	}
	return parsed;
}
