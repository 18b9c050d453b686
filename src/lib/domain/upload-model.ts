// The data of the uploads page (/uploads) and the /api/v1/uploads endpoints: a file's ingest result
// and preview, mapping profiles, and the history of batches. Plain data, made by src/lib/server/ingest
// and src/lib/server/uploads; shared with the browser.
import * as v from 'valibot';

/** The vocabulary fields a profile may map written labels of: label -> code, per field. */
export const PROFILE_VALUE_KINDS = [
	'status',
	'theme',
	'level',
	'reporter_type',
	'satisfaction',
	'boolean'
] as const;
export type ProfileValueKind = (typeof PROFILE_VALUE_KINDS)[number];

const labelMap = v.optional(v.record(v.string(), v.string()), {});

export const Profile = v.strictObject({
	// '' reads the field from no column (it overrides a header alias).
	columns: v.optional(v.record(v.string(), v.string()), {}),
	values: v.optional(
		v.strictObject({
			status: labelMap,
			theme: labelMap,
			level: v.optional(v.record(v.string(), v.string())),
			reporter_type: v.optional(v.record(v.string(), v.string())),
			satisfaction: v.optional(v.record(v.string(), v.string())),
			boolean: v.optional(v.record(v.string(), v.string()))
		}),
		{}
	),
	dateFormats: v.optional(
		v.array(
			v.pipe(v.string(), v.regex(/%[YmdHMSbByjI]/, '日期格式必须是 strptime 格式，例如 %Y-%m-%d'))
		),
		[]
	),
	defaults: v.optional(v.record(v.string(), v.string()), {})
});

export type MappingProfile = v.InferOutput<typeof Profile>;

/** The profile's label -> code map for a vocabulary field; empty for a field it cannot map. */
export function profileValuesOf(profile: MappingProfile, kind: string): Record<string, string> {
	return (PROFILE_VALUE_KINDS as readonly string[]).includes(kind)
		? (profile.values[kind as ProfileValueKind] ?? {})
		: {};
}

export const EMPTY_PROFILE: MappingProfile = {
	columns: {},
	values: { status: {}, theme: {} },
	dateFormats: [],
	defaults: {}
};

export interface SavedProfile {
	community: string;
	profile: MappingProfile;
	updatedAt: string;
}

export type Outcome = 'committed' | 'noop' | 'refused' | 'dry-run';

/** A header cell and the canonical field it feeds (null: kept as an extra column). */
export interface HeaderField {
	index: number;
	header: string;
	field: string | null;
}

/** A label as written in the file, the code it maps to (null: unknown) and its rows. */
export interface LabelCount {
	label: string;
	code: string | null;
	count: number;
}

export interface FilePreview {
	/** Every distinct status as written; code null = not in the vocabulary (those rows are rejects). */
	statusLabels: LabelCount[];
	/** Every distinct theme as written; source 'classified' = the label matched no theme. */
	themeLabels: (LabelCount & { source: string })[];
	communities: { name: string; count: number }[];
	/** The first accepted rows as they will be stored (dates as YYYY-MM-DD). */
	sample: Record<string, string | number | boolean | null>[];
}

export interface Reject {
	row: number;
	column: string | null;
	value: string | null;
	reason: string;
}

/** A foreign date format that reads every filled value of a column the built-in ones could not. */
export interface DateFormatSuggestion {
	field: string;
	/** The header as written. */
	column: string;
	/** A strptime format, as a profile's dateFormats entry takes it. */
	format: string;
	/** Filled values of the column, all of which it reads. */
	rows: number;
	/** Filled values of the column the formats in use could not read. */
	rejected: number;
}

export interface FileResult {
	file: string;
	outcome: Outcome;
	/** Why a file was refused or skipped, in Chinese. */
	message: string | null;
	refusal: string | null;
	format: 'csv' | 'xlsx' | null;
	encoding: string | null;
	delimiter: string | null;
	headerRow: number | null;
	sheet: string | null;
	sha256: string | null;
	rowsTotal: number;
	rowsAccepted: number;
	rowsRejected: number;
	rowsBlank: number;
	rejects: Reject[];
	unmappedHeaders: string[];
	columnMapping: Record<string, string>;
	/** The header cells and their fields (a guess when the file was refused before mapping). */
	headers: HeaderField[];
	/** Things the analyst should know that are not errors, in Chinese. */
	notes: string[];
	/** Suggested, never applied: the analyst adds the format to the profile and previews again. */
	dateFormatSuggestions: DateFormatSuggestion[];
	preview: FilePreview | null;
	uploadId: number | null;
	/** Problems the commit added, updated, and changed the status of; for a dry run, would. */
	inserted: number;
	updated: number;
	statusChanges: number;
}

/** The options an ingest of a staged file runs with; the same for its preview and its commit. */
export interface StagedOptions {
	community: string | null;
	exportedAt: string | null;
	sheet: string | null;
	profile: MappingProfile | null;
	/** Where the profile came from: the community's saved one (applied leniently) or the analyst. */
	profileSource: { kind: 'saved'; community: string; updatedAt: string } | { kind: 'given' } | null;
}

export interface StagedPreview {
	/** null when nothing is left to commit (the file was refused for good, or is a no-op). */
	stagedId: string | null;
	/** The key a commit must send; null when this preview cannot be committed. */
	previewKey: string | null;
	options: StagedOptions;
	result: FileResult;
}

export interface BatchSummary {
	id: number;
	fileName: string;
	sizeBytes: number;
	format: string;
	encoding: string | null;
	/** The community chosen for the whole file, else the communities its accepted rows named. */
	communities: string[];
	uploadedBy: string;
	uploadedAt: string;
	exportedAt: string | null;
	rowsTotal: number;
	rowsAccepted: number;
	rowsRejected: number;
	rowsInserted: number;
	rowsUpdated: number;
	statusChanges: number;
	state: 'committed' | 'reverted';
	revertedAt: string | null;
	revertedBy: string | null;
	/**
	 * The file also held rows outside the account's scope: the counts and rejects are of its own
	 * communities only, and the original file is not offered.
	 */
	partial: boolean;
}
