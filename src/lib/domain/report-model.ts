// The data of the printable report (/report, its PDF and the weekly brief): the overview's data
// plus what a meeting asks about. Made by src/lib/server/report/report-data.ts.
import type { OpenProblem, OverviewData } from './overview-model';

export interface OverdueProblem {
	community: string;
	problemId: string;
	text: string;
	deadline: string;
	/** asOf − deadline in days. */
	daysOverdue: number;
}

export interface OverdueUnit {
	/** null: no responsible unit recorded. */
	unit: string | null;
	count: number;
	/** The longest any of its problems is past its deadline, in days. */
	maxDaysOverdue: number;
	problems: OverdueProblem[];
}

export interface ReportData {
	overview: OverviewData;
	/** The KPI 超期 (open, past the deadline at asOf, in V of the period) by responsible unit. */
	overdue: { total: number; units: OverdueUnit[] };
	/** Status 搁浅 (stalled) open at asOf, whatever the period; the longest-waiting first. */
	stalled: { total: number; rows: OpenProblem[] };
}
