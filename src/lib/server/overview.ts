// The figures of the overview page (/): how many problems, communities and committed uploads, and
// problems by theme and by status with both labels. Called by src/routes/+page.server.ts.
import type { LedgerDatabase } from './db/database';
import { countBy, type StatsRow } from './db/stats';

export interface LabelledCount {
	code: string;
	labelZh: string;
	labelEn: string;
	count: number;
}

export interface Overview {
	/** Every problem in the ledger, whatever its status. */
	total: number;
	/** V of the KPI definitions: problems whose status counts in rates (not duplicate, withdrawn). */
	valid: number;
	communities: number;
	uploads: number;
	/** Sorted by count, largest first; only codes that occur. */
	byTheme: LabelledCount[];
	byStatus: LabelledCount[];
}

interface Label {
	code: string;
	label_zh: string;
	label_en: string;
}

function withLabels(rows: StatsRow[], dimension: string, labels: Label[]): LabelledCount[] {
	const byCode = new Map(labels.map((l) => [l.code, l]));
	return rows.map((row) => {
		const code = String(row[dimension]);
		const label = byCode.get(code);
		return {
			code,
			labelZh: label?.label_zh ?? code,
			labelEn: label?.label_en ?? code,
			count: row.count
		};
	});
}

export async function loadOverview(db: LedgerDatabase): Promise<Overview> {
	const [themes, statuses, themeLabels, statusLabels, [facts]] = await Promise.all([
		countBy(db, ['theme']),
		countBy(db, ['status']),
		db.all<Label>('SELECT code, label_zh, label_en FROM themes'),
		db.all<Label>('SELECT code, label_zh, label_en FROM statuses'),
		db.all<{ total: number; valid: number; communities: number; uploads: number }>(
			`SELECT count(*)::INTEGER AS total,
				count(*) FILTER (WHERE st.in_rates)::INTEGER AS valid,
				count(DISTINCT p.community)::INTEGER AS communities,
				(SELECT count(*)::INTEGER FROM uploads WHERE state = 'committed') AS uploads
			 FROM problems p JOIN statuses st ON st.code = p.status`
		)
	]);
	return {
		total: facts.total,
		valid: facts.valid,
		communities: facts.communities,
		uploads: facts.uploads,
		byTheme: withLabels(themes.rows, 'theme', themeLabels),
		byStatus: withLabels(statuses.rows, 'status', statusLabels)
	};
}
