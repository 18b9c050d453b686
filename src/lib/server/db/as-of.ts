// The as-of day and the period of a request when its filters leave them out: the one place that
// reads the ledger for them. Called by the overview, compare, report, list, stats and export loads.
import type { Filters } from '../../domain/filters';
import { localToday, periodOf, type Period } from '../../domain/period';
import type { LedgerDatabase } from './database';
import type { Scope } from './query-compiler';

/**
 * The as-of day when the filters name none: today, or the last reported or resolved day of the
 * problems the account may see if that is earlier (a ledger of 2019 is read as of the end of 2019,
 * not as of today). It is the same for every filter, so cross-filtering never moves the period; it
 * is read within the account's scope, so another community's later upload never moves a scoped
 * account's default day or period (nor tells it that such data exists). An empty scope sees no
 * problems: today.
 */
export async function defaultAsOf(
	db: LedgerDatabase,
	scope: Scope,
	today = localToday()
): Promise<string> {
	if (scope !== null && scope.length === 0) return today;
	const [{ latest }] = await db.all<{ latest: string | null }>(
		`SELECT strftime(greatest(max(reported_at), max(resolved_at)), '%Y-%m-%d') AS latest
		 FROM problems${scope === null ? '' : ' WHERE list_contains($scope::JSON::VARCHAR[], community)'}`,
		scope === null ? undefined : { scope: JSON.stringify(scope) }
	);
	return latest !== null && latest < today ? latest : today;
}

/** The period of `filters` (domain/period.ts), at their as-of day or the scope's default one. */
export async function resolvePeriod(
	db: LedgerDatabase,
	filters: Filters,
	scope: Scope,
	today?: string
): Promise<Period> {
	return periodOf(filters, filters.asOf ?? (await defaultAsOf(db, scope, today)));
}
