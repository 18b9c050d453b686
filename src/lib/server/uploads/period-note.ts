// After a commit: whether the batch's problems fall in the period the overview shows by default
// (the last twelve months up to the ledger's latest day, db/as-of.ts). A batch of an earlier year
// leaves the overview's default figures as they were, which reads as a failed upload unless the
// page says why and which period shows it.
import { EMPTY_FILTERS } from '../../domain/filters';
import type { LedgerDatabase } from '../db/database';
import { resolvePeriod } from '../db/as-of';
import type { Scope } from '../db/query-compiler';

/** A sentence for the analyst when some of batch `uploadId`'s problems lie outside that period. */
export async function periodNote(
	db: LedgerDatabase,
	uploadId: number,
	scope: Scope,
	today?: string
): Promise<string | null> {
	const period = await resolvePeriod(db, EMPTY_FILTERS, scope, today);
	const [row] = await db.all<{
		rows: number;
		outside: number;
		first: string | null;
		last: string | null;
	}>(
		`SELECT count(*)::INTEGER AS rows,
			count(*) FILTER (WHERE reported_at NOT BETWEEN $from::DATE AND $to::DATE)::INTEGER AS outside,
			strftime(min(reported_at), '%Y-%m-%d') AS first, strftime(max(reported_at), '%Y-%m-%d') AS last
		 FROM problems WHERE last_upload_id = $id`,
		{ id: uploadId, from: period.from, to: period.to }
	);
	if (!row || row.outside === 0 || row.first === null || row.last === null) return null;
	const window = `${period.from} 至 ${period.to}`;
	const pick = `要看这批问题，请在总览或问题列表的筛选栏把期间设为 ${row.first} 至 ${row.last}。`;
	return row.outside === row.rows
		? `这批 ${row.rows} 个问题的提出时间在 ${row.first} 至 ${row.last}，不在总览默认显示的期间（${window}）内，所以总览的默认数字不会因它变化。${pick}`
		: `这批问题中有 ${row.outside} 个（共 ${row.rows} 个）的提出时间不在总览默认显示的期间（${window}）内，不计入总览的默认数字。${pick}`;
}
