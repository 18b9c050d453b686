// The compare page's URL -> what loadCompareData needs, shared by the page, the JSON API and the
// ranking export, so all three compute from the same query string.
import { dashboardFilters } from '../../domain/filters';
import { parseScopedFilters } from '../auth/scoped-filters';
import { parseCompareParams } from '../../domain/ranking';
import type { CompareData } from '../../domain/compare-model';
import type { LedgerDatabase } from '../db/database';
import type { Scope } from '../db/query-compiler';
import { readSettings } from '../env';
import { ApiError } from '../http/api-error';
import { loadCompareData } from './compare-data';

/** The compare figures of `url` within the account's `scope`. */
export async function compareFromUrl(
	db: LedgerDatabase,
	url: URL,
	scope: Scope
): Promise<CompareData> {
	const parsed = parseScopedFilters(url.searchParams, scope);
	if (!parsed.ok) throw new ApiError(parsed.status, parsed.message);
	return loadCompareData(
		db,
		dashboardFilters(parsed.filters),
		parseCompareParams(url.searchParams),
		{
			scope,
			responseDays: readSettings().responseDays
		}
	);
}
