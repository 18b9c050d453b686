// The data of the overview page (/) and of the report built on it: plain data made by
// src/lib/server/dashboard/overview-data.ts, read by the page, its charts and the report.
import type { Coverage, Kpis } from './figures';
import type { ThemeShift } from './measures';
import type { Period } from './period';
import type { Labelled, StatusType } from './vocabulary';

export interface LabelledCount extends Labelled {
	count: number;
	/** count / |V|; null when V is empty. */
	share: number | null;
}

/** A count by an optional field (level, reporter type): code null is "not given". */
export interface OptionalLabelledCount extends Omit<LabelledCount, 'code'> {
	code: string | null;
}

/** An open problem as the overview lists it (bottlenecks, the oldest of the backlog). */
export interface OpenProblem {
	key: string;
	community: string;
	problemId: string;
	/** The title, or the description when there is no title. */
	text: string;
	theme: string;
	themeLabelZh: string;
	themeLabelEn: string;
	status: string;
	statusLabelZh: string;
	statusLabelEn: string;
	responsibleUnit: string | null;
	reportedAt: string;
	deadline: string | null;
	/** asOf − reported_at in days. */
	ageDays: number;
	/** Past its deadline at asOf. */
	overdue: boolean;
}

export type BacklogBucketKey = '0-30' | '31-90' | '91-180' | '>180';

/** Age buckets of the open backlog, in days at the as-of day. */
export const BACKLOG_BUCKETS: { key: BacklogBucketKey; minDays: number; maxDays: number | null }[] =
	[
		{ key: '0-30', minDays: 0, maxDays: 30 },
		{ key: '31-90', minDays: 31, maxDays: 90 },
		{ key: '91-180', minDays: 91, maxDays: 180 },
		{ key: '>180', minDays: 181, maxDays: null }
	];

export interface OverviewData {
	period: Period;
	/** T of the response rate, in days. */
	responseDays: number;
	kpis: { current: Kpis; previous: Kpis };
	/** Which fields each unit's problems of the period carried: the street's coverage lines. */
	coverage: Coverage;
	/** Problems reported in the period but left out of V (duplicate, withdrawn). */
	excluded: number;
	/** The statuses left out of V, for the list of those problems. */
	excludedStatuses: string[];
	/** V by theme, largest first; only themes that occur. */
	byTheme: LabelledCount[];
	/** V by status type, always open, fixed, closed in that order. */
	byStatusType: (LabelledCount & { code: StatusType })[];
	/** V by status, in the statuses' own order; only statuses that occur. */
	byStatus: (LabelledCount & { type: StatusType })[];
	communityTheme: {
		/** Largest first. */
		communities: string[];
		/** In the order of byTheme. */
		themes: Labelled[];
		/** Only cells with problems. */
		cells: { community: string; theme: string; count: number }[];
	};
	/** One entry per calendar month of the period (the first and last may be partial). */
	monthly: {
		month: string;
		/** V reported in the month (within the period). */
		created: number;
		/** Problems of the filter resolved in the month, whenever reported. */
		resolved: number;
		/** Problems of the filter open at the month's end (or the period's end), over all time. */
		backlog: number;
	}[];
	/** V by level, in the vocabulary's order, "not given" last. */
	byLevel: OptionalLabelledCount[];
	/** V by reporter type, largest first, "not given" last. */
	byReporterType: OptionalLabelledCount[];
	/** 主题热度: every theme with problems in either period, largest rise in share first. */
	themeHeat: ThemeShift[];
	/** Open bottleneck problems reported by asOf, whatever the period: oldest first, at most 100. */
	openBottlenecks: { total: number; rows: OpenProblem[] };
	/** Open problems reported by asOf, whatever the period, by age at asOf. */
	backlogAge: {
		total: number;
		buckets: { key: BacklogBucketKey; minDays: number; maxDays: number | null; count: number }[];
		/** The ten oldest. */
		oldest: OpenProblem[];
	};
}
