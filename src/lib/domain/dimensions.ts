// The registry of dimensions: what problems are filtered, counted and cross-filtered by. One entry
// per dimension holds its filter key, URL parameter, CLI flag, stats name, SQL column, where its
// options come from and its label; the filter model (filters.ts), the query compiler, the stats
// API and CLI, the filter bar and the charts' cross-filters all read it. Adding a dimension is one
// entry here, its label in both message files, and tests.

/** What a dimension's values are: vocabulary codes, free names, or the three status types. */
export type DimensionValues = 'code' | 'name' | 'statusType';

/** Where the filter bar takes a dimension's options (src/lib/server/dashboard/filter-options.ts). */
export type OptionSource =
	| 'communities'
	| 'responsibleUnits'
	| 'themes'
	| 'statuses'
	| 'statusTypes'
	| { terms: 'level' | 'reporter_type' | 'satisfaction' };

export interface ListDimension {
	/** Name in `ledger stats --by` and GET /api/v1/stats?by= (csv-schema.md's field name). */
	stat: string;
	/** URL parameter (repeated for several values). */
	param: string;
	/** `ledger stats` flag without the dashes (repeatable, or comma-separated). */
	cli: string;
	/** The column compared, over `problems p` (`st` is the statuses join; see the query compiler). */
	sql: string;
	values: DimensionValues;
	/** The field may be empty on a row: its "not given" value is NONE (未填写). */
	nullable: boolean;
	options: OptionSource;
	/** Message key of the dimension's name (messages/*.json). */
	label: string;
}

/**
 * The list filters, in the order the filter bar shows them. The key is the filter model's field;
 * its type (codes, names, status types) follows `values`.
 */
export const LIST_DIMENSIONS = {
	communities: {
		stat: 'community',
		param: 'community',
		cli: 'community',
		sql: 'p.community',
		values: 'name',
		nullable: false,
		options: 'communities',
		label: 'filter_communities'
	},
	themes: {
		stat: 'theme',
		param: 'theme',
		cli: 'theme',
		sql: 'p.theme',
		values: 'code',
		nullable: false,
		options: 'themes',
		label: 'filter_themes'
	},
	statusTypes: {
		stat: 'status_type',
		param: 'type',
		cli: 'status-type',
		sql: 'st.type',
		values: 'statusType',
		nullable: false,
		options: 'statusTypes',
		label: 'filter_status_types'
	},
	statuses: {
		stat: 'status',
		param: 'status',
		cli: 'status',
		sql: 'p.status',
		values: 'code',
		nullable: false,
		options: 'statuses',
		label: 'filter_statuses'
	},
	levels: {
		stat: 'level',
		param: 'level',
		cli: 'level',
		sql: 'p.level',
		values: 'code',
		nullable: true,
		options: { terms: 'level' },
		label: 'filter_levels'
	},
	reporterTypes: {
		stat: 'reporter_type',
		param: 'reporter',
		cli: 'reporter-type',
		sql: 'p.reporter_type',
		values: 'code',
		nullable: true,
		options: { terms: 'reporter_type' },
		label: 'filter_reporter_types'
	},
	responsibleUnits: {
		stat: 'responsible_unit',
		param: 'unit',
		cli: 'responsible-unit',
		sql: 'p.responsible_unit',
		values: 'name',
		nullable: true,
		options: 'responsibleUnits',
		label: 'filter_units'
	},
	satisfactions: {
		stat: 'satisfaction',
		param: 'satisfaction',
		cli: 'satisfaction',
		sql: 'p.satisfaction',
		values: 'code',
		nullable: true,
		options: { terms: 'satisfaction' },
		label: 'filter_satisfaction'
	}
} as const satisfies Record<string, ListDimension>;

export type ListFilterKey = keyof typeof LIST_DIMENSIONS;
export const LIST_FILTER_KEYS = Object.keys(LIST_DIMENSIONS) as ListFilterKey[];

/** The "not given" value of a nullable dimension (never a code: codes start with a letter). */
export const NONE = '_none';

/** The dimensions `ledger stats --by` and GET /api/v1/stats count by: every list filter, and month. */
export const STAT_DIMENSIONS: Record<string, string> = {
	...Object.fromEntries(Object.values(LIST_DIMENSIONS).map((d) => [d.stat, d.sql])),
	month: "strftime(p.reported_at, '%Y-%m')"
};

export type StatDimension = string;
export const STAT_DIMENSION_NAMES = Object.keys(STAT_DIMENSIONS);

/** A chart element or a drill link stands for one value of one dimension. */
export interface FilterHit {
	key: ListFilterKey;
	value: string;
}
