// What a filter bar offers: each value with its label in both languages. Filled on the server
// (src/lib/server/dashboard/filter-options.ts), shown by FilterBar.svelte.

export interface Option {
	code: string;
	labelZh: string;
	labelEn: string;
}

export interface FilterOptions {
	communities: string[];
	themes: Option[];
	statuses: (Option & { type: string })[];
	statusTypes: Option[];
	levels: Option[];
	reporterTypes: Option[];
	responsibleUnits: string[];
}
