// The problem list (/problems, GET /api/v1/problems) and one problem (/problems/[id]) as the
// browser receives them: made by src/lib/server/dashboard/problem-list.ts.
import type { StatusType } from './vocabulary';

/** The columns the list sorts by (the server maps each to its SQL). */
export const LIST_SORT_KEYS = [
	'reported_at',
	'deadline',
	'community',
	'theme',
	'status',
	'resolved_at',
	'problem_id'
] as const;
export type SortKey = (typeof LIST_SORT_KEYS)[number];

export interface ProblemListRow {
	key: string;
	community: string;
	problemId: string;
	title: string | null;
	description: string;
	theme: string;
	themeLabelZh: string;
	themeLabelEn: string;
	status: string;
	statusType: StatusType;
	statusLabelZh: string;
	statusLabelEn: string;
	level: string | null;
	reporterType: string | null;
	responsibleUnit: string | null;
	responsiblePerson: string | null;
	reportedAt: string;
	deadline: string | null;
	resolvedAt: string | null;
	isBottleneck: boolean;
	/** Open past its deadline at the as-of day. */
	overdue: boolean;
}

export interface ProblemList {
	rows: ProblemListRow[];
	/** Every problem the filter selects. */
	total: number;
	page: number;
	pageSize: number;
	/** The day `overdue` is measured at. */
	asOf: string;
}

export interface ProblemRecord {
	key: string;
	community: string;
	problemId: string;
	/** The id was derived (the file had none): see csv-schema.md. */
	idDerived: boolean;
	street: string | null;
	reportedAt: string;
	reporterType: string | null;
	reporterTypeLabelZh: string | null;
	reporterTypeLabelEn: string | null;
	reporter: string | null;
	theme: string;
	themeLabelZh: string;
	themeLabelEn: string;
	/** The theme as the file wrote it. */
	themeLabel: string | null;
	themeSource: 'file' | 'mapping' | 'classified' | 'confirmed';
	/** The classifier's probability for an automatic theme; null for a label or a keyword rule. */
	themeConfidence: number | null;
	/** The words that decided an automatic theme (the keywords found, for a keyword rule). */
	themeEvidence: string[];
	level: string | null;
	levelLabelZh: string | null;
	levelLabelEn: string | null;
	title: string | null;
	description: string;
	suggestion: string | null;
	measures: string | null;
	responsibleUnit: string | null;
	responsiblePerson: string | null;
	deadline: string | null;
	status: string;
	statusType: StatusType;
	statusLabelZh: string;
	statusLabelEn: string;
	resolvedAt: string | null;
	satisfaction: string | null;
	satisfactionLabelZh: string | null;
	satisfactionLabelEn: string | null;
	isBottleneck: boolean | null;
	note: string | null;
	campaign: string | null;
	location: string | null;
	acknowledgedAt: string | null;
	verifiedAt: string | null;
	progress: number | null;
	statusNotes: string | null;
	callbackResolved: boolean | null;
	duplicateOf: string | null;
	/** Columns of the file no canonical field took, by header. */
	extra: Record<string, string>;
	firstUploadId: number;
	lastUploadId: number;
	sourceRow: number;
	/** Open past its deadline at asOf. */
	overdue: boolean;
	asOf: string;
}

export interface StatusChange {
	oldStatus: string | null;
	oldStatusLabelZh: string | null;
	oldStatusLabelEn: string | null;
	newStatus: string;
	newStatusLabelZh: string;
	newStatusLabelEn: string;
	changedOn: string;
	uploadId: number;
	fileName: string | null;
}

export interface UploadInfo {
	id: number;
	fileName: string;
	uploadedBy: string;
	/** YYYY-MM-DD HH:MM:SS */
	uploadedAt: string;
	exportedAt: string | null;
	state: string;
}

export interface ProblemDetail {
	problem: ProblemRecord;
	/** Oldest first. */
	history: StatusChange[];
	/** The upload that first brought the problem, and the latest one that touched it. */
	firstUpload: UploadInfo | null;
	lastUpload: UploadInfo | null;
}
