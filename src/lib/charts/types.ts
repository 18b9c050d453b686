// What every chart builder takes and gives back. Plain types so the data layer can map to them
// and the builders stay pure (no Paraglide, no DuckDB, no DOM).
import type { Filters } from '$lib/domain/filters';

export type ChartLocale = 'zh-CN' | 'en';
export type ChartTheme = 'light' | 'dark';
export type StatusType = Filters['statusTypes'][number];

/** Words every chart shows; each builder asks for more. The page passes them from Paraglide. */
export interface BaseLabels {
	/** 数量 / Count */
	count: string;
	/** 占比 / Share */
	share: string;
}

export interface ChartContext<L extends object = object> {
	locale: ChartLocale;
	theme: ChartTheme;
	labels: BaseLabels & L;
	/** Rendered once (server-side SVG): no animation. */
	static?: boolean;
}

/** The filter dimensions a chart element can stand for (keys of the URL filter model). */
export type FilterKey = Extract<
	keyof Filters,
	'themes' | 'statuses' | 'statusTypes' | 'communities' | 'levels' | 'reporterTypes'
>;

export interface FilterHit {
	key: FilterKey;
	value: string;
}

/** A chart's numbers as a table: the "show as table" view, and what a CSV export would hold. */
export interface ChartTable {
	columns: string[];
	rows: (string | number)[][];
}

/** The part of an ECharts click event the hit mappers read (ECElementEvent fits it). */
export interface ChartClick {
	componentType: string;
	targetType?: string;
	data?: unknown;
	value?: unknown;
	dataIndex?: number;
}
