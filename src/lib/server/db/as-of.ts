// The as-of day and the period of a request when its filters leave them out: the one place that
// reads the ledger for them. Called by the overview, compare, report, list, stats and export loads.
import type { Filters } from '../../domain/filters';
import { localToday, periodOf, type Period } from '../../domain/period';
import type { LedgerDatabase } from './database';

/**
 * The as-of day when the filters name none: today, or the ledger's last reported or resolved day
 * if that is earlier (a ledger of 2019 is read as of the end of 2019, not as of today). It is the
 * same for every filter, so cross-filtering never moves the period, and for every account scope:
 * a scoped account's figures for its communities are the ones an unscoped account sees for them.
 */
export async function defaultAsOf(db: LedgerDatabase, today = localToday()): Promise<string> {
	const [{ latest }] = await db.all<{ latest: string | null }>(
		`SELECT strftime(greatest(max(reported_at), max(resolved_at)), '%Y-%m-%d') AS latest
		 FROM problems`
	);
	return latest !== null && latest < today ? latest : today;
}

/** The period of `filters` (domain/period.ts), at their as-of day or the default one. */
export async function resolvePeriod(
	db: LedgerDatabase,
	filters: Filters,
	today?: string
): Promise<Period> {
	return periodOf(filters, filters.asOf ?? (await defaultAsOf(db, today)));
}
