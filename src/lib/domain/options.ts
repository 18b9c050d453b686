// What a filter bar offers: for every list dimension of the registry (dimensions.ts), its values
// with their labels in both languages ("未填写" last for a field that may be empty). Filled on the
// server (src/lib/server/dashboard/filter-options.ts), shown by FilterBar.svelte.
import type { ListFilterKey } from './dimensions';

export interface Option {
	code: string;
	labelZh: string;
	labelEn: string;
}

export type FilterOptions = Record<ListFilterKey, Option[]>;
